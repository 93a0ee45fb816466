/**
 * `corpus/sources.json`: optional metadata per document, keyed by document id
 * (`{"report.pdf": {"title": "…", "url": "https://…", "publisher": "…", "date": "2024-01"}}`).
 * It wins over what a file says about itself (front matter, PDF properties).
 */
import { readFile, writeFile, rename } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { createError, describeError } from "../errors.js";

export const SOURCES_FILE = "sources.json";

export const DocumentMetadataSchema = z
  .object({
    title: z.string().min(1).optional(),
    url: z.url({ message: "expected an http(s) URL" }).optional(),
    publisher: z.string().min(1).optional(),
    date: z.string().min(1).optional(),
  })
  .strict();

export const SourcesSchema = z.record(z.string(), DocumentMetadataSchema);

export type DocumentMetadata = z.infer<typeof DocumentMetadataSchema>;
export type Sources = z.infer<typeof SourcesSchema>;

/** Reads `sources.json` from the corpus folder; an absent file is no metadata. Throws FILE_UNREADABLE when it is malformed. */
export async function readSources(corpusDir: string): Promise<Sources> {
  const file = path.join(corpusDir, SOURCES_FILE);
  const raw = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE}: ${describeError(error)}`, error);
  });
  if (raw === null) return {};
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw createError("FILE_UNREADABLE", `${SOURCES_FILE} is not valid JSON: ${describeError(error)}`, error);
  }
  const parsed = SourcesSchema.safeParse(json);
  if (!parsed.success) throw createError("FILE_UNREADABLE", `${SOURCES_FILE}: ${z.prettifyError(parsed.error).replace(/\n/g, " ")}`, parsed.error);
  return parsed.data;
}

/** Sets the metadata of one document in `sources.json` (written to a temporary file, then renamed). */
export async function updateSources(corpusDir: string, id: string, meta: DocumentMetadata): Promise<void> {
  const sources = await readSources(corpusDir);
  sources[id] = { ...sources[id], ...meta };
  const file = path.join(corpusDir, SOURCES_FILE);
  await writeFile(`${file}.tmp`, `${JSON.stringify(sources, null, 2)}\n`);
  await rename(`${file}.tmp`, file);
}
