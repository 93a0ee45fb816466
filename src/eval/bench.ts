/**
 * `npm run bench -- [FILE]`: index build time and query latency (p50/p95) on the SQuAD corpus,
 * lexical and, where the model is present, hybrid. With `--scale`: the scale bench instead
 * (scale-bench.ts), Citebot against peer libraries on generated corpora of up to 300k chunks.
 */
import { performance } from "node:perf_hooks";
import { runCommand } from "../run-command.js";
import { percentile } from "./percentile.js";
import { benchModes, buildBenchEngine, prepareBenchCorpus } from "./harness.js";
import { runScaleBench } from "./scale-bench.js";

await runCommand(async (config, logger) => {
  if (config.benchScale) return runScaleBench(config, logger, config.benchScale);
  const corpus = await prepareBenchCorpus(config);
  try {
    for (const embedder of await benchModes(config, logger)) {
      const { engine, buildMs } = await buildBenchEngine(config, corpus, embedder, logger);
      const questions = corpus.set.questions.map((q) => q.question);
      for (const q of questions.slice(0, 20)) await engine.ask(q); // warm-up
      const latencies: number[] = [];
      for (const q of questions) {
        const t0 = performance.now();
        await engine.ask(q);
        latencies.push(performance.now() - t0);
      }
      latencies.sort((a, b) => a - b);
      const result = {
        mode: engine.mode,
        ...engine.stats(),
        buildMs: Math.round(buildMs),
        queries: latencies.length,
        p50Ms: Number(percentile(latencies, 0.5).toFixed(2)),
        p95Ms: Number(percentile(latencies, 0.95).toFixed(2)),
        maxMs: Number((latencies.at(-1) ?? 0).toFixed(2)),
        rssMiB: Math.round(process.memoryUsage().rss / 1024 / 1024),
      };
      process.stdout.write(
        config.json
          ? `${JSON.stringify(result)}\n`
          : `\n${engine.mode}: ${result.documents} documents, ${result.chunks} chunks\n  index build ${result.buildMs} ms\n  query latency over ${result.queries} questions: p50 ${result.p50Ms} ms, p95 ${result.p95Ms} ms, max ${result.maxMs} ms\n  resident memory ${result.rssMiB} MiB\n`,
      );
    }
  } finally {
    await corpus.cleanup();
  }
});
