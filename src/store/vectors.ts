/**
 * The vector index behind a small interface, so that tests can use the brute-force version and
 * production uses hnswlib-node. Similarities are cosine (vectors are compared after normalising).
 */
import { readFile } from "node:fs/promises";
import hnswlib from "hnswlib-node";
import { createError } from "../errors.js";
import { checkHnswFile } from "./hnsw-file.js";

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
    index.initIndex({ maxElements: Math.max(1, capacity), m: 16, efConstruction: 200, randomSeed: 100 });
    return new HnswVectorIndex(index, dimensions);
  }

  /**
   * Loads a saved graph that must hold exactly `vectors` (labelled by position). The file is
   * checked first (see hnsw-file.ts): a damaged one throws INDEX_INVALID instead of reaching
   * hnswlib's loader, which would crash the process on it.
   */
  static async load(file: string, dimensions: number, vectors: readonly Float32Array[]): Promise<HnswVectorIndex> {
    try {
      checkHnswFile(await readFile(file), { dimensions, vectors });
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
