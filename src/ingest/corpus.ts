/**
 * Reads every supported file of a corpus folder. A file that cannot be read is reported with
 * its reason and the others are still returned: one bad PDF must not stop the index.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import type { Logger } from "../log.js";
import type { SourceDocument } from "../types.js";
import { parseTextDocument } from "./markdown.js";
import { parsePdf } from "./pdf.js";
import { readSources, SOURCES_FILE, type DocumentMetadata } from "./sources.js";

/** File types Citebot reads, by extension. */
export const LOADERS = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".pdf": "pdf",
} as const;

/** Whether a file name has an extension Citebot reads. */
export function isSupported(name: string): boolean {
  return path.extname(name).toLowerCase() in LOADERS;
}

/** A corpus file found on disk, before parsing. */
export interface CorpusFile {
  id: string;
  path: string;
  /** sha256 of the file's bytes and its metadata: the index rebuilds a document only when this changes. */
  hash: string;
  bytes: Buffer;
  meta: DocumentMetadata;
}

export interface CorpusProblem {
  id: string;
  reason: string;
  /** The content hash of a file that was read but could not be parsed; null when it could not be read at all. */
  hash: string | null;
}

export interface ListOptions {
  maxFileBytes: number;
}

/** Lists the supported files under `dir` (recursively, sorted), with their metadata and content hashes. */
export async function listCorpusFiles(dir: string, options: ListOptions): Promise<{ files: CorpusFile[]; problems: CorpusProblem[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `corpus folder ${dir}: ${describeError(error)}`, error);
  });
  const files: CorpusFile[] = [];
  const problems: CorpusProblem[] = [];
  let sources = {};
  try {
    sources = await readSources(dir, (reason) => problems.push({ id: SOURCES_FILE, reason, hash: null }));
  } catch (error) {
    problems.push({ id: "sources.json", reason: `${describeError(error)} (metadata ignored)`, hash: null });
  }
  const candidates = entries
    .filter((e) => e.isFile() && isSupported(e.name) && e.name !== "README.md")
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of candidates) {
    const id = path.relative(dir, file).split(path.sep).join("/");
    try {
      const { size } = await stat(file);
      if (size === 0) throw createError("FILE_EMPTY", "0 bytes");
      if (size > options.maxFileBytes) {
        throw createError("FILE_TOO_LARGE", `${(size / 1024 / 1024).toFixed(1)} MB is over the ${Math.round(options.maxFileBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`);
      }
      const bytes = await readFile(file);
      const meta: DocumentMetadata = (sources as Record<string, DocumentMetadata>)[id] ?? {};
      const hash = createHash("sha256").update(bytes).update(JSON.stringify(meta)).digest("hex");
      files.push({ id, path: file, bytes, hash, meta });
    } catch (error) {
      problems.push({ id, reason: describeError(error), hash: null });
    }
  }
  return { files, problems };
}

export interface ParseOptions {
  /** A PDF that takes longer than this to read is skipped. */
  parseTimeoutMs: number;
  /** Told what was left out of a document (a front-matter url that is not http(s), say). */
  logger?: Pick<Logger, "warn">;
}

/** Parses one corpus file by its extension; `sources.json` metadata wins over the file's own. */
export async function parseCorpusFile(file: Pick<CorpusFile, "id" | "bytes" | "meta">, options: ParseOptions): Promise<SourceDocument> {
  const kind = LOADERS[path.extname(file.id).toLowerCase() as keyof typeof LOADERS];
  if (kind === undefined) throw createError("FILE_UNSUPPORTED", file.id);
  const doc =
    kind === "pdf"
      ? await parsePdf(file.id, new Uint8Array(file.bytes), { title: path.basename(file.id, path.extname(file.id)), source: null, url: null, timeoutMs: options.parseTimeoutMs })
      : parseTextDocument(file.id, file.bytes.toString("utf8"), kind, (message) => options.logger?.warn(message));
  return {
    ...doc,
    title: file.meta.title ?? doc.title,
    url: file.meta.url ?? doc.url,
    publisher: file.meta.publisher ?? doc.publisher,
    date: file.meta.date ?? doc.date,
  };
}
