/**
 * The whole index is checked when it is loaded, not trusted: a file edited, truncated or written
 * by a buggy build must be found here and rebuilt, rather than crash or mislead every question
 * later. Shapes are checked by zod; what zod cannot say (ids, offsets inside the document text,
 * references between files, posting lists) by the cross-checks below. Every check is linear in
 * the size of the files.
 */
import { z } from "zod";
import type { Chunk, SourceDocument } from "../types.js";
import type { LexicalIndexData } from "./bm25.js";
import type { Manifest } from "./manifest.js";

const offset = z.number().int().nonnegative();
const SpanSchema = z.looseObject({ start: offset, end: offset });
const finite = z.number().refine(Number.isFinite, "not a finite number");

// Loose objects: fields this check does not know (added by a newer reader) are kept, not dropped.
const DocumentSchema = z.looseObject({
  id: z.string().min(1),
  kind: z.enum(["pdf", "markdown", "text"]),
  title: z.string(),
  source: z.string().nullable(),
  url: z.string().nullable(),
  publisher: z.string().nullable(),
  date: z.string().nullable(),
  text: z.string(),
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

const ChunkSchema = z.looseObject({
  id: z.number().int().nonnegative(),
  docId: z.string(),
  start: offset,
  end: offset,
  text: z.string(),
  page: z.number().int().positive().nullable(),
  paragraph: z.number().int().positive().nullable(),
  sentences: z.array(SpanSchema).min(1),
  header: z.string().nullable(),
});

const LexicalShapeSchema = z.object({
  params: z.object({
    k1: finite.refine((x) => x > 0, "k1 must be positive"),
    b: finite.refine((x) => x >= 0 && x <= 1, "b must be from 0 to 1"),
  }),
  lengths: z.array(z.number().int().nonnegative()),
  // Not z.record: the object is walked by its own keys below, never copied key by key into a plain object.
  postings: z.custom<Record<string, unknown>>(
    (v) => typeof v === "object" && v !== null && !Array.isArray(v),
    "expected an object of postings",
  ),
});

/** Thrown for the first problem found; the loader turns it into INDEX_INVALID and a rebuild. */
export class IndexDamage extends Error {
  constructor(file: string, problem: string) {
    super(`${file}: ${problem}`);
    this.name = "IndexDamage";
  }
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the top";
  throw new IndexDamage(file, `${issue?.message ?? "wrong shape"} at ${where}`);
}

function checkDocument(doc: SourceDocument, entry: Manifest["documents"][number] | undefined, i: number): void {
  const where = `document ${i} (${JSON.stringify(doc.id)})`;
  const fail = (problem: string) => new IndexDamage("documents.json", `${where}: ${problem}`);
  if (!entry || entry.id !== doc.id) throw fail(`the manifest lists ${entry ? JSON.stringify(entry.id) : "no document"} here`);
  if (entry.kind !== doc.kind || entry.title !== doc.title || entry.pages !== doc.pages.length)
    throw fail("kind, title or page count differ from the manifest");
  const length = doc.text.length;
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

function checkChunk(chunk: Chunk, i: number, doc: SourceDocument | undefined): void {
  const fail = (problem: string) => new IndexDamage("chunks.json", `chunk ${i}: ${problem}`);
  if (chunk.id !== i) throw fail(`its id is ${chunk.id}`);
  if (!doc) throw fail(`its document ${JSON.stringify(chunk.docId)} is not in documents.json`);
  if (chunk.start > chunk.end || chunk.end > doc.text.length)
    throw fail(`it spans ${chunk.start}–${chunk.end} of a text of ${doc.text.length} characters`);
  // The text shown to readers must be the document's own: an edited chunk is damage, not a variant.
  if (chunk.text !== doc.text.slice(chunk.start, chunk.end)) throw fail("its text differs from its document's text at its offsets");
  if (chunk.page !== null && chunk.page > doc.pages.length) throw fail(`it is on page ${chunk.page} of ${doc.pages.length}`);
  const paragraph = chunk.paragraph === null ? null : doc.paragraphs[chunk.paragraph - 1];
  if (paragraph === undefined) throw fail(`it is in paragraph ${chunk.paragraph} of ${doc.paragraphs.length}`);
  if (chunk.header !== null && chunk.header !== paragraph?.table?.header) throw fail("its table header is not its paragraph's");
  let previous = chunk.start;
  for (const s of chunk.sentences) {
    if (s.start < previous || s.start > s.end || s.end > chunk.end)
      throw fail(`a sentence spans ${s.start}–${s.end}, outside ${chunk.start}–${chunk.end} or out of order`);
    previous = s.start;
  }
}

/**
 * The postings as a null-prototype object (terms are user text at query time: "constructor" must
 * find nothing, not Object.prototype's), after checking each list: pairs of a chunk id in range,
 * ascending, and a positive count, with each chunk's counts adding up to its length.
 */
function checkPostings(raw: Record<string, unknown>, lengths: readonly number[]): Record<string, number[]> {
  const postings: Record<string, number[]> = Object.create(null);
  const totals = new Array<number>(lengths.length).fill(0);
  for (const [term, list] of Object.entries(raw)) {
    const fail = (problem: string) => new IndexDamage("lexical.json", `the postings of ${JSON.stringify(term.slice(0, 40))} ${problem}`);
    if (term === "") throw fail("have an empty term");
    if (!Array.isArray(list) || list.length === 0 || list.length % 2 !== 0) throw fail("are not a non-empty list of pairs");
    let last = -1;
    for (let i = 0; i < list.length; i += 2) {
      const id: unknown = list[i];
      const tf: unknown = list[i + 1];
      if (typeof id !== "number" || !Number.isInteger(id) || id <= last || id >= lengths.length)
        throw fail(`name chunk ${String(id)} (of ${lengths.length}, ascending)`);
      if (typeof tf !== "number" || !Number.isInteger(tf) || tf < 1) throw fail(`give chunk ${id} a count of ${String(tf)}`);
      totals[id] = (totals[id] as number) + tf;
      last = id;
    }
    postings[term] = list as number[];
  }
  const wrong = totals.findIndex((t, i) => t !== lengths[i]);
  if (wrong >= 0)
    throw new IndexDamage("lexical.json", `chunk ${wrong} has ${lengths[wrong]} terms but its postings count ${totals[wrong]}`);
  return postings;
}

/**
 * Checks the parsed JSON files of an index against each other and the manifest, and returns them
 * typed. Throws IndexDamage naming the file and the first problem.
 */
export function validateIndexFiles(
  manifest: Manifest,
  files: { documents: unknown; chunks: unknown; lexical: unknown },
): { documents: SourceDocument[]; chunks: Chunk[]; lexical: LexicalIndexData } {
  const documents = parseWith(z.array(DocumentSchema), files.documents, "documents.json") as SourceDocument[];
  if (documents.length !== manifest.documents.length)
    throw new IndexDamage("documents.json", `holds ${documents.length} documents, the manifest ${manifest.documents.length}`);
  const byId = new Map<string, SourceDocument>();
  documents.forEach((doc, i) => {
    checkDocument(doc, manifest.documents[i], i);
    byId.set(doc.id, doc);
  });

  const chunks = parseWith(z.array(ChunkSchema), files.chunks, "chunks.json") as Chunk[];
  if (chunks.length !== manifest.chunkCount)
    throw new IndexDamage("chunks.json", `holds ${chunks.length} chunks, the manifest ${manifest.chunkCount}`);
  const perDoc = new Map<string, number>();
  chunks.forEach((chunk, i) => {
    checkChunk(chunk, i, byId.get(chunk.docId));
    perDoc.set(chunk.docId, (perDoc.get(chunk.docId) ?? 0) + 1);
  });
  for (const entry of manifest.documents) {
    if ((perDoc.get(entry.id) ?? 0) !== entry.chunks)
      throw new IndexDamage(
        "chunks.json",
        `${JSON.stringify(entry.id)} has ${perDoc.get(entry.id) ?? 0} chunks, the manifest ${entry.chunks}`,
      );
  }

  const shape = parseWith(LexicalShapeSchema, files.lexical, "lexical.json");
  if (shape.lengths.length !== chunks.length)
    throw new IndexDamage("lexical.json", `has lengths for ${shape.lengths.length} chunks, not ${chunks.length}`);
  const lexical: LexicalIndexData = {
    params: shape.params,
    lengths: shape.lengths,
    postings: checkPostings(shape.postings, shape.lengths),
  };
  return { documents, chunks, lexical };
}
