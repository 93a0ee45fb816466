import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { citationLink, type Answer } from "../src/answer/index.js";
import { escapeDiscord, maskedLink } from "../src/bot/escape.js";
import { renderAnswer, renderMorePassages } from "../src/bot/index.js";
import { formatAnswer, formatExchange } from "../src/cli/format.js";
import { formatInspect, inspectDocument } from "../src/cli/inspect.js";
import { documentReport } from "../src/cli/report.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { createLogger, writeFatal } from "../src/log.js";
import { printable, printableLine, terminalJson } from "../src/printable.js";
import { activeMarkup } from "./helpers/discord-markup.js";
import { engineOver } from "./helpers/memory-index.js";

const ESC = "\u001b";
const OSC8 = `${ESC}]8;;https://evil.example/login${ESC}\\official notice${ESC}]8;;${ESC}\\`;
const CSI = `${ESC}[31;1mred${ESC}[0m`;
const BIDI = "abc\u202Efdp.exe\u202C \u2066x\u2069";
/** Everything a terminal could act on: C0 but tab and newline, DEL, C1, bidi embeddings, overrides and isolates. */
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

/** Source strings meant to inject markup, links, mentions or escapes. */
const INJECTIONS = [
  OSC8,
  CSI,
  BIDI,
  "\u009b31mC1 CSI",
  "[official notice](https://evil.example/login)",
  "[x](<https://evil.example/a b>)",
  "https://evil.example/bare",
  "<https://evil.example/angle>",
  "@everyone @here <@123> <@!456> <@&789> <#42>",
  "# Heading\n-# subtext\n> quote\n- item",
  "Report](https://evil.example) [x",
  "javascript:alert(1)",
  "`code` **bold** ||spoiler|| ~~strike~~ __under__ \\[escaped\\]",
];

describe("printable", () => {
  it("GIVEN an OSC-8 hyperlink THEN only its visible text is left", () => {
    expect(printable(`See ${OSC8}.`)).toBe("See official notice.");
  });

  it("GIVEN CSI colour codes, C1, DEL, a carriage return and bidi overrides THEN they are removed and newlines and tabs stay", () => {
    expect(printable(`${CSI} a\u009b2Jb\u007fc\rd\n\te ${BIDI}`)).toBe("red a2Jbcd\n\te abcfdp.exe x");
  });

  it("GIVEN an unterminated OSC THEN the ESC is removed and the text after it stays", () => {
    expect(printable(`${ESC}]8;;https://evil.example text`)).toBe("8;;https://evil.example text");
  });

  it("GIVEN any string THEN the result has no control character and is the input with characters removed, never added", () => {
    const pieces = fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom(...INJECTIONS, ESC, "\u0007", `${ESC}\\`, `${ESC}[`, `${ESC}]`));
    fc.assert(
      fc.property(fc.array(pieces, { maxLength: 8 }), (parts) => {
        const input = parts.join("");
        const out = printable(input);
        expect(out).not.toMatch(CONTROL);
        // A subsequence: every output character is found in order in the input.
        let at = 0;
        for (const ch of out) {
          at = input.indexOf(ch, at);
          expect(at).toBeGreaterThanOrEqual(0);
          at += ch.length;
        }
      }),
    );
  });

  it("GIVEN a title with a newline THEN printableLine keeps it on one line", () => {
    expect(printableLine(`Title\n${CSI}\tend`)).toBe("Title red end");
  });
});

describe("terminalJson", () => {
  it("GIVEN strings with every kind of control THEN the JSON parses back to the same value and holds no raw control", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ unit: "binary" }), fc.constantFrom(...INJECTIONS))), (strings) => {
        const json = terminalJson({ strings });
        expect(json).not.toMatch(CONTROL);
        expect(JSON.parse(json)).toEqual({ strings });
      }),
    );
  });
});

/** An answer whose every source-controlled field holds `bad`. */
function hostileAnswer(bad: string, url: string | null = "https://example.org/report.pdf#page=3"): Answer {
  return {
    question: `What about ${bad}?`,
    understoodAs: `What about ${bad}?`,
    abstained: false,
    mode: "lexical",
    answer: [{ text: `Sentence ${bad} ends.`, citation: 1, highlight: null }],
    citations: [
      {
        n: 1,
        doc: `doc ${bad}.md`,
        title: `Title ${bad}`,
        publisher: `Pub ${bad}`,
        date: null,
        page: 3,
        pageLabel: `iii ${bad}`,
        paragraph: 2,
        section: `Sec ${bad}`,
        url,
        quote: `Sentence ${bad} ends.\nRow ${bad}`,
        tableHeader: null,
      },
    ],
    passages: [
      { doc: `doc ${bad}.md`, title: `Title ${bad}`, page: 3, paragraph: 2, text: `Sentence ${bad} ends.`, score: 1 },
      { doc: `other ${bad}.md`, title: `Other ${bad}`, page: null, paragraph: 7, text: `Uncited ${bad} passage.`, score: 0.5 },
    ],
    timingsMs: { retrieve: 1, answer: 1, total: 2 },
  };
}

describe("terminal output", () => {
  it("GIVEN escapes, bidi and controls in every field of an answer THEN the terminal text has none, and keeps the visible text", () => {
    for (const bad of INJECTIONS) {
      const out = formatExchange(`Q ${bad}`, hostileAnswer(bad));
      expect(out).not.toMatch(CONTROL);
    }
    const osc = formatAnswer(hostileAnswer(OSC8));
    expect(osc.split("\n")[0]).toBe("  “Sentence official notice ends.” [1]");
  });

  it("GIVEN a javascript: or file: url THEN no address is printed after the source", () => {
    for (const url of ["javascript:alert(1)", "file:///etc/passwd", "ftp://example.org/x", "not a url"]) {
      expect(formatAnswer(hostileAnswer("x", url)).split("\n")[3]).toBe(
        "  [1] Title x (Pub x), p. 3 (printed iii x), under *Sec x* (doc x.md)",
      );
    }
  });

  it("GIVEN a document with escapes in its title and text THEN the extraction report and inspect show no control character", () => {
    const doc = parseTextDocument("a.md", `---\ntitle: "T ${CSI} ${BIDI}"\n---\n\nText ${OSC8} here.\n\nMore \u009b2J text.`, "markdown");
    const report = documentReport(doc, undefined).join("\n");
    expect(report.split("\n")[0]).toBe("a.md — T red abcfdp.exe x (markdown)");
    expect(formatInspect(inspectDocument(doc))).not.toMatch(CONTROL);
  });

  it("GIVEN a log message naming a hostile title THEN the log line has no control character", () => {
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s), isTTY: false } as unknown as NodeJS.WriteStream;
    createLogger("info", stream).warn(`could not read ${OSC8} ${BIDI}`);
    expect(written).toEqual(["warning: could not read official notice abcfdp.exe x\n"]);
  });

  it("GIVEN a fatal error quoting a path the user typed with OSC-52, a screen clear and an 8-bit CSI THEN the error line has none of them", () => {
    const written: string[] = [];
    const stream = { write: (s: string) => written.push(s) } as unknown as NodeJS.WritableStream;
    writeFatal("Path not usable: file /tmp/x\u001b]52;c;cHduZWQ=\u0007\u001b[2J\u009b31m.md does not exist", stream);
    expect(written).toEqual(["error: Path not usable: file /tmp/x31m.md does not exist\n"]);
  });

  it("GIVEN a source with an OSC-8 link THEN the stored answer stays verbatim and only the printed text loses the escape", async () => {
    const engine = engineOver("notice.md", `The ministry published an official notice ${OSC8} in 2014.`);
    const answer = await engine.ask("When was the official notice published?");
    expect(answer.answer.map((s) => s.text)).toEqual([`The ministry published an official notice ${OSC8} in 2014.`]);
    expect(formatAnswer(answer).split("\n")[0]).toBe("  “The ministry published an official notice official notice in 2014.” [1]");
  });
});

describe("citationLink", () => {
  it("GIVEN a front-matter url that is not http(s) THEN the answer's citation has no url; GIVEN https THEN it is kept", async () => {
    for (const [url, expected] of [
      ["javascript:alert(1)", null],
      ["file:///etc/passwd", null],
      ["ftp://example.org/r", null],
      ["https://example.org/notice", "https://example.org/notice"],
    ] as const) {
      const engine = engineOver("notice.md", `---\ntitle: Notice\nurl: "${url}"\n---\n\nThe ministry published a notice in 2014.`);
      const answer = await engine.ask("When did the ministry publish the notice?");
      expect(answer.citations.map((c) => c.url)).toEqual([expected]);
    }
  });

  it("GIVEN a PDF page THEN the link points at it, replacing any fragment", () => {
    expect(citationLink("https://example.org/r.pdf#old", 3)).toBe("https://example.org/r.pdf#page=3");
    expect(citationLink("data:text/html,x", 3)).toBeNull();
  });
});

/** Every text of a rendered answer that Discord renders as Markdown. */
function markdownOf(rendered: ReturnType<typeof renderAnswer>): string[] {
  const embed = rendered.embeds[0];
  return [embed?.description ?? "", ...(embed?.fields ?? []).flatMap((f) => [f.name, f.value])];
}

describe("Discord output", () => {
  it("GIVEN a masked link, bare address and mentions in a source THEN the only link is the bot's own citation link", () => {
    for (const bad of INJECTIONS) {
      const rendered = renderAnswer(hostileAnswer(bad), { moreKey: "k", pinnable: true });
      const found = markdownOf(rendered).map(activeMarkup);
      expect(found.flatMap((f) => f.links)).toEqual(["https://example.org/report.pdf#page=3"]);
      expect(found.flatMap((f) => [...f.bare, ...f.mentions])).toEqual([]);
      expect(markdownOf(rendered).join("\n")).not.toMatch(CONTROL);
      expect(rendered.allowedMentions).toEqual({ parse: [], repliedUser: false });
      const more = activeMarkup(renderMorePassages(hostileAnswer(bad)));
      expect(more).toEqual({ links: [], bare: [], mentions: [] });
    }
  });

  it("GIVEN any mix of injection strings THEN Discord sees no link but the citation link, and no mention", () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...INJECTIONS), fc.string()), { minLength: 1, maxLength: 6 }), (parts) => {
        const rendered = renderAnswer(hostileAnswer(parts.join(" ")), { moreKey: null, pinnable: false });
        const found = markdownOf(rendered).map(activeMarkup);
        expect(found.flatMap((f) => f.links)).toEqual(["https://example.org/report.pdf#page=3"]);
        expect(found.flatMap((f) => [...f.bare, ...f.mentions])).toEqual([]);
      }),
    );
  });

  it("GIVEN a javascript:, file: or data: url THEN the field has no link at all", () => {
    for (const url of ["javascript:alert(1)", "file:///etc/passwd", "data:text/html,x", "ftp://example.org/r.pdf"]) {
      const field = renderAnswer(hostileAnswer("x", url), { moreKey: null, pinnable: false }).embeds[0]?.fields?.[0];
      expect(field?.value).toBe("> Sentence x ends.\n> Row x");
    }
  });

  it("GIVEN a url with ), > and spaces THEN the bot's link target is percent-encoded and cannot be closed early", () => {
    expect(maskedLink("Open [page] 3", "https://example.org/a)b>c d(e")).toBe(
      "[Open \\[page\\] 3](<https://example.org/a%29b%3Ec%20d%28e>)",
    );
    const field = renderAnswer(hostileAnswer("x", "https://good.example/r) [x](https://evil.example"), { moreKey: null, pinnable: false })
      .embeds[0]?.fields?.[0];
    expect(activeMarkup(field?.value ?? "").links).toEqual(["https://good.example/r%29%20%5Bx%5D%28https://evil.example"]);
  });

  it("GIVEN markdown characters THEN each is escaped once with a backslash", () => {
    expect(escapeDiscord("[a](https://e.x) <@1> #h -# s > q `c` *b* _i_ ~s~ |p| \\")).toBe(
      "\\[a\\]\\(https\\://e.x\\) \\<\\@1\\> \\#h \\-\\# s \\> q \\`c\\` \\*b\\* \\_i\\_ \\~s\\~ \\|p\\| \\\\",
    );
  });
});
