/**
 * The vector index behind a small interface, so that tests can use the brute-force version and
 * production uses hnswlib-node. Similarities are cosine (vectors are compared after normalising).
 */
import hnswlib from "hnswlib-node";
import { createError } from "../errors.js";
import { checkHnswFile } from "./hnsw-file.js";
import { readIndexFile } from "./index-file.js";

/** Links per element and level of the graphs Citebot builds (hnswlib's M; level 0 holds twice as many). */
const HNSW_M = 16;

/**
 * The most bytes a graph of `count` vectors can take as Citebot writes it: per element its level-0
 * links, vector and label, and a generous allowance for upper levels (on average far below one
 * level per element); checked before the file is read, so a huge file is refused unread.
 */
function hnswFileBound(dimensions: number, count: number): number {
  const level0 = 4 + 2 * HNSW_M * 4 + dimensions * 4 + 8;
  const upper = 8 * (4 + HNSW_M * 4);
  return 4096 + count * (level0 + 4 + upper);
}

export interface VectorIndex {
  readonly dimensions: number;
  /** Adds a vector under an integer label (the chunk id). */
  add(vector: Float32Array, label: number): void;
  /** The `k` nearest labels with their cosine similarity, most similar first. */
  search(vector: Float32Array, k: number): [number, number][];
  save(file: string): Promise<void>;
}

const { HierarchicalNSW } = hnswlib;

/** HNSW graph from hnswlib-node, cosine space. */
export class HnswVectorIndex implements VectorIndex {
  private constructor(
    private readonly index: InstanceType<typeof HierarchicalNSW>,
    readonly dimensions: number,
  ) {}

  /** An empty index with room for `capacity` vectors. */
  static create(dimensions: number, capacity: number): HnswVectorIndex {
    const index = new HierarchicalNSW("cosine", dimensions);
    index.initIndex({ maxElements: Math.max(1, capacity), m: HNSW_M, efConstruction: 200, randomSeed: 100 });
    return new HnswVectorIndex(index, dimensions);
  }

  /**
   * Loads a saved graph that must hold exactly `vectors` (labelled by position). The file is
   * checked first (see hnsw-file.ts): a damaged one throws INDEX_INVALID instead of reaching
   * hnswlib's loader, which would crash the process on it.
   */
  static async load(file: string, dimensions: number, vectors: readonly Float32Array[]): Promise<HnswVectorIndex> {
    try {
      checkHnswFile(await readIndexFile(file, hnswFileBound(dimensions, vectors.length)), { dimensions, vectors });
    } catch (error) {
      throw createError("INDEX_INVALID", error instanceof Error ? error.message : String(error), error);
    }
    const index = new HierarchicalNSW("cosine", dimensions);
    await index.readIndex(file);
    return new HnswVectorIndex(index, dimensions);
  }

  add(vector: Float32Array, label: number): void {
    this.index.addPoint(Array.from(vector), label);
  }

  search(vector: Float32Array, k: number): [number, number][] {
    const n = Math.min(k, this.index.getCurrentCount());
    if (n === 0) return [];
    this.index.setEf(Math.max(64, n));
    const { neighbors, distances } = this.index.searchKnn(Array.from(vector), n);
    return neighbors.map((label, i) => [label, 1 - (distances[i] ?? 1)]);
  }

  async save(file: string): Promise<void> {
    await this.index.writeIndex(file);
  }
}

/** Cosine similarity of two vectors of the same length. */
export function cosine(a: Float32Array, b: Float32Array): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}

/** Exact search by scanning every vector: the reference the HNSW results are checked against. */
export class BruteForceVectorIndex implements VectorIndex {
  private readonly entries: { label: number; vector: Float32Array }[] = [];

  constructor(readonly dimensions: number) {}

  add(vector: Float32Array, label: number): void {
    this.entries.push({ label, vector });
  }

  search(vector: Float32Array, k: number): [number, number][] {
    return this.entries
      .map((e): [number, number] => [e.label, cosine(vector, e.vector)])
      .sort((a, b) => b[1] - a[1])
      .slice(0, k);
  }

  async save(): Promise<void> {
    throw new Error("BruteForceVectorIndex is in memory only");
  }
}
