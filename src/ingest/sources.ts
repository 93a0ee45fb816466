/**
 * `corpus/sources.json`: optional metadata per document, keyed by document id
 * (`{"report.pdf": {"title": "…", "url": "https://…", "publisher": "…", "date": "2024-01"}}`).
 * It wins over what a file says about itself (front matter, PDF properties).
 */
import { randomUUID } from "node:crypto";
import { readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { createError, describeError } from "../errors.js";
import { PUBLIC_HTTP_URL_RULE, publicHttpUrl } from "../http-url.js";

export const SOURCES_FILE = "sources.json";

/**
 * One document's entry. `url` is checked apart (see `readSources`), so that one bad address
 * costs only that address, not the whole file.
 */
export const DocumentMetadataSchema = z
  .object({
    title: z.string().min(1).optional(),
    url: z.string().optional(),
    publisher: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
  })
  .strict();

export const SourcesSchema = z.record(z.string(), DocumentMetadataSchema);

export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;
export type Sources = z.infer<typeof SourcesSchema>;

/** sources.json holds a few lines per document: 16 MB is tens of thousands of documents. */
const MAX_SOURCES_BYTES = 16 * 1024 * 1024;

/**
 * Reads and shape-checks the file: `data` is what the schema returns, `json` the file as written
 * (key order kept, for rewriting it). Null when it does not exist; FILE_UNREADABLE when malformed.
 */
async function readRawSources(corpusDir: string): Promise<{ data: Sources; json: Record<string, unknown> } | null> {
  const file = path.join(corpusDir, SOURCES_FILE);
  const info = await stat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE}: ${describeError(error)}`, error);
  });
  if (info === null) return null;
  // A pipe would block the read for ever and a device never end: only a file of metadata's size is read.
  if (!info.isFile()) throw createError("FILE_UNREADABLE", `${SOURCES_FILE} is not a regular file`);
  if (info.size > MAX_SOURCES_BYTES)
    throw createError("FILE_TOO_LARGE", `${SOURCES_FILE} holds ${info.size} bytes, over the ${MAX_SOURCES_BYTES} a metadata file may hold`);
  const raw = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE}: ${describeError(error)}`, error);
  });
  if (raw === null) return null;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    // JSON.parse quotes the text it failed on, line breaks and all: the message stays one line.
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE} is not valid JSON: ${describeError(error).replace(/\s+/g, " ")}`, error);
  }
  const parsed = SourcesSchema.safeParse(json);
  if (!parsed.success)
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE}: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`, parsed.error);
  return { data: parsed.data, json: json as Record<string, unknown> };
}

/**
 * Reads `sources.json` from the corpus folder; an absent file is no metadata. Throws
 * FILE_UNREADABLE when it is malformed. A `url` that is not an http(s) address without user name
 * or password (`javascript:`, `file:`, `https://user:pass@…`) is left out and `onWarning` is told.
 * The result has no prototype: document ids are user text.
 */
export async function readSources(corpusDir: string, onWarning: (message: string) => void = () => {}): Promise<Sources> {
  const sources: Sources = Object.create(null) as Sources;
  for (const [id, entry] of Object.entries((await readRawSources(corpusDir))?.data ?? {})) {
    const { url, ...rest } = entry;
    const checked = url === undefined ? undefined : publicHttpUrl(url);
    if (checked === null) onWarning(`${id}: url ignored: ${PUBLIC_HTTP_URL_RULE}`);
    sources[id] = checked ? { ...rest, url: checked } : rest;
  }
  return sources;
}

/**
 * The text `sources.json` would hold with `meta` merged into the entry of `id`. Other entries
 * are kept exactly as they are written (an ignored url too: it is the user's to fix). Throws FILE_UNREADABLE when the current file is malformed.
 */
export async function sourcesWith(corpusDir: string, id: string, meta: DocumentMetadata): Promise<string> {
  const sources = (await readRawSources(corpusDir))?.json ?? {};
  const present = Object.hasOwn(sources, id);
  const merged = { ...(present ? (sources[id] as object) : {}), ...meta };
  const entries = Object.entries(sources);
  // Keeps the file's order: an existing entry stays where it is, a new one goes last.
  const updated = present
    ? entries.map(([key, entry]) => [key, key === id ? merged : entry] as const)
    : [...entries, [id, merged] as const];
  return `${JSON.stringify(Object.fromEntries(updated), null, 2)}\n`;
}

/** Replaces `sources.json` with `text`, through a temporary file and a rename, so no reader sees half a file. */
export async function writeSources(corpusDir: string, text: string): Promise<void> {
  const file = path.join(corpusDir, SOURCES_FILE);
  const temp = path.join(corpusDir, `.${SOURCES_FILE}-${randomUUID()}.tmp`);
  try {
    await writeFile(temp, text, { flag: "wx" });
    await rename(temp, file);
  } finally {
    await rm(temp, { force: true });
  }
}
