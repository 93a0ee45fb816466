/**
 * The k best [chunkId, score] entries seen so far, in two typed arrays: ranked by score descending,
 * then chunk id ascending, the order `LexicalIndex.search` sorts by. The root is the entry that
 * ranks lowest, so it is the one to beat.
 */
export class TopKHeap {
  private readonly ids: Uint32Array;
  private readonly scores: Float64Array;
  private size = 0;

  /** @param capacity entries kept, at least 1 */
  constructor(private readonly capacity: number) {
    this.ids = new Uint32Array(capacity);
    this.scores = new Float64Array(capacity);
  }

  /**
   * The score a new entry must reach: -Infinity until the heap is full, then the lowest kept score.
   * An entry scoring exactly this enters only if its id is smaller than the lowest kept entry's.
   */
  get threshold(): number {
    return this.size < this.capacity ? -Infinity : (this.scores[0] as number);
  }

  /** Keeps the entry if it ranks among the best `capacity` so far. */
  offer(id: number, score: number): void {
    if (this.size < this.capacity) this.siftUp(this.size++, id, score);
    else if (ranksAbove(id, score, this.ids[0] as number, this.scores[0] as number)) this.siftDown(id, score);
  }

  /** The kept entries, best first. */
  sorted(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 0; i < this.size; i++) out.push([this.ids[i] as number, this.scores[i] as number]);
    return out.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  }

  private siftUp(slot: number, id: number, score: number): void {
    let i = slot;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!ranksAbove(this.ids[parent] as number, this.scores[parent] as number, id, score)) break;
      this.move(parent, i);
      i = parent;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  /** Replaces the root by (id, score). */
  private siftDown(id: number, score: number): void {
    let i = 0;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= this.size) break;
      const right = child + 1;
      if (
        right < this.size &&
        ranksAbove(this.ids[child] as number, this.scores[child] as number, this.ids[right] as number, this.scores[right] as number)
      ) {
        child = right;
      }
      if (!ranksAbove(id, score, this.ids[child] as number, this.scores[child] as number)) break;
      this.move(child, i);
      i = child;
    }
    this.ids[i] = id;
    this.scores[i] = score;
  }

  private move(from: number, to: number): void {
    this.ids[to] = this.ids[from] as number;
    this.scores[to] = this.scores[from] as number;
  }
}

/** Whether entry a ranks above entry b: a higher score, or the same score and a smaller id. */
function ranksAbove(idA: number, scoreA: number, idB: number, scoreB: number): boolean {
  return scoreA > scoreB || (scoreA === scoreB && idA < idB);
}
