import { describe, expect, it } from "vitest";
import { CitebotError } from "../src/errors.js";
import { listCorpusFiles, parseCorpusFile, parsePdf, parseTextDocument } from "../src/ingest/index.js";
import { findRepeatedEdgeLines, linesToParagraphs, runsToLines, type Line } from "../src/ingest/pdf-layout.js";
import { makePdf, makeTextlessPdf } from "./helpers/pdf.js";
import { tempDir, writeCorpus } from "./helpers/fixtures.js";

const paragraphText = (doc: { text: string; paragraphs: { start: number; end: number }[] }) => doc.paragraphs.map((p) => doc.text.slice(p.start, p.end));

describe("parseTextDocument", () => {
  it("GIVEN Markdown with front matter THEN title, source and url come from it and paragraphs are numbered from 1", () => {
    const doc = parseTextDocument("notes/a.md", '---\ntitle: "A title"\nsource: Somewhere\nurl: https://example.org/a\n---\n\nFirst line\ncontinues here.\n\nSecond paragraph.\n', "markdown");
    expect(doc).toMatchObject({ id: "notes/a.md", kind: "markdown", title: "A title", source: "Somewhere", url: "https://example.org/a", pages: [] });
    expect(paragraphText(doc)).toEqual(["First line continues here.", "Second paragraph."]);
    expect(doc.paragraphs.map((p) => [p.n, p.page])).toEqual([[1, null], [2, null]]);
  });

  it("GIVEN Markdown without front matter THEN the first heading is the title", () => {
    expect(parseTextDocument("b.md", "# Heading One\n\nBody.", "markdown").title).toBe("Heading One");
  });

  it("GIVEN plain text without a title THEN the file name is the title", () => {
    const doc = parseTextDocument("dir/plain.txt", "One.\r\n\r\nTwo.", "text");
    expect(doc.title).toBe("plain.txt");
    expect(paragraphText(doc)).toEqual(["One.", "Two."]);
  });
});

describe("PDF layout", () => {
  const line = (text: string, y: number): Line => ({ text, x: 72, y, size: 10 });

  it("GIVEN runs on one baseline THEN they form one line read left to right with a space at gaps", () => {
    const lines = runsToLines([
      { text: "world", x: 120, y: 700, width: 30, size: 10 },
      { text: "Hello", x: 72, y: 700.5, width: 30, size: 10 },
      { text: "Next line", x: 72, y: 686, width: 50, size: 10 },
    ]);
    expect(lines.map((l) => l.text)).toEqual(["Hello world", "Next line"]);
  });

  it("GIVEN a header and a page number on most pages THEN those edge lines are found", () => {
    const bodies = [["Fox Hunt began.", "It spread."], ["Sky Net followed.", "Then more."], ["Returns rose.", "Abroad too."]];
    const pages = bodies.map(([a, b], i) => [line("Annual Report", 750), line(a as string, 700), line(b as string, 686), line(String(i + 1), 30)]);
    const dropped = findRepeatedEdgeLines(pages);
    expect(dropped.map((s) => [...s].sort())).toEqual([[0, 3], [0, 3], [0, 3]]);
  });

  it("GIVEN a line ending in a hyphen THEN the word is rejoined, unless the hyphen belongs to the word", () => {
    const lines = [line("They were forced to re-", 700), line("turn under long-", 686), line("arm policing.", 672)];
    expect(linesToParagraphs(lines, (w) => w === "long-arm")).toEqual(["They were forced to return under long-arm policing."]);
  });

  it("GIVEN a larger vertical gap THEN a new paragraph starts", () => {
    expect(linesToParagraphs([line("One.", 700), line("Still one.", 687), line("Two.", 650)])).toEqual(["One. Still one.", "Two."]);
  });
});

describe("parsePdf", () => {
  it("GIVEN a three-page report with a running header and page numbers THEN text keeps its pages and loses the header and footer", async () => {
    const data = await makePdf({
      header: "Involuntary Returns Report 2024",
      footer: "Page {n}",
      pages: [
        ["Operation Fox Hunt began in 2014.", "It targeted people abroad.", "", "A second paragraph on page one."],
        ["Sky Net followed in 2015.", "", "Persuasion to return was common."],
        ["Over 120 countries were involved."],
      ],
    });
    const doc = await parsePdf("report.pdf", data, { title: "Report", source: null, url: null });
    expect(doc.pages.map((p) => p.n)).toEqual([1, 2, 3]);
    expect(paragraphText(doc)).toEqual([
      "Operation Fox Hunt began in 2014. It targeted people abroad.",
      "A second paragraph on page one.",
      "Sky Net followed in 2015.",
      "Persuasion to return was common.",
      "Over 120 countries were involved.",
    ]);
    expect(doc.paragraphs.map((p) => p.page)).toEqual([1, 1, 2, 2, 3]);
    expect(doc.text).not.toContain("Involuntary Returns Report");
    expect(doc.text).not.toContain("Page 2");
  });

  it("GIVEN page labels THEN each page keeps its printed label when it differs from the page number", async () => {
    const data = await makePdf({ pages: [["Cover."], ["Preface."], ["Chapter one."]], pageLabels: [[0, "r", 1], [2, "D", 1]] });
    const doc = await parsePdf("labels.pdf", data, { title: "L", source: null, url: null });
    expect(doc.pages.map((p) => p.label)).toEqual(["i", "ii", "1"]);
  });

  it("GIVEN a truncated file THEN PDF_PARSE_FAILED", async () => {
    const data = await makePdf({ pages: [["Some text."]] });
    await expect(parsePdf("broken.pdf", data.slice(0, 200), { title: "B", source: null, url: null })).rejects.toMatchObject({ code: "PDF_PARSE_FAILED" });
  });

  it("GIVEN a page without a text layer THEN PDF_NO_TEXT", async () => {
    await expect(parsePdf("scan.pdf", await makeTextlessPdf(), { title: "S", source: null, url: null })).rejects.toMatchObject({ code: "PDF_NO_TEXT" });
  });
});

describe("listCorpusFiles and parseCorpusFile", () => {
  it("GIVEN a corpus with a bad file and an oversized file THEN each is reported by name and the others are read", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, {
        "good.md": "Good text.",
        "sub/notes.txt": "Notes.",
        "bad.pdf": "%PDF-1.7 this is not really a PDF",
        "big.txt": "x".repeat(2 * 1024 * 1024),
        "image.png": "not a document",
        "README.md": "Operator instructions, not a source.",
      });
      const { files, problems } = await listCorpusFiles(dir.path, 1024 * 1024);
      expect(files.map((f) => f.id)).toEqual(["bad.pdf", "good.md", "sub/notes.txt"]);
      expect(problems.map((p) => p.id)).toEqual(["big.txt"]);
      expect(problems[0]?.reason).toContain("MAX_FILE_MB");
      const results = await Promise.allSettled(files.map(parseCorpusFile));
      expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
      const reason = (results[0] as PromiseRejectedResult).reason as CitebotError;
      expect(reason.code).toBe("PDF_PARSE_FAILED");
      expect(reason.message).toContain("bad.pdf");
    } finally {
      await dir.cleanup();
    }
  });
});
