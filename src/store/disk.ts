/**
 * The layout of an index folder. Each build is written to a fresh `data-*` folder, renamed into
 * place when complete, and then `CURRENT` (written to a temporary file and renamed) is pointed at
 * it. Readers follow `CURRENT`, so an interrupted build leaves the previous index intact.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { CitebotError, createError, describeError } from "../errors.js";
import type { Chunk, SourceDocument } from "../types.js";
import type { LexicalIndexData } from "./bm25.js";
import { INDEX_FORMAT_VERSION, ManifestSchema, type Manifest } from "./manifest.js";

export const FILES = {
  current: "CURRENT",
  manifest: "manifest.json",
  documents: "documents.json",
  chunks: "chunks.json",
  lexical: "lexical.json",
  vectors: "vectors.f32",
  hnsw: "vectors.hnsw",
} as const;

/** The parts of an index that are plain data (the HNSW graph is loaded separately). */
export interface IndexData {
  manifest: Manifest;
  documents: SourceDocument[];
  chunks: Chunk[];
  lexical: LexicalIndexData;
  /** One vector per chunk, by chunk id; empty when the index has no embeddings. */
  vectors: Float32Array[];
}

/** The folder holding the index that `CURRENT` points to, or null when there is none. */
export async function currentDataDir(indexDir: string): Promise<string | null> {
  const name = await readFile(path.join(indexDir, FILES.current), "utf8").catch(() => null);
  if (name === null) return null;
  const trimmed = name.trim();
  if (!/^data-[\w-]+$/.test(trimmed)) throw createError("INDEX_INVALID", `${indexDir}/CURRENT names "${trimmed}"`);
  return path.join(indexDir, trimmed);
}

async function readJson(file: string): Promise<unknown> {
  return JSON.parse(await readFile(file, "utf8"));
}

function splitVectors(buffer: Buffer, dimensions: number, count: number): Float32Array[] {
  const all = new Float32Array(buffer.buffer, buffer.byteOffset, buffer.byteLength / 4);
  if (all.length !== dimensions * count) throw new Error(`vectors.f32 holds ${all.length} numbers, expected ${dimensions * count}`);
  return Array.from({ length: count }, (_, i) => all.slice(i * dimensions, (i + 1) * dimensions));
}

/**
 * Reads the current index's data files, or returns null when there is no index yet. Throws
 * INDEX_OUTDATED for an index of another format version and INDEX_INVALID for a broken one.
 */
export async function readIndexData(indexDir: string): Promise<{ dir: string; data: IndexData } | null> {
  const dir = await currentDataDir(indexDir);
  if (dir === null) return null;
  try {
    const json = await readJson(path.join(dir, FILES.manifest));
    // Checked before the schema: an older manifest lacks newer fields, and is outdated, not broken.
    const version = z.object({ formatVersion: z.number() }).safeParse(json).data?.formatVersion;
    if (version !== undefined && version !== INDEX_FORMAT_VERSION) {
      throw createError("INDEX_OUTDATED", `index format ${version} is not the current ${INDEX_FORMAT_VERSION}`);
    }
    const manifest = ManifestSchema.parse(json);
    const documents = (await readJson(path.join(dir, FILES.documents))) as SourceDocument[];
    const chunks = (await readJson(path.join(dir, FILES.chunks))) as Chunk[];
    const lexical = (await readJson(path.join(dir, FILES.lexical))) as LexicalIndexData;
    if (chunks.length !== manifest.chunkCount || lexical.lengths.length !== manifest.chunkCount) {
      throw new Error(`chunk counts disagree (${manifest.chunkCount} in manifest, ${chunks.length} chunks, ${lexical.lengths.length} in lexical index)`);
    }
    const vectors = manifest.embedding
      ? splitVectors(await readFile(path.join(dir, FILES.vectors)), manifest.embedding.dimensions, manifest.chunkCount)
      : [];
    return { dir, data: { manifest, documents, chunks, lexical, vectors } };
  } catch (error) {
    if (error instanceof CitebotError && error.code === "INDEX_OUTDATED") throw error;
    if (error instanceof z.ZodError) throw createError("INDEX_INVALID", `${dir}: manifest does not match its schema`, error);
    throw createError("INDEX_INVALID", `${dir}: ${describeError(error)}`, error);
  }
}

/**
 * Writes a complete index into a new data folder and makes it current. `writeExtra` adds files
 * (the HNSW graph) into the folder before it becomes visible.
 */
export async function writeIndexData(indexDir: string, data: IndexData, writeExtra: (dir: string) => Promise<void>): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const name = `data-${Date.now().toString(36)}-${process.pid.toString(36)}`;
  const staging = path.join(indexDir, `.${name}.tmp`);
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging);
  await writeFile(path.join(staging, FILES.documents), JSON.stringify(data.documents));
  await writeFile(path.join(staging, FILES.chunks), JSON.stringify(data.chunks));
  await writeFile(path.join(staging, FILES.lexical), JSON.stringify(data.lexical));
  if (data.manifest.embedding) {
    const flat = new Float32Array(data.vectors.length * data.manifest.embedding.dimensions);
    data.vectors.forEach((v, i) => flat.set(v, i * v.length));
    await writeFile(path.join(staging, FILES.vectors), Buffer.from(flat.buffer, flat.byteOffset, flat.byteLength));
  }
  await writeExtra(staging);
  // The manifest goes last: a folder with a manifest is a complete one.
  await writeFile(path.join(staging, FILES.manifest), JSON.stringify(data.manifest, null, 2));
  const finalDir = path.join(indexDir, name);
  await rename(staging, finalDir);
  const pointer = path.join(indexDir, `.${FILES.current}.tmp`);
  await writeFile(pointer, `${name}\n`);
  await rename(pointer, path.join(indexDir, FILES.current));
  await removeStale(indexDir, name);
  return finalDir;
}

/** Removes data folders other than the current one, and staging folders of interrupted builds. */
async function removeStale(indexDir: string, keep: string): Promise<void> {
  for (const entry of await readdir(indexDir)) {
    if (entry !== keep && (/^data-/.test(entry) || /^\.data-.*\.tmp$/.test(entry))) {
      await rm(path.join(indexDir, entry), { recursive: true, force: true });
    }
  }
}
