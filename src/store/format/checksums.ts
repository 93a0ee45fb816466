/**
 * checksums.json: the size and SHA-256 of each data file, written before the manifest. A file
 * stores a fact once now (a chunk's text is its document's text), so a changed byte that keeps
 * every offset valid (a letter of a text, a page number) cannot be caught by cross-checks: it is
 * caught here, and the index is rebuilt.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { z } from "zod";
import { IndexDamage } from "../index-damage.js";
import { readIndexFile } from "../index-file.js";

export const CHECKSUMS_FILE = "checksums.json";

/** The most checksums.json can hold: a few lines. */
const MAX_CHECKSUMS_BYTES = 64 * 1024;

const Entry = z.object({ bytes: z.number().int().nonnegative(), sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** The data files that are checked, by name. */
export const CHECKED_FILES = ["documents.json", "texts.txt", "chunks.bin", "lexical.bin"] as const;
export type CheckedFile = (typeof CHECKED_FILES)[number];

const ChecksumsSchema = z.object(Object.fromEntries(CHECKED_FILES.map((f) => [f, Entry])) as Record<CheckedFile, typeof Entry>);
export type Checksums = z.infer<typeof ChecksumsSchema>;

function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** The contents of checksums.json for the data files' contents. */
export function checksumsOf(files: Record<CheckedFile, Uint8Array>): string {
  const entries = CHECKED_FILES.map((f) => [f, { bytes: files[f].byteLength, sha256: sha256(files[f]) }]);
  return JSON.stringify(Object.fromEntries(entries), null, 2);
}

/** Reads checksums.json of the data folder `dir`; throws IndexDamage when it is damaged. */
export async function readChecksums(dir: string): Promise<Checksums> {
  const bytes = await readIndexFile(path.join(dir, CHECKSUMS_FILE), MAX_CHECKSUMS_BYTES);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    throw new IndexDamage(CHECKSUMS_FILE, "is not JSON");
  }
  const parsed = ChecksumsSchema.safeParse(json);
  if (!parsed.success) throw new IndexDamage(CHECKSUMS_FILE, "does not list every data file's size and SHA-256");
  return parsed.data;
}

/**
 * The bytes of data file `name`, read only up to the size checksums.json records (and `maxBytes`),
 * and only when their size and SHA-256 are the recorded ones.
 */
export async function readChecked(dir: string, name: CheckedFile, sums: Checksums, maxBytes: number): Promise<Buffer> {
  const expected = sums[name];
  const bytes = await readIndexFile(path.join(dir, name), Math.min(expected.bytes, maxBytes));
  if (bytes.length !== expected.bytes) throw new IndexDamage(name, `holds ${bytes.length} bytes, checksums.json says ${expected.bytes}`);
  if (sha256(bytes) !== expected.sha256) throw new IndexDamage(name, "its contents changed since it was written (SHA-256 differs)");
  return bytes;
}
