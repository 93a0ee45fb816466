import { describe, expect, it } from "vitest";
import { CitebotError } from "../src/errors.js";
import { pageAt } from "../src/document.js";
import { listCorpusFiles, parseCorpusFile, parsePdf, parseTextDocument, readCorpusFile } from "../src/ingest/index.js";
import { blockText, documentBlocks, pageBlocks } from "../src/ingest/pdf-blocks.js";
import { layoutPage, lineSegments, regionLines } from "../src/ingest/pdf-columns.js";
import { findFurniture, marginLineNumbers, maskedKey } from "../src/ingest/pdf-furniture.js";
import { repairAccents, toRun } from "../src/ingest/pdf-runs.js";
import { runsToLines, type Line, type TextRun } from "../src/ingest/pdf-lines.js";
import { tokenize } from "../src/store/index.js";
import { makePdf, makeTextlessPdf } from "./helpers/pdf.js";
import { tempDir, writeCorpus } from "./helpers/fixtures.js";
import { defined } from "./helpers/defined.js";

const paragraphText = (doc: { text: string; paragraphs: { start: number; end: number }[] }) =>
  doc.paragraphs.map((p) => doc.text.slice(p.start, p.end));

describe("parseTextDocument", () => {
  it("GIVEN Markdown with front matter THEN title, source and url come from it and paragraphs are numbered from 1", () => {
    const doc = parseTextDocument(
      "notes/a.md",
      '---\ntitle: "A title"\nsource: Somewhere\nurl: https://example.org/a\n---\n\nFirst line\ncontinues here.\n\nSecond paragraph.\n',
      "markdown",
    );
    expect(doc).toMatchObject({
      id: "notes/a.md",
      kind: "markdown",
      title: "A title",
      source: "Somewhere",
      url: "https://example.org/a",
      pages: [],
    });
    expect(paragraphText(doc)).toEqual(["First line continues here.", "Second paragraph."]);
    expect(doc.paragraphs.map((p) => [p.n, p.page])).toEqual([
      [1, null],
      [2, null],
    ]);
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

describe("runsToLines", () => {
  it("GIVEN runs on one baseline THEN they form one line read left to right with a space at word gaps", () => {
    const lines = runsToLines([
      { text: "world", x: 105, y: 700, width: 30, size: 10 },
      { text: "Hello", x: 72, y: 700.5, width: 30, size: 10 },
      { text: "Next line", x: 72, y: 686, width: 50, size: 10 },
    ]);
    expect(lines.map((l) => [l.text, l.cells.length])).toEqual([
      ["Hello world", 1],
      ["Next line", 1],
    ]);
  });

  it("GIVEN a small raised number after a word THEN it is a footnote marker in superscript, apart from the word", () => {
    const [line] = runsToLines([
      { text: "forced to return", x: 72, y: 700, width: 80, size: 10 },
      { text: "12", x: 152.5, y: 704, width: 5, size: 6 },
      { text: "to China.", x: 160, y: 700, width: 40, size: 10 },
    ]);
    expect(line?.text).toBe("forced to return¹² to China.");
    expect(tokenize(line?.text ?? "")).toEqual(["forc", "return", "china"]);
  });

  it.each<[string, TextRun[], string]>([
    [
      "an accent drawn as a glyph of its own over a letter THEN it goes back on that letter",
      [
        { text: "Schr", x: 72, y: 700, width: 22, size: 10 },
        { text: "\u0308", x: 95, y: 702, width: 4, size: 10 },
        { text: "odinger,", x: 94, y: 700, width: 40, size: 10 },
      ],
      "Schrödinger,",
    ],
    [
      "a prime and a subscript set at the same place THEN the prime reads first",
      [
        { text: "γ", x: 72, y: 700, width: 5, size: 10 },
        { text: "1", x: 77.2, y: 698, width: 3.5, size: 7 },
        { text: "′", x: 77, y: 704, width: 2.5, size: 7 },
      ],
      "γ′1",
    ],
  ])("GIVEN %s", (_, runs, text) => {
    expect(runsToLines(runs)[0]?.text).toBe(text);
  });

  it("GIVEN a column set with tighter leading than its neighbour THEN its lines never merge into one", () => {
    const lines = runsToLines([
      { text: "DC, USA, 21–22.", x: 69, y: 666.5, width: 150, size: 7 },
      { text: "[21] Markus Kirschmer and John Voight.", x: 54, y: 658.5, width: 240, size: 7 },
      { text: "sagittis enim maximus. Vestibulum gravida", x: 318, y: 662.7, width: 240, size: 9 },
    ]);
    expect(lines.map((l) => l.cells.map((c) => c.text))).toEqual([
      ["DC, USA, 21–22.", "sagittis enim maximus. Vestibulum gravida"],
      ["[21] Markus Kirschmer and John Voight."],
    ]);
  });

  it("GIVEN one line set glyph by glyph with baselines that differ by float noise THEN it reads as one line", () => {
    const word = "valley draw their water from";
    let x = 72;
    const runs = [...word].map((ch, i) => {
      const run = { text: ch, x, y: 700 + (i % 2 === 0 ? 1e-6 : -1e-6) + (i % 7 === 0 ? 0.4 : 0), width: 5, size: 10 };
      x += ch === " " ? 3 : 5;
      return run;
    });
    expect(runsToLines(runs).map((l) => l.text)).toEqual([word]);
  });

  it("GIVEN wide gaps between runs THEN the line is split into cells", () => {
    const [line] = runsToLines([
      { text: "Laos", x: 72, y: 500, width: 20, size: 10 },
      { text: "2023", x: 172, y: 500, width: 20, size: 10 },
      { text: "164", x: 232, y: 500, width: 15, size: 10 },
    ]);
    expect(line?.cells.map((c) => c.text)).toEqual(["Laos", "2023", "164"]);
  });
});

describe("repairAccents", () => {
  it("GIVEN accents a font draws as glyphs of their own THEN they go back on the letter that carries them", () => {
    expect(repairAccents("Age\u02c6ncia Nacional de Aviac\u00b8a\u02dco Civil")).toBe("Agência Nacional de Aviação Civil");
    expect(repairAccents("Schr\u00a8odinger and caf\u00b4e")).toBe("Schrödinger and café");
  });

  it("GIVEN an acute accent standing for an apostrophe THEN it reads as one", () => {
    expect(repairAccents("don\u00b4t and it\u00b4s")).toBe("don\u2019t and it\u2019s");
  });

  it("GIVEN ASCII carets and ligatures THEN carets stay and ligatures become letters", () => {
    expect(repairAccents("x^2 of the \ufb01le")).toBe("x^2 of the file");
  });
});

describe("toRun", () => {
  it("GIVEN sheared (fake italic) text THEN it is upright, and text turned 90° is rotated", () => {
    const italic = toRun({ str: "slanted", transform: [10, 0, 2.5, 10, 100, 700], width: 40, height: 10 }, 0, 0);
    const turned = toRun({ str: "stamp", transform: [0, 10, -10, 0, 20, 300], width: 30, height: 10 }, 0, 0);
    expect([italic.rotated, italic.size, turned.rotated]).toEqual([false, 10, true]);
  });

  it("GIVEN condensed type THEN its size is its height, not its width", () => {
    expect(toRun({ str: "narrow", transform: [6, 0, 0, 10, 0, 0], width: 20, height: 10 }, 0, 0).size).toBe(10);
  });
});

describe("layoutPage", () => {
  const prose = (x: number, y: number, text = "a line of running prose text here"): TextRun => ({ text, x, y, width: 200, size: 10 });
  const read = (runs: TextRun[]) => {
    const layout = layoutPage(lineSegments(runsToLines(runs)));
    return { columns: layout.columns, lines: layout.regions.flatMap(regionLines).map((l) => l.text) };
  };

  it("GIVEN two columns of prose THEN the left column is read before the right one", () => {
    const runs = [0, 1, 2, 3].flatMap((i) => [
      prose(72, 700 - i * 14, `left ${i} of running prose text`),
      prose(330, 700 - i * 14, `right ${i} of running prose text`),
    ]);
    const { columns, lines } = read(runs);
    expect(columns).toBe(2);
    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "left 0",
      "left 1",
      "left 2",
      "left 3",
      "right 0",
      "right 1",
      "right 2",
      "right 3",
    ]);
  });

  it("GIVEN three columns of prose THEN they are read left, middle, right", () => {
    const runs = [0, 1, 2, 3].flatMap((i) =>
      [50, 230, 410].map((x, c) => ({ ...prose(x, 700 - i * 12, `column ${c} line ${i} of prose`), width: 160 })),
    );
    const { columns, lines } = read(runs);
    expect(columns).toBe(3);
    expect(lines.map((l) => l.split(" ").slice(0, 4).join(" "))).toEqual(
      [0, 1, 2].flatMap((c) => [0, 1, 2, 3].map((i) => `column ${c} line ${i}`)),
    );
  });

  it("GIVEN a full-width title above two columns THEN the title comes first", () => {
    const runs = [
      { text: "A title across the whole page width", x: 72, y: 720, width: 468, size: 14 },
      ...[0, 1, 2].flatMap((i) => [prose(72, 690 - i * 14), prose(330, 690 - i * 14)]),
    ];
    const { columns, lines } = read(runs);
    expect(columns).toBe(2);
    expect(lines[0]).toBe("A title across the whole page width");
  });

  it("GIVEN a table whose cells leave a gap in the middle THEN it stays one column", () => {
    const runs = [0, 1, 2, 3, 4, 5].flatMap((i) => [
      { text: `Place${i}`, x: 72, y: 700 - i * 14, width: 40, size: 10 },
      { text: String(100 + i), x: 400, y: 700 - i * 14, width: 20, size: 10 },
    ]);
    expect(read(runs).columns).toBe(1);
  });

  it("GIVEN chart ticks beside a column of text THEN they form a figure region and the text stays whole", () => {
    const text = [0, 1, 2, 3, 4].map((i) => prose(72, 700 - i * 14, `body line ${i} of the running text here`));
    const ticks = ["25", "20", "15", "10", "5", "0"].map((t, i) => ({ text: t, x: 400, y: 700 - i * 12, width: 10, size: 8 }));
    const layout = layoutPage(lineSegments(runsToLines([...text, ...ticks])));
    const figure = layout.regions.filter((r) => r.hint === "figure").flatMap((r) => r.segments.map((s) => s.text));
    expect(figure).toEqual(["25", "20", "15", "10", "5", "0"]);
    const body = layout.regions
      .filter((r) => r.hint === null)
      .flatMap(regionLines)
      .map((l) => l.text);
    expect(body).toEqual([0, 1, 2, 3, 4].map((i) => `body line ${i} of the running text here`));
  });

  it("GIVEN one line of fifty thousand runs THEN it is read as one line", () => {
    const runs = Array.from({ length: 50_000 }, (_, i) => ({ text: "a", x: i * 5, y: 700, width: 5, size: 10 }));
    const lines = runsToLines(runs);
    expect(lines.map((l) => l.text.length)).toEqual([50_000]);
  });

  it("GIVEN an absurdly wide page THEN its two columns are still found and read left then right", () => {
    const runs = [0, 1, 2, 3].flatMap((i) => [
      prose(0, 700 - i * 14, `left ${i} of running prose text`),
      { ...prose(1e9, 700 - i * 14, `right ${i} of running prose text`) },
    ]);
    const { columns, lines } = read(runs);
    expect(columns).toBe(2);
    expect(lines.map((l) => l.split(" ").slice(0, 2).join(" "))).toEqual([
      "left 0",
      "left 1",
      "left 2",
      "left 3",
      "right 0",
      "right 1",
      "right 2",
      "right 3",
    ]);
  });
});

describe("marginLineNumbers", () => {
  const seg = (text: string, x: number, y: number, width: number, line: number) => ({ text, x, right: x + width, y, size: 10, line });

  it("GIVEN numbers every five lines in the left margin THEN they are line numbers, and the text stays", () => {
    const segs = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19].flatMap((i) => [
      seg(`line ${i} of the edited text runs on here`, 72, 700 - i * 12, 300, i),
      ...((i + 1) % 5 === 0 ? [seg(String(i + 1), 40, 700 - i * 12, 10, i)] : []),
    ]);
    expect([...marginLineNumbers(segs)].map((s) => s.text)).toEqual(["5", "10", "15", "20"]);
  });

  it("GIVEN row numbers of a table inside the text THEN they stay", () => {
    const segs = [
      ...[0, 1, 2, 3, 4, 5, 6, 7, 8, 9].map((i) => seg(`prose line ${i} of the report body text`, 72, 700 - i * 12, 300, i)),
      ...[1, 2, 3, 4].flatMap((n) => [seg(String(n), 72, 560 - n * 12, 8, 10 + n), seg(`Country ${n}`, 100, 560 - n * 12, 60, 10 + n)]),
    ];
    expect(marginLineNumbers(segs).size).toBe(0);
  });
});

describe("findFurniture", () => {
  const line = (text: string, y: number): Line => ({ text, x: 72, right: 300, y, size: 10, cells: [{ text, x: 72, right: 300 }] });
  const reasons = (found: Map<number, string>[]) => found.map((m) => [...m.entries()].sort((a, b) => a[0] - b[0]));

  it("GIVEN a header and a page number on most pages THEN those edge lines are found", () => {
    const bodies = [
      ["Fox Hunt began.", "It spread."],
      ["Sky Net followed.", "Then more."],
      ["Returns rose.", "Abroad too."],
    ];
    const pages = bodies.map(([a, b], i) => ({
      label: null,
      lines: [line("Annual Report", 750), line(a as string, 700), line(b as string, 686), line(String(i + 1), 30)],
    }));
    expect(reasons(findFurniture(pages))).toEqual(
      [0, 1, 2].map(() => [
        [0, "running header"],
        [3, "page number"],
      ]),
    );
  });

  it("GIVEN top lines whose numbers do not follow the pages THEN they are body text", () => {
    const bodies = ["A set with a topology.", "A map between such sets.", "A space that is connected."];
    const tails = ["Open sets come first.", "Then continuity.", "Paths come last."];
    const pages = [3, 9, 14].map((n, i) => ({
      label: null,
      lines: [line(`Definition ${n}`, 750 - i), line(bodies[i] as string, 736), line(tails[i] as string, 722)],
    }));
    expect(reasons(findFurniture(pages))).toEqual([[], [], []]);
  });

  it("GIVEN a footer with a year and the page number THEN it is found on every page, drift and all", () => {
    const pages = [1, 2, 3, 4].map((n) => ({
      label: null,
      lines: [line(`Body ${"abcd"[n - 1]} text.`, 700), line(`Summary December 1998 Page ${n}`, 30 + (n % 2) * 3)],
    }));
    expect(reasons(findFurniture(pages)).map((r) => r.map(([i]) => i))).toEqual([[1], [1], [1], [1]]);
  });

  it("GIVEN a printer's slug line whose job number changes on one page THEN it is found on every page", () => {
    const slug = (n: number, sfmt: string) =>
      `VerDate Sep<11>2014 16:21 Aug 05, 2020 Jkt 250001 PO 00000 Frm 0000${n} Fmt 4702 Sfmt ${sfmt}`;
    const bodies = ["The first page of the rule.", "The second page goes on.", "A third page of text.", "The fourth and last page."];
    const pages = bodies.map((b, i) => ({
      label: null,
      lines: [line(b, 700), line(`${b} More body text follows.`, 686), line(slug(i + 1, i === 2 ? "4725" : "4702"), 30)],
    }));
    expect(reasons(findFurniture(pages)).map((r) => r.map(([i]) => i))).toEqual([[2], [2], [2], [2]]);
  });

  it("GIVEN numbers THEN the masked key hides arabic and roman numbers alike", () => {
    expect(maskedKey("1.1. TOPOLOGISCHE RÄUME 5")).toBe("#.#. topologische räume #");
    expect(maskedKey("Preface xiv")).toBe("preface #");
  });
});

describe("blocks", () => {
  const line = (text: string, y: number, cells?: [string, number][]): Line => ({
    text,
    x: 72,
    right: 300,
    y,
    size: 10,
    cells: cells ? cells.map(([t, x]) => ({ text: t, x, right: x + 30 })) : [{ text, x: 72, right: 300 }],
  });

  it("GIVEN a line ending in a hyphen THEN the word is rejoined, unless the hyphen belongs to the word", () => {
    const [block] = pageBlocks(
      [line("They were forced to re-", 700), line("turn under long-", 686), line("arm policing.", 672)],
      1,
      14,
    ).body;
    expect(blockText(defined(block), (w) => w === "long-arm").text).toBe("They were forced to return under long-arm policing.");
  });

  it("GIVEN a web address or an identifier cut at a line end THEN it goes on without a space", () => {
    const [block] = pageBlocks(
      [
        line("see http://example.org/reports/", 700),
        line("2018%20-%20final.pdf or write to 9-", 686),
        line("ANM-Requests@faa.gov today.", 672),
      ],
      1,
      14,
    ).body;
    expect(blockText(defined(block), () => false).text).toBe(
      "see http://example.org/reports/2018%20-%20final.pdf or write to 9-ANM-Requests@faa.gov today.",
    );
  });

  it("GIVEN a sentence that ends with an address THEN the next line starts after a space", () => {
    const [block] = pageBlocks([line("Write to help@example.org.", 700), line("We answer within a week.", 686)], 1, 14).body;
    expect(blockText(defined(block), () => false).text).toBe("Write to help@example.org. We answer within a week.");
  });

  it("GIVEN a larger vertical gap THEN a new paragraph starts", () => {
    expect(
      pageBlocks([line("One.", 700), line("Still one.", 687), line("Two.", 650)], 1, 13).body.map((b) => b.lines.map((l) => l.text)),
    ).toEqual([["One.", "Still one."], ["Two."]]);
  });

  it("GIVEN a sentence cut by a page break THEN it is one paragraph, with the break recorded where page 2 begins", () => {
    const blocks = documentBlocks([[line("Persuasion to return was used against", 120)], [line("relatives in many provinces.", 700)]], 14);
    expect(blocks).toHaveLength(1);
    expect(blockText(defined(blocks[0]), () => false)).toEqual({
      text: "Persuasion to return was used against relatives in many provinces.",
      page: 1,
      breaks: [{ offset: 38, page: 2 }],
      header: null,
    });
  });

  it("GIVEN a paragraph that covers a whole page with a footnote THEN it is split after its last sentence there, and every part keeps its page", () => {
    const note = (text: string, y: number): Line => ({ ...line(text, y), size: 7 });
    const blocks = documentBlocks(
      [
        [line("The campaign began abroad and it went on", 120)],
        [
          line("for years in many countries. Families were", 700),
          line("pressed again and again by officials who", 686),
          note("1 See the annex.", 80),
        ],
        [line("came to their homes.", 700)],
      ],
      14,
    );
    const texts = blocks.map((b) => blockText(b, () => false));
    expect(texts.map((t) => [t.text, t.page])).toEqual([
      ["The campaign began abroad and it went on for years in many countries.", 1],
      ["1 See the annex.", 2],
      ["Families were pressed again and again by officials who came to their homes.", 2],
    ]);
  });

  it("GIVEN a table cell wrapped onto a second line THEN it stays in its cell, a hyphenated word rejoined", () => {
    const row = (cells: [string, number][], y: number) => line(cells.map(([t]) => t).join(" "), y, cells);
    const [table] = pageBlocks(
      [
        row(
          [
            ["Argument", 72],
            ["Meaning", 172],
          ],
          700,
        ),
        row(
          [
            ["x", 72],
            ["a numeric vector of values to be sum-", 172],
          ],
          688,
        ),
        row([["marised", 172]], 676),
        row(
          [
            ["na.rm", 72],
            ["whether missing values are dropped", 172],
          ],
          664,
        ),
        row(
          [
            ["digits", 72],
            ["how many digits to print", 172],
          ],
          652,
        ),
      ],
      1,
      12,
    ).body;
    expect(table?.kind).toBe("table");
    expect(blockText(defined(table), () => false).text).toBe(
      "Argument | Meaning\nx | a numeric vector of values to be summarised\nna.rm | whether missing values are dropped\ndigits | how many digits to print",
    );
  });

  it("GIVEN a bulleted list set with hanging indents THEN it is text, not a table", () => {
    const item = (mark: string, text: string, y: number) =>
      line(`${mark} ${text}`, y, [
        [mark, 72],
        [text, 90],
      ]);
    const blocks = pageBlocks(
      [
        item("•", "The first item of the list.", 700),
        item("•", "The second item of the list.", 688),
        item("•", "The third item of the list.", 676),
      ],
      1,
      12,
    ).body;
    expect(blocks.map((b) => b.kind)).toEqual(["text"]);
  });

  it("GIVEN a table that runs on to the next page THEN its rows stay one table, the first row its header", () => {
    const row = (cells: string[], y: number) =>
      line(
        cells.join(" "),
        y,
        cells.map((c, i) => [c, 72 + i * 100]),
      );
    const blocks = documentBlocks(
      [
        [
          line("Handovers by country.", 300),
          row(["Country", "Year", "Returned"], 280),
          row(["Fiji", "2017", "77"], 266),
          row(["Vanuatu", "2019", "6"], 252),
        ],
        [row(["Laos", "2023", "164"], 700), line("After the table comes text.", 650)],
      ],
      14,
    );
    expect(blocks.map((b) => b.kind)).toEqual(["text", "table", "text"]);
    expect(blockText(defined(blocks[1]), () => false)).toEqual({
      text: "Country | Year | Returned\nFiji | 2017 | 77\nVanuatu | 2019 | 6\nLaos | 2023 | 164",
      page: 1,
      breaks: [{ offset: 62, page: 2 }],
      header: "Country | Year | Returned",
    });
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
    const data = await makePdf({
      pages: [["Cover."], ["Preface."], ["Chapter one."]],
      pageLabels: [
        [0, "r", 1],
        [2, "D", 1],
      ],
    });
    const doc = await parsePdf("labels.pdf", data, { title: "L", source: null, url: null });
    expect(doc.pages.map((p) => p.label)).toEqual(["i", "ii", "1"]);
  });

  it("GIVEN compounds and syllables broken at line ends THEN compounds of two words keep their hyphen and syllables join", async () => {
    const data = await makePdf({
      pages: [
        [
          "In each room one guard held a quarter of the pass holders at an age for users.",
          "",
          "About one-",
          "quarter of them used the pass-",
          "age to the north, more-or-",
          "less all end-us-",
          "ers.",
        ],
      ],
    });
    const doc = await parsePdf("c.pdf", data, { title: "C", source: null, url: null });
    expect(paragraphText(doc)[1]).toBe("About one-quarter of them used the passage to the north, more-or-less all end-users.");
  });

  it("GIVEN hyphenated line ends THEN words are rejoined, but a real hyphen used elsewhere in the document stays", async () => {
    const data = await makePdf({
      pages: [["Families were pressed by long-arm policing.", "", "Many were forced to re-", "turn under long-", "arm policing."]],
    });
    const doc = await parsePdf("h.pdf", data, { title: "H", source: null, url: null });
    expect(paragraphText(doc)).toEqual([
      "Families were pressed by long-arm policing.",
      "Many were forced to return under long-arm policing.",
    ]);
  });

  it("GIVEN a sentence cut by a page break THEN it stays one sentence, starting on page 1", async () => {
    const data = await makePdf({
      pages: [
        ["First paragraph ends here.", "", "Persuasion to return was used against"],
        ["relatives in many provinces. Then a new sentence."],
      ],
    });
    const doc = await parsePdf("b.pdf", data, { title: "B", source: null, url: null });
    expect(paragraphText(doc)).toEqual([
      "First paragraph ends here.",
      "Persuasion to return was used against relatives in many provinces. Then a new sentence.",
    ]);
    const start = doc.text.indexOf("Persuasion");
    expect(pageAt(doc, start)).toBe(1);
    expect(pageAt(doc, doc.text.indexOf("Then a new"))).toBe(2);
  });

  it("GIVEN a page without text between pages with text THEN it is reported and the page numbers stay right", async () => {
    const { PDFDocument, StandardFonts } = await import("pdf-lib");
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    pdf.addPage([612, 792]).drawText("Text on the first page.", { x: 72, y: 700, size: 11, font });
    pdf.addPage([612, 792]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
    pdf.addPage([612, 792]).drawText("Text on the third page.", { x: 72, y: 700, size: 11, font });
    const doc = await parsePdf("scan.pdf", await pdf.save(), { title: "S", source: null, url: null });
    expect(doc.extraction?.emptyPages).toEqual([2]);
    expect(doc.paragraphs.map((p) => p.page)).toEqual([1, 3]);
    expect(pageAt(doc, doc.text.indexOf("third"))).toBe(3);
  });

  it("GIVEN a page printed sideways THEN its paragraphs are read as paragraphs, in order", async () => {
    const { PDFDocument, StandardFonts, degrees } = await import("pdf-lib");
    const pdf = await PDFDocument.create();
    const font = await pdf.embedFont(StandardFonts.Helvetica);
    const page = pdf.addPage([612, 792]);
    const lines = [
      "The survey covered the northern district in",
      "the spring of that year.",
      "",
      "Wells were tested in every village and the",
      "results were sent to the ministry.",
    ];
    // Text running up the page: each line further right than the one before it.
    lines.forEach((text, i) => {
      if (text !== "") page.drawText(text, { x: 100 + i * 14, y: 100, size: 11, font, rotate: degrees(90) });
    });
    const doc = await parsePdf("sideways.pdf", await pdf.save(), { title: "S", source: null, url: null });
    expect(paragraphText(doc)).toEqual([
      "The survey covered the northern district in the spring of that year.",
      "Wells were tested in every village and the results were sent to the ministry.",
    ]);
    expect(doc.paragraphs.map((p) => p.kind)).toEqual(["paragraph", "paragraph"]);
  });

  it("GIVEN an encrypted file THEN PDF_ENCRYPTED", async () => {
    const data = await makePdf({ pages: [["Secret text."]], encrypted: true });
    await expect(parsePdf("locked.pdf", data, { title: "L", source: null, url: null })).rejects.toMatchObject({ code: "PDF_ENCRYPTED" });
  });

  it("GIVEN a truncated file THEN PDF_PARSE_FAILED", async () => {
    const data = await makePdf({ pages: [["Some text."]] });
    await expect(parsePdf("broken.pdf", data.slice(0, 200), { title: "B", source: null, url: null })).rejects.toMatchObject({
      code: "PDF_PARSE_FAILED",
    });
  });

  it("GIVEN a page without a text layer THEN PDF_NO_TEXT", async () => {
    await expect(parsePdf("scan.pdf", await makeTextlessPdf(), { title: "S", source: null, url: null })).rejects.toMatchObject({
      code: "PDF_NO_TEXT",
    });
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
      const { files, problems } = await listCorpusFiles(dir.path, { maxFileBytes: 1024 * 1024 });
      expect(files.map((f) => f.id)).toEqual(["bad.pdf", "good.md", "sub/notes.txt"]);
      expect(problems.map((p) => p.id)).toEqual(["big.txt"]);
      expect(problems[0]?.reason).toContain("MAX_FILE_MB");
      const results = await Promise.allSettled(
        files.map(async (f) => parseCorpusFile(await readCorpusFile(f, { maxFileBytes: 1024 * 1024 }), { parseTimeoutMs: 30_000 })),
      );
      expect(results.map((r) => r.status)).toEqual(["rejected", "fulfilled", "fulfilled"]);
      const reason = (results[0] as PromiseRejectedResult).reason as CitebotError;
      expect(reason.code).toBe("PDF_PARSE_FAILED");
      expect(reason.message).toMatch(/^Could not parse PDF: /);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("parse time limit and empty files", () => {
  it("GIVEN the time limit passing while the pages are laid out THEN PARSE_TIMEOUT says so", async () => {
    const data = await makePdf({ pages: Array.from({ length: 30 }, (_, i) => [`Page ${i} text about returns.`]) });
    // A clock that reads the start, then a minute later: the limit has passed by the first page's check, however fast the machine.
    const readings = [0];
    const now = () => readings.shift() ?? 60_001;
    await expect(parsePdf("slow.pdf", data, { title: "S", source: null, url: null, timeoutMs: 60_000, now })).rejects.toMatchObject({
      code: "PARSE_TIMEOUT",
      message: "Reading the file took too long: it took longer than 60 s (PARSE_TIMEOUT_SECONDS)",
    });
  });

  it("GIVEN an empty file THEN it is reported as empty", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "empty.pdf": "", "ok.md": "Text." });
      const { files, problems } = await listCorpusFiles(dir.path, { maxFileBytes: 1024 });
      expect(files.map((f) => f.id)).toEqual(["ok.md"]);
      expect(problems).toEqual([{ id: "empty.pdf", reason: "File is empty: 0 bytes", hash: null }]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN sources.json metadata THEN it wins over front matter and changes the document's hash", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "a.md": "---\ntitle: Own title\n---\n\nText." });
      const before = defined((await listCorpusFiles(dir.path, { maxFileBytes: 1024 })).files[0]);
      await writeCorpus(dir.path, {
        "sources.json": JSON.stringify({ "a.md": { title: "Better title", publisher: "NGO", date: "2024" } }),
      });
      const after = defined((await listCorpusFiles(dir.path, { maxFileBytes: 1024 })).files[0]);
      expect(after.hash).not.toBe(before.hash);
      expect(await parseCorpusFile(await readCorpusFile(after, { maxFileBytes: 1024 }), { parseTimeoutMs: 1000 })).toMatchObject({
        title: "Better title",
        publisher: "NGO",
        date: "2024",
      });
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a malformed sources.json THEN it is reported and the documents are still listed", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "a.md": "Text.", "sources.json": JSON.stringify({ "a.md": { url: "not a url" } }) });
      const { files, problems } = await listCorpusFiles(dir.path, { maxFileBytes: 1024 });
      expect(files).toHaveLength(1);
      expect(problems[0]?.id).toBe("sources.json");
      expect(problems[0]?.reason).toContain("expected an http(s) URL");
    } finally {
      await dir.cleanup();
    }
  });
});
