/**
 * One measurement of the scale bench, in a process of its own (started by scale-bench.ts with an
 * IPC channel): it receives the job as its one message, sends back the figures, and exits, so that
 * each engine's resident memory is its own.
 */
import { readFile } from "node:fs/promises";
import { describeError } from "../errors.js";
import { measureAnswers, measureBuild, readTexts, type CitebotPaths, type ReadLimits } from "./scale-measure.js";
import { measurePeer, type PeerName } from "./scale-peers.js";

export type ScaleJob =
  | { kind: "build"; paths: CitebotPaths; limits: ReadLimits }
  | { kind: "answer"; paths: CitebotPaths; limits: ReadLimits; questionsFile: string }
  | { kind: "peer"; peer: PeerName; textsFile: string; questionsFile: string };

/** What the child sends back: the figures, or why it failed. */
export type ScaleReply = { ok: true; figures: unknown } | { ok: false; error: string };

async function run(job: ScaleJob): Promise<unknown> {
  if (job.kind === "build") return measureBuild(job.paths, job.limits);
  const questions = JSON.parse(await readFile(job.questionsFile, "utf8")) as string[];
  if (job.kind === "answer") return measureAnswers(job.paths, job.limits, questions);
  return measurePeer(job.peer, await readTexts(job.textsFile), questions);
}

process.once("message", (job: ScaleJob) => {
  run(job)
    .then((figures): ScaleReply => ({ ok: true, figures }))
    .catch((error: unknown): ScaleReply => ({ ok: false, error: describeError(error) }))
    .then((reply) => process.send?.(reply, () => process.disconnect()))
    .catch(() => process.disconnect());
});
