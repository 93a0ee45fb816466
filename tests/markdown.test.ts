import { describe, expect, it } from "vitest";
import { citationLabel } from "../src/answer/index.js";
import { renderAnswer } from "../src/bot/render.js";
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS } from "../src/chunk/index.js";
import { formatAnswer } from "../src/cli/format.js";
import { parseTextDocument } from "../src/ingest/index.js";
import {
  markdownHazard,
  MAX_ANGLE_BRACKETS,
  MAX_BLOCK_MARKS,
  MAX_LAZY_LINES,
  MAX_LIST_ITEMS,
  MAX_MARKDOWN_CHARS,
  MAX_MARKDOWN_LINES,
  MAX_MARKDOWN_NESTING,
  MAX_TABLE_BARS,
} from "../src/ingest/markdown-limits.js";
import { htmlText } from "../src/ingest/markdown-html.js";
import type { SourceDocument } from "../src/types.js";
import { activeMarkup } from "./helpers/discord-markup.js";
import { EVERYDAY_PARAGRAPHS } from "./helpers/fixtures.js";
import { engineOver } from "./helpers/memory-index.js";
import { defined } from "./helpers/defined.js";

const blocks = (doc: SourceDocument) => doc.paragraphs.map((p) => [p.kind, p.section, doc.text.slice(p.start, p.end)]);

const REPORT = `---
title: Returns
---

# Forced returns

Operation Fox Hunt was launched in **2014**, says [the report](https://x.example/a).

## Mass handovers

Countries handed people over:

- Fiji handed over 77 individuals in 2017
- Laos handed over 164 individuals in 2023
  - most of them in one operation
- Myanmar handed over more than 30,000 individuals

## Persuasion

Relatives were put under pressure.
`;

describe("parseTextDocument on Markdown", () => {
  it("GIVEN headings THEN they are paragraphs without '#', and every paragraph records the section it stands under", () => {
    const doc = parseTextDocument("r.md", REPORT, "markdown");
    expect(blocks(doc)).toEqual([
      ["heading", null, "Forced returns"],
      ["paragraph", "Forced returns", "Operation Fox Hunt was launched in 2014, says the report."],
      ["heading", "Forced returns", "Mass handovers"],
      ["paragraph", "Mass handovers", "Countries handed people over:"],
      [
        "list",
        "Mass handovers",
        "Fiji handed over 77 individuals in 2017\nLaos handed over 164 individuals in 2023\nmost of them in one operation\nMyanmar handed over more than 30,000 individuals",
      ],
      ["heading", "Forced returns", "Persuasion"],
      ["paragraph", "Persuasion", "Relatives were put under pressure."],
    ]);
  });

  it("GIVEN a list with a nested list THEN each item is a sentence of its own, never run on into the next", () => {
    const doc = parseTextDocument("r.md", REPORT, "markdown");
    const list = doc.paragraphs.find((p) => p.kind === "list");
    const sentences = chunkDocuments([doc])
      .filter((c) => c.paragraph === list?.n)
      .flatMap((c) => c.sentences.map((s) => doc.text.slice(s.start, s.end)));
    expect(sentences).toEqual([
      "Fiji handed over 77 individuals in 2017",
      "Laos handed over 164 individuals in 2023",
      "most of them in one operation",
      "Myanmar handed over more than 30,000 individuals",
    ]);
  });

  it("GIVEN an item of two sentences THEN it gives two sentences", () => {
    const doc = parseTextDocument("l.md", "- Fiji handed over 77. Most were students\n- Laos handed over 164", "markdown");
    expect(chunkDocuments([doc])[0]?.sentences.map((s) => doc.text.slice(s.start, s.end))).toEqual([
      "Fiji handed over 77.",
      "Most were students",
      "Laos handed over 164",
    ]);
  });

  it("GIVEN a GFM table THEN it is a table as PDF tables are: rows on lines, cells joined by ' | ', the first row its header", () => {
    const doc = parseTextDocument(
      "t.md",
      "| Country | Year | *Returned* |\n| --- | :-: | --: |\n| Fiji | 2017 | **77** |\n| Laos | 2023 | 164 |\n",
      "markdown",
    );
    expect(doc.paragraphs).toEqual([
      { n: 1, kind: "table", page: null, start: 0, end: 60, table: { header: "Country | Year | Returned" }, section: null },
    ]);
    expect(doc.text).toBe("Country | Year | Returned\nFiji | 2017 | 77\nLaos | 2023 | 164");
  });

  it("GIVEN **2014** and [the report](https://x.example/a) THEN the text holds 2014 and the report, and the link is kept as data", () => {
    const doc = parseTextDocument("r.md", REPORT, "markdown");
    expect(doc.links).toEqual([{ start: 62, end: 72, url: "https://x.example/a" }]);
    expect(doc.text.slice(62, 72)).toBe("the report");
  });

  it("GIVEN code, quotes, HTML, breaks, footnotes, images and reference links THEN the text a reader sees, and each target as data", () => {
    const md = [
      "Run `npm start` with _care_ and ~~haste~~.",
      "> Quoted **words**\n> go on.",
      "```sh\nnpm   test\n```",
      "<!-- a comment\n\nover lines -->",
      "<div>Raw <b>block</b><script>alert(1)</script></div>",
      "***",
      "A note[^n] and ![a chart](c.png) and [the law][law].",
      "[^n]: The note text.",
      "[law]: https://law.example/1",
      "Line one  \nline two\\\nline three.",
    ].join("\n\n");
    const doc = parseTextDocument("m.md", md, "markdown");
    expect(blocks(doc)).toEqual([
      ["paragraph", null, "Run npm start with care and haste."],
      ["paragraph", null, "Quoted words go on."],
      ["paragraph", null, "npm test"],
      ["paragraph", null, "Raw block"],
      ["paragraph", null, "A note and a chart and the law."],
      ["footnote", null, "The note text."],
      ["paragraph", null, "Line one line two line three."],
    ]);
    expect(doc.links.map((l) => [doc.text.slice(l.start, l.end), l.url])).toEqual([
      ["a chart", "c.png"],
      ["the law", "https://law.example/1"],
    ]);
  });

  it("GIVEN inline HTML THEN a line break or a cell's tag parts the words, and inline script and style contents are left out", () => {
    const doc = parseTextDocument(
      "x.md",
      "12 gantry cranes<br>4 mobile cranes, open Friday<br/>Saturday. Text <script>alert(1)</script> and <style>p{}</style> end.",
      "markdown",
    );
    expect(doc.text).toBe("12 gantry cranes 4 mobile cranes, open Friday Saturday. Text and end.");
  });

  it("GIVEN a heading of 200 KB over thousands of paragraphs THEN each paragraph keeps a section title of at most 200 characters, cut at a character", () => {
    const doc = parseTextDocument(
      "x.md",
      `# ${"🙂".repeat(150)} ${"words ".repeat(30_000)}\n\n${Array.from({ length: 3000 }, (_, i) => `Line ${i}.`).join("\n\n")}`,
      "markdown",
    );
    expect(doc.paragraphs).toHaveLength(3001);
    expect(doc.paragraphs[2000]?.section).toBe(`${"🙂".repeat(100)}…`);
  });

  it("GIVEN front matter THEN title, source and url come from it as before; GIVEN none THEN the first heading's text is the title", () => {
    const doc = parseTextDocument(
      "r.md",
      '---\ntitle: "A title"\nsource: Somewhere\nurl: https://example.org/a\n---\n\n# Heading\n',
      "markdown",
    );
    expect([doc.title, doc.source, doc.url]).toEqual(["A title", "Somewhere", "https://example.org/a"]);
    expect(parseTextDocument("b.md", "# The *Fox Hunt* [report](https://x.example)\n\nBody.", "markdown").title).toBe(
      "The Fox Hunt report",
    );
  });

  it("GIVEN a .txt file with Markdown characters THEN it keeps its blank-line paragraphs and every character", () => {
    const doc = parseTextDocument("a.txt", "# Not a heading\n\n- **2014** [x](y)\n- z", "text");
    expect(blocks(doc)).toEqual([
      ["paragraph", null, "# Not a heading"],
      ["paragraph", null, "- **2014** [x](y) - z"],
    ]);
    expect(doc.links).toEqual([]);
  });
});

/** A corpus of `md` and everyday paragraphs: abstention is calibrated on a corpus's own word salad, which one short text gives too little of. */
const withEveryday = (md: string) => `${md}\n\n${EVERYDAY_PARAGRAPHS}`;

describe("answers from Markdown", () => {
  it("GIVEN a question about a list item THEN the item alone is quoted, cited with its section, in JSON, the terminal and Discord", async () => {
    const engine = engineOver("r.md", withEveryday(REPORT));
    const answer = await engine.ask("How many individuals did Laos hand over?");
    expect(answer.answer.map((s) => s.text)).toEqual(["Laos handed over 164 individuals in 2023"]);
    const [citation] = answer.citations;
    expect(citation).toMatchObject({ paragraph: 5, section: "Mass handovers", page: null });
    expect(citationLabel(defined(citation))).toBe("Returns, ¶ 5, under *Mass handovers*");
    expect(formatAnswer(answer).split("\n")[3]).toBe("  [1] Returns, ¶ 5, under *Mass handovers* (r.md)");
    expect(renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]?.fields?.[0]?.name).toBe(
      "[1] Returns, ¶ 5, under *Mass handovers*",
    );
  });

  it("GIVEN a question about 2014 THEN the sentence is quoted without ** or link syntax", async () => {
    const answer = await engineOver("r.md", withEveryday(REPORT)).ask("When was Operation Fox Hunt launched?");
    expect(answer.answer.map((s) => s.text)).toEqual(["Operation Fox Hunt was launched in 2014, says the report."]);
    expect(answer.citations[0]?.quote).toBe("Operation Fox Hunt was launched in 2014, says the report.");
  });

  it("GIVEN a row from the middle of a long table THEN the quote leads with the header row, as for PDF tables", async () => {
    const rows = Array.from({ length: 30 }, (_, i) => `| Country${i} | ${1990 + i} | ${i * 3} |`);
    const md = `## Returns by country\n\n| Country | Year | Returned |\n| --- | --- | --- |\n${rows.join("\n")}\n`;
    const engine = engineOver("t.md", withEveryday(md), { ...DEFAULT_CHUNK_OPTIONS, maxWords: 20 });
    const answer = await engine.ask("How many were returned from Country25?");
    expect(answer.answer.map((s) => s.text)).toEqual(["Country25 | 2015 | 75"]);
    const [citation] = answer.citations;
    expect(citation?.tableHeader).toBe("Country | Year | Returned");
    expect(citation?.quote.split("\n").slice(0, 2)).toEqual(["Country | Year | Returned", expect.stringMatching(/^Country2[0-5] \| /)]);
    expect(citation?.quote).toContain("\nCountry25 | 2015 | 75");
    expect(citation?.section).toBe("Returns by country");
  });

  it("GIVEN a section title holding link, mention and heading syntax THEN Discord shows it escaped in italics: no link, no mention", async () => {
    const md = "## \\[notice\\](https://evil.example/h) @everyone <@123> # x\n\nThe ministry published the notice in 2014.";
    const answer = await engineOver("n.md", withEveryday(md)).ask("When did the ministry publish the notice?");
    expect(answer.citations[0]?.section).toBe("[notice](https://evil.example/h) @everyone <@123> # x");
    const name = renderAnswer(answer, { moreKey: null, pinnable: false }).embeds[0]?.fields?.[0]?.name ?? "";
    // Without front matter the first heading is the title too: escaped as well.
    const escaped = "\\[notice\\]\\(https\\://evil.example/h\\) \\@everyone \\<\\@123\\> \\# x";
    expect(name).toBe(`[1] ${escaped}, ¶ 2, under *${escaped}*`);
    expect(activeMarkup(name)).toEqual({ links: [], bare: [], mentions: [] });
  });

  it("GIVEN a very long section title THEN the label cuts it at a word with an ellipsis", () => {
    const section = `Mass ${"handovers ".repeat(20)}end`;
    expect(citationLabel({ title: "T", publisher: null, date: null, page: null, pageLabel: null, paragraph: 2, section })).toBe(
      `T, ¶ 2, under *Mass ${"handovers ".repeat(7).trimEnd()}…*`,
    );
    // Emoji are two code units each: the cut falls between two of them, never inside one.
    expect(
      citationLabel({ title: "T", publisher: null, date: null, page: null, pageLabel: null, paragraph: 2, section: `x${"🙂".repeat(60)}` }),
    ).toBe(`T, ¶ 2, under *x${"🙂".repeat(39)}…*`);
  });
});

describe("htmlText", () => {
  it("GIVEN tags, comments, scripts and styles THEN only the text a browser shows, tags as word breaks", () => {
    expect(htmlText("<body> is the element.")).toBe("  is the element.");
    expect(htmlText("<p>A<!-- hidden --> B<style>p{}</style><SCRIPT type=x>x()</SCRIPT>C</p>")).toBe(" A  B  C ");
    expect(htmlText("<scripted>shown</scripted><!-- never closed")).toBe(" shown  ");
  });

  it("GIVEN 100,000 unclosed comments and tags THEN it stays linear", () => {
    const started = performance.now();
    expect(htmlText(`x${"<!--".repeat(100_000)}`)).toBe("x ");
    expect(htmlText(`x${"<a".repeat(100_000)}`)).toBe("x ");
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe("markdownHazard", () => {
  it.each<[string, string, string]>([
    ["100,000 nested '>'", `${">".repeat(100_000)} x`, `line 1 nests more than ${MAX_MARKDOWN_NESTING} block quotes or list items`],
    ["100,000 nested '- '", `${"- ".repeat(100_000)}x`, `line 1 nests more than ${MAX_MARKDOWN_NESTING} block quotes or list items`],
    [
      "a list nested by indentation",
      Array.from({ length: 20 }, (_, i) => `${"  ".repeat(i)}- x`).join("\n"),
      `line 17 nests more than ${MAX_MARKDOWN_NESTING} block quotes or list items`,
    ],
    ["1 MB of '*'", "*".repeat(1_000_000), `it is 1000000 characters long, over the ${MAX_MARKDOWN_CHARS} the Markdown parser is given`],
    [
      "a 50,000-column table row",
      `|${"a|".repeat(50_000)}\n|${"-|".repeat(50_000)}`,
      `line 1 brings the table bars (|) to more than ${MAX_TABLE_BARS}`,
    ],
    [
      "lazy lines after a block quote",
      `> x\n${"y\n".repeat(MAX_LAZY_LINES + 1)}`,
      `line ${MAX_LAZY_LINES + 2} is one of more than ${MAX_LAZY_LINES} lines continuing a block quote or list item without a blank line`,
    ],
    [
      "lazy lines after an indented paragraph of a list item",
      `- x\n\n  para\n${"y\n".repeat(MAX_LAZY_LINES + 1)}`,
      `line ${MAX_LAZY_LINES + 4} is one of more than ${MAX_LAZY_LINES} lines continuing a block quote or list item without a blank line`,
    ],
    [
      "lazy lines indented, and lines of no-break spaces that are not blank",
      `> x\n${"  y\n\u00a0\n".repeat(MAX_LAZY_LINES)}`,
      `line ${MAX_LAZY_LINES + 2} is one of more than ${MAX_LAZY_LINES} lines continuing a block quote or list item without a blank line`,
    ],
    [
      "unpaired emphasis marks",
      "*a_".repeat(MAX_BLOCK_MARKS),
      `line 1 ends a block of more than ${MAX_BLOCK_MARKS} emphasis, bracket, code or HTML marks without a blank line`,
    ],
    [
      "unclosed HTML instructions in one paragraph",
      "<?".repeat(1000),
      `line 1 ends a block of more than ${MAX_BLOCK_MARKS} emphasis, bracket, code or HTML marks without a blank line`,
    ],
    [
      "unclosed HTML comments in paragraphs of their own",
      "<!-- x\n\n".repeat(MAX_ANGLE_BRACKETS + 1),
      `line ${2 * MAX_ANGLE_BRACKETS + 1} brings the HTML brackets (<) to more than ${MAX_ANGLE_BRACKETS}`,
    ],
    [
      "marks after a fence inside an HTML block, which opens no code block",
      `<pre>\n\`\`\`\n</pre>\n\n${"*a_".repeat(MAX_BLOCK_MARKS)}`,
      `line 5 ends a block of more than ${MAX_BLOCK_MARKS} emphasis, bracket, code or HTML marks without a blank line`,
    ],
    [
      "marks after an indented fence, which a list item may close",
      `- a\n  \`\`\`\nx\n\n${"*a_".repeat(MAX_BLOCK_MARKS)}`,
      `line 5 ends a block of more than ${MAX_BLOCK_MARKS} emphasis, bracket, code or HTML marks without a blank line`,
    ],
    [
      "many list items",
      "- x\n".repeat(MAX_LIST_ITEMS + 1),
      `line ${MAX_LIST_ITEMS + 1} starts list item ${MAX_LIST_ITEMS + 1}, over the ${MAX_LIST_ITEMS} the Markdown parser is given`,
    ],
    [
      "list items on lines ended by a carriage return alone",
      "- x\r".repeat(MAX_LIST_ITEMS + 1),
      `line ${MAX_LIST_ITEMS + 1} starts list item ${MAX_LIST_ITEMS + 1}, over the ${MAX_LIST_ITEMS} the Markdown parser is given`,
    ],
    [
      "many short lines",
      "y\n".repeat(MAX_MARKDOWN_LINES),
      `it has ${MAX_MARKDOWN_LINES + 1} lines, over the ${MAX_MARKDOWN_LINES} the Markdown parser is given`,
    ],
  ])("GIVEN %s THEN the reason it is not parsed", (_name, body, reason) => {
    expect(markdownHazard(body)).toBe(reason);
  });

  it("GIVEN a fenced code block full of marks, as a README's Python or JSON THEN it is parsed: code holds no Markdown", () => {
    const code = Array.from({ length: 60 }, (_, i) => `def f_${i}(a_b, c_d): return a_b * c_d  # __x__ [y] <z>`).join("\n");
    expect(markdownHazard(`# Tool\n\nIntro.\n\n\`\`\`python\n${code}\n\`\`\`\n\nAfter *this*.`)).toBeNull();
    expect(markdownHazard(`~~~~\n${code}\n~~~\n${code}\n~~~~`)).toBeNull();
  });

  it("GIVEN ordinary Markdown: thematic breaks, numbered lines, snake_case, a few nested lists THEN it is parsed", () => {
    expect(markdownHazard(`${REPORT}\n---\n\n1999. was a year\n\nsome_name_here\n\n- a\n  - b\n    - c\n`)).toBeNull();
  });

  it("GIVEN 100,000 nested '>' or 1 MB of '[' in a file THEN it is read as plain paragraphs, with a warning, in well under a second", () => {
    for (const [body, reason] of [
      [`${">".repeat(100_000)} x\n\nNext.`, `line 1 nests more than ${MAX_MARKDOWN_NESTING} block quotes or list items`],
      ["[".repeat(1_000_000), `it is 1000000 characters long, over the ${MAX_MARKDOWN_CHARS} the Markdown parser is given`],
    ] as const) {
      const warnings: string[] = [];
      const started = performance.now();
      const doc = parseTextDocument("h.md", body, "markdown", (w) => warnings.push(w));
      expect(performance.now() - started).toBeLessThan(1000);
      expect(warnings).toEqual([`h.md: read as plain paragraphs, not as Markdown: ${reason}`]);
      expect(doc.paragraphs.map((p) => doc.text.slice(p.start, p.end))).toEqual(body.split("\n\n"));
    }
  });

  it("GIVEN the deepest nesting allowed THEN the parser reads it without overflowing the stack", () => {
    const body = `${">".repeat(MAX_MARKDOWN_NESTING)} deep text`;
    expect(markdownHazard(body)).toBeNull();
    expect(blocks(parseTextDocument("d.md", body, "markdown"))).toEqual([["paragraph", null, "deep text"]]);
  });
});
