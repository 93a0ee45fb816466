/**
 * The vector index behind a small interface: retrieval only asks for the nearest chunks.
 * Similarities are cosine (vectors are compared after normalising). What Citebot stores and
 * searches is in vector-store.ts; this file holds the hnswlib-node wrapper it uses for the graph
 * of list centroids, and the exact float32 search that results are measured against.
 */
import hnswlib from "hnswlib-node";
import { createError } from "../errors.js";
import { checkHnswFile, type ExpectedGraph } from "./hnsw-file.js";
import { readIndexFile } from "./index-file.js";
import { normalise } from "./quantize.js";
import { TopK } from "./top-k.js";

/** Links per element and level of the graphs Citebot builds (hnswlib's M; level 0 holds twice as many). */
export const HNSW_M = 16;
/** hnswlib's efConstruction for Citebot's graphs: the graph is small (one element per list), so a thorough build is cheap. */
const HNSW_EF_CONSTRUCTION = 200;

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
  /** The `k` nearest labels (chunk ids) with their cosine similarity, most similar first. */
  search(vector: Float32Array, k: number): [number, number][];
}

const { HierarchicalNSW } = hnswlib;

/** HNSW graph from hnswlib-node, cosine space. */
export class HnswVectorIndex implements VectorIndex {
  /** hnswlib-node takes plain arrays: one is reused, as Array.from on every call costs more than the search of a small graph. */
  private readonly scratch: number[];

  private constructor(
    private readonly index: InstanceType<typeof HierarchicalNSW>,
    readonly dimensions: number,
  ) {
    this.scratch = new Array<number>(dimensions).fill(0);
  }

  private asArray(vector: Float32Array): number[] {
    if (vector.length !== this.dimensions) throw new Error(`a vector of ${vector.length} dimensions for a graph of ${this.dimensions}`);
    for (let i = 0; i < vector.length; i++) this.scratch[i] = vector[i] as number;
    return this.scratch;
  }

  /** An empty index with room for `capacity` vectors. */
  static create(dimensions: number, capacity: number): HnswVectorIndex {
    const index = new HierarchicalNSW("cosine", dimensions);
    index.initIndex({ maxElements: Math.max(1, capacity), m: HNSW_M, efConstruction: HNSW_EF_CONSTRUCTION, randomSeed: 100 });
    return new HnswVectorIndex(index, dimensions);
  }

  /**
   * Loads a saved graph that must hold exactly `expected` (see hnsw-file.ts). The file is checked
   * first: a damaged one throws INDEX_INVALID instead of reaching hnswlib's loader, which would
   * crash the process on it.
   */
  static async load(file: string, expected: ExpectedGraph): Promise<HnswVectorIndex> {
    try {
      checkHnswFile(await readIndexFile(file, hnswFileBound(expected.dimensions, expected.count)), expected);
    } catch (error) {
      throw createError("INDEX_INVALID", error instanceof Error ? error.message : String(error), error);
    }
    const index = new HierarchicalNSW("cosine", expected.dimensions);
    await index.readIndex(file);
    return new HnswVectorIndex(index, expected.dimensions);
  }

  add(vector: Float32Array, label: number): void {
    this.index.addPoint(this.asArray(vector), label);
  }

  /** The `k` nearest, searched with a candidate list of `ef` (at least k). */
  search(vector: Float32Array, k: number, ef = 64): [number, number][] {
    const n = Math.min(k, this.index.getCurrentCount());
    if (n === 0) return [];
    this.index.setEf(Math.max(ef, n));
    const { neighbors, distances } = this.index.searchKnn(this.asArray(vector), n);
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

/**
 * Exact search over float32 vectors by scanning every one: the reference that Citebot's stored
 * vectors are measured against (tests, bench), never what an index holds.
 */
export class BruteForceVectorIndex implements VectorIndex {
  private normalised = new Float32Array(0);
  private readonly labels: number[] = [];

  constructor(readonly dimensions: number) {}

  add(vector: Float32Array, label: number): void {
    const at = this.labels.length * this.dimensions;
    if (at + this.dimensions > this.normalised.length) {
      const grown = new Float32Array(Math.max(2 * this.normalised.length, at + this.dimensions));
      grown.set(this.normalised);
      this.normalised = grown;
    }
    this.normalised.set(normalise(vector), at);
    this.labels.push(label);
  }

  search(vector: Float32Array, k: number): [number, number][] {
    const q = normalise(vector);
    const d = this.dimensions;
    const all = this.normalised;
    const top = new TopK(Math.min(k, this.labels.length));
    for (let i = 0; i < this.labels.length; i++) {
      let dot = 0;
      for (let j = 0, at = i * d; j < d; j++, at++) dot += (q[j] as number) * (all[at] as number);
      top.offer(this.labels[i] as number, dot);
    }
    return top.result();
  }
}
