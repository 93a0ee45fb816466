/** The disk size the benches report for an index or vector folder. */
import { readdir, stat } from "node:fs/promises";
import path from "node:path";

/** The size of the files directly in `dir`. */
export async function folderBytes(dir: string): Promise<number> {
  let bytes = 0;
  for (const entry of await readdir(dir, { withFileTypes: true }))
    if (entry.isFile()) bytes += (await stat(path.join(dir, entry.name))).size;
  return bytes;
}
