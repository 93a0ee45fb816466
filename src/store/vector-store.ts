/**
 * The vector files of an index folder, written and read back with every value checked.
 *
 * - `vectors.q8`: the embeddings, stored once, as int8 codes with a scale each (quantize.ts). A
 *   16-byte header (magic "CBQ8", dimensions, count, lists; u32 little-endian), then `count`
 *   float32 scales, then `count × dimensions` codes.
 * - Below `exactBelow` vectors, that is all: a query scores every vector (no graph at all).
 * - From `exactBelow` up, `vectors.ivf` (magic "CBIV", dimensions, count, lists; then lists + 1
 *   u32 offsets and `count` u32 ids, see ivf.ts) and `vectors.hnsw`, the hnswlib graph over the
 *   list centroids, checked byte by byte before hnswlib's loader sees it (hnsw-file.ts).
 *
 * Every size follows from the dimensions and count the manifest gives, and is checked before a
 * file is read, so a huge or hand-crafted file is refused unread.
 */
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import { IndexDamage } from "./index-damage.js";
import { readIndexFile } from "./index-file.js";
import { buildIvf, DEFAULT_IVF, ExactVectorIndex, IvfVectorIndex, listCount, type IvfLists, type IvfOptions } from "./ivf.js";
import { quantizedDamage, QuantizedVectors } from "./quantize.js";
import { HnswVectorIndex, type VectorIndex } from "./vectors.js";
import { checkHnswFile } from "./hnsw-file.js";

export const VECTOR_FILES = { codes: "vectors.q8", lists: "vectors.ivf", graph: "vectors.hnsw" } as const;

const HEADER_BYTES = 16;
const CODES_MAGIC = 0x38514243; // "CBQ8"
const LISTS_MAGIC = 0x56494243; // "CBIV"

/** When the lists are used, and how they are made and searched. */
export interface VectorStoreOptions {
  /** Below this many vectors every query scans them all (measured: see README "Vectors"). */
  exactBelow: number;
  ivf: IvfOptions;
}

export const DEFAULT_VECTOR_STORE: VectorStoreOptions = { exactBelow: 2000, ivf: DEFAULT_IVF };

/** The embeddings of an index as read from `vectors.q8`, and how many lists search them (0: exact search). */
export interface StoredVectors {
  vectors: QuantizedVectors;
  lists: number;
}

function header(magic: number, dimensions: number, count: number, lists: number): Buffer {
  const bytes = Buffer.alloc(HEADER_BYTES);
  [magic, dimensions, count, lists].forEach((x, i) => bytes.writeUInt32LE(x, 4 * i));
  return bytes;
}

/** Reads `file` of exactly `bytes` bytes (refused unread when larger) and checks its header; returns the bytes and the list count. */
async function readChecked(
  dir: string,
  file: string,
  bytes: (lists: number) => number,
  expect: { magic: number; dimensions: number; count: number; lists: number | null },
): Promise<{ bytes: Buffer; lists: number }> {
  const most = bytes(expect.lists ?? expect.count);
  const data = await readIndexFile(path.join(dir, file), most);
  const fail = (problem: string) => new IndexDamage(file, problem);
  if (data.byteLength < HEADER_BYTES) throw fail(`${data.byteLength} bytes is shorter than its header`);
  const [magic, dimensions, count, lists] = [0, 4, 8, 12].map((at) => data.readUInt32LE(at)) as [number, number, number, number];
  if (magic !== expect.magic) throw fail("it is not a file Citebot wrote (wrong magic number)");
  if (dimensions !== expect.dimensions || count !== expect.count)
    throw fail(`it holds ${count} vectors of ${dimensions}, the manifest ${expect.count} of ${expect.dimensions}`);
  if (expect.lists === null ? lists > count : lists !== expect.lists)
    throw fail(`${lists} lists for ${count} vectors${expect.lists === null ? "" : `, vectors.q8 ${expect.lists}`}`);
  if (data.byteLength !== bytes(lists)) throw fail(`holds ${data.byteLength} bytes, expected ${bytes(lists)}`);
  return { bytes: data, lists };
}

const codesBytes = (dimensions: number, count: number) => HEADER_BYTES + count * (4 + dimensions);
const listsBytes = (count: number, lists: number) => HEADER_BYTES + 4 * (lists + 1) + 4 * count;

/** Reads and checks `vectors.q8` (every scale and code, see quantizedDamage); throws naming the file. */
export async function readStoredVectors(dir: string, dimensions: number, count: number): Promise<StoredVectors> {
  const { bytes, lists } = await readChecked(dir, VECTOR_FILES.codes, () => codesBytes(dimensions, count), {
    magic: CODES_MAGIC,
    dimensions,
    count,
    lists: null,
  });
  // The scales are copied (a Float32Array needs an aligned offset); the codes stay in the buffer read.
  const scales = new Float32Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + HEADER_BYTES + 4 * count));
  const codes = new Int8Array(bytes.buffer, bytes.byteOffset + HEADER_BYTES + 4 * count, count * dimensions);
  const vectors = new QuantizedVectors(dimensions, count, codes, scales);
  for (let id = 0; id < count; id++) {
    const damage = quantizedDamage(vectors, id);
    if (damage !== null) throw new IndexDamage(VECTOR_FILES.codes, damage);
  }
  return { vectors, lists };
}

/** Reads and checks `vectors.ivf`: offsets ascending from 0 to count, and every id exactly once. */
async function readLists(dir: string, dimensions: number, count: number, lists: number): Promise<IvfLists> {
  const { bytes } = await readChecked(dir, VECTOR_FILES.lists, (l) => listsBytes(count, l), {
    magic: LISTS_MAGIC,
    dimensions,
    count,
    lists,
  });
  const words = new Uint32Array(bytes.buffer.slice(bytes.byteOffset + HEADER_BYTES, bytes.byteOffset + bytes.byteLength));
  const offsets = words.subarray(0, lists + 1);
  const members = words.subarray(lists + 1);
  const fail = (problem: string) => new IndexDamage(VECTOR_FILES.lists, problem);
  if (offsets[0] !== 0 || offsets[lists] !== count) throw fail(`the lists span ${offsets[0]}–${offsets[lists]}, not 0–${count}`);
  for (let l = 0; l < lists; l++) if ((offsets[l] as number) > (offsets[l + 1] as number)) throw fail(`list ${l} ends before it starts`);
  const seen = new Uint8Array(count);
  for (const id of members) {
    if (id >= count || seen[id] === 1) throw fail(`vector ${id} is out of range or in two lists`);
    seen[id] = 1;
  }
  return { offsets, members };
}

/**
 * The index that searches `stored`, loading and checking the lists and their graph when it has
 * them; throws INDEX_INVALID naming a damaged file.
 */
export async function openVectorIndex(dir: string, stored: StoredVectors): Promise<VectorIndex> {
  const { vectors, lists } = stored;
  if (lists === 0) return new ExactVectorIndex(vectors);
  const ivf = await readLists(dir, vectors.dimensions, vectors.count, lists).catch((error: unknown) => {
    throw createError("INDEX_INVALID", describeError(error), error);
  });
  const graph = await HnswVectorIndex.load(path.join(dir, VECTOR_FILES.graph), {
    dimensions: vectors.dimensions,
    count: lists,
    vector: null,
  });
  return new IvfVectorIndex(vectors, graph, ivf, DEFAULT_IVF.probes);
}

/**
 * Loads and checks the vector files in `dir` for `count` vectors of `dimensions`: the index to
 * search and each vector (dequantised, for reuse on a rebuild). A damaged, truncated or
 * hand-crafted file throws an Error naming it.
 */
export async function readVectors(
  dir: string,
  dimensions: number,
  count: number,
): Promise<{ index: VectorIndex; vector(id: number): Float32Array }> {
  const stored = await readStoredVectors(dir, dimensions, count);
  const index = await openVectorIndex(dir, stored);
  return { index, vector: (id) => stored.vectors.vector(id) };
}

/**
 * Writes the vector files for `vectors` into the staging folder `dir`, reads back what it wrote
 * (a full disk can leave a short file that no write reported), and returns the index to search.
 */
export async function writeVectors(
  dir: string,
  vectors: QuantizedVectors,
  options: VectorStoreOptions = DEFAULT_VECTOR_STORE,
): Promise<{ index: VectorIndex; stored: StoredVectors }> {
  const { dimensions, count } = vectors;
  const useLists = count > 0 && count >= options.exactBelow;
  const lists = useLists ? listCount(count, options.ivf) : 0;
  const codesFile = path.join(dir, VECTOR_FILES.codes);
  await writeFile(
    codesFile,
    Buffer.concat([header(CODES_MAGIC, dimensions, count, lists), asBytes(vectors.scales), asBytes(vectors.codes)]),
  );
  const written = [[codesFile, codesBytes(dimensions, count)] as const];
  let index: VectorIndex = new ExactVectorIndex(vectors);
  if (useLists) {
    const ivf = buildIvf(vectors, options.ivf);
    const listsFile = path.join(dir, VECTOR_FILES.lists);
    await writeFile(
      listsFile,
      Buffer.concat([header(LISTS_MAGIC, dimensions, count, lists), asBytes(ivf.lists.offsets), asBytes(ivf.lists.members)]),
    );
    written.push([listsFile, listsBytes(count, lists)]);
    const graphFile = path.join(dir, VECTOR_FILES.graph);
    await ivf.graph.save(graphFile);
    // hnswlib does not report a failed write: the graph is read back and checked as a load would.
    checkHnswFile(await readFile(graphFile), { dimensions, count: lists, vector: null });
    index = new IvfVectorIndex(vectors, ivf.graph, ivf.lists, options.ivf.probes);
  }
  for (const [file, bytes] of written) {
    const size = (await stat(file)).size;
    if (size !== bytes) throw new Error(`${path.basename(file)}: ${size} bytes written of ${bytes}`);
  }
  return { index, stored: { vectors, lists } };
}

function asBytes(array: Int8Array | Float32Array | Uint32Array): Buffer {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength);
}
