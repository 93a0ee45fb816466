/**
 * PDF layout analysis on generated documents: several columns, full-width blocks, sidebars,
 * margin stamps, running heads and footers of many kinds, overprinted text, endnote pages, fonts
 * without a usable character map, and sentences cut by a page break. Each describe builds one
 * PDF with pdf-lib and reads it once; the tests say what a careful human reader would get.
 * Set LAYOUT_PDF_DIR to a folder to keep the generated PDFs (e.g. for `pdftotext -layout`).
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { degrees, rgb, type PDFPage } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { extractionReport } from "../src/cli/report.js";
import { openEngine } from "../src/engine.js";
import { CitebotError } from "../src/errors.js";
import { pageAt } from "../src/document.js";
import { parsePdf } from "../src/ingest/index.js";
import type { ExtractionStats, SourceDocument } from "../src/types.js";
import {
  PAGE_WIDTH,
  columnBoxes,
  createLayoutPdf,
  drawCentred,
  drawLine,
  drawLines,
  drawOverprinted,
  drawRightAligned,
  drawUnmappedText,
  flowParagraph,
  flowParagraphs,
  paragraphLines,
  wrapText,
  type ColumnBox,
  type LayoutPdf,
} from "./helpers/layout-pdf.js";
import { memoryLogger, tempDir, testConfig, writeCorpus } from "./helpers/fixtures.js";
import { setPageLabels } from "./helpers/pdf.js";
import { defined } from "./helpers/defined.js";

// ---------------------------------------------------------------------------------------------
// Reading and asserting

async function read(name: string, bytes: Uint8Array): Promise<SourceDocument> {
  const dir = process.env.LAYOUT_PDF_DIR;
  if (dir) writeFileSync(join(dir, name), bytes);
  return parsePdf(name, bytes, { title: name, source: null, url: null });
}

const norm = (text: string) => text.replace(/\s+/g, " ").trim();
const flat = (doc: SourceDocument) => norm(doc.text);
const paragraphTexts = (doc: SourceDocument) => doc.paragraphs.map((p) => norm(doc.text.slice(p.start, p.end)));
const sentencesOf = (text: string) => text.split(/(?<=[.?!])\s+(?=[A-Z])/);
const occurrences = (text: string, part: string) => text.split(part).length - 1;

function stats(doc: SourceDocument): ExtractionStats {
  if (!doc.extraction) throw new Error("a PDF must have extraction stats");
  return doc.extraction;
}

/** Offset in `doc.text` where `phrase` starts, allowing any white space between its words; -1 if absent. */
function offsetOf(doc: SourceDocument, phrase: string): number {
  const pattern = phrase
    .trim()
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
    .join("\\s+");
  return doc.text.search(new RegExp(`(?<!\\S)${pattern}`));
}

/** Every part is in the text, each one whole, in the given order. */
function expectInOrder(doc: SourceDocument, parts: readonly string[]): void {
  const text = flat(doc);
  const positions = parts.map((part) => {
    expect(text).toContain(norm(part));
    return text.indexOf(norm(part));
  });
  expect(positions).toEqual([...positions].sort((a, b) => a - b));
}

/** All `removed` text of a page, as one string. */
const removedOn = (doc: SourceDocument, page: number) =>
  stats(doc)
    .removed.filter((r) => r.page === page)
    .map((r) => norm(r.text))
    .join(" ");

/** Paragraphs that hold one of `foreign` (words of a sidebar, stamp, …) and also a piece of the body. */
function mixedParagraphs(doc: SourceDocument, foreign: readonly string[], body: readonly string[]): string[] {
  const pieces = body.flatMap((paragraph) =>
    sentencesOf(paragraph).flatMap((s) => {
      const words = s.split(" ");
      return [words.slice(0, 4).join(" "), words.slice(-4).join(" ")];
    }),
  );
  return paragraphTexts(doc).filter((p) => foreign.some((f) => p.includes(f)) && pieces.some((piece) => p.includes(piece)));
}

const footerStyle = (pdf: LayoutPdf) => ({ font: pdf.fonts.times, size: 9 });
const singleColumn = (pdf: LayoutPdf, extra: Partial<ColumnBox> = {}): ColumnBox => ({
  x: 72,
  width: 468,
  font: pdf.fonts.times,
  size: 11,
  leading: 14,
  ...extra,
});

// ---------------------------------------------------------------------------------------------
// Prose. No digits in HISTORY and TOPOLOGY, so that a page number left in the text shows.

const HISTORY = [
  "The earliest surviving maps of the coast were drawn by pilots rather than by scholars. They recorded what a sailor needed to know: the shape of a headland seen from the sea, the depth of water over a sandbar, and the bearing from one harbour to the next. Distances were given in days of sailing, which made the maps useful only to those who sailed the same kind of ship.",
  "Scholars in the universities took little interest in these charts at first. Their own maps followed the geography of the ancient authors, and they trusted a text copied a dozen times more than the report of a living captain. The two traditions met only when merchants began to pay for maps that combined the learning of the one with the practical knowledge of the other.",
  "The change came slowly and unevenly. A workshop in a port city might produce a careful chart of the local coast and, on the same sheet, a fanciful picture of lands it had never seen. Buyers did not seem to mind. A map was a display of wealth as much as a tool, and a blank space was harder to sell than an invented island.",
  "Surveying the coast properly required instruments that could measure angles on a moving deck. The cross staff and later the quadrant gave a navigator his latitude on a clear day, but longitude remained a matter of guesswork for another two centuries. Charts of the period are therefore more accurate from north to south than from east to west.",
  "Governments began to commission surveys when they understood that accurate charts were a military asset. A navy that knew the shoals of an enemy coast could blockade it with fewer ships. The first national survey offices were small, often a single officer with a few assistants, and their work was kept secret for many years after it was finished.",
  "Secrecy did not last. Printed charts were copied by rival publishers within months of their release, and a mistake in one edition could travel around the world before the original surveyor noticed it. Some publishers added deliberate errors, such as a small false rock, so that they could prove in court that a competitor had copied their work.",
  "The method of triangulation changed the character of the work entirely. Instead of sketching the coast from a ship, surveyors measured a single base line on land with great care and then fixed every other point by angles alone. A chain of triangles could cross an entire country, and the error at its far end was small enough to be ignored.",
  "Triangulation was slow and expensive, and it depended on the weather. A survey party might wait for weeks on a hilltop for the haze to clear so that the next station could be seen. Letters from the surveyors of this period complain less about danger than about boredom, damp tents and the poor food sent up from the valley.",
  "By the end of the century the coast had been charted in a detail that the early pilots could not have imagined. Soundings were marked every few hundred yards, lighthouses were drawn with the colour and rhythm of their lights, and notes in the margin warned of currents that changed with the season.",
  "Yet the old knowledge did not disappear. Harbour pilots still guided ships through channels that shifted after every storm, and no printed chart could keep pace with a moving sandbank. The best charts of the period acknowledged this with a simple warning printed near the harbour entrance: local knowledge required.",
  "Historians have often described this period as a triumph of science over tradition. The surviving letters and logbooks suggest a more complicated story, in which surveyors depended on fishermen and pilots for their first sketch of a difficult coast and then took the credit for the result in their published reports.",
  "The maps that survive from these surveys are now kept in national archives and private collections. Many of them carry the marks of long use at sea: salt stains, pencil corrections and the small holes left by the compass point of a navigator who plotted his course on the very sheet that is now displayed behind glass.",
];

const REPORT = {
  reservoirs:
    "The northern reservoirs entered the year at less than half of their usual volume after two dry winters in a row. Rationing was introduced in the spring for industrial users and extended to households in the summer, when the level of the main reservoir fell below the intake of the old pumping station.",
  demand:
    "Demand fell by about a fifth during the rationing period, more than the planners had expected. Most of the saving came from households, which reduced garden watering and repaired leaking pipes once the new tariff made waste expensive. Industrial demand fell less, because several large users already recycled most of their water.",
  aqueduct:
    "The utility used the period of low demand to inspect the main aqueduct, which had not been drained for more than thirty years. Engineers found that the lining had cracked along several sections and that water was escaping into the surrounding soil. Repairs were completed before the autumn rains and have reduced losses noticeably.",
  leakage:
    "Leakage from the distribution network remains the largest single source of waste. The utility estimates that a quarter of the water it treats never reaches a customer, a figure close to the national average but well above the best performing utilities in the region. A programme to replace the oldest cast iron mains will begin next year.",
  quality:
    "Water quality met the national standards at every treatment works throughout the year. The number of customer complaints about taste and colour fell for the third year running, which the utility attributes to the new filters installed at the river intake. Complaints about low pressure rose during the rationing period and fell again once it ended.",
  finances:
    "Financial results were weaker than in the previous year. Revenue fell with demand while the cost of electricity for pumping rose sharply, and the utility drew on its reserves to complete the aqueduct repairs. The board has asked the regulator to approve a modest increase in tariffs from the start of the next financial year.",
  committee:
    "The committee that reviewed the drought response concluded that the drainage scheme for the eastern suburbs would need a second pumping station before the winter floods could be handled safely. It also recommended that the early warning system be extended to the smaller rivers, where flash floods have caused most of the damage in recent years.",
  staff:
    "Staff numbers were stable, although the utility found it hard to recruit qualified engineers for its rural depots. A new apprenticeship scheme, run with the technical college in the capital, took on its first group of trainees in September. The board expects the scheme to fill most of the vacancies within three years.",
  outlook:
    "Looking ahead, the utility expects demand to return to its earlier level once the reservoirs have recovered. It will keep the higher tariff for heavy users, which proved effective at reducing waste, and it will publish monthly figures on reservoir levels and leakage so that customers can follow progress.",
  contact:
    "Customers can report leaks, low pressure or problems with the quality of their water by telephone at any hour. Reports are passed to the nearest depot, which aims to send a team within four hours for a burst main and within two working days for a minor leak.",
};

// ---------------------------------------------------------------------------------------------
// 1. Three columns

const FEDERAL_REGISTER_COLUMNS: string[][] = [
  [
    "The Environmental Protection Agency is amending the monitoring requirements that apply to small public water systems. The amendments respond to comments received during the sixty-day period that followed publication of the proposed rule. Most commenters supported the goal of earlier detection but asked for more time to comply.",
    "Several rural utilities described the cost of new sampling equipment as their main obstacle. The Agency has weighed these concerns against the health benefits of finding contamination sooner.",
  ],
  [
    "Under the final rule, a system that serves fewer than three thousand people must collect one sample each quarter at the point of entry to the distribution network. Systems with a clean record for three consecutive years may reduce sampling to once a year. A State may grant a further waiver where the source water is protected by an approved wellhead plan.",
    "The Agency received no comments opposing the waiver provision itself.",
  ],
  [
    "Commenters from two States asked whether laboratory results reported by mail would still be accepted. The final rule allows paper reports until the end of the second compliance period, after which results must be submitted through the electronic reporting system.",
    "The Agency will provide training sessions and a help desk for operators who have not used the system before. Tribal water systems may submit results through the regional office that serves them.",
  ],
  [
    "The Agency estimates that the rule will affect about eleven thousand systems nationwide. Annual compliance costs are expected to average four hundred dollars per system, most of it for shipping samples to certified laboratories. These costs are below the threshold that would require a full regulatory flexibility analysis.",
  ],
  [
    "The rule does not impose an unfunded mandate on State, local or tribal governments. It contains no requirement that would fall mainly on any particular group of small governments. The information collection requirements have been approved under the Paperwork Reduction Act.",
  ],
  [
    "This rule takes effect ninety days after publication. Systems must begin quarterly sampling in the first full calendar quarter after that date. Questions about the rule may be sent to the Office of Ground Water and Drinking Water by electronic mail or by telephone during business hours.",
  ],
];

async function makeThreeColumnPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const head = "Federal Register / Vol. 89, No. 112 / Monday, June 10, 2024 / Rules and Regulations";
  const headStyle = { font: pdf.fonts.timesBold, size: 8 };
  const columns = columnBoxes(3, 48, 564, 12);
  for (let p = 0; p < 2; p++) {
    const { page, n } = pdf.addPage();
    const folio = String(49212 + n);
    if (n % 2 === 1) {
      drawLine(page, head, 48, 754, headStyle);
      drawRightAligned(page, folio, 564, 754, headStyle);
    } else {
      drawLine(page, folio, 48, 754, headStyle);
      drawRightAligned(page, head, 564, 754, headStyle);
    }
    page.drawLine({ start: { x: 48, y: 748 }, end: { x: 564, y: 748 }, thickness: 0.5 });
    columns.forEach((column, i) => {
      flowParagraphs(
        page,
        FEDERAL_REGISTER_COLUMNS[p * 3 + i] ?? [],
        { ...column, font: pdf.fonts.times, size: 10, leading: 11.5, indent: 10 },
        730,
        0,
      );
    });
  }
  return pdf.save();
}

describe("three columns of prose (Federal Register)", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("three-columns.pdf", await makeThreeColumnPdf());
  });

  it("GIVEN three justified columns on two pages THEN each column is read whole, column 1, 2, 3 of page 1, then of page 2", () => {
    expectInOrder(
      doc,
      FEDERAL_REGISTER_COLUMNS.map((column) => column.join(" ")),
    );
  });

  it("GIVEN narrow gutters between justified columns THEN no paragraph is taken for a table", () => {
    expect(doc.paragraphs.filter((p) => p.table !== null)).toEqual([]);
    expect(doc.text).not.toContain(" | ");
  });

  it("GIVEN three columns on both pages THEN both pages are multi-column", () => {
    expect(stats(doc).multiColumnPages).toEqual([1, 2]);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. A full-width code listing between two bands of two columns

const BANDS = {
  leftAbove:
    "The gauge readings arrive as comma separated files, one per station and month. Each file holds the date, the water level in centimetres and a quality flag set by the field technician. Files from older loggers use a different date format and must be converted first.",
  rightAbove:
    "Readings are compared with the level expected from the rating curve of the station. A reading that differs from the expected level by more than five percent is flagged for review. The function below loads a range of readings and marks the doubtful ones.",
  leftBelow:
    "The tolerance can be raised for stations on tidal reaches, where the expected level changes quickly. Flagged readings are not deleted, because a sudden rise can be a real flood rather than a sensor fault.",
  rightBelow:
    "Weekly summaries are sent to the regional office every Monday morning. A summary lists the number of readings received, the number flagged and the days on which a logger failed to report.",
};

const LISTING: [number, string][] = [
  [0, "def flag_readings(path, station_id, start_day, end_day, tolerance=0.05):"],
  [4, "readings = [r for r in read_csv(path) if r.station == station_id]"],
  [4, "readings = [r for r in readings if start_day <= r.day <= end_day]"],
  [4, "flagged = [r for r in readings if abs(r.level - r.expected) > tolerance]"],
  [4, 'return summarize(readings, flagged, group_by="week", include_missing=True)'],
];

async function makeListingPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const { page } = pdf.addPage();
  const [left, right] = columnBoxes(2, 72, 540, 24);
  const box = (c: { x: number; width: number } | undefined): ColumnBox => ({
    x: c?.x ?? 0,
    width: c?.width ?? 0,
    font: pdf.fonts.times,
    size: 10,
    leading: 12,
  });
  page.drawText("3.2 Flagging doubtful readings", { x: 72, y: 730, size: 12, font: pdf.fonts.helveticaBold });
  const aboveEnd = Math.min(flowParagraph(page, BANDS.leftAbove, box(left), 708), flowParagraph(page, BANDS.rightAbove, box(right), 708));
  let y = aboveEnd - 10;
  for (const [indent, code] of LISTING) {
    page.drawText(code, { x: 72 + indent * pdf.fonts.courier.widthOfTextAtSize(" ", 9), y, size: 9, font: pdf.fonts.courier });
    y -= 11;
  }
  flowParagraph(page, BANDS.leftBelow, box(left), y - 12);
  flowParagraph(page, BANDS.rightBelow, box(right), y - 12);
  return pdf.save();
}

describe("a full-width code listing across a two-column page", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("listing.pdf", await makeListingPdf());
  });

  it("GIVEN two columns above and below a listing THEN each column's sentences are read whole and the listing's lines are all there", () => {
    for (const text of Object.values(BANDS)) expect(flat(doc)).toContain(text);
    for (const [, code] of LISTING) expect(flat(doc)).toContain(norm(code));
  });

  it("GIVEN a band of two columns THEN its left column is read before its right column", () => {
    expectInOrder(doc, [BANDS.leftAbove, BANDS.rightAbove]);
    expectInOrder(doc, [BANDS.leftBelow, BANDS.rightBelow]);
  });

  it("GIVEN a listing between two bands THEN it is read after the upper band, line by line, and before the lower band", () => {
    expectInOrder(doc, [BANDS.rightAbove, ...LISTING.map(([, code]) => code), BANDS.leftBelow]);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. A boxed glossary beside the main column

const SIDEBAR_BODY = [
  "Most farms in the valley draw their water from wells drilled before the drought of the last decade. Many of those wells are now too shallow to reach the water table in late summer. Owners have responded by drilling deeper, which lowers the water table further for their neighbours.",
  "The district council has proposed a register of all wells, with a meter on each pump. Farmers who report their use would receive a share of the yearly allowance in proportion to their irrigated land. Those who do not report would lose their share after two seasons.",
  "Critics of the plan say that meters are expensive and easy to tamper with. The council replied that it will pay for the first meter on each farm and inspect a sample of them every spring.",
];
const GLOSSARY = [
  "Artesian well: a well in which water rises under its own pressure.",
  "Phreatic zone: saturated ground below the water table.",
  "Piezometer: a narrow tube that measures groundwater pressure.",
  "Vadose zone: unsaturated soil above the water table.",
];
const GLOSSARY_WORDS = ["Glossary", "Artesian", "Phreatic", "Piezometer", "Vadose"];

async function makeSidebarPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const { page } = pdf.addPage();
  page.drawText("Who owns the water under a farm?", { x: 72, y: 724, size: 14, font: pdf.fonts.helveticaBold });
  flowParagraphs(page, SIDEBAR_BODY, { x: 72, width: 300, font: pdf.fonts.times, size: 11, leading: 13.5, indent: 14 }, 700, 0);
  page.drawRectangle({
    x: 396,
    y: 528,
    width: 144,
    height: 144,
    color: rgb(0.92, 0.92, 0.92),
    borderColor: rgb(0, 0, 0),
    borderWidth: 0.75,
  });
  page.drawText("Glossary", { x: 404, y: 656, size: 9, font: pdf.fonts.helveticaBold });
  const gloss: ColumnBox = { x: 404, width: 128, font: pdf.fonts.helvetica, size: 8, leading: 9.6, justify: false };
  flowParagraphs(page, GLOSSARY, gloss, 642, 3);
  return pdf.save();
}

describe("a boxed glossary beside the main column", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("sidebar.pdf", await makeSidebarPdf());
  });

  it("GIVEN a glossary box beside body lines THEN every body sentence is read whole, with no glossary words inside", () => {
    for (const sentence of SIDEBAR_BODY.flatMap(sentencesOf)) expect(flat(doc)).toContain(sentence);
    const bodyParagraphs = doc.paragraphs.filter((p) => p.kind !== "sidebar").map((p) => doc.text.slice(p.start, p.end));
    for (const word of GLOSSARY_WORDS) for (const text of bodyParagraphs) expect(text).not.toContain(word);
  });

  it("GIVEN a glossary box THEN its paragraphs are marked as a sidebar", () => {
    const sidebar = doc.paragraphs.filter((p) => p.kind === "sidebar").map((p) => doc.text.slice(p.start, p.end).replace(/\s+/g, " "));
    for (const definition of GLOSSARY) expect(sidebar.join(" ")).toContain(definition);
  });

  it("GIVEN a glossary box THEN each definition is read whole, in paragraphs of its own", () => {
    for (const definition of GLOSSARY) expect(flat(doc)).toContain(definition);
    expect(mixedParagraphs(doc, GLOSSARY_WORDS, SIDEBAR_BODY)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. A rotated stamp in the left margin of a two-column page (arXiv)

const STAMP = "arXiv:2403.01234v2  [cs.CL]  14 Mar 2024";
const STAMP_WORDS = ["arXiv", "cs.CL", "14 Mar 2024"];
const PAPER_COLUMNS = [
  [
    "Question answering systems that quote their sources must find the exact passage that supports an answer. Long public reports make this hard, because the same topic is often discussed in several chapters with slightly different figures. We study how the layout of a report affects the passages that a retrieval system returns.",
    "Our experiments use a collection of annual reports from water utilities, each set in two columns with running heads, tables and footnotes. Each report was converted with three open source tools and with the reader described in this paper. Annotators marked the correct reading order of every page and the lines that belong to page furniture.",
    "Each page was then split into blocks by a simple rule: two lines belong to the same block when they overlap horizontally and the gap between them is no larger than one and a half times the usual line spacing. Blocks were ordered by column and then from top to bottom, and the resulting text was compared with the annotated order word by word.",
    "We measure accuracy at the level of sentences, because a quotation is useful only when it contains whole sentences in their original order. A sentence counts as correct when it appears in the extracted text without any words inserted from elsewhere on the page.",
  ],
  [
    "We find that errors in reading order are the most common cause of wrong quotations. When the two columns of a page are interleaved, a retrieved passage mixes half sentences from unrelated paragraphs. Removing running heads matters less for accuracy but makes quoted passages easier to read.",
    "A simple reading order model based on the gaps between blocks of text corrects most of these errors. The remaining errors occur on pages with sidebars and full page tables. We leave the handling of these layouts to future work and release our annotations with this paper.",
    "Running heads and page numbers were the second most common problem. They rarely break a sentence, but when a paragraph continues on the next page the head is inserted between its two halves, and a quotation that spans the break then contains the title of the report in the middle of a sentence.",
    "Tables caused fewer errors than we expected. Most tables in the collection have ruled borders and generous spacing between cells, and all of the readers we tested kept their rows intact. The exceptions were tables printed sideways on the page, which every reader returned as a list of single words.",
  ],
];

async function makeStampPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const { page } = pdf.addPage();
  drawCentred(page, "Verbatim Retrieval from Long Public Reports", PAGE_WIDTH / 2, 716, { font: pdf.fonts.timesBold, size: 16 });
  drawCentred(page, "Anna Kowalski and Tomas Brandt", PAGE_WIDTH / 2, 692, { font: pdf.fonts.times, size: 11 });
  columnBoxes(2, 54, 558, 24).forEach((column, i) => {
    flowParagraphs(page, PAPER_COLUMNS[i] ?? [], { ...column, font: pdf.fonts.times, size: 10, leading: 12, indent: 10 }, 660, 0);
  });
  page.drawText(STAMP, { x: 38, y: 360, size: 20, font: pdf.fonts.times, rotate: degrees(90), color: rgb(0.5, 0.5, 0.5) });
  return pdf.save();
}

describe("a rotated stamp in the margin of a two-column page", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("stamp.pdf", await makeStampPdf());
  });

  it("GIVEN a stamp running up the left margin THEN each column is read whole, left then right, with no stamp words inside", () => {
    expectInOrder(
      doc,
      PAPER_COLUMNS.map((column) => column.join(" ")),
    );
    expect(mixedParagraphs(doc, STAMP_WORDS, PAPER_COLUMNS.flat())).toEqual([]);
  });

  it("GIVEN two columns and a margin stamp THEN the page is multi-column", () => {
    expect(stats(doc).multiColumnPages).toEqual([1]);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Running heads that alternate between even and odd pages (a book, pages numbered from 23)

const BOOK_TITLE = "A SHORT HISTORY OF MAPMAKING";
const CHAPTER_TITLE = "SURVEYING THE COAST";
const BOOK_FIRST_PAGE = 23;

async function makeAlternatingHeadsPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const head = { font: pdf.fonts.times, size: 9 };
  for (let i = 0; i < 6; i++) {
    const { page } = pdf.addPage();
    const printed = BOOK_FIRST_PAGE + i;
    if (printed % 2 === 0) {
      drawLine(page, String(printed), 72, 744, head);
      drawCentred(page, BOOK_TITLE, PAGE_WIDTH / 2, 744, head);
    } else {
      drawCentred(page, CHAPTER_TITLE, PAGE_WIDTH / 2, 744, head);
      drawRightAligned(page, String(printed), 540, 744, head);
    }
    flowParagraphs(page, HISTORY.slice(2 * i, 2 * i + 2), singleColumn(pdf, { indent: 18 }), 700, 0);
  }
  setPageLabels(pdf.doc, [[0, "D", BOOK_FIRST_PAGE]]);
  return pdf.save();
}

describe("running heads alternating between even and odd pages", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("alternating-heads.pdf", await makeAlternatingHeadsPdf());
  });

  it("GIVEN book title heads on even pages and chapter heads on odd pages THEN neither head nor page number is in the text", () => {
    expect(doc.text).not.toContain(BOOK_TITLE);
    expect(doc.text).not.toContain(CHAPTER_TITLE);
    expect(doc.text).not.toMatch(/\d/);
  });

  it("GIVEN alternating heads THEN removed lists each page's head and page number on that page (viewer numbering)", () => {
    for (let n = 1; n <= 6; n++) {
      const printed = BOOK_FIRST_PAGE + n - 1;
      const removed = removedOn(doc, n);
      expect(removed).toContain(printed % 2 === 0 ? BOOK_TITLE : CHAPTER_TITLE);
      expect(removed.split(" ")).toContain(String(printed));
    }
  });

  it("GIVEN alternating heads THEN the body text is all there, in order", () => {
    expectInOrder(doc, HISTORY);
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Heads that change with the section, page number in the head (a mathematics textbook)

const SECTIONS = [
  { head: "1.1. TOPOLOGICAL SPACES", heading: "1.1 Topological Spaces", pages: [1, 2, 3] },
  { head: "1.2. CONTINUOUS MAPS", heading: "1.2 Continuous Maps", pages: [4, 5] },
  { head: "1.3. COMPACT SPACES", heading: "1.3 Compact Spaces", pages: [6, 7] },
];
const TOPOLOGY = [
  "A topology on a set is a collection of subsets, called open sets, that contains the empty set and the whole set and is closed under arbitrary unions and finite intersections. The definition is deliberately weak. It keeps only the properties of open intervals on the real line that are needed to speak of nearness without speaking of distance.",
  "Every metric space carries a natural topology, in which a set is open when it contains a small ball around each of its points. Different metrics can produce the same open sets, and it is often the topology rather than the metric that matters. A space whose topology comes from some metric is called metrizable.",
  "The discrete topology, in which every subset is open, and the indiscrete topology, in which only the empty set and the whole set are open, are the two extremes. Neither is interesting in itself, but both are useful as sources of counterexamples. A statement that fails for one of them usually depends on a hidden assumption.",
  "A map between topological spaces is continuous when the preimage of every open set is open. For metric spaces this agrees with the familiar definition by epsilon and delta, but the new form makes no reference to distance at all. It also makes plain that continuity depends on the topologies chosen on both sides.",
  "A continuous bijection need not have a continuous inverse. When it does, the map is called a homeomorphism and the two spaces are regarded as the same for the purposes of topology. A coffee cup and a ring are the standard example, since one can be deformed into the other without cutting or gluing.",
  "A space is compact when every cover of it by open sets has a finite subcover. On the real line this is equivalent to being closed and bounded, a result that explains why continuous functions on closed intervals attain their maximum. In general spaces the definition by open covers is the one that survives.",
  "Compactness is preserved by continuous maps and by products, the latter being the content of a theorem that depends on the axiom of choice. These two facts account for most of its uses. A continuous real function on a compact space is bounded, and a continuous bijection from a compact space onto a Hausdorff space is a homeomorphism.",
];

const sectionOf = (n: number) => SECTIONS.find((s) => s.pages.includes(n)) ?? defined(SECTIONS[0]);

async function makeSectionHeadsPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const head = { font: pdf.fonts.timesItalic, size: 10 };
  const body = singleColumn(pdf, { x: 108, width: 396, indent: 16 });
  TOPOLOGY.forEach((paragraph) => {
    const { page, n } = pdf.addPage();
    const section = sectionOf(n);
    if (n % 2 === 1) {
      drawLine(page, section.head, 108, 740, head);
      drawRightAligned(page, String(n), 504, 740, head);
    } else {
      drawLine(page, String(n), 108, 740, head);
      drawRightAligned(page, section.head, 504, 740, head);
    }
    let y = 700;
    if (section.pages[0] === n) {
      page.drawText(section.heading, { x: 108, y, size: 12, font: pdf.fonts.timesBold });
      y -= 24;
    }
    flowParagraph(page, paragraph, body, y);
  });
  return pdf.save();
}

describe("running heads that change with the section", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("section-heads.pdf", await makeSectionHeadsPdf());
  });

  it("GIVEN a head naming the current section, with the page number, THEN no head and no page number is in the text", () => {
    for (const section of SECTIONS) expect(doc.text).not.toContain(section.head.split(" ").slice(1).join(" "));
    const tokens = flat(doc).split(" ");
    for (let n = 1; n <= 7; n++) expect(tokens).not.toContain(String(n));
  });

  it("GIVEN section heads THEN removed lists each page's head and page number on that page", () => {
    for (let n = 1; n <= 7; n++) {
      const removed = removedOn(doc, n);
      expect(removed).toContain(sectionOf(n).head);
      expect(removed.split(" ")).toContain(String(n));
    }
  });

  it("GIVEN section headings in the body that the heads repeat THEN the headings are kept as paragraphs of their own and the body is all there", () => {
    for (const section of SECTIONS) expect(paragraphTexts(doc)).toContain(section.heading);
    expectInOrder(doc, TOPOLOGY);
  });
});

// ---------------------------------------------------------------------------------------------
// 7. A footer with a year before the page number

const COPYRIGHT = [
  "The Digital Millennium Copyright Act was signed into law after several years of negotiation between the owners of copyrighted works and the companies that build the networks on which those works are shared. The Act implements two international treaties and adds several new sections to the copyright law.",
  "Title one of the Act prohibits the circumvention of technological measures that control access to protected works. It also prohibits the manufacture and sale of devices whose main purpose is to defeat such measures. The prohibitions are subject to a number of exceptions, for example for libraries deciding whether to acquire a work and for research into encryption.",
  "Title two creates limitations on the liability of online service providers. A provider that merely transmits material at the request of its users is not liable for infringement in that material, provided it meets certain conditions. A provider that hosts material must remove it promptly after receiving a proper notice from the owner of the copyright.",
  "The Act also requires the Register of Copyrights to report to the Congress on the effect of the new rules on distance education. That report is to be prepared after consultation with libraries, schools, publishers and other interested parties, and it is expected to recommend changes to the law where they are needed.",
];
const COPYRIGHT_FOOTER = (n: number) => `Copyright Office Summary December 1998 Page ${n}`;

async function makeYearFooterPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  COPYRIGHT.forEach((paragraph) => {
    const { page, n } = pdf.addPage();
    flowParagraph(page, paragraph, singleColumn(pdf), 700);
    drawCentred(page, COPYRIGHT_FOOTER(n), PAGE_WIDTH / 2, 36, footerStyle(pdf));
  });
  return pdf.save();
}

describe("a footer with a year before the page number", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("year-footer.pdf", await makeYearFooterPdf());
  });

  it("GIVEN 'Copyright Office Summary December 1998 Page N' on every page THEN none of it is in the text", () => {
    expect(doc.text).not.toContain("Copyright Office Summary");
    expect(doc.text).not.toContain("December 1998");
    expect(doc.text).not.toMatch(/Page \d/);
  });

  it("GIVEN the year footer THEN removed lists it on each page and the body is all there", () => {
    for (let n = 1; n <= COPYRIGHT.length; n++) expect(removedOn(doc, n)).toContain(COPYRIGHT_FOOTER(n));
    expectInOrder(doc, COPYRIGHT);
  });
});

// ---------------------------------------------------------------------------------------------
// 8. A running head whose height drifts by a few points from page to page

const DRIFTING_HEAD = "The Cartographic Review, Volume Seven";
const HEAD_HEIGHTS = [748, 751, 746, 750, 747, 752];

async function makeDriftingHeadPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  HEAD_HEIGHTS.forEach((y, i) => {
    const { page, n } = pdf.addPage();
    drawCentred(page, DRIFTING_HEAD, PAGE_WIDTH / 2, y, { font: pdf.fonts.timesItalic, size: 9 });
    flowParagraphs(page, HISTORY.slice(2 * i, 2 * i + 2), singleColumn(pdf), 700);
    drawCentred(page, String(n), PAGE_WIDTH / 2, 40, footerStyle(pdf));
  });
  return pdf.save();
}

describe("a running head drawn at slightly different heights", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("drifting-head.pdf", await makeDriftingHeadPdf());
  });

  it("GIVEN the same head at 746–752 pt THEN it is not in the text and removed lists it on every page", () => {
    expect(doc.text).not.toContain("Cartographic Review");
    for (let n = 1; n <= HEAD_HEIGHTS.length; n++) expect(removedOn(doc, n)).toContain(DRIFTING_HEAD);
  });

  it("GIVEN a drifting head THEN the body is all there, in order", () => {
    expectInOrder(doc, HISTORY);
    expect(doc.text).not.toMatch(/\d/);
  });
});

// ---------------------------------------------------------------------------------------------
// 9. Text drawn twice: fake bold headings and a repeated body line

const OVERPRINT = {
  heading: "HOW BIG IS THE PROBLEM?",
  first:
    "Nobody knows exactly how many wells in the region are contaminated. The last full survey tested fewer than a third of them, and its results were never published in full. Estimates from the health ministry range from one well in twenty to one in five, depending on the district and the season in which the samples were taken.",
  heading2: "WHO IS AFFECTED?",
  second:
    "Families who depend on private wells are most at risk, because no agency tests their water unless they ask for it. Young children and pregnant women are the most vulnerable to nitrate, which farms spread on their fields every spring.",
};
let overprintedLine = "";

async function makeOverprintPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const { page } = pdf.addPage();
  const bold = { font: pdf.fonts.helveticaBold, size: 13 };
  const body = singleColumn(pdf);
  drawOverprinted(page, OVERPRINT.heading, 72, 700, bold, [
    [0, 0],
    [0.4, 0],
  ]);
  const lines = paragraphLines(OVERPRINT.first, body);
  const after = drawLines(page, lines, body, 676);
  // The second line once more, at the very same place.
  overprintedLine = lines[1] ?? "";
  drawLines(page, [overprintedLine], body, 676 - body.leading, { starts: false, ends: lines.length === 2 });
  drawOverprinted(page, OVERPRINT.heading2, 72, after - 18, bold, [
    [0, 0],
    [0.3, 0],
    [0.3, 0.3],
    [0, 0.3],
  ]);
  flowParagraph(page, OVERPRINT.second, body, after - 42);
  return pdf.save();
}

describe("overprinted text", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("overprint.pdf", await makeOverprintPdf());
  });

  it("GIVEN a heading drawn twice, 0.4 pt apart, THEN it is read once", () => {
    expect(flat(doc)).toContain(OVERPRINT.heading);
    expect(occurrences(flat(doc), "HOW")).toBe(1);
    expect(occurrences(flat(doc), "BIG")).toBe(1);
  });

  it("GIVEN a heading drawn four times around a point THEN it is read once", () => {
    expect(flat(doc)).toContain(OVERPRINT.heading2);
    expect(occurrences(flat(doc), "WHO")).toBe(1);
  });

  it("GIVEN a body line drawn twice at the same place THEN the paragraph reads as printed, that line once", () => {
    expect(overprintedLine.split(" ").length).toBeGreaterThan(5);
    expect(flat(doc)).toContain(OVERPRINT.first);
    expect(occurrences(flat(doc), overprintedLine)).toBe(1);
  });

  it("GIVEN overprinted headings above paragraphs THEN the page reads as two headings, each followed by its paragraph", () => {
    expect(paragraphTexts(doc)).toEqual([OVERPRINT.heading, OVERPRINT.first, OVERPRINT.heading2, OVERPRINT.second]);
  });
});

// ---------------------------------------------------------------------------------------------
// 10. Endnote pages at the end of a report

const NOTE_SOURCES = [
  "Ministry of Water Resources, Annual Statistical Bulletin",
  "World Health Organization, Guidelines for Drinking-water Quality",
  "L. Moreau, Groundwater and the Law",
  "K. Tanaka and R. Osei, Arsenic in Delta Aquifers",
  "Regional Audit Office, Report on Rural Water Supply",
  "P. Lindqvist, The Cost of Clean Water",
  "National Statistics Bureau, Household Survey of Water and Sanitation",
  "A. Ferreira, Nitrate Pollution and Farm Policy",
  "Provincial Health Department, Survey of Private Wells",
  "M. Okafor, Pumps, Pipes and Politics",
  "United Nations Children's Fund, Water in Schools",
  "J. Novak, Leakage Control in Old Networks",
  "Development Bank, Utility Performance Review",
];
const NOTE_PLACES = ["Geneva", "Dhaka", "London", "Nairobi", "Lisbon", "Hanoi", "Ottawa", "Lima"];
const NOTE_DISTRICTS = ["northern", "coastal", "eastern", "hill", "delta", "border"];

/** Endnote `i` (1-based) without its number: a source, sometimes with a remark long enough to wrap. */
function endnote(i: number): string {
  const source = NOTE_SOURCES[i % NOTE_SOURCES.length] ?? "";
  const year = 1996 + ((i * 7) % 27);
  const district = NOTE_DISTRICTS[i % NOTE_DISTRICTS.length] ?? "";
  const remarks = [
    "",
    ` Figures for the ${district} district were revised in a later edition and differ from those given here.`,
    ` The ${district} district is reported together with its neighbours until ${year + 2}.`,
    ` See also the discussion of the ${district} district in chapter ${(i % 5) + 2} of the same work.`,
  ];
  return `${source} (${NOTE_PLACES[(i * 3) % NOTE_PLACES.length] ?? ""}, ${year}), p. ${3 + ((i * 37) % 280)}.${remarks[i % 4] ?? ""}`;
}
const ENDNOTE_COUNT = 72;
if (new Set(Array.from({ length: ENDNOTE_COUNT }, (_, i) => endnote(i + 1))).size !== ENDNOTE_COUNT)
  throw new Error("endnotes must differ");
/** Page each endnote is printed on, by note number. */
const endnotePages = new Map<number, number>();
let endnotePageCount = 0;

async function makeEndnotesPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const body = singleColumn(pdf);
  const pageNumber = (p: { page: PDFPage; n: number }) => drawCentred(p.page, String(p.n), PAGE_WIDTH / 2, 40, footerStyle(pdf));
  for (const paragraphs of [
    [REPORT.aqueduct, REPORT.leakage],
    [REPORT.quality, REPORT.finances],
  ]) {
    const p = pdf.addPage();
    flowParagraphs(p.page, paragraphs, body, 700);
    pageNumber(p);
  }
  const note: ColumnBox = { x: 86, width: 454, font: pdf.fonts.times, size: 8.5, leading: 10, justify: false };
  let current = pdf.addPage();
  pageNumber(current);
  current.page.drawText("Notes", { x: 72, y: 716, size: 12, font: pdf.fonts.timesBold });
  let y = 696;
  for (let i = 1; i <= ENDNOTE_COUNT; i++) {
    const lines = wrapText(endnote(i), note.font, note.size, note.width);
    if (y - (lines.length - 1) * note.leading < 72) {
      current = pdf.addPage();
      pageNumber(current);
      y = 716;
    }
    drawLine(current.page, String(i), 72, y, note);
    y = drawLines(current.page, lines, note, y) - 1.5;
    endnotePages.set(i, current.n);
  }
  endnotePageCount = current.n;
  return pdf.save();
}

describe("endnote pages at the end of a report", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("endnotes.pdf", await makeEndnotesPdf());
  });

  it("GIVEN three pages of 8.5 pt endnotes THEN every endnote is in the text, with its number", () => {
    expect(new Set(endnotePages.values())).toEqual(new Set([3, 4, 5]));
    for (let i = 1; i <= ENDNOTE_COUNT; i++) expect(offsetOf(doc, `${i} ${endnote(i)}`), `note ${i}`).toBeGreaterThanOrEqual(0);
  });

  it("GIVEN endnote pages THEN each endnote's text is on the page it is printed on", () => {
    const pages = [...endnotePages].map(([i]) => pageAt(doc, offsetOf(doc, endnote(i))));
    expect(pages).toEqual([...endnotePages.values()]);
  });

  it("GIVEN endnote pages with no body text THEN no page of the document is empty", () => {
    expect(doc.pages).toHaveLength(endnotePageCount);
    for (const page of doc.pages) expect(page.start, `page ${page.n}`).toBeLessThan(page.end);
    expect(flat(doc)).toContain(REPORT.finances);
  });
});

// ---------------------------------------------------------------------------------------------
// 11. A page whose font has no usable character map

const HAS_GARBAGE = /[\p{Co}\p{Cc}]/u;

async function makeUnmappedFontPdf(onlyGarbled: boolean): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const body = singleColumn(pdf);
  const garbledLines = wrapText(REPORT.outlook, pdf.fonts.helvetica, 11, 468);
  if (onlyGarbled) {
    drawUnmappedText(pdf, pdf.addPage().page, garbledLines, 72, 700, 11, 14);
    return pdf.save();
  }
  for (const content of [REPORT.staff, null, REPORT.contact]) {
    const { page, n } = pdf.addPage();
    if (content === null) drawUnmappedText(pdf, page, garbledLines, 72, 700, 11, 14);
    else flowParagraph(page, content, body, 700);
    drawCentred(page, String(n), PAGE_WIDTH / 2, 40, footerStyle(pdf));
  }
  return pdf.save();
}

describe("a page whose font has no usable character map", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("unmapped-font.pdf", await makeUnmappedFontPdf(false));
  });

  it("GIVEN page 2 set in a font whose ToUnicode map gives private-use characters THEN page 2 is unreadable and a warning names it", () => {
    expect(stats(doc).unreadablePages).toEqual([2]);
    expect(stats(doc).warnings.some((w) => /\bpage 2 of 3\b/.test(w))).toBe(true);
  });

  it("GIVEN a garbled page THEN no private-use or control character reaches the text", () => {
    expect(HAS_GARBAGE.test(doc.text.replace(/\n/g, ""))).toBe(false);
  });

  it("GIVEN a garbled page between two good ones THEN the good pages are read, on their pages", () => {
    expect(flat(doc)).toContain(REPORT.staff);
    expect(flat(doc)).toContain(REPORT.contact);
    expect(pageAt(doc, offsetOf(doc, REPORT.staff))).toBe(1);
    expect(pageAt(doc, offsetOf(doc, REPORT.contact))).toBe(3);
  });

  it("GIVEN the file in a corpus THEN indexing warns once, naming the file and the page, and the report lists the page", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(join(dir.path, "corpus"), { "garbled.pdf": await makeUnmappedFontPdf(false) });
      const logger = memoryLogger();
      const engine = await openEngine(testConfig(dir.path, { EMBED_MODEL: "none" }), logger);
      const warnings = logger.lines.filter((l) => l.startsWith("warning: ") && l.includes("unreadable"));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/garbled\.pdf: page 2 of 3 /);
      const report = extractionReport([...engine.index.documents.values()], engine.index.manifest);
      expect(report).toContain("  unreadable pages (not indexed): 2");
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a PDF whose only page is garbled THEN reading it fails with a coded error", async () => {
    const error = await parsePdf("garbled.pdf", await makeUnmappedFontPdf(true), { title: "G", source: null, url: null }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(CitebotError);
    expect(["PDF_NO_TEXT", "PDF_UNREADABLE"]).toContain((error as CitebotError).code);
  });
});

// ---------------------------------------------------------------------------------------------
// 12. A footer between the two halves of a sentence cut by a page break

const BREAK_FOOTER = (n: number) => `Annual Report 2023 \u2014 page ${n}`;
const CUT_SENTENCE = sentencesOf(REPORT.committee)[0] ?? "";

async function makeFooterBreakPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const body = singleColumn(pdf);
  const gap = 7;
  const footer = (p: { page: PDFPage; n: number }) => drawLine(p.page, BREAK_FOOTER(p.n), 72, 40, { font: pdf.fonts.helvetica, size: 8 });
  const committee = paragraphLines(REPORT.committee, body);
  // Page 1 ends after the first line of the committee paragraph, inside its first sentence.
  const cut = 1;
  if (norm(committee.slice(0, cut).join(" ")).length >= CUT_SENTENCE.length) throw new Error("the cut must fall inside the sentence");
  const before = [REPORT.reservoirs, REPORT.demand].map((t) => paragraphLines(t, body));
  const lineCount = before.reduce((n, l) => n + l.length, 0) + cut;
  // Page 1: a title and a figure, then body text down to the bottom margin.
  const p1 = pdf.addPage();
  let y = 96 + (lineCount - 1) * body.leading + before.length * gap;
  p1.page.drawText("Review of the Year", { x: 72, y: 720, size: 16, font: pdf.fonts.helveticaBold });
  p1.page.drawRectangle({ x: 72, y: y + 40, width: 468, height: 690 - (y + 40), borderColor: rgb(0.3, 0.3, 0.3), borderWidth: 0.75 });
  p1.page.drawText("Figure 1. Storage in the northern reservoirs at the end of each month", {
    x: 72,
    y: y + 24,
    size: 9,
    font: pdf.fonts.helvetica,
  });
  for (const lines of before) y = drawLines(p1.page, lines, body, y) - gap;
  drawLines(p1.page, committee.slice(0, cut), body, y, { starts: true, ends: false });
  footer(p1);
  // Page 2: the rest of the paragraph, then two more.
  const p2 = pdf.addPage();
  y = drawLines(p2.page, committee.slice(cut), body, 700, { starts: false, ends: true }) - gap;
  flowParagraphs(p2.page, [REPORT.aqueduct, REPORT.leakage], body, y, gap);
  footer(p2);
  // Page 3: a new section.
  const p3 = pdf.addPage();
  p3.page.drawText("Finances", { x: 72, y: 700, size: 12, font: pdf.fonts.helveticaBold });
  flowParagraphs(p3.page, [REPORT.finances, REPORT.outlook], body, 678, gap);
  footer(p3);
  return pdf.save();
}

describe("a footer between the halves of a sentence cut by a page break", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("footer-break.pdf", await makeFooterBreakPdf());
  });

  it("GIVEN a sentence that runs from page 1 to page 2 over the footer THEN it is read whole, with no footer words inside", () => {
    expect(flat(doc)).toContain(CUT_SENTENCE);
    expect(flat(doc)).toContain(REPORT.committee);
  });

  it("GIVEN the cut sentence THEN it starts on page 1 and its end is on page 2", () => {
    const start = offsetOf(doc, CUT_SENTENCE);
    expect(pageAt(doc, start)).toBe(1);
    expect(pageAt(doc, offsetOf(doc, "floods could be handled safely."))).toBe(2);
  });

  it("GIVEN 'Annual Report 2023 — page N' on every page THEN it is not in the text", () => {
    expect(doc.text).not.toContain("Annual Report");
    expect(doc.text).not.toMatch(/page \d/);
    for (let n = 1; n <= 3; n++) expect(removedOn(doc, n)).toContain(BREAK_FOOTER(n));
  });
});

// ---------------------------------------------------------------------------------------------
// Negative: what looks repeated but is body text, and a real table

const BULLETIN: string[][] = [
  [
    "In 2019 the survey team visited 41 villages in the district and sampled every public well that they could find. Most of the wells were hand pumps installed by aid agencies, and about a third of them were out of order on the day of the visit. Broken pumps were recorded but not sampled.",
    "Samples were kept cool and delivered to the district laboratory within two days. The laboratory tested each sample for nitrate, arsenic and bacteria, and repeated any test whose result was close to the legal limit.",
  ],
  [
    "In 2020 the survey team visited 57 villages in the district and sampled every public well that they could find. This year the team carried portable test kits, so that villagers could be told the result before the team left. Wells that failed the test were marked with a red band around the pump handle.",
    "The number of unsafe wells fell in every district except the south, where new wells had been drilled close to latrines. The district office has since published guidance on the minimum distance between a well and a latrine.",
  ],
  [
    "In 2021 the survey team visited 63 villages in the district and sampled every public well that they could find. Heavy rain in the spring made several roads impassable, and the team reached the hill villages only in the autumn. Results from those villages are therefore not comparable with earlier years.",
    "The bulletin will be published again next year with results for the hill villages. Readers who wish to receive the full data set may write to the district office.",
  ],
];
const TABLE = [
  ["District", "Wells", "Tested", "Unsafe"],
  ["North", "412", "120", "31"],
  ["East", "388", "97", "12"],
  ["South", "505", "143", "40"],
  ["West", "276", "88", "9"],
];
let bulletinFirstLines: string[] = [];

async function makeBulletinPdf(): Promise<Uint8Array> {
  const pdf = await createLayoutPdf();
  const body = singleColumn(pdf);
  bulletinFirstLines = [];
  BULLETIN.forEach(([first = "", second = ""], i) => {
    const { page, n } = pdf.addPage();
    drawLine(page, "Groundwater Bulletin", 72, 750, { font: pdf.fonts.helvetica, size: 8 });
    drawCentred(page, String(n), PAGE_WIDTH / 2, 40, footerStyle(pdf));
    bulletinFirstLines.push(paragraphLines(first, body)[0] ?? "");
    let y = flowParagraph(page, first, body, 700) - 7;
    if (i === 1) {
      page.drawText("Table 1. Wells tested in 2020, by district", { x: 72, y: y - 6, size: 9, font: pdf.fonts.helveticaBold });
      y -= 24;
      for (const row of TABLE) {
        row.forEach((cell, c) => page.drawText(cell, { x: 72 + c * 100, y, size: 10, font: pdf.fonts.helvetica }));
        y -= 13;
      }
      y -= 12;
    }
    flowParagraph(page, second, body, y);
  });
  return pdf.save();
}

describe("body text that looks repeated, and a real table", () => {
  let doc: SourceDocument;
  beforeAll(async () => {
    doc = await read("bulletin.pdf", await makeBulletinPdf());
  });

  it("GIVEN paragraphs at the top of each page whose first lines differ only in their numbers THEN they are all kept whole", () => {
    expect(new Set(bulletinFirstLines.map((l) => l.replace(/\d+/g, "#"))).size).toBe(1);
    expectInOrder(doc, BULLETIN.flat());
  });

  it("GIVEN a four-column table of short cells THEN it is a table paragraph, cells joined by ' | ', one row per line", () => {
    const tables = doc.paragraphs.filter((p) => p.table !== null);
    expect(tables.map((p) => doc.text.slice(p.start, p.end))).toEqual([TABLE.map((row) => row.join(" | ")).join("\n")]);
    expect(tables[0]?.table).toEqual({ header: "District | Wells | Tested | Unsafe" });
  });
});
