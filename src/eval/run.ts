/**
 * `npm run eval -- [FILE]`: retrieval and answer quality on SQuAD 2.0 (default: the shared copy).
 */
import { runCommand } from "../cli/run.js";
import { answerCorrect, goldRank, highlightScore, summarize } from "./metrics.js";
import { benchModes, buildBenchEngine, prepareBenchCorpus } from "./harness.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** Highlight exact match and F1 on the answerable questions, overall and where the first answer sentence holds a gold answer. */
function highlightFigures(scores: readonly { exact: number; f1: number; holds: boolean }[]): Record<string, string> {
  const mean = (xs: readonly number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length).toFixed(3);
  const held = scores.filter((s) => s.holds);
  return {
    "highlight EM / F1": `${mean(scores.map((s) => s.exact))} / ${mean(scores.map((s) => s.f1))}`,
    "  where 1st sentence holds gold": `${mean(held.map((s) => s.exact))} / ${mean(held.map((s) => s.f1))} (${held.length} questions)`,
  };
}

await runCommand(async (config, logger) => {
  const corpus = await prepareBenchCorpus(config);
  try {
    for (const embedder of await benchModes(config, logger)) {
      const { engine } = await buildBenchEngine(config, corpus, embedder, logger);
      const outcomes = [];
      const highlights: { exact: number; f1: number; holds: boolean }[] = [];
      for (const q of corpus.set.questions) {
        const answer = await engine.ask(q.question, { topK: 10 });
        outcomes.push({ q, rank: goldRank(q, answer.passages), correct: q.answerable && answerCorrect(q, answer), abstained: answer.abstained });
        if (q.answerable) highlights.push({ ...highlightScore(q, answer), holds: answerCorrect(q, answer) });
      }
      const t = summarize(outcomes);
      const result = {
        mode: engine.mode,
        answerable: t.answerable,
        unanswerable: t.unanswerable,
        "hit@1": t.hit1.toFixed(3),
        "hit@5": t.hit5.toFixed(3),
        "MRR@10": t.mrr10.toFixed(3),
        "answer-sentence accuracy": t.answerAccuracy.toFixed(3),
        "wrong abstentions (answerable)": pct(t.wrongAbstentions),
        "abstentions (unanswerable)": pct(t.abstentionOnUnanswerable),
        ...highlightFigures(highlights),
      };
      if (config.json) process.stdout.write(`${JSON.stringify(result)}\n`);
      else {
        process.stdout.write(`\n${engine.mode} retrieval on ${t.answerable} answerable + ${t.unanswerable} unanswerable questions\n`);
        for (const [k, v] of Object.entries(result).slice(3)) process.stdout.write(`  ${k.padEnd(32)} ${v}\n`);
      }
    }
  } finally {
    await corpus.cleanup();
  }
});
