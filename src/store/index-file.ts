/**
 * Reads one file of an index folder, only when it is a regular file of a size the index can
 * hold. An index file replaced by a link to /dev/zero, a named pipe or a huge sparse file would
 * otherwise be read without end or fill memory before any check could run.
 */
import { constants } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";
import { readOpened } from "../read-file.js";

/** The most a JSON index file can hold: V8 cannot make a longer string of it anyway. */
export const MAX_JSON_FILE_BYTES = 512 * 1024 * 1024;

/**
 * The most a binary index file (texts.txt, chunks.bin, lexical.bin) can hold: ten times the
 * texts of a 300,000-chunk library, far beyond the memory of the servers Citebot aims at. Each
 * file's counts are then checked against its actual size before anything is allocated from them.
 */
export const MAX_BINARY_FILE_BYTES = 2 * 1024 * 1024 * 1024;

/**
 * The bytes of `file`, opened without following a link and without blocking on a pipe; throws
 * (with the file's name) when it is not a regular file or is larger than `maxBytes`.
 */
export async function readIndexFile(file: string, maxBytes: number): Promise<Buffer> {
  const name = path.basename(file);
  // O_NOFOLLOW and O_NONBLOCK do not exist on Windows; there a link or pipe is caught by fstat alone.
  const flags = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
  const handle = await open(file, flags).catch((error: NodeJS.ErrnoException) => {
    throw new Error(error.code === "ELOOP" ? `${name} is a link, not a file Citebot wrote` : `${name}: ${error.message}`, { cause: error });
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${name} is not a regular file`);
    if (info.size > maxBytes) throw new Error(`${name} holds ${info.size} bytes, more than the ${maxBytes} this index can need`);
    const bytes = await readOpened(handle, info.size);
    if (bytes.length !== info.size) throw new Error(`${name} shrank while it was read`);
    return bytes;
  } finally {
    await handle.close();
  }
}
