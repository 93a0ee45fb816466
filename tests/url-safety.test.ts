/**
 * The http(s)-only rule for every address Citebot stores, shows or fetches (settings,
 * sources.json, front matter), file names made from hostile input, and the text-bytes check.
 */
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { dispositionName, downloadName, isReservedRootName, unusableLocalName } from "../src/cli/file-name.js";
import { parseConfig } from "../src/config.js";
import { CitebotError } from "../src/errors.js";
import { displayUrl, maskUrlText, parseHttpUrl, publicHttpUrl, storableUrl } from "../src/http-url.js";
import { listCorpusFiles, parseCorpusFile, parseTextDocument, readSources } from "../src/ingest/index.js";
import { memoryLogger, tempDir, writeCorpus } from "./helpers/fixtures.js";

const HOSTILE_URLS = [
  "javascript:alert(1)",
  "JavaScript:alert(1)",
  "file:///etc/passwd",
  "ftp://mirror.example/report.pdf",
  "data:text/html,<b>x</b>",
  "mailto:a@b.org",
  "//example.org/a",
  "/relative/path",
  "not a url",
  "https://",
];

describe("publicHttpUrl", () => {
  it("GIVEN javascript:, file:, ftp:, relative or host-less addresses, or user info THEN null", () => {
    for (const text of [...HOSTILE_URLS, "https://user:pass@example.org/a", "https://user@example.org/a"])
      expect(publicHttpUrl(text), text).toBeNull();
  });

  it("GIVEN an http(s) address THEN its normal form", () => {
    expect(publicHttpUrl("https://Example.org/a b?x=1#f")).toBe("https://example.org/a%20b?x=1#f");
    expect(publicHttpUrl(" http://127.0.0.1:8080/api ")).toBe("http://127.0.0.1:8080/api");
  });
});

describe("displayUrl and storableUrl", () => {
  it("GIVEN user info, a signed query and a fragment THEN the shown form masks the query and the stored form keeps scheme, host and path", () => {
    const url = parseHttpUrl("https://reader:hunter2@files.example.org:8443/r/report.pdf?X-Amz-Signature=abc&token=xyz#page=3") as URL;
    expect(displayUrl(url)).toBe("https://files.example.org:8443/r/report.pdf?…");
    expect(storableUrl(url)).toBe("https://files.example.org:8443/r/report.pdf");
  });

  it("GIVEN a rejected setting value THEN its echo holds no password and no query", () => {
    expect(maskUrlText("https://u:hunter2@x.org/a?token=t1")).toBe("https://x.org/a?…");
    expect(maskUrlText("ftp://u:hunter2@x.org/a?token=t1")).toBe("ftp://…@x.org/a?…");
    expect(maskUrlText("javascript:alert(1)")).toBe("javascript:alert(1)");
  });
});

describe("parseConfig: URL settings", () => {
  const error = (env: Record<string, string>): CitebotError => {
    try {
      parseConfig([], env, "/srv/citebot");
    } catch (e) {
      return e as CitebotError;
    }
    throw new Error("expected CONFIG_INVALID");
  };

  it("GIVEN javascript:, file: or ftp: in MODEL_HOST, DOC_URL or DISCORD_API_BASE THEN CONFIG_INVALID names the setting", () => {
    for (const key of ["MODEL_HOST", "DOC_URL", "DISCORD_API_BASE"]) {
      for (const value of ["javascript:alert(1)", "file:///etc/passwd", "ftp://mirror.example/"]) {
        const e = error({ [key]: value });
        expect(e.code).toBe("CONFIG_INVALID");
        expect(e.message).toContain(
          `${key}${key === "DOC_URL" ? " (--url)" : ""}: expected an http(s) URL without a user name or password`,
        );
      }
    }
  });

  it("GIVEN a URL setting with a password THEN it is refused and the password is not echoed", () => {
    const e = error({ DOC_URL: "https://reader:hunter2@example.org/doc?token=t1" });
    expect(e.message).toBe(
      'Invalid setting: DOC_URL (--url): expected an http(s) URL without a user name or password, got "https://example.org/doc?…"',
    );
  });

  it("GIVEN http(s) URL settings and DOWNLOAD_TIMEOUT_SECONDS THEN they are taken; the time limit defaults to 600 s", () => {
    const config = parseConfig(
      ["--url", "https://example.org/r.pdf"],
      { MODEL_HOST: "http://127.0.0.1:8080/hub", DISCORD_API_BASE: "http://127.0.0.1:9/api/" },
      "/srv/citebot",
    );
    expect(config.documentMeta.url).toBe("https://example.org/r.pdf");
    expect(config.embedding?.remoteHost).toBe("http://127.0.0.1:8080/hub/");
    expect(config.downloadTimeoutMs).toBe(600_000);
    expect(config.embedding?.downloadTimeoutMs).toBe(600_000);
    expect(parseConfig([], { DOWNLOAD_TIMEOUT_SECONDS: "5" }, "/srv/citebot").downloadTimeoutMs).toBe(5000);
    expect(error({ DOWNLOAD_TIMEOUT_SECONDS: "0" }).message).toContain("DOWNLOAD_TIMEOUT_SECONDS: expected a whole number from 1 to 86400");
  });

  it("GIVEN URL settings padded with white space THEN they are used as parsed, trimmed", () => {
    const config = parseConfig(
      ["--url", " https://example.org/r.pdf\n"],
      { MODEL_HOST: "  https://ok.example/  ", DISCORD_TOKEN: "t", DISCORD_API_BASE: "\thttp://127.0.0.1:9/api " },
      "/srv/citebot",
    );
    expect(config.documentMeta.url).toBe("https://example.org/r.pdf");
    expect(config.embedding?.remoteHost).toBe("https://ok.example/");
    expect(config.discord?.apiBase).toBe("http://127.0.0.1:9/api");
  });
});

describe("readSources and listCorpusFiles: url", () => {
  it("GIVEN entries with javascript:, file:, ftp: and user-info URLs THEN each url is dropped with a problem and the rest of the metadata kept", async () => {
    const dir = await tempDir();
    try {
      const sources = {
        "a.md": { title: "A", url: "javascript:alert(1)" },
        "b.md": { url: "file:///etc/passwd", publisher: "B" },
        "c.md": { url: "ftp://mirror.example/c.md" },
        "d.md": { url: "https://reader:hunter2@example.org/d" },
        "e.md": { url: "https://example.org/e" },
      };
      await writeCorpus(dir.path, { "a.md": "A.", "e.md": "E.", "sources.json": JSON.stringify(sources) });
      const warnings: string[] = [];
      const read = await readSources(dir.path, (w) => warnings.push(w));
      expect({ ...read }).toEqual({
        "a.md": { title: "A" },
        "b.md": { publisher: "B" },
        "c.md": {},
        "d.md": {},
        "e.md": { url: "https://example.org/e" },
      });
      expect(Object.getPrototypeOf(read)).toBeNull();
      expect(warnings).toEqual(
        ["a.md", "b.md", "c.md", "d.md"].map((id) => `${id}: url ignored: expected an http(s) URL without a user name or password`),
      );
      const { files, problems } = await listCorpusFiles(dir.path, { maxFileBytes: 1024 });
      expect(files.map((f) => [f.id, f.meta])).toEqual([
        ["a.md", { title: "A" }],
        ["e.md", { url: "https://example.org/e" }],
      ]);
      expect(problems.map((p) => p.id)).toEqual(["sources.json", "sources.json", "sources.json", "sources.json"]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("parseTextDocument: front-matter url", () => {
  it("GIVEN a javascript:, file:, ftp: or user-info url in front matter THEN the document has no url and one warning says why", () => {
    for (const url of ["javascript:alert(1)", "file:///etc/passwd", "ftp://x.org/a", "https://u:p@x.org/a"]) {
      const warnings: string[] = [];
      const doc = parseTextDocument("a.md", `---\ntitle: A\nurl: "${url}"\n---\n\nText.`, "markdown", (w) => warnings.push(w));
      expect(doc.url).toBeNull();
      expect(doc.title).toBe("A");
      expect(warnings).toEqual(["a.md: front matter url ignored: expected an http(s) URL without a user name or password"]);
    }
  });

  it("GIVEN parseCorpusFile with a logger THEN the warning reaches the logger", async () => {
    const logger = memoryLogger();
    const doc = await parseCorpusFile(
      { id: "a.md", bytes: Buffer.from("---\nurl: javascript:alert(1)\n---\n\nText."), meta: {} },
      { parseTimeoutMs: 1000, logger },
    );
    expect(doc.url).toBeNull();
    expect(logger.lines).toEqual(["warning: a.md: front matter url ignored: expected an http(s) URL without a user name or password"]);
  });
});

describe("downloadName", () => {
  const corpus = "/srv/citebot/corpus";
  const pieces = fc.constantFrom(
    "..",
    ".",
    "/",
    "\\",
    "\u0000",
    "\u001b[31m",
    "\n",
    "\u202e",
    "\u200b",
    "README",
    "readme",
    ".md",
    "CON",
    "nul",
    " ",
    "%",
    "%2F",
    '"',
    ";",
    "'",
    "é",
    "\u{1F600}",
    "a",
    "report",
    "-",
  );
  const hostileName = fc.oneof(
    fc.string({ unit: "grapheme", maxLength: 300 }),
    fc.array(pieces, { maxLength: 80 }).map((p) => p.join("")),
  );
  const extension = fc.constantFrom(".pdf", ".md", ".txt");

  /** What every name written into the corpus must satisfy. */
  const expectSafe = (name: string, ext: string) => {
    expect(name.endsWith(ext)).toBe(true);
    expect(name.length).toBeGreaterThan(ext.length);
    expect(path.basename(name)).toBe(name);
    expect(path.dirname(path.resolve(corpus, name))).toBe(corpus);
    expect(name).not.toMatch(/[/\\\p{Cc}\p{Cf}]/u);
    expect(name.startsWith(".")).toBe(false);
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(255);
    expect(isReservedRootName(name)).toBe(false);
  };

  it("GIVEN any name in a Content-Disposition header (quoted or RFC 8187) or a URL path THEN the result is one safe file name inside the corpus", () => {
    fc.assert(
      fc.property(hostileName, extension, (raw, ext) => {
        expectSafe(downloadName(new URL("https://x.org/dl"), ext, `attachment; filename="${raw}"`), ext);
        expectSafe(downloadName(new URL("https://x.org/dl"), ext, `attachment; filename*=UTF-8''${encodeURIComponent(raw)}`), ext);
        expectSafe(downloadName(new URL(`https://x.org/files/${encodeURIComponent(raw)}`), ext, null), ext);
        expectSafe(downloadName(new URL(`https://x.org/files/${raw.replace(/[?#]/g, "")}`), ext, null), ext);
      }),
      { numRuns: 300 },
    );
  });

  it("GIVEN hostile examples THEN the exact names", () => {
    const url = new URL("https://x.org/dl");
    expect(downloadName(url, ".md", 'attachment; filename="../../etc/x.md"')).toBe("x.md");
    expect(downloadName(url, ".md", 'attachment; filename="README.md"')).toBe("README-1.md");
    expect(downloadName(url, ".md", 'attachment; filename="readme.MD"')).toBe("readme-1.md");
    expect(downloadName(url, ".txt", 'attachment; filename="README.txt"')).toBe("README.txt");
    expect(downloadName(url, ".pdf", 'attachment; filename="LPT1.pdf"')).toBe("LPT1-1.pdf");
    expect(downloadName(url, ".pdf", "attachment; filename*=UTF-8''a%0Ab%1B%5B2Jc%E2%80%AEd.pdf; filename=\"fallback.pdf\"")).toBe(
      "a-b-2Jc-d.pdf",
    );
    expect(downloadName(url, ".pdf", "attachment; filename*=UTF-8''Rapport%20%C3%A9t%C3%A9%202024.pdf")).toBe("Rapport-été-2024.pdf");
    expect(downloadName(new URL("https://x.org/a/%E0%A4%A.pdf"), ".pdf", null)).toBe("E0-A4-A.pdf");
    expect(downloadName(url, ".pdf", `attachment; filename="${"x".repeat(5000)}.pdf"`)).toBe(`${"x".repeat(100)}.pdf`);
  });
});

describe("dispositionName", () => {
  it("GIVEN the header's forms THEN the name it gives, filename* first", () => {
    expect(dispositionName('attachment; filename="a \\"b\\".pdf"')).toBe('a "b".pdf');
    expect(dispositionName("attachment; filename=plain.pdf; size=3")).toBe("plain.pdf");
    expect(dispositionName("attachment; filename=\"x.pdf\"; filename*=UTF-8'en'%C3%A9.pdf")).toBe("é.pdf");
    expect(dispositionName("inline")).toBeNull();
  });
});

describe("unusableLocalName", () => {
  it("GIVEN README.md, a control character or a bidi override THEN the reason; a plain name THEN null", () => {
    expect(unusableLocalName("README.md")).toContain("README.md at the corpus root");
    expect(unusableLocalName("Readme.md")).toContain("README.md at the corpus root");
    expect(unusableLocalName("a\u001b]8;;https://evil.example\u0007b.md")).toContain("control or formatting characters");
    expect(unusableLocalName("invoice\u202efdp.md")).toContain("control or formatting characters");
    expect(unusableLocalName("Annual report 2024.pdf")).toBeNull();
    expect(unusableLocalName("notes/README.md".split("/")[0] as string)).toBeNull();
  });
});
