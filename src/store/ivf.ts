/**
 * Search above the size where scanning every vector stops paying off: an inverted file. The
 * vectors are split into lists by spherical k-means; an hnswlib graph over the list centroids
 * (one element per list, so a few thousand at most) finds the lists nearest a query, and only
 * those lists' int8 vectors are scored. The graph adds well under 1% to the int8 vectors, where
 * a graph over every vector would hold a float32 copy of each (100% more) plus hnswlib's links,
 * locks and label map (about 230 bytes a vector in memory at M 16).
 */
import { normalise, type QuantizedVectors } from "./quantize.js";
import { seededRandom } from "./random.js";
import { TopK } from "./top-k.js";
import { HnswVectorIndex, type VectorIndex } from "./vectors.js";

/** How the lists are made and searched; see README "Vectors" for the measurements behind the defaults. */
export interface IvfOptions {
  /** Lists per √count: count 100,000 and 4 give 1,265 lists. */
  listsPerRoot: number;
  /** Lists scored per query. */
  probes: number;
  /** k-means rounds over the training sample. */
  rounds: number;
  /** Training vectors per list (the sample is at most this many times the list count). */
  samplePerList: number;
}

export const DEFAULT_IVF: IvfOptions = { listsPerRoot: 4, probes: 24, rounds: 5, samplePerList: 16 };

/** The lists: `members[offsets[l] … offsets[l+1]-1]` are the ids in list l. */
export interface IvfLists {
  offsets: Uint32Array;
  members: Uint32Array;
}

/** How many lists `count` vectors get. */
export function listCount(count: number, options: IvfOptions): number {
  return Math.max(1, Math.min(count, Math.round(options.listsPerRoot * Math.sqrt(count))));
}

/** The graph over `centroids` (labels are list numbers). */
function centroidGraph(centroids: readonly Float32Array[], dimensions: number): HnswVectorIndex {
  const graph = HnswVectorIndex.create(dimensions, centroids.length);
  centroids.forEach((c, l) => graph.add(c, l));
  return graph;
}

/** The nearest list of each of `ids` (as found by the graph, which is what queries will use too). */
function assign(graph: HnswVectorIndex, store: QuantizedVectors, ids: ArrayLike<number>): Uint32Array {
  const lists = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) lists[i] = graph.search(store.vector(ids[i] as number), 1, 16)[0]?.[0] ?? 0;
  return lists;
}

/**
 * Splits `store`'s vectors into lists by spherical k-means on a deterministic sample, and
 * returns the centroid graph and the lists. Deterministic: the same vectors give the same files.
 */
export function buildIvf(store: QuantizedVectors, options: IvfOptions = DEFAULT_IVF): { graph: HnswVectorIndex; lists: IvfLists } {
  const n = store.count;
  const d = store.dimensions;
  const lists = listCount(n, options);
  const random = seededRandom(12);
  // A partial Fisher-Yates shuffle: the first `sampleSize` ids are a uniform sample.
  const order = Uint32Array.from({ length: n }, (_, i) => i);
  const sampleSize = Math.min(n, Math.max(lists, lists * options.samplePerList));
  for (let i = 0; i < sampleSize; i++) {
    const j = i + Math.floor(random() * (n - i));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const sample = order.subarray(0, sampleSize);
  let centroids = Array.from(sample.subarray(0, lists), (id) => store.vector(id));
  for (let round = 0; round < options.rounds; round++) {
    const nearest = assign(centroidGraph(centroids, d), store, sample);
    const sums = Array.from({ length: lists }, () => new Float64Array(d));
    const sizes = new Uint32Array(lists);
    sample.forEach((id, i) => {
      const l = nearest[i] as number;
      const sum = sums[l] as Float64Array;
      const v = store.vector(id);
      for (let j = 0; j < d; j++) sum[j] = (sum[j] as number) + (v[j] as number);
      sizes[l] = (sizes[l] as number) + 1;
    });
    // An emptied list restarts at a sample vector, so every list keeps a centroid.
    centroids = sums.map((sum, l) =>
      sizes[l] === 0 ? store.vector(sample[Math.floor(random() * sampleSize)] as number) : normalise(Float32Array.from(sum)),
    );
  }
  const graph = centroidGraph(centroids, d);
  const nearest = assign(
    graph,
    store,
    Uint32Array.from({ length: n }, (_, i) => i),
  );
  return { graph, lists: groupByList(nearest, lists) };
}

/** The lists from each vector's list number (ids ascending within a list). */
function groupByList(nearest: Uint32Array, lists: number): IvfLists {
  const offsets = new Uint32Array(lists + 1);
  for (const l of nearest) offsets[l + 1] = (offsets[l + 1] as number) + 1;
  for (let l = 0; l < lists; l++) offsets[l + 1] = (offsets[l + 1] as number) + (offsets[l] as number);
  const next = offsets.slice(0, lists);
  const members = new Uint32Array(nearest.length);
  nearest.forEach((l, id) => {
    members[next[l] as number] = id;
    next[l] = (next[l] as number) + 1;
  });
  return { offsets, members };
}

/** Search over the lists nearest the query, each vector scored exactly on its int8 codes. */
export class IvfVectorIndex implements VectorIndex {
  readonly dimensions: number;

  constructor(
    private readonly store: QuantizedVectors,
    private readonly graph: HnswVectorIndex,
    private readonly lists: IvfLists,
    private readonly probes: number = DEFAULT_IVF.probes,
  ) {
    this.dimensions = store.dimensions;
  }

  search(vector: Float32Array, k: number): [number, number][] {
    const q = normalise(vector);
    const top = new TopK(Math.min(k, this.store.count));
    const { offsets, members } = this.lists;
    for (const [l] of this.graph.search(q, this.probes, this.probes)) {
      for (let at = offsets[l] as number, end = offsets[l + 1] as number; at < end; at++) {
        const id = members[at] as number;
        top.offer(id, this.store.dot(q, id));
      }
    }
    return top.result();
  }
}

/** Exact search: every int8 vector scored. Below the size where the lists pay off, this is all there is. */
export class ExactVectorIndex implements VectorIndex {
  readonly dimensions: number;

  constructor(private readonly store: QuantizedVectors) {
    this.dimensions = store.dimensions;
  }

  search(vector: Float32Array, k: number): [number, number][] {
    const q = normalise(vector);
    const top = new TopK(Math.min(k, this.store.count));
    for (let id = 0; id < this.store.count; id++) top.offer(id, this.store.dot(q, id));
    return top.result();
  }
}
