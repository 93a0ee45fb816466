/**
 * PDF documents through pdf.js (pdfjs-dist): text runs per page, put in reading order (two
 * columns read left then right), rebuilt into lines, paragraphs and tables; running headers,
 * footers and page numbers dropped. Characters are NFKC-normalised so ligatures (ﬁ) and odd
 * spaces read as plain text. Page numbers are the viewer's (1 = first page); printed page
 * labels are kept when the PDF defines them.
 */
import { createError, describeError } from "../errors.js";
import type { SourceDocument } from "../types.js";
import { assembleDocument, type ParagraphText } from "./assemble.js";
import { blockText, documentBlocks, findRepeatedEdgeLines, usualLineGap } from "./pdf-blocks.js";
import { readingOrder, type PageBox } from "./pdf-columns.js";
import { runsToLines, type Line, type TextRun } from "./pdf-lines.js";

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
  /** The title when the PDF's own properties give none. */
  title: string;
  source: string | null;
  url: string | null;
  /** Parsing gives up after this long, so a malformed file cannot hang indexing. */
  timeoutMs?: number;
}

/**
 * Reads a PDF's bytes into a `SourceDocument`. Throws coded errors for encrypted, broken, slow
 * or text-less files; their messages do not repeat the file name, which the caller reports.
 */
export async function parsePdf(id: string, data: Uint8Array, options: PdfOptions): Promise<SourceDocument> {
  const pdfjs = await loadPdfJs();
  const task = pdfjs.getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  let timer: NodeJS.Timeout | undefined;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(createError("PDF_PARSE_FAILED", `parsing took longer than ${Math.round(timeoutMs / 1000)} s (PARSE_TIMEOUT_SECONDS)`)), timeoutMs);
  });
  try {
    return await Promise.race([extract(id, task, options), timeout]);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }
}

async function extract(id: string, task: ReturnType<PdfJs["getDocument"]>, options: PdfOptions): Promise<SourceDocument> {
  const doc = await task.promise.catch((error: unknown) => {
    const name = (error as { name?: string }).name;
    if (name === "PasswordException") throw createError("PDF_ENCRYPTED", "it needs a password; save an unprotected copy", error);
    throw createError("PDF_PARSE_FAILED", describeError(error), error);
  });
  const pageLines: Line[][] = [];
  const twoColumnPages: number[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0 = 0, y0 = 0, x1 = 612, y1 = 792] = page.view;
    const box: PageBox = { width: x1 - x0, height: y1 - y0 };
    const content = await page.getTextContent();
    const runs = content.items.flatMap((item) => ("str" in item ? [toRun(item)] : [])).map((r) => ({ ...r, x: r.x - x0, y: r.y - y0 }));
    const order = readingOrder(runs, box);
    if (order.columns === 2) twoColumnPages.push(n);
    pageLines.push(order.groups.flatMap(runsToLines));
    page.cleanup();
  }
  const emptyPages = pageLines.flatMap((lines, i) => (lines.length === 0 ? [i + 1] : []));
  if (emptyPages.length === doc.numPages) throw createError("PDF_NO_TEXT", `none of its ${doc.numPages} pages has a text layer`);
  const labels = (await doc.getPageLabels().catch(() => null)) ?? [];
  const info = (await doc.getMetadata().catch(() => null))?.info as { Title?: unknown } | undefined;
  const title = typeof info?.Title === "string" && info.Title.trim() !== "" ? info.Title.trim() : options.title;
  const dropped = findRepeatedEdgeLines(pageLines);
  const kept = pageLines.map((lines, i) => lines.filter((_, j) => !dropped[i]?.has(j)));
  const hyphenated = hyphenatedWords(kept);
  const blocks = documentBlocks(kept, usualLineGap(kept));
  const paragraphs: ParagraphText[] = blocks.map((block) => {
    const t = blockText(block, (word) => hyphenated.has(word.toLowerCase()));
    return { text: t.text, page: t.page, breaks: t.breaks, table: t.header === null ? null : { header: t.header } };
  });
  const pageLabels = labels.map((label, i) => (label && label !== String(i + 1) ? label : null));
  const extraction = {
    headerFooterLines: dropped.reduce((n, s) => n + s.size, 0),
    tables: blocks.filter((b) => b.kind === "table").length,
    emptyPages,
    multiColumnPages: twoColumnPages,
    unreadablePages: [],
    removed: [],
    warnings: [],
  };
  return assembleDocument({ id, kind: "pdf", title, source: options.source, url: options.url }, paragraphs, doc.numPages, pageLabels, extraction);
}
