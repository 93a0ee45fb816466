/**
 * Reads a whole file through an open handle, in as many reads as the system needs: shared by the
 * corpus reader and the index reader, which both open files themselves (without blocking on a
 * pipe) and check what they opened before reading.
 */
import type { FileHandle } from "node:fs/promises";

/** Up to `size` bytes of the file from its start: fewer when it is shorter (or shrank while it was read). */
export async function readOpened(handle: FileHandle, size: number): Promise<Buffer> {
  const bytes = Buffer.alloc(size);
  let read = 0;
  while (read < size) {
    const { bytesRead } = await handle.read(bytes, read, size - read, read);
    if (bytesRead === 0) break;
    read += bytesRead;
  }
  return read === size ? bytes : bytes.subarray(0, read);
}
