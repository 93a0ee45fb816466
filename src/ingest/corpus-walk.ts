/**
 * Walks a corpus folder and finds the files to read. Names are read as bytes, so a name that is
 * not valid UTF-8 is still found (its id shows each bad byte as `\xNN`). One folder that cannot
 * be read, a broken symbolic link or a link loop is reported and the walk goes on.
 *
 * Symbolic links are followed, to files and to folders, wherever they lead: the corpus folder is
 * the operator's, and linking a shared folder into it is an ordinary way to add documents. A
 * folder reached twice (a loop, or two links to one folder) is read once, and a file reached
 * twice (a link to a file that is also in the corpus, a hard link) is indexed once, under the
 * first id in sorted order; the other is reported.
 */
import type { Stats } from "node:fs";
import { readdir, stat } from "node:fs/promises";
import { CitebotError, createError, describeError } from "../errors.js";

/** A file found by the walk, not yet read. */
export interface FoundFile {
  id: string;
  /** The file's path as bytes, which reading it needs when its name is not valid UTF-8. */
  path: Buffer;
  /** What says the file is unchanged since it was last hashed (see corpus.ts); taken when the file was found. */
  stamp: FileStamp;
}

/** A file's size, times and inode, and when they were taken. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
  ctimeMs: number;
  ino: number;
  /** When the stamp was taken (ms since the epoch). */
  takenAt: number;
}

/** The stamp of a file whose `stat` is `info`, taken now. */
export function stampOf(info: Stats): FileStamp {
  return { size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs, ino: info.ino, takenAt: Date.now() };
}

/** Something under the corpus folder that will not be read, and why. */
export interface WalkProblem {
  id: string;
  error: CitebotError;
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The length of the UTF-8 sequence a lead byte starts, or 0 for a byte that cannot lead one. */
function sequenceLength(lead: number): number {
  if (lead < 0x80) return 1;
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/**
 * A file name's bytes as text: UTF-8 where they are valid, and `\xNN` for each byte that is not,
 * so that two different names never read the same and the id says what is wrong with the name.
 */
export function decodeName(bytes: Buffer): string {
  try {
    return utf8.decode(bytes);
  } catch {
    // Not UTF-8 throughout: decoded sequence by sequence below.
  }
  let out = "";
  for (let i = 0; i < bytes.length;) {
    const n = sequenceLength(bytes[i] as number);
    const piece = n > 0 && i + n <= bytes.length ? bytes.subarray(i, i + n) : null;
    let decoded: string | null = null;
    if (piece) {
      try {
        decoded = utf8.decode(piece);
      } catch {
        decoded = null;
      }
    }
    if (decoded === null) {
      out += `\\x${(bytes[i] as number).toString(16).toUpperCase().padStart(2, "0")}`;
      i++;
    } else {
      out += decoded;
      i += n;
    }
  }
  return out;
}

const SLASH = Buffer.from("/");
const join = (dir: Buffer, name: Buffer) => Buffer.concat([dir, SLASH, name]);
const identity = (s: { dev: number; ino: number }) => `${s.dev}:${s.ino}`;

/** Why a path cannot be followed, in words, from the error of `stat`. */
function unfollowable(error: unknown, isLink: boolean): CitebotError {
  const code = (error as NodeJS.ErrnoException).code;
  if (isLink && code === "ENOENT") return createError("FILE_SKIPPED", "a symbolic link to nothing (its target does not exist)", error);
  if (code === "ELOOP") return createError("FILE_SKIPPED", "a symbolic link that leads back to itself", error);
  return createError("FILE_UNREADABLE", describeError(error), error);
}

/** A folder that cannot be read; its id ends in "/". */
function folderProblem(id: string, error: unknown): WalkProblem {
  return {
    id: `${id}/`,
    error: createError("FILE_UNREADABLE", `folder ${id}/ could not be read, so nothing in it is indexed: ${describeError(error)}`, error),
  };
}

/**
 * Every file under `root` (recursively, through symbolic links) for which `wanted(id)` holds,
 * sorted by id, and the problems met on the way. Folder problems have ids ending in "/". The
 * walk keeps a list of folders to read instead of recursing, so any depth of folders is fine.
 */
export async function walkCorpus(root: string, wanted: (id: string) => boolean): Promise<{ files: FoundFile[]; problems: WalkProblem[] }> {
  const problems: WalkProblem[] = [];
  const found: (FoundFile & { key: string })[] = [];
  const rootPath = Buffer.from(root);
  const seenFolders = new Set<string>([identity(await stat(rootPath))]);
  const folders: { path: Buffer; id: string }[] = [{ path: rootPath, id: "" }];
  for (let folder = folders.pop(); folder !== undefined; folder = folders.pop()) {
    let entries;
    try {
      entries = await readdir(folder.path, { withFileTypes: true, encoding: "buffer" });
    } catch (error) {
      if (folder.id === "") throw error;
      problems.push(folderProblem(folder.id, error));
      continue;
    }
    for (const entry of entries) {
      const id = folder.id === "" ? decodeName(entry.name) : `${folder.id}/${decodeName(entry.name)}`;
      const full = join(folder.path, entry.name);
      let target;
      try {
        // Follows symbolic links; for a plain file, it gives the size and identity needed below.
        target = await stat(full);
      } catch (error) {
        problems.push(entry.isDirectory() ? folderProblem(id, error) : { id, error: unfollowable(error, entry.isSymbolicLink()) });
        continue;
      }
      const key = identity(target);
      if (target.isDirectory()) {
        if (seenFolders.has(key)) {
          if (entry.isSymbolicLink())
            problems.push({
              id: `${id}/`,
              error: createError("FILE_SKIPPED", "a symbolic link to a folder that is already read (a loop, or a second link to it)"),
            });
          continue;
        }
        seenFolders.add(key);
        folders.push({ path: full, id });
        continue;
      }
      if (!wanted(id)) continue;
      // A FIFO, socket or device named like a document would block or never end when read.
      if (!target.isFile()) {
        problems.push({ id, error: createError("FILE_SKIPPED", "not a regular file (a device, socket or named pipe)") });
        continue;
      }
      found.push({ id, path: full, stamp: stampOf(target), key });
    }
  }
  found.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const firstId = new Map<string, string>();
  const files: FoundFile[] = [];
  for (const f of found) {
    const first = firstId.get(f.key);
    if (first !== undefined) {
      problems.push({
        id: f.id,
        error: createError("FILE_SKIPPED", `the same file as ${first} (a symbolic or hard link), which is indexed`),
      });
      continue;
    }
    firstId.set(f.key, f.id);
    files.push({ id: f.id, path: f.path, stamp: f.stamp });
  }
  problems.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { files, problems };
}
