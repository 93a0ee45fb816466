/**
 * The layout of an index folder. Each build is written to a fresh staging folder marked as
 * Citebot's, renamed to `data-*` when complete, and then `CURRENT` (written to a temporary file
 * and renamed) is pointed at it. Readers follow `CURRENT`, so an interrupted build leaves the
 * previous index intact. Only marked folders are ever removed (see ownership.ts).
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CitebotError, createError, describeError } from "../errors.js";
import type { Chunk, SourceDocument } from "../types.js";
import type { LexicalIndexData } from "./bm25.js";
import { INDEX_FORMAT_VERSION, ManifestSchema, type Manifest } from "./manifest.js";
import { decodeChunks, encodeChunks } from "./format/chunk-table.js";
import { CHECKED_FILES, CHECKSUMS_FILE, checksumsOf, readChecked, readChecksums } from "./format/checksums.js";
import { decodeDocuments, encodeDocuments } from "./format/documents.js";
import { encodeLexical } from "./format/postings-file.js";
import { MAX_BINARY_FILE_BYTES, MAX_JSON_FILE_BYTES, readIndexFile } from "./index-file.js";
import { MARKER, readCurrentPointer, removeStale } from "./ownership.js";
import { validateIndexFiles } from "./validate.js";
import { readStoredVectors, type StoredVectors } from "./vector-store.js";

export const FILES = {
  current: "CURRENT",
  manifest: "manifest.json",
  documents: "documents.json",
  texts: "texts.txt",
  chunks: "chunks.bin",
  lexical: "lexical.bin",
  checksums: CHECKSUMS_FILE,
} as const;

/** The parts of an index that are plain data (the vector search structures are loaded separately). */
export interface IndexData {
  manifest: Manifest;
  documents: SourceDocument[];
  chunks: Chunk[];
  lexical: LexicalIndexData;
  /** One vector per chunk, by chunk id, quantised (see vector-store.ts); null when the index has no embeddings. */
  vectors: StoredVectors | null;
}

/**
 * The folder holding the index that `CURRENT` points to, or null when there is none. Throws
 * CONFIG_INVALID when a `CURRENT` exists that Citebot did not write.
 */
export async function currentDataDir(indexDir: string): Promise<string | null> {
  const name = await readCurrentPointer(indexDir);
  return name === null ? null : path.join(indexDir, name);
}

/**
 * Whether a build has made an index current in `indexDir`. Throws CONFIG_INVALID, as opening the
 * index would, for a CURRENT file Citebot did not write: better before a model download than after.
 */
export async function indexBuilt(indexDir: string): Promise<boolean> {
  return (await currentDataDir(indexDir)) !== null;
}

function parseJson(name: string, bytes: Buffer): unknown {
  try {
    return JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new Error(`${name}: ${describeError(error)}`, { cause: error });
  }
}

/**
 * Reads and validates the current index's data files (see validate.ts), or returns null when
 * there is no index yet. Throws INDEX_OUTDATED for an index of another format version and
 * INDEX_INVALID for a damaged one.
 */
export async function readIndexData(indexDir: string): Promise<{ dir: string; data: IndexData } | null> {
  const dir = await currentDataDir(indexDir);
  if (dir === null) return null;
  try {
    const json = parseJson(FILES.manifest, await readIndexFile(path.join(dir, FILES.manifest), MAX_JSON_FILE_BYTES));
    // Checked before the schema: an older manifest lacks newer fields, and is outdated, not broken.
    const version = z.object({ formatVersion: z.number() }).safeParse(json).data?.formatVersion;
    if (version !== undefined && version !== INDEX_FORMAT_VERSION) {
      throw createError("INDEX_OUTDATED", `index format ${version} is not the current ${INDEX_FORMAT_VERSION}`);
    }
    const manifest = ManifestSchema.parse(json);
    const sums = await readChecksums(dir);
    const files = {
      documents: parseJson(FILES.documents, await readChecked(dir, FILES.documents, sums, MAX_JSON_FILE_BYTES)),
      texts: await readChecked(dir, FILES.texts, sums, MAX_BINARY_FILE_BYTES),
      chunks: await readChecked(dir, FILES.chunks, sums, MAX_BINARY_FILE_BYTES),
      lexical: await readChecked(dir, FILES.lexical, sums, MAX_BINARY_FILE_BYTES),
    };
    const { documents, chunks, lexical } = validateIndexFiles(manifest, files);
    const vectors = manifest.embedding ? await readStoredVectors(dir, manifest.embedding.dimensions, manifest.chunkCount) : null;
    return { dir, data: { manifest, documents, chunks, lexical, vectors } };
  } catch (error) {
    if (error instanceof CitebotError && error.code === "INDEX_OUTDATED") throw error;
    if (error instanceof z.ZodError)
      throw createError("INDEX_INVALID", `${dir}: manifest.json: the manifest does not match its schema`, error);
    throw createError("INDEX_INVALID", `${dir}: ${describeError(error)}`, error);
  }
}

/** A write error as something a user can act on; a full disk is said in words. */
function writeFailed(indexDir: string, error: unknown): CitebotError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  const why = code === "ENOSPC" ? "the disk is full" : code === "EDQUOT" ? "the disk quota is exhausted" : describeError(error);
  return createError("INDEX_WRITE_FAILED", `${indexDir}: ${why}; the previous index, if any, is still in use`, error);
}

/**
 * Writes a complete index into a new data folder and makes it current. `writeExtra` adds files
 * (the vector files) into the folder before it becomes visible. On any failure (a full disk too)
 * what this build wrote is removed and INDEX_WRITE_FAILED thrown; nothing else is touched.
 * Returns the folder, and the documents and chunks as a load of it would give them.
 */
export async function writeIndexData(
  indexDir: string,
  data: IndexData,
  writeExtra: (dir: string) => Promise<void>,
): Promise<{ dir: string; documents: SourceDocument[]; chunks: Chunk[] }> {
  await mkdir(indexDir, { recursive: true });
  // Before anything is written: a CURRENT of another program's must not be replaced.
  await readCurrentPointer(indexDir);
  const name = `data-${Date.now().toString(36)}-${process.pid.toString(36)}`;
  const staging = path.join(indexDir, `.${name}.tmp`);
  const finalDir = path.join(indexDir, name);
  const pointer = path.join(indexDir, `.${FILES.current}.${process.pid.toString(36)}.tmp`);
  // Without `recursive`, mkdir fails on an existing folder, so a folder not made here is never written into.
  await mkdir(staging).catch((error: unknown) => {
    throw writeFailed(indexDir, error);
  });
  let made = staging;
  let pointerMade = false;
  let encoded: (ReturnType<typeof encodeDocuments> & { chunks: Buffer }) | null = null;
  try {
    // The marker goes first: from here on, a crash leaves a folder the next build may remove.
    await writeFile(path.join(staging, MARKER.file), MARKER.content);
    const { metadata, texts } = encodeDocuments(data.documents);
    encoded = { metadata, texts, chunks: encodeChunks(data.documents, data.chunks) };
    const files = {
      [FILES.documents]: Buffer.from(JSON.stringify(metadata), "utf8"),
      [FILES.texts]: texts,
      [FILES.chunks]: encoded.chunks,
      [FILES.lexical]: encodeLexical(data.lexical),
    };
    for (const name of CHECKED_FILES) await writeFile(path.join(staging, name), files[name]);
    await writeFile(path.join(staging, FILES.checksums), checksumsOf(files));
    await writeExtra(staging);
    // The manifest goes last: a folder with a manifest is a complete one.
    await writeFile(path.join(staging, FILES.manifest), JSON.stringify(data.manifest, null, 2));
    await rename(staging, finalDir);
    made = finalDir;
    // "wx" never replaces a file; once it got past creating one (EEXIST aside), the file is ours to remove.
    pointerMade = true;
    await writeFile(pointer, `${name}\n`, { flag: "wx" }).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EEXIST") pointerMade = false;
      throw error;
    });
    await rename(pointer, path.join(indexDir, FILES.current));
  } catch (error) {
    if (pointerMade) await rm(pointer, { force: true });
    await rm(made, { recursive: true, force: true });
    throw writeFailed(indexDir, error);
  }
  await removeStale(indexDir, name);
  // The documents and chunks as a load gives them, from the bytes just written: a process that
  // built the index then answers from it as lean as one that opened it (texts held once, as
  // UTF-8; sentence spans in the chunk table's columns, not one object each).
  if (!encoded) return { dir: finalDir, documents: data.documents, chunks: data.chunks };
  const { documents, lengths } = decodeDocuments(encoded.metadata, encoded.texts);
  return { dir: finalDir, documents, chunks: decodeChunks(encoded.chunks, documents, lengths, data.chunks.length) };
}
