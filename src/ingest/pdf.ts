/**
 * PDF documents through pdf.js (pdfjs-dist): text per page, lines rebuilt by position, running
 * headers, footers and page numbers dropped, paragraphs split at vertical gaps. Characters are
 * NFKC-normalised so ligatures (ﬁ) and odd spaces read as plain text.
 */
import { createError, describeError } from "../errors.js";
import type { SourceDocument } from "../types.js";
import { assembleDocument, type ParagraphText } from "./assemble.js";
import { findRepeatedEdgeLines, linesToParagraphs, runsToLines, usualLineGap, type Line, type TextRun } from "./pdf-layout.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is large; load it only when a PDF is read. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjsPromise;
}

interface PdfTextItem {
  str: string;
  transform: number[];
  width: number;
  height: number;
}

function toRun(item: PdfTextItem): TextRun {
  const [a = 0, b = 0, , , x = 0, y = 0] = item.transform;
  return { text: item.str.normalize("NFKC"), x, y, width: item.width, size: Math.hypot(a, b) || item.height || 1 };
}

/** Words written with a hyphen inside a line somewhere in the document, such as "long-arm". */
function hyphenatedWords(pages: readonly Line[][]): Set<string> {
  const words = new Set<string>();
  for (const lines of pages) for (const line of lines) for (const m of line.text.matchAll(/\p{L}+-\p{L}+/gu)) words.add(m[0].toLowerCase());
  return words;
}

export interface PdfOptions {
  title: string;
  source: string | null;
  url: string | null;
}

/** Reads a PDF's bytes into a `SourceDocument`. Throws coded errors for encrypted, broken or text-less files. */
export async function parsePdf(id: string, data: Uint8Array, options: PdfOptions): Promise<SourceDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    const doc = await task.promise.catch((error: unknown) => {
      const name = (error as { name?: string }).name;
      if (name === "PasswordException") throw createError("PDF_ENCRYPTED", `${id}: it needs a password; save an unprotected copy`, error);
      throw createError("PDF_PARSE_FAILED", `${id}: ${describeError(error)}`, error);
    });
    const pageLines: Line[][] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      pageLines.push(runsToLines(content.items.flatMap((item) => ("str" in item ? [toRun(item)] : []))));
      page.cleanup();
    }
    if (pageLines.every((lines) => lines.length === 0)) {
      throw createError("PDF_NO_TEXT", `${id}: none of its ${doc.numPages} pages has a text layer`);
    }
    const labels = (await doc.getPageLabels().catch(() => null)) ?? [];
    const dropped = findRepeatedEdgeLines(pageLines);
    const kept = pageLines.map((lines, i) => lines.filter((_, j) => !dropped[i]?.has(j)));
    const hyphenated = hyphenatedWords(kept);
    const usualGap = usualLineGap(kept);
    const paragraphs: ParagraphText[] = kept.flatMap((lines, i) =>
      linesToParagraphs(lines, (word) => hyphenated.has(word.toLowerCase()), usualGap).map((text) => ({ text, page: i + 1 })),
    );
    const pageLabels = labels.map((label, i) => (label && label !== String(i + 1) ? label : null));
    return assembleDocument({ id, kind: "pdf", ...options }, paragraphs, doc.numPages, pageLabels);
  } finally {
    await task.destroy();
  }
}
