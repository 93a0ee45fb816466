/**
 * The k best of a stream of (id, score) pairs, kept sorted in two small typed arrays: a scan of
 * many vectors costs one comparison for most of them, and no object per candidate.
 */
export class TopK {
  private readonly ids: Int32Array;
  private readonly scores: Float64Array;
  private size = 0;

  constructor(readonly k: number) {
    this.ids = new Int32Array(Math.max(0, k));
    this.scores = new Float64Array(Math.max(0, k));
  }

  /** Offers a candidate; on equal scores the lower id ranks first, so results do not depend on scan order. */
  offer(id: number, score: number): void {
    if (this.k === 0) return;
    const full = this.size === this.k;
    if (full) {
      const last = this.scores[this.k - 1] as number;
      if (score < last || (score === last && id > (this.ids[this.k - 1] as number))) return;
    }
    let at = full ? this.k - 1 : this.size++;
    while (at > 0) {
      const s = this.scores[at - 1] as number;
      if (s > score || (s === score && (this.ids[at - 1] as number) < id)) break;
      this.scores[at] = s;
      this.ids[at] = this.ids[at - 1] as number;
      at--;
    }
    this.scores[at] = score;
    this.ids[at] = id;
  }

  /** The held candidates, best first. */
  result(): [number, number][] {
    return Array.from({ length: this.size }, (_, i) => [this.ids[i] as number, this.scores[i] as number]);
  }
}
