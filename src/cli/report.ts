/**
 * The extraction report (`npm run index -- --report`): what was read from each document, so an
 * operator can see at a glance whether a new report was read well.
 */
import { SOURCES_FILE } from "../ingest/index.js";
import type { IndexListing } from "../engine.js";
import { printableLine } from "../printable.js";
import type { SourceDocument } from "../types.js";

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

const count = (n: number) => n.toLocaleString("en-US");

/** What was read from one document, as report lines. */
export function documentReport(doc: SourceDocument, entry: IndexListing["documents"][number] | undefined): string[] {
  const lines = [`${printableLine(doc.id)} — ${printableLine(doc.title)} (${doc.kind})`];
  if (doc.kind === "pdf") {
    const chars = doc.pages.map((p) => doc.text.slice(p.start, p.end).replace(/\s+/g, " ").trim().length);
    const x = doc.extraction;
    lines.push(
      `  pages ${doc.pages.length}; characters per page min ${count(Math.min(...chars))}, median ${count(median(chars))}`,
      `  pages with no text: ${x && x.emptyPages.length > 0 ? x.emptyPages.join(", ") : "none"}`,
      `  multi-column pages: ${x?.multiColumnPages.length ?? 0}; header/footer lines removed: ${x?.headerFooterLines ?? 0}; tables: ${x?.tables ?? 0}`,
      `  unreadable pages (not indexed): ${x && x.unreadablePages.length > 0 ? x.unreadablePages.join(", ") : "none"}`,
      ...(x?.warnings ?? []).map((w) => `  warning: ${printableLine(w)}`),
    );
  } else {
    lines.push(`  paragraphs ${doc.paragraphs.length}; characters ${count(doc.text.length)}`);
  }
  lines.push(`  chunks ${entry?.chunks ?? 0}; indexed ${entry?.indexedAt ?? "?"}`);
  return lines;
}

/** The report's lines for the documents of an index, then the files it could not index. */
export function extractionReport(documents: readonly SourceDocument[], listing: IndexListing): string[] {
  const lines = documents.flatMap((doc) =>
    documentReport(
      doc,
      listing.documents.find((d) => d.id === doc.id),
    ),
  );
  // sources.json is metadata, not a document: an entry it ignores is a warning, not a file left out.
  const metadata = listing.problems.filter((p) => p.id === SOURCES_FILE);
  const files = listing.problems.filter((p) => p.id !== SOURCES_FILE);
  if (files.length > 0) {
    lines.push("Not indexed:");
    for (const p of files) lines.push(`  ${printableLine(p.id)}: ${printableLine(p.reason)}`);
  }
  if (metadata.length > 0) {
    lines.push("Metadata warnings:");
    for (const p of metadata) lines.push(`  ${printableLine(p.id)}: ${printableLine(p.reason)}`);
  }
  return lines;
}
