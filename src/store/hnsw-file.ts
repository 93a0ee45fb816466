/**
 * A check of `vectors.hnsw` before it is handed to hnswlib. hnswlib's loader trusts the file: a
 * changed header byte makes it allocate or follow links by a wrong size, and the process dies
 * with a segfault no JavaScript can catch. So the file is read here first and every field the
 * native code will use is checked against what Citebot wrote: the header, the file size, every
 * link (an element id in range), every label (each label once) and every stored vector (the
 * expected vector, normalised, as hnswlib's cosine space stores it, or else a finite vector of
 * length 1 or 0).
 *
 * Layout of HierarchicalNSW::saveIndex in hnswlib 0.8 (hnswlib-node 3), little-endian, 64-bit
 * size_t: offsetLevel0 u64, max_elements u64, cur_element_count u64, size_data_per_element u64,
 * label_offset u64, offsetData u64, maxlevel i32, enterpoint_node u32, maxM u64, maxM0 u64, M u64,
 * mult f64, ef_construction u64 (96 bytes); then cur_element_count level-0 records of
 * size_data_per_element bytes (link count u32, maxM0 links u32, the vector f32 × dimensions, the
 * label u64); then per element a u32 byte count and its upper-level link lists.
 */
import { IndexDamage } from "./index-damage.js";

/** The size of the header fields listed above. */
export const HNSW_HEADER_BYTES = 96;

/** What the file must hold: `count` vectors labelled 0 … count-1. */
export interface ExpectedGraph {
  dimensions: number;
  count: number;
  /** The vector each label must hold, when a copy is kept elsewhere; null checks only that each is finite and of length 1 (or 0). */
  vector: ((label: number) => Float32Array) | null;
}

/** Damage of vectors.hnsw, as every index-file check reports it. */
const hnswDamage = (problem: string) => new IndexDamage("vectors.hnsw", problem);

/** The stored form of a vector in hnswlib's cosine space: normalised to length 1. */
function normalised(v: Float32Array): Float32Array {
  let norm = 0;
  for (const x of v) norm += x * x;
  norm = Math.sqrt(norm) + 1e-30;
  return v.map((x) => x / norm);
}

/** Why the vector stored at `at` is not `want` (or, with no `want`, not finite of length 1 or 0), or null. */
function vectorDamage(view: DataView, at: number, dimensions: number, want: Float32Array | null): string | null {
  let squares = 0;
  for (let d = 0; d < dimensions; d++) {
    const stored = view.getFloat32(at + 4 * d, true);
    if (want ? !(Math.abs(stored - (want[d] as number)) <= 1e-4) : !Number.isFinite(stored)) return "differs from the one expected";
    squares += stored * stored;
  }
  // Length 0 too: the centroid of a list of zero vectors (an embedder's output for no text) is zero.
  return want || squares === 0 || Math.abs(squares - 1) <= 1e-3 ? null : `has length ${Math.sqrt(squares)}, not 1 or 0`;
}

/**
 * Throws when `file` is not exactly a graph hnswlib-node 3 wrote over `expected`; returns
 * quietly when it is safe to load.
 */
export function checkHnswFile(file: Uint8Array, expected: ExpectedGraph): void {
  const view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  if (file.byteLength < HNSW_HEADER_BYTES) throw hnswDamage(`${file.byteLength} bytes is shorter than its header`);
  const u64 = (at: number) => {
    const value = view.getBigUint64(at, true);
    return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.NaN : Number(value);
  };
  const count = expected.count;
  const header = {
    offsetLevel0: u64(0),
    maxElements: u64(8),
    elementCount: u64(16),
    sizeDataPerElement: u64(24),
    labelOffset: u64(32),
    offsetData: u64(40),
    maxLevel: view.getInt32(48, true),
    enterPoint: view.getUint32(52, true),
    maxM: u64(56),
    maxM0: u64(64),
    m: u64(72),
    mult: view.getFloat64(80, true),
    efConstruction: u64(88),
  };
  const expect = (ok: boolean, what: string) => {
    if (!ok) throw hnswDamage(`${what} (header ${JSON.stringify(header)})`);
  };
  expect(header.elementCount === count, `it holds ${header.elementCount} elements, the index ${count}`);
  expect(header.maxElements === Math.max(1, count), `room for ${header.maxElements} elements, not ${Math.max(1, count)}`);
  expect(
    Number.isInteger(header.m) && header.m >= 2 && header.m <= 10_000 && header.maxM === header.m && header.maxM0 === 2 * header.m,
    "M, maxM and maxM0 disagree",
  );
  expect(Number.isFinite(header.mult) && Math.abs(header.mult - 1 / Math.log(header.m)) < 1e-9, "mult is not 1 / ln M");
  expect(
    Number.isInteger(header.efConstruction) && header.efConstruction >= header.m && header.efConstruction <= 100_000,
    "ef_construction out of range",
  );
  const links0Bytes = header.maxM0 * 4 + 4;
  const linksBytes = header.maxM * 4 + 4;
  const vectorBytes = expected.dimensions * 4;
  expect(
    header.offsetLevel0 === 0 && header.offsetData === links0Bytes && header.labelOffset === links0Bytes + vectorBytes,
    "offsets inside an element do not match the dimensions",
  );
  expect(header.sizeDataPerElement === links0Bytes + vectorBytes + 8, "element size does not match the dimensions");
  if (count === 0) {
    expect(
      header.maxLevel === -1 && header.enterPoint === 0xffffffff && file.byteLength === HNSW_HEADER_BYTES,
      "an empty graph with content",
    );
    return;
  }
  expect(header.maxLevel >= 0 && header.maxLevel <= 64 && header.enterPoint < count, "top level or entry point out of range");
  const level0End = HNSW_HEADER_BYTES + count * header.sizeDataPerElement;
  expect(level0End <= file.byteLength, `${file.byteLength} bytes cannot hold ${count} elements`);

  const checkLinks = (at: number, max: number, where: string) => {
    const raw = view.getUint32(at, true);
    // The low 16 bits count the links; the third byte is hnswlib's "deleted" mark, never set by Citebot.
    const n = raw & 0xffff;
    if (raw >>> 16 !== 0 || n > max) throw hnswDamage(`${where}: link count word ${raw}`);
    for (let j = 0; j < n; j++) {
      const target = view.getUint32(at + 4 + 4 * j, true);
      if (target >= count) throw hnswDamage(`${where}: link to element ${target} of ${count}`);
    }
  };

  const seen = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const base = HNSW_HEADER_BYTES + i * header.sizeDataPerElement;
    checkLinks(base, header.maxM0, `element ${i}, level 0`);
    const label = u64(base + header.labelOffset);
    if (!(label < count) || seen[label] === 1) throw hnswDamage(`element ${i} has label ${label} (duplicate or out of range)`);
    seen[label] = 1;
    const want = expected.vector ? normalised(expected.vector(label)) : null;
    const damage = vectorDamage(view, base + header.offsetData, expected.dimensions, want);
    if (damage !== null) throw hnswDamage(`element ${i}'s vector (label ${label}) ${damage}`);
  }

  let at = level0End;
  let topLevel = 0;
  let entryLevel = -1;
  for (let i = 0; i < count; i++) {
    if (at + 4 > file.byteLength) throw hnswDamage(`ends inside the upper links of element ${i}`);
    const bytes = view.getUint32(at, true);
    at += 4;
    const levels = bytes / linksBytes;
    if (!Number.isInteger(levels) || levels > header.maxLevel || at + bytes > file.byteLength)
      throw hnswDamage(`element ${i} has ${bytes} bytes of upper links`);
    for (let l = 0; l < levels; l++) checkLinks(at + l * linksBytes, header.maxM, `element ${i}, level ${l + 1}`);
    at += bytes;
    topLevel = Math.max(topLevel, levels);
    if (i === header.enterPoint) entryLevel = levels;
  }
  if (at !== file.byteLength) throw hnswDamage(`${file.byteLength - at} bytes after the last element`);
  if (topLevel !== header.maxLevel || entryLevel !== header.maxLevel)
    throw hnswDamage(`top level ${header.maxLevel}, but the elements reach ${topLevel} and the entry point ${entryLevel}`);
}
