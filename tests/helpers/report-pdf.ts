/**
 * Lays out a report the way NGO reports are set: two columns, a running header, page numbers,
 * front matter with roman page labels, headings, footnotes, words hyphenated at line ends, and
 * tables that run on from one page to the next. Records where each sentence and table row
 * starts, so tests and the PDF evaluation can check the pages Citebot cites.
 */
import { PDFDocument, StandardFonts, type PDFFont, type PDFPage } from "pdf-lib";
import { setPageLabels } from "./pdf.js";

export type ReportBlock =
  | { kind: "heading"; text: string }
  /** A footnote's marker follows `afterWord`, the second word of the first sentence. */
  | { kind: "paragraph"; sentences: string[]; footnote?: { afterWord: string; text: string } }
  | { kind: "table"; header: string[]; rows: string[][] };

export interface ReportSpec {
  title: string;
  runningHeader: string;
  /** Pages before page 1 of the numbering (labelled i, ii, …). */
  frontPages: number;
  columns: 1 | 2;
  blocks: ReportBlock[];
}

export interface ReportPdf {
  bytes: Uint8Array;
  pages: number;
  /** Page (1-based, as a viewer counts) where each sentence of a paragraph starts. */
  sentencePages: Map<string, number>;
  /** Page where each table row (cells joined with " | ") stands. */
  rowPages: Map<string, number>;
}

const PAGE = { width: 612, height: 792, margin: 72, top: 710, bottom: 110, gutter: 24 };
const SIZE = 10;
const LEADING = SIZE * 1.35;

interface Cursor {
  page: PDFPage;
  pageIndex: number;
  column: number;
  y: number;
  footnoteY: number;
}

/** Builds the report and its ground truth. */
export async function makeReportPdf(spec: ReportSpec): Promise<ReportPdf> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const bold = await doc.embedFont(StandardFonts.HelveticaBold);
  const columnWidth = spec.columns === 2 ? (PAGE.width - 2 * PAGE.margin - PAGE.gutter) / 2 : PAGE.width - 2 * PAGE.margin;
  const sentencePages = new Map<string, number>();
  const rowPages = new Map<string, number>();

  // Front matter: a title page per front page, labelled in roman numerals.
  for (let i = 0; i < spec.frontPages; i++) {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    page.drawText(i === 0 ? spec.title : "Contents and acknowledgements", { x: PAGE.margin, y: 600, size: 20, font: bold });
  }

  const newPage = (): Cursor => {
    const page = doc.addPage([PAGE.width, PAGE.height]);
    const number = doc.getPageCount() - spec.frontPages;
    page.drawText(spec.runningHeader, { x: PAGE.margin, y: 750, size: 8, font });
    page.drawText(String(number), { x: PAGE.width / 2 - 4, y: 40, size: 8, font });
    return { page, pageIndex: doc.getPageCount(), column: 0, y: PAGE.top, footnoteY: 95 };
  };
  let cur = newPage();
  const x0 = () => PAGE.margin + cur.column * (columnWidth + PAGE.gutter);
  const advance = (height: number) => {
    if (cur.y - height >= PAGE.bottom) {
      cur.y -= height;
      return;
    }
    if (spec.columns === 2 && cur.column === 0) cur = { ...cur, column: 1, y: PAGE.top - height };
    else {
      cur = newPage();
      cur.y -= height;
    }
  };
  const width = (text: string, f: PDFFont = font, size = SIZE) => f.widthOfTextAtSize(text, size);

  for (const block of spec.blocks) {
    if (block.kind === "heading") {
      advance(LEADING * 2.2);
      cur.page.drawText(block.text, { x: x0(), y: cur.y, size: SIZE * 1.4, font: bold });
      continue;
    }
    if (block.kind === "table") {
      advance(LEADING * 0.8);
      const cellX = [0, columnWidth * 0.45, columnWidth * 0.72];
      [block.header, ...block.rows].forEach((cells) => {
        advance(LEADING);
        cells.forEach((cell, i) => cur.page.drawText(cell, { x: x0() + (cellX[i] ?? 0), y: cur.y, size: SIZE, font }));
        rowPages.set(cells.join(" | "), cur.pageIndex);
      });
      continue;
    }
    // A paragraph: words filled into lines; a long word that does not fit is hyphenated.
    advance(LEADING * 0.8);
    let line = "";
    let pending: string[] = [];
    // The footnote marker goes after the word at `wordIndex` of the line being filled.
    let marker: { wordIndex: number; text: string } | null = null;
    const flush = () => {
      advance(LEADING);
      if (marker) {
        // Text up to the marked word, the raised marker, then the rest: as typesetters emit it.
        const head = line
          .split(" ")
          .slice(0, marker.wordIndex + 1)
          .join(" ");
        const mx = x0() + width(head);
        cur.page.drawText(head, { x: x0(), y: cur.y, size: SIZE, font });
        cur.page.drawText("1", { x: mx + 0.3, y: cur.y + SIZE * 0.4, size: SIZE * 0.6, font });
        cur.page.drawText(line.slice(head.length + 1), { x: mx + width(" ") + 3, y: cur.y, size: SIZE, font });
        cur.page.drawText(`1 ${marker.text}`, { x: x0(), y: cur.footnoteY, size: 7, font });
        cur.footnoteY -= 9;
        marker = null;
      } else {
        cur.page.drawText(line, { x: x0(), y: cur.y, size: SIZE, font });
      }
      for (const sentence of pending) sentencePages.set(sentence, cur.pageIndex);
      pending = [];
      line = "";
    };
    for (const sentence of block.sentences) {
      sentence.split(" ").forEach((word, wi) => {
        const starts = wi === 0 ? [sentence] : [];
        const isMarked = block.footnote !== undefined && sentence === block.sentences[0] && wi === 1 && word === block.footnote.afterWord;
        const candidate = line === "" ? word : `${line} ${word}`;
        if (width(candidate) <= columnWidth) {
          line = candidate;
          pending.push(...starts);
        } else if (!isMarked && /^\p{L}{9,}[.,]?$/u.test(word) && width(`${line} ${word.slice(0, 5)}-`) <= columnWidth) {
          line = `${line} ${word.slice(0, 5)}-`;
          pending.push(...starts);
          flush();
          line = word.slice(5);
        } else {
          flush();
          line = word;
          pending.push(...starts);
        }
        if (isMarked && block.footnote) marker = { wordIndex: line.split(" ").length - 1, text: block.footnote.text };
      });
    }
    flush();
  }
  if (spec.frontPages > 0)
    setPageLabels(doc, [
      [0, "r", 1],
      [spec.frontPages, "D", 1],
    ]);
  const bytes = await doc.save();
  return { bytes, pages: doc.getPageCount(), sentencePages, rowPages };
}
