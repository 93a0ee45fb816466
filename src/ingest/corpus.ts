/**
 * Reads every supported file of a corpus folder. A file that cannot be read is reported with
 * its reason and the others are still returned: one bad PDF must not stop the index.
 */
import { createHash } from "node:crypto";
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import type { SourceDocument } from "../types.js";
import { parseTextDocument } from "./markdown.js";
import { parsePdf } from "./pdf.js";

const LOADERS = {
  ".md": "markdown",
  ".markdown": "markdown",
  ".txt": "text",
  ".pdf": "pdf",
} as const;

/** A corpus file found on disk, before parsing. */
export interface CorpusFile {
  id: string;
  path: string;
  /** sha256 of the file's bytes: the index rebuilds a document only when this changes. */
  hash: string;
  bytes: Buffer;
}

export interface CorpusProblem {
  id: string;
  reason: string;
}

/** Lists the supported files under `dir` (recursively, sorted), with their content hashes. */
export async function listCorpusFiles(dir: string, maxFileBytes: number): Promise<{ files: CorpusFile[]; problems: CorpusProblem[] }> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `corpus folder ${dir}: ${describeError(error)}`, error);
  });
  const files: CorpusFile[] = [];
  const problems: CorpusProblem[] = [];
  const candidates = entries
    .filter((e) => e.isFile() && path.extname(e.name).toLowerCase() in LOADERS && e.name !== "README.md")
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
  for (const file of candidates) {
    const id = path.relative(dir, file).split(path.sep).join("/");
    try {
      const { size } = await stat(file);
      if (size > maxFileBytes) {
        problems.push({ id, reason: `${(size / 1024 / 1024).toFixed(1)} MB is over the ${Math.round(maxFileBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)` });
        continue;
      }
      const bytes = await readFile(file);
      files.push({ id, path: file, bytes, hash: createHash("sha256").update(bytes).digest("hex") });
    } catch (error) {
      problems.push({ id, reason: describeError(error) });
    }
  }
  return { files, problems };
}

/** Parses one corpus file by its extension. */
export async function parseCorpusFile(file: CorpusFile): Promise<SourceDocument> {
  const kind = LOADERS[path.extname(file.id).toLowerCase() as keyof typeof LOADERS];
  if (kind === undefined) throw createError("FILE_UNSUPPORTED", file.id);
  if (kind === "pdf") {
    const title = path.basename(file.id, path.extname(file.id));
    return parsePdf(file.id, new Uint8Array(file.bytes), { title, source: null, url: null });
  }
  return parseTextDocument(file.id, file.bytes.toString("utf8"), kind);
}
