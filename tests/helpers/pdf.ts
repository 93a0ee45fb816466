/**
 * Generates PDFs for the tests with pdf-lib: text placed line by line or at given positions,
 * optional running header and footer, page labels, an encryption dictionary.
 */
import { PDFDocument, PDFHexString, PDFName, StandardFonts } from "pdf-lib";

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
  /** Page label ranges as in the catalog's /PageLabels: [first page index, style, first number]. */
  pageLabels?: [number, "D" | "r" | "R", number][];
  /** Adds a standard-security encryption dictionary whose user password is not empty. */
  encrypted?: boolean;
}

/** Adds /PageLabels to the catalog. */
export function setPageLabels(doc: PDFDocument, ranges: [number, "D" | "r" | "R", number][]): void {
  const nums = ranges.flatMap(([index, style, start]) => [index, doc.context.obj({ S: PDFName.of(style), St: start })]);
  doc.catalog.set(PDFName.of("PageLabels"), doc.context.obj({ Nums: nums }));
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
  if (spec.pageLabels) setPageLabels(doc, spec.pageLabels);
  if (spec.encrypted) {
    // RC4 40-bit standard security with made-up /O and /U: the empty user password does not
    // match, so a reader must ask for a password, as with a real protected file.
    const bytes = "0123456789abcdef".repeat(4);
    doc.context.trailerInfo.Encrypt = doc.context.register(
      doc.context.obj({ Filter: PDFName.of("Standard"), V: 1, R: 2, O: PDFHexString.of(bytes), U: PDFHexString.of(bytes), P: -44 }),
    );
    doc.context.trailerInfo.ID = doc.context.obj([
      PDFHexString.of("00112233445566778899aabbccddeeff"),
      PDFHexString.of("00112233445566778899aabbccddeeff"),
    ]);
  }
  return doc.save({ useObjectStreams: false });
}

/** A PDF whose only page has a drawn rectangle and no text: what a scan without OCR looks like. */
export async function makeTextlessPdf(): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([612, 792]).drawRectangle({ x: 50, y: 50, width: 200, height: 100 });
  return doc.save();
}
