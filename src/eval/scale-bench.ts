/**
 * `npm run bench -- --scale [--max 300k] [--sizes 1k,10k] [--json] [FILE]`: Citebot against peer
 * search libraries on corpora of 1k, 10k and 100k chunks (300k with `--max 300k`) recombined from
 * the benchmark's sentences. Each measurement runs in a child process of its own, one after the
 * other (scale-child.ts); every file it writes is under one temporary folder, removed at the end.
 */
import { fork } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Config } from "../config.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";
import { defaultEvalFile, loadSquad } from "./squad.js";
import { sentenceSource, writeScaleCorpus } from "./scale-corpus.js";
import type { ScaleJob, ScaleReply } from "./scale-child.js";
import type { AnswerFigures, BuildFigures, CitebotPaths } from "./scale-measure.js";
import { RESULTS } from "./scale-measure.js";
import { PEERS, type PeerFigures, type PeerName } from "./scale-peers.js";
import { formatScaleReport, growth, peerRatios, sizeLabel, targetChecks, type SizeFigures } from "./scale-table.js";

/** The sizes measured by default, up to the largest asked for (100k unless `--max` says otherwise). */
const LADDER = [1_000, 10_000, 100_000, 300_000];
const DEFAULT_MAX = 100_000;

/** Questions every engine is asked: the same ones at every size. */
export const SCALE_QUESTIONS = 500;

/** The seed of the generated corpora: every run measures the same text. */
const CORPUS_SEED = 12;

/** The sizes to measure: those listed (`--sizes`), else the ladder below `max` and `max` itself; ascending, each once. */
export function scaleSizes(asked: { max: number | null; sizes: number[] | null }): number[] {
  const max = asked.max ?? DEFAULT_MAX;
  const sizes = asked.sizes ?? [...LADDER.filter((n) => n < max), max];
  return [...new Set(sizes)].sort((a, b) => a - b);
}

/** `n` items spread evenly over `items`, first included (all of them when there are no more than `n`). */
export function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)] as T);
}

/**
 * Child processes get the loader this process runs under (tsx), `gc()` for the memory taken after
 * a collection, and room for the heap at 300k chunks (the figures are resident memory, which a
 * larger limit does not raise by itself).
 */
const CHILD_FLAGS = ["--expose-gc", "--max-old-space-size=8192"];

/** Runs one measurement in a fresh process and returns its figures. */
async function inChild<T>(job: ScaleJob): Promise<T> {
  const child = fork(fileURLToPath(new URL("./scale-child.ts", import.meta.url)), [], {
    execArgv: [...process.execArgv, ...CHILD_FLAGS],
    // Its stdout goes to our stderr: ours carries only the report.
    stdio: ["ignore", 2, "inherit", "ipc"],
  });
  return new Promise<T>((resolve, reject) => {
    let reply: ScaleReply | null = null;
    child.once("message", (message: ScaleReply) => (reply = message));
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      if (reply?.ok) resolve(reply.figures as T);
      else
        // The child's own error, coded where Citebot raised it, arrives as its description.
        reject(
          new Error(
            `the ${job.kind === "peer" ? job.peer : job.kind} measurement ${reply ? `failed: ${reply.error}` : `ended (${signal ?? `exit ${code}`}) without its figures`}`,
          ),
        );
    });
    child.send(job);
  });
}

/** Measures every engine at one size, in the folder `dir` (the bench's own). */
async function measureSize(
  config: Config,
  logger: Logger,
  dir: string,
  chunks: number,
  source: Parameters<typeof writeScaleCorpus>[1],
  questionsFile: string,
): Promise<SizeFigures> {
  const label = sizeLabel(chunks);
  const paths: CitebotPaths = {
    corpusDir: path.join(dir, "corpus"),
    indexDir: path.join(dir, "index"),
    textsFile: path.join(dir, "chunk-texts.json"),
  };
  const limits = { maxFileBytes: config.maxFileBytes, parseTimeoutMs: config.parseTimeoutMs, parseMemoryMb: config.parseMemoryMb };
  const corpus = await writeScaleCorpus(paths.corpusDir, source, { chunks, seed: CORPUS_SEED });
  logger.info(
    `${label}: ${corpus.documents} documents, ${corpus.chunks} chunks (${(corpus.bytes / 1024 / 1024).toFixed(1)} MB of text); building the index`,
  );
  const build = await inChild<BuildFigures>({ kind: "build", paths, limits });
  logger.info(`${label}: loading it and answering`);
  const answer = await inChild<AnswerFigures>({ kind: "answer", paths, limits, questionsFile });
  const peers = Object.create(null) as Record<PeerName, PeerFigures>;
  for (const peer of PEERS) {
    logger.info(`${label}: ${peer}`);
    peers[peer] = await inChild<PeerFigures>({ kind: "peer", peer, textsFile: paths.textsFile, questionsFile });
  }
  return { chunks, build, answer, peers };
}

/** Runs the scale bench and prints its report (text, or JSON with `--json`). */
export async function runScaleBench(config: Config, logger: Logger, asked: { max: number | null; sizes: number[] | null }): Promise<void> {
  const file = config.args[0] ? path.resolve(config.args[0]) : defaultEvalFile(process.cwd());
  if (!file)
    throw createError("USAGE_INVALID", "no benchmark file: pass its path, e.g. npm run bench -- --scale path/to/squad2-dev-5articles.json");
  const set = await loadSquad(file);
  const source = sentenceSource(set.articles.flatMap((a) => a.paragraphs));
  const questions = spread(
    set.questions.map((q) => q.question),
    SCALE_QUESTIONS,
  );
  const root = await mkdtemp(path.join(tmpdir(), "citebot-scale-"));
  const measured: SizeFigures[] = [];
  try {
    const questionsFile = path.join(root, "questions.json");
    await writeFile(questionsFile, JSON.stringify(questions));
    for (const chunks of scaleSizes(asked)) {
      const dir = path.join(root, sizeLabel(chunks));
      try {
        measured.push(await measureSize(config, logger, dir, chunks, source, questionsFile));
      } finally {
        // A size's corpus and index go as soon as it is measured: at 300k chunks they take a gigabyte.
        await rm(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await rm(root, { recursive: true, force: true });
  }
  // The vectors have their own bench (`npm run bench:vectors`, src/eval/bench-vectors.ts): their builds take minutes at these sizes.
  const header = { questions: questions.length, results: RESULTS };
  process.stdout.write(
    config.json
      ? `${JSON.stringify({ lexical: { ...header, sizes: measured, ratios: peerRatios(measured), growth: growth(measured), targets: targetChecks(measured) } })}\n`
      : formatScaleReport(measured, header),
  );
}
