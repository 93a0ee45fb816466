/**
 * Checks of the paths a user names (the corpus and index folders, a file to inspect or a batch
 * file) before a command starts work, so that a typo is a usage error (`PATH_INVALID`, exit
 * status 2) with the path and what to do, not a failure halfway through.
 */
import { createReadStream } from "node:fs";
import { mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { CitebotError, createError, describeError } from "../errors.js";
import { assertSeparateFolders } from "../engine.js";

const isMissing = (error: unknown) =>
  (error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR";

/** Throws PATH_INVALID unless `dir` is an existing folder. `what` names it for the user ("corpus folder (CORPUS_DIR, --corpus)"). */
export async function requireFolder(dir: string, what: string): Promise<void> {
  const info = await stat(dir).catch((error: unknown) => {
    throw createError(
      "PATH_INVALID",
      `${what} ${dir} ${isMissing(error) ? "does not exist" : `cannot be used: ${describeError(error)}`}`,
      error,
    );
  });
  if (!info.isDirectory()) throw createError("PATH_INVALID", `${what} ${dir} is not a folder`);
}

/**
 * Makes sure `dir` is a folder, creating it and any missing parents one level at a time; throws
 * PATH_INVALID when a part of the path is a file or a level cannot be created (a read-only or
 * virtual file system such as /proc, where Node's recursive mkdir can loop for ever).
 */
export async function ensureFolder(dir: string, what: string): Promise<void> {
  const missing: string[] = [];
  let existing = path.resolve(dir);
  for (;;) {
    const info = await stat(existing).catch((error: unknown) => {
      if (isMissing(error)) return null;
      throw createError("PATH_INVALID", `${what} ${dir} cannot be used: ${describeError(error)}`, error);
    });
    if (info?.isDirectory()) break;
    if (info) throw createError("PATH_INVALID", `${what} ${dir}: ${existing} is a file, not a folder`);
    missing.unshift(existing);
    const parent = path.dirname(existing);
    if (parent === existing) break;
    existing = parent;
  }
  for (const level of missing) {
    await mkdir(level).catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === "EEXIST") return;
      throw createError("PATH_INVALID", `${what} ${dir} cannot be created: ${describeError(error)}`, error);
    });
  }
}

/**
 * Reads a file the user named, up to `maxBytes`: PATH_INVALID when it is missing, a folder, or not
 * readable; FILE_TOO_LARGE past the cap. With `pipes`, a pipe (`--batch <(…)`) is read as it
 * comes and a device that never ends (`/dev/zero`) stops at the cap instead of filling memory;
 * without, anything but a regular file is refused at once.
 */
export async function readNamedFile(file: string, what: string, maxBytes: number, pipes = false): Promise<Buffer> {
  const fail = (error: unknown): never => {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = isMissing(error)
      ? "does not exist"
      : code === "EISDIR"
        ? "is a folder, not a file"
        : `cannot be read: ${describeError(error)}`;
    throw createError("PATH_INVALID", `${what} ${file} ${reason}`, error);
  };
  const info = await stat(file).catch(fail);
  if (info.isDirectory()) throw createError("PATH_INVALID", `${what} ${file} is a folder, not a file`);
  if (!pipes && !info.isFile()) throw createError("PATH_INVALID", `${what} ${file} is not a regular file (a pipe or a device)`);
  const tooLarge = () =>
    createError("FILE_TOO_LARGE", `${what} ${file} is over the ${Math.round(maxBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`);
  if (info.isFile() && info.size > maxBytes) throw tooLarge();
  const parts: Buffer[] = [];
  let total = 0;
  const stream = createReadStream(file);
  try {
    for await (const part of stream as AsyncIterable<Buffer>) {
      total += part.length;
      if (total > maxBytes) throw tooLarge();
      parts.push(part);
    }
  } catch (error) {
    if (error instanceof CitebotError) throw error;
    fail(error);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(parts, total);
}

/** Throws PATH_INVALID unless `file` is an existing file. */
export async function requireFile(file: string, what: string): Promise<void> {
  const info = await stat(file).catch((error: unknown) => {
    throw createError(
      "PATH_INVALID",
      `${what} ${file} ${isMissing(error) ? "does not exist" : `cannot be used: ${describeError(error)}`}`,
      error,
    );
  });
  if (!info.isFile()) throw createError("PATH_INVALID", `${what} ${file} is not a file`);
}

/** The corpus folder exists and the index folder is (or can be made) a folder: what every command over an index needs. */
export async function checkCorpusAndIndex(config: { corpusDir: string; indexDir: string }): Promise<void> {
  await requireFolder(config.corpusDir, "corpus folder (CORPUS_DIR, --corpus)");
  // Refused before the index folder is made: a refused --index inside the corpus must leave no folder behind.
  await assertSeparateFolders(config.corpusDir, config.indexDir);
  await ensureFolder(config.indexDir, "index folder (INDEX_DIR, --index)");
}
