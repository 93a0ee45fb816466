/**
 * `npm run eval:fit -- [FILE]`: fits the confidence models (src/answer/confidence-weights.ts).
 * Positives: the answerable questions of the SQuAD benchmark's tuning articles, and the tuning
 * half of the questions about the built-in article (when the configured corpus holds it).
 * Negatives: made-up questions the sources cannot answer (random words, unrelated questions)
 * for both corpora, drawn with seeds other than the evaluation's and the calibration's, and the
 * tuning questions with their number or year changed to one the corpus never uses. Prints the weights to paste into confidence-weights.ts; in
 * hybrid mode (when the embedding model loads) it also picks the weight of semantic similarity
 * in the sentence ranking, by answer-sentence accuracy on the tuning articles.
 */
import { DEFAULT_ANSWER_OPTIONS, FEATURE_NAMES, type AnswerFeatures, type AnswerOptions, type ConfidenceModel } from "../answer/index.js";
import { runCommand } from "../run-command.js";
import type { Engine } from "../engine.js";
import { abstentionSets, ARTICLE_DOC, articleQuestions, forEachMode, type BenchCorpus } from "./harness.js";
import { fitLogistic, predict, type Example } from "./logistic.js";
import { answerCorrect } from "./metrics.js";
import { splitOf } from "./squad.js";

const FIT_SEED = 1;
const NEGATIVES = { random: 1000, unrelated: 300, everyday: 300, frequent: 0, knownNames: 300 };
const SEMANTIC_WEIGHTS = [0, 0.01, 0.02, 0.04, 0.08, 0.16];
/** Candidate base thresholds, lowest first, and the share of made-up questions the chosen one must decline. */
const BASE_THRESHOLDS = [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9];
const DECLINE_MADE_UP = 0.985;

const vector = (f: AnswerFeatures) => FEATURE_NAMES.map((n) => f[n]);

/** The features of the best candidate, or null when there is none or a rule declines the question whatever the weights. */
async function bestFeatures(engine: Engine, question: string, options: AnswerOptions): Promise<AnswerFeatures | null> {
  const best = (await engine.rank(question, options))[0];
  return best && best.unknownName === null ? best.features : null;
}

/** Answer-sentence accuracy on the tuning articles' answerable questions with these options. */
async function tuningAccuracy(engine: Engine, corpus: BenchCorpus, options: AnswerOptions): Promise<number> {
  const questions = corpus.set.questions.filter((q) => q.answerable && splitOf(q) === "tuning");
  let correct = 0;
  for (const q of questions) {
    const best = (await engine.rank(q.question, options))[0];
    if (best && answerCorrect(q, { abstained: false, answer: [{ text: best.text }] })) correct++;
  }
  return correct / questions.length;
}

/** The features of the best candidate for each question, labelled. */
async function examplesOf(engine: Engine, questions: readonly string[], y: 0 | 1, options: AnswerOptions): Promise<Example[]> {
  const examples: Example[] = [];
  for (const q of questions) {
    const f = await bestFeatures(engine, q, options);
    if (f) examples.push({ x: vector(f), y });
  }
  return examples;
}

await runCommand((config, logger) =>
  forEachMode(config, logger, async ({ corpus, engine, own }) => {
    let options = DEFAULT_ANSWER_OPTIONS;
    if (engine.mode === "hybrid") {
      let best = { weight: 0, accuracy: -1 };
      for (const weight of SEMANTIC_WEIGHTS) {
        const accuracy = await tuningAccuracy(engine, corpus, { ...options, semanticWeight: weight });
        process.stdout.write(`semantic weight ${weight}: tuning accuracy ${accuracy.toFixed(3)}\n`);
        if (accuracy > best.accuracy) best = { weight, accuracy };
      }
      options = { ...options, semanticWeight: best.weight };
      process.stdout.write(`SEMANTIC_WEIGHT = ${best.weight}\n`);
    }
    const positives = corpus.set.questions.filter((q) => q.answerable && splitOf(q) === "tuning").map((q) => q.question);
    // Real questions about the built-in article, when the configured corpus holds it: a small corpus behaves unlike SQuAD's.
    const article = own.document(ARTICLE_DOC) !== null ? articleQuestions().filter((q) => q.split === "tuning") : [];
    const benchmarkPositives = await examplesOf(engine, positives, 1, options);
    const examples = [
      ...benchmarkPositives,
      ...(await examplesOf(
        own,
        article.map((q) => q.question),
        1,
        options,
      )),
    ];
    const benchmarkNegatives = abstentionSets(engine, NEGATIVES, FIT_SEED, "fit", positives);
    const ownNegatives = abstentionSets(
      own,
      NEGATIVES,
      FIT_SEED,
      "fit",
      article.map((q) => q.question),
    );
    const negatives = await examplesOf(engine, [...benchmarkNegatives.random, ...benchmarkNegatives.unrelated], 0, options);
    examples.push(...negatives, ...(await examplesOf(own, [...ownNegatives.random, ...ownNegatives.unrelated], 0, options)));
    // Everyday questions about common things (they teach what unknownNouns means), about names the corpus holds (mostly not
    // answered by it, so negatives, though a few may be), and real questions with a changed number or year (they teach what
    // numbersMissing means); the base threshold is chosen on the others.
    for (const kind of ["everyday", "knownNames", "changedNumbers"] as const) {
      examples.push(
        ...(await examplesOf(engine, benchmarkNegatives[kind], 0, options)),
        ...(await examplesOf(own, ownNegatives[kind], 0, options)),
      );
    }
    const fitted = fitLogistic(examples);
    const round = (x: number) => Math.round(x * 1000) / 1000;
    const model: ConfidenceModel = {
      bias: round(fitted.bias),
      weights: Object.fromEntries(FEATURE_NAMES.map((n, j) => [n, round(fitted.weights[j] as number)])) as ConfidenceModel["weights"],
    };
    process.stdout.write(
      `${engine.mode} (${examples.filter((e) => e.y === 1).length} positives, ${examples.filter((e) => e.y === 0).length} negatives): ${JSON.stringify(model)}\n`,
    );
    // The base threshold: the lowest that still declines 98.5% of the benchmark corpus's made-up
    // questions (those without a candidate, or ruled out by an unknown name, are declined anyway).
    const p = (e: Example) => predict(fitted, e.x);
    const asked = benchmarkNegatives.random.length + benchmarkNegatives.unrelated.length;
    const base = BASE_THRESHOLDS.find((t) => negatives.filter((e) => p(e) >= t).length <= (1 - DECLINE_MADE_UP) * asked) ?? 0.9;
    const missed = positives.length - benchmarkPositives.length + benchmarkPositives.filter((e) => p(e) < base).length;
    process.stdout.write(
      `minConfidence = ${base} (wrong abstentions on the tuning articles' answerable questions: ${((100 * missed) / Math.max(1, positives.length)).toFixed(1)}%)\n`,
    );
  }),
);
