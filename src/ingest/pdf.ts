/**
 * PDF documents through pdf.js (pdfjs-dist), one page at a time: text runs (pdf-runs) into
 * lines (pdf-lines); furniture found across all pages (pdf-furniture); each page cut into
 * regions in reading order (pdf-columns); lines into paragraphs, tables and notes over the whole
 * document (pdf-blocks). Page numbers are the viewer's (1 = first page); printed page labels are
 * kept when the PDF defines them. Every step is pure but the reading of the file here.
 */
import { CitebotError, createError, describeError } from "../errors.js";
import type { RemovedLine, SourceDocument } from "../types.js";
import { assembleDocument, type ParagraphText } from "./assemble.js";
import { blockText, documentBlocks, dominantLineSize, usualLineGap, type FlowLine } from "./pdf-blocks.js";
import { layoutPage, lineSegments, regionLines } from "./pdf-columns.js";
import { findFurniture, marginLineNumbers, recurringStamps } from "./pdf-furniture.js";
import { dropOverprints, runsToLines, type Line } from "./pdf-lines.js";
import { dropUnusable, isUnreadable, pageFrame, toRun, unrotate, type PlacedRun } from "./pdf-runs.js";
import { hyphenRule, paragraphKind } from "./pdf-words.js";

type PdfJs = typeof import("pdfjs-dist/legacy/build/pdf.mjs");
let pdfjsPromise: Promise<PdfJs> | null = null;

/** pdf.js is large; load it only when a PDF is read. */
function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= import("pdfjs-dist/legacy/build/pdf.mjs");
  return pdfjsPromise;
}

/** A page read into lines, before furniture is removed. */
interface PageRead {
  lines: Line[];
  /** Lines of rotated text (margin stamps, turned labels, a landscape table), read in their own frame; `region` numbers the angle. */
  margin: FlowLine[];
  unreadable: boolean;
  /** Characters left out because the font gives them no usable character (control or private-use code points). */
  dropped: number;
}

export interface PdfOptions {
  /** The title when the PDF's own properties give none. */
  title: string;
  source: string | null;
  url: string | null;
  /** Parsing gives up after this long, checked while pdf.js reads and between pages of layout, so a malformed file cannot hang indexing. */
  timeoutMs?: number;
  /** The clock layout checks the time limit on, in milliseconds (tests pass one that jumps). */
  now?: () => number;
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
  const tooSlow = () => createError("PARSE_TIMEOUT", `it took longer than ${formatSeconds(timeoutMs)} (PARSE_TIMEOUT_SECONDS)`);
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(tooSlow()), timeoutMs);
  });
  // Layout runs without awaiting, where the timer cannot fire: it checks the clock itself, page by page.
  const now = options.now ?? Date.now;
  const deadline = now() + timeoutMs;
  const inTime = () => {
    if (now() > deadline) throw tooSlow();
  };
  try {
    return await Promise.race([extract(id, task, options, inTime), timeout]);
  } catch (error) {
    // Whatever pdf.js or layout throws (a RangeError from a deeply nested object, a TypeError on
    // a malformed stream) is reported as this file's problem, with a code.
    if (error instanceof CitebotError) throw error;
    throw createError("PDF_PARSE_FAILED", describeError(error), error);
  } finally {
    clearTimeout(timer);
    await task.destroy();
  }
}

/** A time limit as people read it: "60 s", "0.5 s". */
export function formatSeconds(ms: number): string {
  return `${ms >= 10_000 ? Math.round(ms / 1000) : Number((ms / 1000).toPrecision(2))} s`;
}

/**
 * Limits on what one PDF may hold. Layout work grows with the text items of a page (a real dense
 * page has a few thousand), so a page or a document far beyond them is refused with a reason
 * rather than left to run out of time or memory.
 */
export const PDF_LIMITS = { pages: 20_000, itemsPerPage: 100_000, items: 2_000_000 } as const;

/** Reads the document; `inTime` throws once the time limit has passed. */
async function extract(
  id: string,
  task: ReturnType<PdfJs["getDocument"]>,
  options: PdfOptions,
  inTime: () => void,
): Promise<SourceDocument> {
  const doc = await task.promise.catch((error: unknown) => {
    const name = (error as { name?: string }).name;
    if (name === "PasswordException") throw createError("PDF_ENCRYPTED", "it needs a password; save an unprotected copy", error);
    throw createError("PDF_PARSE_FAILED", describeError(error), error);
  });
  if (doc.numPages > PDF_LIMITS.pages)
    throw createError("PDF_TOO_COMPLEX", `it has ${doc.numPages} pages; at most ${PDF_LIMITS.pages} are read`);
  const pages: PageRead[] = [];
  let items = 0;
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const [x0 = 0, y0 = 0] = page.view;
    const content = await page.getTextContent();
    items += content.items.length;
    if (content.items.length > PDF_LIMITS.itemsPerPage) {
      throw createError(
        "PDF_TOO_COMPLEX",
        `page ${n} holds ${content.items.length} text items; at most ${PDF_LIMITS.itemsPerPage} per page are read`,
      );
    }
    if (items > PDF_LIMITS.items)
      throw createError("PDF_TOO_COMPLEX", `its first ${n} pages hold ${items} text items; at most ${PDF_LIMITS.items} are read`);
    pages.push(readPage(content.items.flatMap((item) => ("str" in item ? [toRun(item, x0, y0)] : []))));
    page.cleanup();
    inTime();
  }
  const unreadablePages = pages.flatMap((p, i) => (p.unreadable ? [i + 1] : []));
  const emptyPages = pages.flatMap((p, i) => (p.lines.length === 0 && p.margin.length === 0 && !p.unreadable ? [i + 1] : []));
  if (unreadablePages.length === doc.numPages)
    throw createError(
      "PDF_UNREADABLE",
      `none of its ${doc.numPages} pages has usable text (its fonts have no usable character map); OCR it first`,
    );
  if (emptyPages.length + unreadablePages.length === doc.numPages)
    throw createError("PDF_NO_TEXT", `none of its ${doc.numPages} pages has a text layer`);
  // Page labels and the title are extras: a PDF whose label tree or properties cannot be read is
  // still read without them, and the extraction report (and the build's log) says what was lost.
  const lost: string[] = [];
  const labels =
    (await doc.getPageLabels().catch((error: unknown) => {
      lost.push(`${id}: its page labels could not be read (${describeError(error)}); pages are cited by number only`);
      return null;
    })) ?? [];
  const metadata = await doc.getMetadata().catch((error: unknown) => {
    lost.push(
      `${id}: its document properties could not be read (${describeError(error)}); the title comes from sources.json or the file name`,
    );
    return null;
  });
  const info = metadata?.info as { Title?: unknown } | undefined;
  const title = typeof info?.Title === "string" && info.Title.trim() !== "" ? info.Title.trim() : options.title;
  const pageLabels = Array.from({ length: doc.numPages }, (_, i) => labels[i] ?? null);
  const furniture = findFurniture(pages.map((p, i) => ({ lines: p.lines, label: pageLabels[i] ?? null })));
  // Stamps are a line or two in a margin; a page with more turned lines holds a landscape table or figure.
  const stamps = recurringStamps(pages.map((p) => (p.margin.length <= 3 ? p.margin : [])));
  const removed: RemovedLine[] = [];
  const multiColumnPages: number[] = [];
  const flowPages: FlowLine[][] = pages.map((p, i) => {
    inTime();
    const drop = furniture[i] ?? new Map<number, string>();
    for (const [j, reason] of drop) removed.push({ page: i + 1, text: p.lines[j]?.text ?? "", reason });
    const segments = lineSegments(p.lines.filter((_, j) => !drop.has(j)));
    const numbers = marginLineNumbers(segments);
    for (const s of numbers) removed.push({ page: i + 1, text: s.text, reason: "line number" });
    const layout = layoutPage(numbers.size > 0 ? segments.filter((s) => !numbers.has(s)) : segments);
    if (layout.columns > 1) multiColumnPages.push(i + 1);
    const flow = layout.regions.flatMap((region, r) =>
      regionLines(region).map((line): FlowLine => ({ ...line, region: r, hint: region.hint })),
    );
    const marginRegion = layout.regions.length;
    const margin = p.margin.filter((line, j) => {
      if (!stamps[i]?.has(j)) return true;
      removed.push({ page: i + 1, text: line.text, reason: "margin stamp" });
      return false;
    });
    return [...flow, ...margin.map((line): FlowLine => ({ ...line, region: marginRegion + (line.region ?? 0) }))];
  });
  const keepsHyphen = hyphenRule(flowPages);
  const blocks = documentBlocks(flowPages, usualLineGap(flowPages));
  const bodySize = dominantLineSize(flowPages.flat());
  const paragraphs: ParagraphText[] = blocks.map((block) => {
    const t = blockText(block, keepsHyphen);
    return {
      text: t.text,
      page: t.page,
      breaks: t.breaks,
      table: t.header === null ? null : { header: t.header },
      kind: paragraphKind(block, t.text, bodySize),
    };
  });
  const printedLabels = pageLabels.map((label, i) => (label && label !== String(i + 1) ? label : null));
  const warnings: string[] = [...lost];
  const plural = (n: number, one: string, many: string) => (n === 1 ? one : many);
  if (unreadablePages.length > 0) {
    warnings.push(
      `${id}: ${plural(unreadablePages.length, "page", "pages")} ${unreadablePages.join(", ")} of ${doc.numPages} ${plural(unreadablePages.length, "has", "have")} an unreadable text layer (fonts without a usable character map); that text is not indexed`,
    );
  }
  // A stray symbol from a maths font is no loss; dozens of characters on a page are.
  const partly = pages.flatMap((p, i) => (p.dropped >= 20 ? [i + 1] : []));
  if (partly.length > 0) {
    const count = partly.reduce((n, page) => n + (pages[page - 1]?.dropped ?? 0), 0);
    warnings.push(
      `${id}: ${count} ${plural(count, "character", "characters")} without a usable character map left out on ${plural(partly.length, "page", "pages")} ${partly.join(", ")}; check those pages with npm run inspect`,
    );
  }
  const extraction = {
    headerFooterLines: removed.filter((r) => r.reason !== "margin stamp" && r.reason !== "line number").length,
    tables: blocks.filter((b) => b.kind === "table").length,
    emptyPages,
    multiColumnPages,
    unreadablePages,
    removed,
    warnings,
  };
  return assembleDocument(
    { id, kind: "pdf", title, source: options.source, url: options.url },
    paragraphs,
    doc.numPages,
    printedLabels,
    extraction,
  );
}

/** One page's runs into lines: overprinted copies dropped, rotated text read apart, unreadable text layers set aside. */
function readPage(runs: readonly PlacedRun[]): PageRead {
  if (isUnreadable(runs.map((r) => r.text).join(" "))) return { lines: [], margin: [], unreadable: true, dropped: 0 };
  let dropped = 0;
  const clean = runs.map((r) => {
    const text = dropUnusable(r.text);
    dropped += r.text.length - text.length;
    return { ...r, text };
  });
  const { main, aside } = pageFrame(clean);
  const margin = unrotate(dropOverprints(aside)).flatMap((group, k) =>
    runsToLines(group).map((line): FlowLine => ({ ...line, region: k, hint: "margin" })),
  );
  return { lines: runsToLines(dropOverprints(main)), margin, unreadable: false, dropped };
}
