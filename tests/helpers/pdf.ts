/**
 * Generates PDFs for the tests with pdf-lib: text placed line by line, optional running
 * header and footer, optional page labels.
 */
import { PDFDocument, PDFName, StandardFonts } from "pdf-lib";

export interface PdfLine {
  text: string;
  /** Left edge; default 72. */
  x?: number;
  /** Baseline from the bottom of the page; default: below the previous line. */
  y?: number;
  size?: number;
}

export interface PdfSpec {
  /** Each page: its body lines. An empty string leaves a paragraph gap. */
  pages: (string | PdfLine)[][];
  /** Running header drawn at the top of every page. */
  header?: string;
  /** Footer; `{n}` is replaced by the page number. */
  footer?: string;
  /** Page labels as the PDF catalog's /PageLabels /Nums array entries: [startIndex, style, startNumber]. */
  pageLabels?: [number, "D" | "r" | "R", number][];
}

export async function makePdf(spec: PdfSpec): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  spec.pages.forEach((lines, i) => {
    const page = doc.addPage([612, 792]);
    if (spec.header) page.drawText(spec.header, { x: 72, y: 750, size: 9, font });
    if (spec.footer) page.drawText(spec.footer.replace("{n}", String(i + 1)), { x: 300, y: 30, size: 9, font });
    let y = 700;
    for (const line of lines) {
      const l: PdfLine = typeof line === "string" ? { text: line } : line;
      const size = l.size ?? 11;
      if (l.y !== undefined) y = l.y;
      if (l.text !== "") page.drawText(l.text, { x: l.x ?? 72, y, size, font });
      y -= l.text === "" ? size * 0.9 : size * 1.3;
    }
  });
  if (spec.pageLabels) {
    const nums = spec.pageLabels.flatMap(([index, style, start]) => [index, doc.context.obj({ S: PDFName.of(style), St: start })]);
    doc.catalog.set(PDFName.of("PageLabels"), doc.context.obj({ Nums: nums }));
  }
  return doc.save();
}

/** A PDF whose only page has a drawn rectangle and no text: what a scan without OCR looks like. */
export async function makeTextlessPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return doc.save();
}
