/**
 * Terms a misspelled word probably means: "Primier" for "premier", "Sentanta" for "setanta".
 * A question naming something the corpus does not hold is declined, so a typo in a name must not
 * count as a name the corpus has never heard of. Terms are grouped by their first letter (a typo
 * rarely falls on the first letter), and compared by edit distance, with a cutoff.
 */

/**
 * Edits allowed for a term of this length: none below 6 letters (a short name one letter from a
 * word, "Quito" and "quit", is more often another name than a typo), one up to 7, two from 8.
 */
export function allowedEdits(length: number): number {
  return length < 6 ? 0 : length < 8 ? 1 : 2;
}

/** Levenshtein distance of `a` and `b`, or `limit + 1` as soon as it must exceed `limit`. */
export function editDistanceWithin(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** Whether `long` is `short` (of four letters or more) with one or two letters added at the end. */
function endsLonger(long: string, short: string): boolean {
  return short.length >= 4 && long.length - short.length >= 1 && long.length - short.length <= 2 && long.startsWith(short);
}

/** The corpus's terms by first letter, for finding near terms; built once per index. */
export class NearTerms {
  private readonly byInitial = new Map<string, string[]>();

  constructor(terms: Iterable<string>) {
    for (const term of terms) {
      const initial = term.slice(0, 1);
      const group = this.byInitial.get(initial);
      if (group) group.push(term);
      else this.byInitial.set(initial, [term]);
    }
  }

  /**
   * Whether some term of the corpus is within the allowed edits of `term`, or one of the two is
   * the other with one or two letters added at the end ("asian" and "asia", "leag" and "leagu").
   */
  has(term: string): boolean {
    const limit = allowedEdits(term.length);
    for (const candidate of this.byInitial.get(term.slice(0, 1)) ?? []) {
      if (editDistanceWithin(term, candidate, limit) <= limit || endsLonger(term, candidate) || endsLonger(candidate, term)) return true;
    }
    return false;
  }
}
