/**
 * `npm run inspect`: how one file is read. The view lists, per page, the text exactly as answers
 * quote it, the blocks with their kind, the lines removed as furniture and why, and warnings, so
 * an operator can spot-check a new report before trusting its citations.
 */
import { printable } from "../printable.js";
import type { BlockKind, RemovedLine, SourceDocument } from "../types.js";

export interface InspectView {
  file: string;
  title: string;
  kind: SourceDocument["kind"];
  pages: { page: number; label: string | null; text: string }[];
  blocks: { page: number | null; kind: BlockKind; section: string | null; text: string }[];
  /** A Markdown document's links: the linked text and its target, shown as data. */
  links: { text: string; url: string }[];
  removed: RemovedLine[];
  warnings: string[];
  stats: { tables: number; multiColumnPages: number[]; emptyPages: number[]; unreadablePages: number[] } | null;
}

/**
 * The view of a read document, limited to one page when `page` is set; `readerWarnings` are the
 * warnings given while reading it (a Markdown file read as plain paragraphs, say).
 */
export function inspectDocument(doc: SourceDocument, page: number | null = null, readerWarnings: readonly string[] = []): InspectView {
  const onPage = <T extends { page: number | null }>(item: T) => page === null || item.page === page;
  const x = doc.extraction;
  return {
    file: doc.id,
    title: doc.title,
    kind: doc.kind,
    pages: doc.pages.map((p) => ({ page: p.n, label: p.label, text: doc.text.slice(p.start, p.end).trim() })).filter(onPage),
    blocks: doc.paragraphs
      .map((p) => ({ page: p.page, kind: p.kind, section: p.section, text: doc.text.slice(p.start, p.end) }))
      .filter(onPage),
    links: doc.links.map((l) => ({ text: doc.text.slice(l.start, l.end), url: l.url })),
    removed: (x?.removed ?? []).filter(onPage),
    warnings: [...(x?.warnings ?? []), ...readerWarnings],
    stats: x
      ? { tables: x.tables, multiColumnPages: x.multiColumnPages, emptyPages: x.emptyPages, unreadablePages: x.unreadablePages }
      : null,
  };
}

/** The view as text for a terminal. */
export function formatInspect(view: InspectView): string {
  const out: string[] = [`${view.file} — ${view.title} (${view.kind})`];
  if (view.stats) {
    const s = view.stats;
    const list = (pages: number[]) => (pages.length > 0 ? pages.join(", ") : "none");
    out.push(
      `  tables ${s.tables}; multi-column pages: ${list(s.multiColumnPages)}; empty pages: ${list(s.emptyPages)}; unreadable pages: ${list(s.unreadablePages)}`,
    );
  }
  for (const w of view.warnings) out.push(`  warning: ${w}`);
  for (const p of view.pages) {
    out.push("", `── page ${p.page}${p.label ? ` (printed ${p.label})` : ""} ──`, p.text === "" ? "(no text)" : p.text);
    const blocks = view.blocks.filter((b) => b.page === p.page);
    if (blocks.length > 0) out.push("", "  blocks starting on this page:");
    for (const b of blocks) out.push(`  [${b.kind}] ${b.text.replace(/\s+/g, " ").slice(0, 100)}${b.text.length > 100 ? "…" : ""}`);
    const removed = view.removed.filter((r) => r.page === p.page);
    if (removed.length > 0) out.push("", "  removed:");
    for (const r of removed) out.push(`  - ${r.reason}: ${r.text}`);
  }
  if (view.pages.length === 0) for (const b of view.blocks) out.push(`[${b.kind}${b.section ? `, under ${b.section}` : ""}] ${b.text}`);
  if (view.links.length > 0) out.push("", "links (kept as data, never shown as links):");
  for (const l of view.links) out.push(`  - ${l.text.replace(/\s+/g, " ")} → ${l.url}`);
  return printable(out.join("\n"));
}
