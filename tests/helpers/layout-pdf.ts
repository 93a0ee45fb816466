/**
 * Generates PDFs of positioned text for the layout tests, on US Letter pages: prose flowed into
 * column boxes (lines filled greedily to the column width and justified with word spacing, as
 * typesetters set body text), text at exact positions (running heads, margin stamps, text drawn
 * twice to fake bold), and text in a font whose /ToUnicode map sends every character to the
 * Unicode private use area, as in PDFs whose fonts lost their character map.
 */
import {
  PDFDocument,
  PDFHexString,
  PDFName,
  StandardFonts,
  beginText,
  endText,
  moveText,
  setFontAndSize,
  setWordSpacing,
  showText,
  type Color,
  type PDFFont,
  type PDFPage,
  type PDFRef,
} from "pdf-lib";

export const PAGE_WIDTH = 612;
export const PAGE_HEIGHT = 792;

export interface Fonts {
  times: PDFFont;
  timesBold: PDFFont;
  timesItalic: PDFFont;
  helvetica: PDFFont;
  helveticaBold: PDFFont;
  courier: PDFFont;
}

export interface TextStyle {
  font: PDFFont;
  size: number;
  color?: Color;
}

/** A column of text: its left edge and width, the type, and the distance between baselines. */
export interface ColumnBox extends TextStyle {
  x: number;
  width: number;
  leading: number;
  /** First-line indent of each paragraph; default 0. */
  indent?: number;
  /** Stretch word spaces so that lines fill the width (a paragraph's last line stays ragged); default true. */
  justify?: boolean;
}

export interface LayoutPdf {
  doc: PDFDocument;
  fonts: Fonts;
  /** Adds a US Letter page; `n` is its number as a viewer counts (1 = first). */
  addPage(): { page: PDFPage; n: number };
  save(): Promise<Uint8Array>;
}

export async function createLayoutPdf(): Promise<LayoutPdf> {
  const doc = await PDFDocument.create();
  const fonts: Fonts = {
    times: await doc.embedFont(StandardFonts.TimesRoman),
    timesBold: await doc.embedFont(StandardFonts.TimesRomanBold),
    timesItalic: await doc.embedFont(StandardFonts.TimesRomanItalic),
    helvetica: await doc.embedFont(StandardFonts.Helvetica),
    helveticaBold: await doc.embedFont(StandardFonts.HelveticaBold),
    courier: await doc.embedFont(StandardFonts.Courier),
  };
  return {
    doc,
    fonts,
    addPage: () => ({ page: doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]), n: doc.getPageCount() }),
    save: () => doc.save({ useObjectStreams: false }),
  };
}

/** Fills words greedily into lines no wider than `width` (the first line `indent` narrower). A word longer than a line gets a line of its own. */
export function wrapText(text: string, font: PDFFont, size: number, width: number, indent = 0): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/u).filter((w) => w !== "")) {
    const candidate = line === "" ? word : `${line} ${word}`;
    const room = lines.length === 0 ? width - indent : width;
    if (line !== "" && font.widthOfTextAtSize(candidate, size) > room) {
      lines.push(line);
      line = word;
    } else {
      line = candidate;
    }
  }
  if (line !== "") lines.push(line);
  return lines;
}

/** Largest word spacing used to justify a line; a line that would need more stays ragged. */
const MAX_WORD_SPACING = 6;

/** Draws one line with its baseline at `y`; with `fillWidth`, word spaces are stretched so that it is that wide. */
export function drawLine(page: PDFPage, text: string, x: number, y: number, style: TextStyle, fillWidth?: number): void {
  const spaces = (text.match(/ /gu) ?? []).length;
  const natural = style.font.widthOfTextAtSize(text, style.size);
  const spacing = fillWidth !== undefined && spaces > 0 ? (fillWidth - natural) / spaces : 0;
  const justify = spacing > 0.01 && spacing <= MAX_WORD_SPACING;
  if (justify) page.pushOperators(setWordSpacing(spacing));
  page.drawText(text, { x, y, size: style.size, font: style.font, ...(style.color ? { color: style.color } : {}) });
  if (justify) page.pushOperators(setWordSpacing(0));
}

/**
 * Draws already wrapped lines of one paragraph from baseline `y` down; returns the baseline of the
 * line that would follow. `part` says whether these lines hold the paragraph's start (first line
 * indented) and its end (last line ragged), for paragraphs split over columns or pages.
 */
export function drawLines(
  page: PDFPage,
  lines: readonly string[],
  box: ColumnBox,
  y: number,
  part: { starts: boolean; ends: boolean } = { starts: true, ends: true },
): number {
  const indent = box.indent ?? 0;
  lines.forEach((line, i) => {
    const inset = part.starts && i === 0 ? indent : 0;
    const last = part.ends && i === lines.length - 1;
    drawLine(page, line, box.x + inset, y - i * box.leading, box, box.justify === false || last ? undefined : box.width - inset);
  });
  return y - lines.length * box.leading;
}

/** The lines `flowParagraph` draws for `text` in `box`. */
export function paragraphLines(text: string, box: ColumnBox): string[] {
  return wrapText(text, box.font, box.size, box.width, box.indent ?? 0);
}

/** Flows a paragraph of prose into a column, first baseline at `y`; returns the baseline of the line that would follow. */
export function flowParagraph(page: PDFPage, text: string, box: ColumnBox, y: number): number {
  return drawLines(page, paragraphLines(text, box), box, y);
}

/** Flows paragraphs one after another, `gap` points of extra space between them; returns the next baseline. */
export function flowParagraphs(page: PDFPage, paragraphs: readonly string[], box: ColumnBox, y: number, gap = box.leading * 0.5): number {
  let next = y;
  paragraphs.forEach((text, i) => {
    next = flowParagraph(page, text, box, next - (i > 0 ? gap : 0));
  });
  return next;
}

/** Splits the space between `left` and `right` into `count` columns separated by `gutter`. */
export function columnBoxes(count: number, left: number, right: number, gutter: number): { x: number; width: number }[] {
  const width = (right - left - gutter * (count - 1)) / count;
  return Array.from({ length: count }, (_, i) => ({ x: left + i * (width + gutter), width }));
}

/** Draws text whose right edge is at `right`. */
export function drawRightAligned(page: PDFPage, text: string, right: number, y: number, style: TextStyle): void {
  drawLine(page, text, right - style.font.widthOfTextAtSize(text, style.size), y, style);
}

/** Draws text centred on `centre`. */
export function drawCentred(page: PDFPage, text: string, centre: number, y: number, style: TextStyle): void {
  drawLine(page, text, centre - style.font.widthOfTextAtSize(text, style.size) / 2, y, style);
}

/** Draws the same text once per offset from (x, y): how some generators fake bold type. */
export function drawOverprinted(
  page: PDFPage,
  text: string,
  x: number,
  y: number,
  style: TextStyle,
  offsets: readonly (readonly [number, number])[],
): void {
  for (const [dx, dy] of offsets) drawLine(page, text, x + dx, y + dy, style);
}

const PRIVATE_USE_CMAP = `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<00> <FF>
endcodespacerange
1 beginbfrange
<20> <7E> <E000>
endbfrange
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;

const unmappedFonts = new WeakMap<PDFDocument, PDFRef>();

/** The font resource name `drawUnmappedText` uses. */
export const UNMAPPED_FONT = "F9";

/**
 * Draws lines in Helvetica through a font dictionary whose /ToUnicode CMap maps every printable
 * code (0x20–0x7E) to U+E000…U+E05E: the page looks right, but its text layer is private-use
 * garbage. Drawn with raw operators (BT /F9 size Tf … Tj ET), as pdf-lib cannot do it otherwise.
 */
export function drawUnmappedText(
  pdf: LayoutPdf,
  page: PDFPage,
  lines: readonly string[],
  x: number,
  y: number,
  size: number,
  leading: number,
): void {
  let ref = unmappedFonts.get(pdf.doc);
  if (!ref) {
    const toUnicode = pdf.doc.context.register(pdf.doc.context.flateStream(PRIVATE_USE_CMAP));
    ref = pdf.doc.context.register(
      pdf.doc.context.obj({ Type: "Font", Subtype: "Type1", BaseFont: "Helvetica", Encoding: "WinAnsiEncoding", ToUnicode: toUnicode }),
    );
    unmappedFonts.set(pdf.doc, ref);
  }
  page.node.setFontDictionary(PDFName.of(UNMAPPED_FONT), ref);
  lines.forEach((line, i) => {
    const hex = Buffer.from(line, "latin1").toString("hex");
    page.pushOperators(
      beginText(),
      setFontAndSize(UNMAPPED_FONT, size),
      moveText(x, y - i * leading),
      showText(PDFHexString.of(hex)),
      endText(),
    );
  });
}
