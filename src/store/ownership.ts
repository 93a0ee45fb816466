/**
 * What in an index folder belongs to Citebot. The folder may be one the user already had (an
 * `--index` pointing at an existing folder), so Citebot deletes or overwrites only what it can
 * prove it made: data and staging folders carrying its marker file, and a `CURRENT` pointer in the
 * form it writes. Everything else is left alone, whatever its name.
 */
import { lstat, readdir, readFile, realpath, rm } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";

/** The marker file inside every data and staging folder Citebot creates, and its exact content. */
export const MARKER = { file: ".citebot-index", content: "citebot index data folder\n" } as const;

/** A data folder (`data-…`) or a staging folder (`.data-….tmp`), by name only; the marker decides. */
const CANDIDATE = /^(data-[a-z0-9]+-[a-z0-9]+|\.data-[a-z0-9]+-[a-z0-9]+\.tmp)$/;

/** Whether `dir` is a real folder (not a link) holding Citebot's marker with its exact content. */
export async function isOwnedDataDir(dir: string): Promise<boolean> {
  // Whatever cannot be read (missing, no permission) is not provably Citebot's, so it is never
  // removed: "false" is the answer to every failure here, on purpose.
  const stat = await lstat(dir).catch(() => null);
  if (!stat?.isDirectory()) return false;
  const marker = path.join(dir, MARKER.file);
  const markerStat = await lstat(marker).catch(() => null);
  if (!markerStat?.isFile() || markerStat.size !== Buffer.byteLength(MARKER.content)) return false;
  return (await readFile(marker, "utf8").catch(() => null)) === MARKER.content;
}

/**
 * Removes the data folders other than `keep` and the staging folders of interrupted builds, when
 * they carry the marker. Returns the names removed.
 */
export async function removeStale(indexDir: string, keep: string | null): Promise<string[]> {
  const removed: string[] = [];
  for (const entry of await readdir(indexDir)) {
    if (entry === keep || !CANDIDATE.test(entry)) continue;
    const dir = path.join(indexDir, entry);
    if (!(await isOwnedDataDir(dir))) continue;
    await rm(dir, { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/** A pointer in Citebot's form, read leniently: a data folder's name, white space around it allowed. */
const CURRENT_NAME = /^\s*(data-[a-z0-9-]{1,100})\s*$/;

/** Whether the index folder holds a data or staging folder carrying Citebot's marker. */
async function holdsOwnedData(indexDir: string): Promise<boolean> {
  // An unreadable index folder holds nothing provably Citebot's: its CURRENT is then treated as
  // another program's file and never replaced (the safe side), and the error says so.
  for (const entry of await readdir(indexDir).catch(() => [])) {
    if (CANDIDATE.test(entry) && (await isOwnedDataDir(path.join(indexDir, entry)))) return true;
  }
  return false;
}

/**
 * The data folder `CURRENT` names, or null when there is none to use: no `CURRENT`, or a damaged
 * one in a folder that holds Citebot's own marked data (it is then Citebot's pointer, and the
 * next build replaces it). A `CURRENT` that names no data folder, in a folder without Citebot's
 * data, is another program's file: CONFIG_INVALID, and it is never overwritten.
 */
export async function readCurrentPointer(indexDir: string): Promise<string | null> {
  const file = path.join(indexDir, "CURRENT");
  // Only a CURRENT that does not exist is "no index yet"; any other failure (no permission, an I/O
  // error) is the user's to hear, never taken for an empty folder.
  const stat = await lstat(file).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw createError("PATH_INVALID", `${file} cannot be read: ${describeError(error)}`, error);
  });
  if (stat === null) return null;
  const content = stat.isFile() && stat.size <= 256 ? await readFile(file, "utf8") : null;
  const name = content === null ? null : CURRENT_NAME.exec(content)?.[1];
  if (name) return name;
  if (stat.isFile() && (await holdsOwnedData(indexDir))) return null;
  throw createError(
    "CONFIG_INVALID",
    `${file} was not written by Citebot, so Citebot will not use or replace it. Point --index (INDEX_DIR) at an empty folder or one Citebot made`,
  );
}

async function realOrResolved(dir: string): Promise<string> {
  // A folder that does not exist yet (the index before its first build), or whose real path cannot
  // be had, is compared by its path; making or reading it later reports any real problem.
  const real = await realpath(dir).catch(() => null);
  if (real !== null) return real;
  const parent = path.dirname(dir);
  return parent === dir ? dir : path.join(await realOrResolved(parent), path.basename(dir));
}

const inside = (child: string, parent: string) => {
  const rel = path.relative(parent, child);
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
};

/**
 * Refuses an index folder equal to, inside or around the corpus folder (after resolving links):
 * the index would be read as corpus documents, or its cleanup would reach corpus files.
 */
export async function assertSeparateFolders(corpusDir: string, indexDir: string): Promise<void> {
  const corpus = await realOrResolved(corpusDir);
  const index = await realOrResolved(indexDir);
  const how =
    corpus === index
      ? "is the corpus folder"
      : inside(index, corpus)
        ? "is inside the corpus folder"
        : inside(corpus, index)
          ? "contains the corpus folder"
          : null;
  if (how) {
    throw createError(
      "CONFIG_INVALID",
      `the index folder ${indexDir} (INDEX_DIR, --index) ${how} ${corpusDir}; the index needs a folder of its own, apart from the corpus`,
    );
  }
}
