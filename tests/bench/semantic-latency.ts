/**
 * Part of `npm run bench -- [FILE]`: the time the semantic answer stage adds per question. The
 * SQuAD corpus is indexed twice, lexical and hybrid, the hybrid one with a generated test model
 * (384 dimensions, like bge-small, over the corpus's words) loaded through transformers.js; each
 * question is asked of both and the answer stage's time (`timingsMs.answer`) compared. A real
 * model computes far more per sentence than this one: the figure is the stage's own overhead
 * (embedding calls, cache, scoring), not a model's inference time.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { readConfig } from "../../src/config.js";
import { buildBenchEngine, prepareBenchCorpus } from "../../src/eval/harness.js";
import { percentile } from "../../src/eval/percentile.js";
import { createLogger } from "../../src/log.js";
import { loadEmbedder, words } from "../../src/store/index.js";
import { writeTinyModel } from "../helpers/tiny-model.js";

const MODEL = "citebot-bench/tiny-384";
const config = readConfig(process.argv.slice(2));
const logger = createLogger("warn");
const corpus = await prepareBenchCorpus(config);
const modelsDir = await mkdtemp(path.join(tmpdir(), "citebot-bench-model-"));
try {
  const vocabulary = new Set(corpus.set.articles.flatMap((a) => a.paragraphs.flatMap((p) => words(p))));
  for (const q of corpus.set.questions) for (const w of words(q.question)) vocabulary.add(w);
  await writeTinyModel(modelsDir, MODEL, { words: [...vocabulary], dimensions: 384 });
  const embedder = await loadEmbedder({
    model: MODEL,
    modelsDir,
    queryPrefix: "",
    pooling: "mean",
    allowDownload: false,
    remoteHost: "http://127.0.0.1:9/",
  });
  const lexical = (await buildBenchEngine(config, corpus, null, logger)).engine;
  const hybrid = (await buildBenchEngine(config, corpus, embedder, logger)).engine;
  await Promise.all([lexical.threshold(), hybrid.threshold()]);
  const times = { lexical: [] as number[], hybrid: [] as number[] };
  for (const q of corpus.set.questions) {
    times.lexical.push((await lexical.ask(q.question)).timingsMs.answer);
    times.hybrid.push((await hybrid.ask(q.question)).timingsMs.answer);
  }
  const stats = (xs: number[]) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return { p50: Number(percentile(sorted, 0.5).toFixed(2)), p95: Number(percentile(sorted, 0.95).toFixed(2)) };
  };
  const added = times.hybrid.map((t, i) => t - (times.lexical[i] as number));
  const result = {
    questions: corpus.set.questions.length,
    answerStageLexicalMs: stats(times.lexical),
    answerStageHybridMs: stats(times.hybrid),
    addedBySemanticStageMs: stats(added),
  };
  process.stdout.write(
    config.json
      ? `${JSON.stringify(result)}\n`
      : `\nsemantic answer stage, test model (384 dimensions), ${result.questions} questions\n  answer stage lexical: p50 ${result.answerStageLexicalMs.p50} ms, p95 ${result.answerStageLexicalMs.p95} ms\n  answer stage hybrid:  p50 ${result.answerStageHybridMs.p50} ms, p95 ${result.answerStageHybridMs.p95} ms\n  added per question:   p50 ${result.addedBySemanticStageMs.p50} ms, p95 ${result.addedBySemanticStageMs.p95} ms\n`,
  );
} finally {
  await rm(modelsDir, { recursive: true, force: true });
  await corpus.cleanup();
}
