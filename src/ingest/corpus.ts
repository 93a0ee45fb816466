/**
 * Reads every supported file of a corpus folder. A file that cannot be read is reported with
 * its reason and the others are still returned: one bad PDF must not stop the index.
 */
import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import type { Logger } from "../log.js";
import type { SourceDocument } from "../types.js";
import { parseTextDocument } from "./markdown.js";
import { walkCorpus } from "./corpus-walk.js";
import { DEFAULT_PARSE_MEMORY_MB, parsePdfIsolated } from "./pdf-isolated.js";
import { readSources, SOURCES_FILE, type DocumentMetadata, type Sources } from "./sources.js";
import { decodeText } from "./text-bytes.js";

/** File types Citebot reads, by extension. */
export const LOADERS = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".pdf": "pdf",
} as const;

/** Whether a file name has an extension Citebot reads. */
export function isSupported(name: string): boolean {
  return loaderOf(name) !== undefined;
}

/** The loader for a file name, looked up among LOADERS' own keys only (a name is user text). */
function loaderOf(name: string): (typeof LOADERS)[keyof typeof LOADERS] | undefined {
  const ext = path.extname(name).toLowerCase();
  return Object.hasOwn(LOADERS, ext) ? LOADERS[ext as keyof typeof LOADERS] : undefined;
}

/** A corpus file found on disk, before parsing. */
export interface CorpusFile {
  id: string;
  /** Where the file is, for messages (a name that is not UTF-8 is shown with `\xNN`, as in the id). */
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

/** The corpus folder's own description, not a document; a README.md in a subfolder is one. */
const CORPUS_README = "README.md";

/**
 * Lists the supported files under `dir` (recursively, through symbolic links, sorted by id), with
 * their metadata and content hashes. A subfolder, link or file that cannot be read is a problem
 * and the rest is still listed; only an unreadable `dir` itself throws (FILE_UNREADABLE).
 */
export async function listCorpusFiles(dir: string, options: ListOptions): Promise<{ files: CorpusFile[]; problems: CorpusProblem[] }> {
  const walked = await walkCorpus(dir, (id) => isSupported(id) && id !== CORPUS_README).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `corpus folder ${dir}: ${describeError(error)}`, error);
  });
  const files: CorpusFile[] = [];
  const problems: CorpusProblem[] = walked.problems.map((p) => ({ id: p.id, reason: describeError(p.error), hash: null }));
  let sources: Sources = {};
  try {
    sources = await readSources(dir, (reason) => problems.push({ id: SOURCES_FILE, reason, hash: null }));
  } catch (error) {
    problems.push({ id: SOURCES_FILE, reason: `${describeError(error)} (metadata ignored)`, hash: null });
  }
  for (const found of walked.files) {
    const { id, size } = found;
    try {
      if (size === 0) throw createError("FILE_EMPTY", "0 bytes");
      if (size > options.maxFileBytes) {
        throw createError(
          "FILE_TOO_LARGE",
          `${(size / 1024 / 1024).toFixed(1)} MB is over the ${Math.round(options.maxFileBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`,
        );
      }
      const bytes = await readFile(found.path);
      // Ids are file names: an own property only, never something inherited by every object.
      const meta: DocumentMetadata = Object.hasOwn(sources, id) ? (sources[id] ?? {}) : {};
      const hash = createHash("sha256").update(bytes).update(JSON.stringify(meta)).digest("hex");
      files.push({ id, path: path.join(dir, ...id.split("/")), bytes, hash, meta });
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
  /** The PDF reader's heap limit in MB (PARSE_MEMORY_MB); DEFAULT_PARSE_MEMORY_MB when not given. */
  parseMemoryMb?: number;
}

/**
 * Parses one corpus file by its extension; `sources.json` metadata wins over the file's own.
 * PDFs are read in a child process (see pdf-isolated.ts), so a hostile PDF fails with a coded
 * error instead of taking the process down; `.md` and `.txt` files that are not text fail with
 * FILE_NOT_TEXT.
 */
export async function parseCorpusFile(file: Pick<CorpusFile, "id" | "bytes" | "meta">, options: ParseOptions): Promise<SourceDocument> {
  const kind = loaderOf(file.id);
  if (kind === undefined) throw createError("FILE_UNSUPPORTED", file.id);
  const doc =
    kind === "pdf"
      ? await parsePdfIsolated(file.id, file.bytes, {
          title: path.basename(file.id, path.extname(file.id)),
          timeoutMs: options.parseTimeoutMs,
          memoryMb: options.parseMemoryMb ?? DEFAULT_PARSE_MEMORY_MB,
        })
      : parseTextDocument(file.id, decodeText(file.bytes), kind, (message) => options.logger?.warn(message));
  return {
    ...doc,
    title: file.meta.title ?? doc.title,
    url: file.meta.url ?? doc.url,
    publisher: file.meta.publisher ?? doc.publisher,
    date: file.meta.date ?? doc.date,
  };
}
