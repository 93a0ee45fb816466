/**
 * The whole index is checked when it is loaded, not trusted: a file edited, truncated or written
 * by a buggy build must be found here and rebuilt, rather than crash or mislead every question
 * later. documents.json's shape is checked by zod; what zod cannot say (ids, offsets inside the
 * document text, references between files) by the cross-checks below, and the binary files by
 * their decoders (format/), which check every count and offset before use. Every check is linear
 * in the size of the files.
 */
import { z } from "zod";
import type { Chunk, SourceDocument } from "../types.js";
import type { LexicalIndexData } from "./bm25.js";
import { decodeChunks } from "./format/chunk-table.js";
import { decodeDocuments, type StoredDocument } from "./format/documents.js";
import { decodeLexical } from "./format/postings-file.js";
import { IndexDamage } from "./index-damage.js";
import type { Manifest } from "./manifest.js";

const offset = z.number().int().nonnegative();

// Loose objects: fields this check does not know (added by a newer reader) are kept, not dropped.
const DocumentSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(["pdf", "markdown", "text"]),
  title: z.string(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  date: z.string().nullable(),
  textBytes: z.number().int().nonnegative(),
  textLength: z.number().int().nonnegative(),
  paragraphs: z.array(
    z.looseObject({
      n: z.number().int().positive(),
      kind: z.string(),
      page: z.number().int().positive().nullable(),
      start: offset,
      end: offset,
      table: z.looseObject({ header: z.string() }).nullable(),
      section: z.string().nullable(),
    }),
  ),
  links: z.array(z.looseObject({ start: offset, end: offset, url: z.string() })),
  pages: z.array(z.looseObject({ n: z.number().int().positive(), label: z.string().nullable(), start: offset, end: offset })),
  extraction: z
    .looseObject({
      headerFooterLines: z.number().int().nonnegative(),
      tables: z.number().int().nonnegative(),
      emptyPages: z.array(z.number().int()),
      multiColumnPages: z.array(z.number().int()),
      unreadablePages: z.array(z.number().int()),
      removed: z.array(z.looseObject({ page: z.number().int(), text: z.string(), reason: z.string() })),
      warnings: z.array(z.string()),
    })
    .nullable(),
});

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the top";
  throw new IndexDamage(file, `${issue?.message ?? "wrong shape"} at ${where}`);
}

function checkDocument(doc: SourceDocument, length: number, entry: Manifest["documents"][number] | undefined, i: number): void {
  const where = `document ${i} (${JSON.stringify(doc.id)})`;
  const fail = (problem: string) => new IndexDamage("documents.json", `${where}: ${problem}`);
  if (!entry || entry.id !== doc.id) throw fail(`the manifest lists ${entry ? JSON.stringify(entry.id) : "no document"} here`);
  if (entry.kind !== doc.kind || entry.title !== doc.title || entry.pages !== doc.pages.length)
    throw fail("kind, title or page count differ from the manifest");
  doc.paragraphs.forEach((p, j) => {
    if (p.n !== j + 1) throw fail(`paragraph ${j + 1} is numbered ${p.n}`);
    if (p.start > p.end || p.end > length) throw fail(`paragraph ${p.n} spans ${p.start}–${p.end} of a text of ${length} characters`);
    if (p.page !== null && p.page > doc.pages.length) throw fail(`paragraph ${p.n} is on page ${p.page} of ${doc.pages.length}`);
  });
  doc.links.forEach((l, j) => {
    if (l.start >= l.end || l.end > length) throw fail(`link ${j + 1} spans ${l.start}–${l.end} of a text of ${length} characters`);
  });
  doc.pages.forEach((p, j) => {
    if (p.n !== j + 1) throw fail(`page ${j + 1} is numbered ${p.n}`);
    if (p.start > p.end || p.end > length) throw fail(`page ${p.n} spans ${p.start}–${p.end} of a text of ${length} characters`);
  });
}

/**
 * Checks the files of an index against each other and the manifest, and returns them as the
 * in-memory index: documents with their texts, chunks over those texts, the lexical index.
 * Throws IndexDamage naming the file and the first problem.
 */
export function validateIndexFiles(
  manifest: Manifest,
  files: { documents: unknown; texts: Buffer; chunks: Buffer; lexical: Buffer },
): { documents: SourceDocument[]; chunks: Chunk[]; lexical: LexicalIndexData } {
  const metadata = parseWith(z.array(DocumentSchema), files.documents, "documents.json") as StoredDocument[];
  if (metadata.length !== manifest.documents.length)
    throw new IndexDamage("documents.json", `holds ${metadata.length} documents, the manifest ${manifest.documents.length}`);
  const { documents, lengths } = decodeDocuments(metadata, files.texts);
  const ids = new Set<string>();
  documents.forEach((doc, i) => {
    checkDocument(doc, lengths[i] as number, manifest.documents[i], i);
    if (ids.has(doc.id)) throw new IndexDamage("documents.json", `document ${i} (${JSON.stringify(doc.id)}) is listed twice`);
    ids.add(doc.id);
  });

  const chunks = decodeChunks(files.chunks, documents, lengths, manifest.chunkCount);
  const perDoc = new Map<string, number>();
  for (const chunk of chunks) perDoc.set(chunk.docId, (perDoc.get(chunk.docId) ?? 0) + 1);
  for (const entry of manifest.documents) {
    if ((perDoc.get(entry.id) ?? 0) !== entry.chunks)
      throw new IndexDamage(
        "chunks.bin",
        `${JSON.stringify(entry.id)} has ${perDoc.get(entry.id) ?? 0} chunks, the manifest ${entry.chunks}`,
      );
  }
  return { documents, chunks, lexical: decodeLexical(files.lexical, chunks.length) };
}
