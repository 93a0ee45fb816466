/**
 * `npm run eval -- [FILE]`: retrieval and answer quality on SQuAD 2.0 (default: the shared copy).
 */
import { runCommand } from "../cli/run.js";
import { answerCorrect, goldRank, summarize } from "./metrics.js";
import { benchModes, buildBenchEngine, prepareBenchCorpus } from "./harness.js";

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

await runCommand(async (config, logger) => {
  const corpus = await prepareBenchCorpus(config);
  try {
    for (const embedder of await benchModes(config, logger)) {
      const { engine } = await buildBenchEngine(config, corpus, embedder, logger);
      const outcomes = [];
      for (const q of corpus.set.questions) {
        const answer = await engine.ask(q.question, { topK: 10 });
        outcomes.push({ q, rank: goldRank(q, answer.passages), correct: q.answerable && answerCorrect(q, answer), abstained: answer.abstained });
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
