/**
 * Reads every supported file of a corpus folder. A file that cannot be read is reported with
 * its reason and the others are still returned: one bad PDF must not stop the index.
 */
import { createHash } from "node:crypto";
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import { readOpened } from "../read-file.js";
import type { Logger } from "../log.js";
import type { SourceDocument } from "../types.js";
import { parseTextDocument } from "./markdown.js";
import { stampOf, walkCorpus, type FileStamp } from "./corpus-walk.js";
import { DEFAULT_PARSE_MEMORY_MB, parsePdfIsolated } from "./pdf-isolated.js";
import { readSources, SOURCES_FILE, type DocumentMetadata, type Sources } from "./sources.js";
import { decodeText } from "./text-bytes.js";

/** File types Citebot reads, by extension. */
const LOADERS = {
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
export function loaderOf(name: string): (typeof LOADERS)[keyof typeof LOADERS] | undefined {
  const ext = path.extname(name).toLowerCase();
  return Object.hasOwn(LOADERS, ext) ? LOADERS[ext as keyof typeof LOADERS] : undefined;
}

/** A file's stamp (see corpus-walk.ts) with the metadata it was hashed with: recorded with the hash in the index manifest. */
export interface RecordedStamp extends FileStamp {
  /** sha256 of the file's `sources.json` metadata as hashed. */
  meta: string;
}

/** A corpus file found on disk and hashed; its bytes are read only when it is parsed (`readCorpusFile`). */
export interface ListedFile {
  id: string;
  /** Where the file is, for messages (a name that is not UTF-8 is shown with `\xNN`, as in the id). */
  path: string;
  /** The path as bytes, which reading the file needs when its name is not valid UTF-8. */
  source: Buffer;
  /** sha256 of the file's bytes and its metadata: the index rebuilds a document only when this changes. */
  hash: string;
  meta: DocumentMetadata;
  stamp: RecordedStamp;
}

/** A listed file with its bytes, ready to parse. */
export interface CorpusFile extends ListedFile {
  bytes: Buffer;
}

/** What the previous index recorded of a file: its hash, and the stamp that hash goes with. */
export interface KnownHash {
  hash: string;
  stamp: RecordedStamp;
}

/**
 * A file whose size, times and inode are those recorded with its hash kept that content (as git
 * and make assume): a start then needs no read of an unchanged library. A file changed within
 * the clock's granularity of the moment it was stamped could keep its stamp, so a hash is only
 * trusted when the file had not been modified for this long before it was stamped (2 s: FAT's granularity).
 */
const STILL_BEFORE_STAMP_MS = 2000;

/** The recorded hash when `stamp` says the file is unchanged since it was recorded; otherwise null (the file is read and hashed). */
export function unchangedHash(known: KnownHash | undefined, stamp: RecordedStamp): string | null {
  if (known === undefined) return null;
  const was = known.stamp;
  const same =
    was.size === stamp.size &&
    was.mtimeMs === stamp.mtimeMs &&
    was.ctimeMs === stamp.ctimeMs &&
    was.ino === stamp.ino &&
    was.meta === stamp.meta;
  // Any write after the stamp sets a modification time later than a settled one; the change time also catches a restored one.
  const settled = was.mtimeMs < was.takenAt - STILL_BEFORE_STAMP_MS;
  return same && settled ? known.hash : null;
}

/**
 * The bytes of a listed file and its stamp as it was opened, opened without blocking (a file
 * replaced by a named pipe since it was listed would block a plain read forever) and refused when
 * it is no longer a regular file or has grown over the cap.
 */
async function readBytes(source: Buffer, maxFileBytes: number): Promise<{ bytes: Buffer; stamp: FileStamp }> {
  const handle = await open(source, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw createError("FILE_SKIPPED", "not a regular file (a device, socket or named pipe)");
    if (info.size === 0) throw createError("FILE_EMPTY", "0 bytes");
    if (info.size > maxFileBytes) throw tooLarge(info.size, maxFileBytes);
    const stamp = stampOf(info);
    return { bytes: await readOpened(handle, info.size), stamp };
  } finally {
    await handle.close();
  }
}

function tooLarge(size: number, maxFileBytes: number) {
  return createError(
    "FILE_TOO_LARGE",
    `${(size / 1024 / 1024).toFixed(1)} MB is over the ${Math.round(maxFileBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`,
  );
}

/**
 * A listed file with its bytes, read now, and the hash and stamp of those bytes: the file may have
 * changed since it was listed, and what is indexed must be recorded as what was read.
 */
export async function readCorpusFile(file: ListedFile, options: ListOptions): Promise<CorpusFile> {
  const { bytes, stamp } = await readBytes(file.source, options.maxFileBytes);
  return { ...file, bytes, hash: contentHash(bytes, file.meta), stamp: { ...stamp, meta: file.stamp.meta } };
}

/** sha256 of a file's bytes and its metadata. */
function contentHash(bytes: Buffer, meta: DocumentMetadata): string {
  return createHash("sha256").update(bytes).update(JSON.stringify(meta)).digest("hex");
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
export async function listCorpusFiles(
  dir: string,
  options: ListOptions,
  known: ReadonlyMap<string, KnownHash> = new Map(),
): Promise<{ files: ListedFile[]; problems: CorpusProblem[] }> {
  const walked = await walkCorpus(dir, (id) => isSupported(id) && id !== CORPUS_README).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `corpus folder ${dir}: ${describeError(error)}`, error);
  });
  const files: ListedFile[] = [];
  const problems: CorpusProblem[] = walked.problems.map((p) => ({ id: p.id, reason: describeError(p.error), hash: null }));
  let sources: Sources = {};
  try {
    sources = await readSources(dir, (reason) => problems.push({ id: SOURCES_FILE, reason, hash: null }));
  } catch (error) {
    problems.push({ id: SOURCES_FILE, reason: `${describeError(error)} (metadata ignored)`, hash: null });
  }
  for (const found of walked.files) {
    const { id } = found;
    const { size } = found.stamp;
    try {
      if (size === 0) throw createError("FILE_EMPTY", "0 bytes");
      if (size > options.maxFileBytes) throw tooLarge(size, options.maxFileBytes);
      // Ids are file names: an own property only, never something inherited by every object.
      const meta: DocumentMetadata = Object.hasOwn(sources, id) ? (sources[id] ?? {}) : {};
      const metaJson = JSON.stringify(meta);
      const stamp: RecordedStamp = { ...found.stamp, meta: createHash("sha256").update(metaJson).digest("hex") };
      // The bytes are not kept: a library's files would all be in memory at once. Parsing reads them again.
      const hash = unchangedHash(known.get(id), stamp) ?? contentHash((await readBytes(found.path, options.maxFileBytes)).bytes, meta);
      files.push({ id, path: path.join(dir, ...id.split("/")), source: found.path, hash, meta, stamp });
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
