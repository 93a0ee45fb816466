/**
 * Calibrating abstention to the corpus at hand. The confidence models were fitted on a large
 * benchmark corpus; in a small corpus (one short article) random words meet in one paragraph far
 * more often, and word salad can look as well supported as a real question. So each engine asks
 * itself a sample of word salad made from its own corpus's vocabulary and raises its threshold
 * (never lowers it) to decline nearly all of it: abstaining then means "less support than this
 * corpus's own word salad gets", in either mode.
 */
import { words } from "../store/index.js";
import { seededRandom } from "../store/random.js";

// The seeded generator calibration samples words with (the same seed gives the same questions), for the eval's samples too.
export { seededRandom };

export function pick<T>(items: readonly T[], random: () => number): T {
  return items[Math.floor(random() * items.length)] as T;
}

/** The words of `texts` made of letters only (lower case), in order, repeats and stop words kept. */
export function letterWords(texts: Iterable<string>): string[] {
  const out: string[] = [];
  for (const text of texts) for (const w of words(text)) if (/^\p{L}+$/u.test(w)) out.push(w);
  return out;
}

/** The distinct words of `texts` as written (lower case, letters only), stop words included: the corpus's vocabulary. */
export function vocabularyOf(texts: Iterable<string>): string[] {
  return [...new Set(letterWords(texts))].sort();
}

/** How word salad is put: bare words, or dressed as a question. */
const FRAMES = [
  (w: string) => `${w}?`,
  (w: string) => w,
  (w: string) => `What ${w}?`,
  (w: string) => `How many ${w}?`,
  (w: string) => `Who ${w}?`,
  (w: string) => `When did ${w}?`,
];

/** `n` questions of 2 to 14 words, each word from `draw` (given the question's number), each question put in one of the frames. */
export function wordSalad(draw: (random: () => number, i: number) => string, n: number, seed: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const length = 2 + Math.floor(random() * 13);
    return pick(FRAMES, random)(Array.from({ length }, () => draw(random, i)).join(" "));
  });
}

export interface CalibrationOptions {
  /** Word-salad questions asked. */
  questions: number;
  /** Share of them that the threshold must decline. */
  declineShare: number;
  /** The threshold is never raised above this: past it, real questions would be declined as well. */
  ceiling: number;
  seed: number;
}

/** Seeds of the evaluation and of fitting differ from this one, so no figure is measured on calibration questions. */
export const DEFAULT_CALIBRATION: CalibrationOptions = { questions: 200, declineShare: 0.92, ceiling: 0.9, seed: 7 };

/** Word salad from the corpus's own vocabulary, to calibrate on. */
export function calibrationQuestions(vocabulary: readonly string[], options: CalibrationOptions = DEFAULT_CALIBRATION): string[] {
  if (vocabulary.length === 0) return [];
  return wordSalad((random) => pick(vocabulary, random), options.questions, options.seed);
}

/**
 * The threshold that declines at least `declineShare` of the word salad (confidence must reach
 * the threshold to answer): just above the confidence of the last salad question to decline, or
 * `base` when that is higher, and never above `ceiling`.
 */
export function calibratedThreshold(saladConfidences: readonly number[], base: number, declineShare: number, ceiling: number): number {
  const sorted = [...saladConfidences].sort((a, b) => a - b);
  const declined = Math.ceil(declineShare * sorted.length);
  if (declined === 0) return base;
  return Math.min(ceiling, Math.max(base, (sorted[declined - 1] as number) + 1e-9));
}
