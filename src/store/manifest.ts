/**
 * The index manifest: everything that must match between the index on disk and the code and
 * settings that query it. A mismatch means the index is rebuilt, and the reason is said.
 */
import { z } from "zod";
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "../chunk/index.js";
import { TOKENIZER_SETTINGS } from "./tokenizer.js";

/**
 * Bump when the files under an index folder change shape, or chunks are cut differently for the
 * same settings. 3: the manifest records the reader fingerprint. 4: marked data folders, the
 * chunking settings recorded, chunk windows capped in characters too. 5: Markdown read by a
 * parser: paragraphs carry their `section`, documents their `links`, lists are paragraphs of lines.
 * 6: a compact format for libraries of 100,000s of chunks: the texts stored once (texts.txt), chunks
 * as offsets into them (chunks.bin), postings in typed arrays with varint chunk ids (lexical.bin).
 * 7: documents.json records each text's length in UTF-16 code units, so texts are decoded only
 * when read; the manifest records each file's stamp; vectors stored once, quantised (vectors.q8).
 */
export const INDEX_FORMAT_VERSION = 7;

export const ManifestSchema = z.object({
  formatVersion: z.number().int(),
  createdAt: z.string(),
  tokenizer: z.record(z.string(), z.union([z.string(), z.number()])),
  /** `maxSentenceChars` is absent from indexes built before sentences had a cap: they are rebuilt. */
  chunking: z.object({ maxWords: z.number(), overlapSentences: z.number(), maxSentenceChars: z.number().optional() }),
  /** The reader fingerprint (see fingerprint.ts): when it differs, every document is read again. */
  reader: z.string(),
  embedding: z
    .object({ model: z.string(), dimensions: z.number().int().positive(), pooling: z.string(), queryPrefix: z.string() })
    .nullable(),
  chunkCount: z.number().int().nonnegative(),
  documents: z.array(
    z.object({
      id: z.string(),
      hash: z.string(),
      kind: z.enum(["pdf", "markdown", "text"]),
      title: z.string(),
      pages: z.number().int().nonnegative(),
      chunks: z.number().int().nonnegative(),
      indexedAt: z.string(),
      /** The file's size, times and inode when it was hashed (see unchangedHash in src/ingest/corpus.ts); absent: the file is hashed again. */
      stamp: z
        .object({
          size: z.number(),
          mtimeMs: z.number(),
          ctimeMs: z.number(),
          ino: z.number(),
          takenAt: z.number(),
          meta: z.string(),
        })
        .optional(),
    }),
  ),
  /** Files not indexed. `hash` is set for files that were read but failed to parse, so a fixed file is noticed. */
  problems: z.array(z.object({ id: z.string(), reason: z.string(), hash: z.string().nullable() })),
});

export type Manifest = z.infer<typeof ManifestSchema>;
export type ManifestEmbedding = NonNullable<Manifest["embedding"]>;

/** Whether chunks cut with `recorded` settings are the chunks `wanted` would cut. */
function sameChunking(recorded: Manifest["chunking"], wanted: ChunkOptions): boolean {
  return (
    recorded.maxWords === wanted.maxWords &&
    recorded.overlapSentences === wanted.overlapSentences &&
    recorded.maxSentenceChars === wanted.maxSentenceChars
  );
}

/**
 * Why an index built with `manifest` cannot serve the current code and chunking settings, or
 * null when it can.
 */
export function incompatibility(manifest: Manifest, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): string | null {
  return queryIncompatibility(manifest) ?? (sameChunking(manifest.chunking, chunking) ? null : "chunking settings changed");
}

/** Why this version cannot query the index at all (another format or tokenizer); null when it can, out of date or not. */
export function queryIncompatibility(manifest: Manifest): string | null {
  if (manifest.formatVersion !== INDEX_FORMAT_VERSION)
    return `index format ${manifest.formatVersion} is not the current ${INDEX_FORMAT_VERSION}`;
  if (JSON.stringify(manifest.tokenizer) !== JSON.stringify(TOKENIZER_SETTINGS)) return "tokenizer settings changed";
  return null;
}

/** Whether two embedding descriptions produce interchangeable vectors. */
export function sameEmbedding(a: ManifestEmbedding | null, b: ManifestEmbedding | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
