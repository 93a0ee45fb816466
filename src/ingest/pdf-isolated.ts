/**
 * PDFs are read in a worker thread, so that no file can take the process down: the worker has a
 * V8 heap limit (`resourceLimits`), and the main thread terminates it when a file takes longer
 * than the parse timeout, even inside a synchronous loop where no timer of the worker's own can
 * fire, or when the process grows by more than the memory limit while it reads (buffers outside
 * the heap, which `resourceLimits` does not count). A worker that ran out of memory, crashed or was stopped is replaced for the next file.
 * One worker reads one file at a time and is kept for the next files of a build; it is ended
 * after a few idle seconds and never keeps the process alive.
 */
import { Worker } from "node:worker_threads";
import { createError, type CitebotError, type ErrorCode } from "../errors.js";
import type { SourceDocument } from "../types.js";
import { formatSeconds } from "./pdf.js";

/** A PDF sent to the worker. */
export interface PdfJob {
  job: number;
  id: string;
  data: Uint8Array;
  title: string;
  timeoutMs: number;
}

/** The worker's answer: the document, or the coded error as plain data. */
export type PdfReply = { job: number; ok: true; doc: SourceDocument } | { job: number; ok: false; code: ErrorCode; detail: string };

export interface IsolationOptions {
  /** The title when the PDF's own properties give none. */
  title: string;
  /** The worker is stopped this long after it started on the file (the file is then a PARSE_TIMEOUT problem). */
  timeoutMs: number;
  /** The worker's V8 heap limit in MB (PARSE_MEMORY_MB). */
  memoryMb: number;
  /**
   * How long after `timeoutMs` the main thread stops a worker that has not reported (default
   * GRACE_MS). The worker's own timer normally reports first; a negative value makes the main
   * thread stop it first, as it must when the worker is stuck in a synchronous loop.
   */
  graceMs?: number;
}

/** The worker's heap limit when no setting gives one: a few times what a 1,000-page report needs. */
export const DEFAULT_PARSE_MEMORY_MB = 1024;
/** The worker's own timer reports a timeout cleanly; the main thread stops it only if it did not, this much later. */
const GRACE_MS = 1000;
/** Loading tsx and pdf.js in a fresh worker takes about a second; far longer means it cannot start. */
const STARTUP_LIMIT_MS = 60_000;
/** How often the process's memory is looked at while a file is read. */
const MEMORY_CHECK_MS = 100;
/** An idle worker is ended after this long: it holds pdf.js in memory. */
const IDLE_MS = 10_000;

interface Reader {
  worker: Worker;
  memoryMb: number;
  /** Resolves when the worker has loaded its code (it posts "ready"); rejects if it dies first. */
  ready: Promise<void>;
  idle: NodeJS.Timeout | null;
}

let reader: Reader | null = null;
/** Jobs run one after the other: one worker, one file at a time. */
let queue: Promise<unknown> = Promise.resolve();
let nextJob = 1;

function startReader(memoryMb: number): Reader {
  const worker = new Worker(new URL("./pdf-worker.mjs", import.meta.url), {
    // Only the loader the entry registers itself: the main thread's flags (tsx's, vitest's) are not needed there.
    execArgv: [],
    resourceLimits: { maxOldGenerationSizeMb: memoryMb },
    stdout: false,
    stderr: false,
  });
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(createError("PARSE_CRASHED", `the PDF reader did not start within ${formatSeconds(STARTUP_LIMIT_MS)}`)), STARTUP_LIMIT_MS);
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      worker.off("message", onReady);
      worker.off("error", onError);
      worker.off("exit", onExit);
    };
    const onReady = (message: unknown) => {
      if (message !== "ready") return;
      done();
      resolve();
    };
    const onError = (error: Error & { code?: string }) => {
      done();
      reject(
        error.code === "ERR_WORKER_OUT_OF_MEMORY"
          ? createError("PARSE_OUT_OF_MEMORY", `the PDF reader needs more than ${memoryMb} MB just to start (PARSE_MEMORY_MB)`, error)
          : createError("PARSE_CRASHED", `the PDF reader could not start: ${error.message}`, error),
      );
    };
    const onExit = (code: number) => {
      done();
      reject(createError("PARSE_CRASHED", `the PDF reader exited with code ${code} while starting`));
    };
    worker.on("message", onReady);
    worker.on("error", onError);
    worker.on("exit", onExit);
  });
  // A caller may never come to await it (the worker is replaced first); that is no unhandled rejection.
  ready.catch(() => undefined);
  const started: Reader = { worker, memoryMb, ready, idle: null };
  // An "error" event without a listener would be thrown in the main thread. Between files, a
  // worker that fails or exits is only forgotten; during a file, the job's own listeners report it.
  const forget = () => {
    if (reader === started) reader = null;
  };
  worker.on("error", forget);
  worker.on("exit", forget);
  return started;
}

/** Ends the worker, if one runs. Building never needs this; tests and shutdown may. */
export async function stopPdfReader(): Promise<void> {
  const current = reader;
  reader = null;
  if (!current) return;
  if (current.idle) clearTimeout(current.idle);
  await current.worker.terminate();
}

/** The worker for this heap limit: the running one, or a new one. */
function readerFor(memoryMb: number): Reader {
  if (reader && reader.memoryMb !== memoryMb) void stopPdfReader();
  reader ??= startReader(memoryMb);
  if (reader.idle) clearTimeout(reader.idle);
  reader.idle = null;
  return reader;
}

/** Keeps an idle worker for the next file for a while, without keeping the process alive. */
function park(current: Reader): void {
  if (reader !== current) return;
  current.worker.unref();
  current.idle = setTimeout(() => {
    if (reader === current) void stopPdfReader();
  }, IDLE_MS);
  current.idle.unref();
}

/** Replaces a worker that failed: a worker stopped mid-file cannot be trusted with the next one. */
function discard(current: Reader): void {
  if (reader === current) reader = null;
  if (current.idle) clearTimeout(current.idle);
  void current.worker.terminate();
}

function runJob(id: string, data: Uint8Array, options: IsolationOptions): Promise<SourceDocument> {
  const current = readerFor(options.memoryMb);
  const { worker } = current;
  worker.ref();
  const job = nextJob++;
  return current.ready.then(
    () =>
      new Promise<SourceDocument>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        let watch: NodeJS.Timeout | undefined;
        const settle = (outcome: { doc: SourceDocument } | { error: CitebotError; broken: boolean }) => {
          clearTimeout(timer);
          clearInterval(watch);
          worker.off("message", onMessage);
          worker.off("error", onError);
          worker.off("exit", onExit);
          if ("doc" in outcome) {
            park(current);
            resolve(outcome.doc);
            return;
          }
          if (outcome.broken) discard(current);
          else park(current);
          reject(outcome.error);
        };
        const onMessage = (reply: PdfReply) => {
          if (reply.job !== job) return;
          if (reply.ok) settle({ doc: reply.doc });
          // After its own timeout the worker may still be busy with the file's layout: it is not reused.
          else settle({ error: createError(reply.code, reply.detail), broken: reply.code === "PARSE_TIMEOUT" });
        };
        const outOfMemory = (cause?: unknown) => createError("PARSE_OUT_OF_MEMORY", `it needed more than ${options.memoryMb} MB (PARSE_MEMORY_MB)`, cause);
        const onError = (error: Error & { code?: string }) => {
          settle({ error: error.code === "ERR_WORKER_OUT_OF_MEMORY" ? outOfMemory(error) : createError("PARSE_CRASHED", error.message, error), broken: true });
        };
        const onExit = (code: number) => settle({ error: createError("PARSE_CRASHED", `the PDF reader exited with code ${code}`), broken: true });
        worker.on("message", onMessage);
        worker.on("error", onError);
        worker.on("exit", onExit);
        // The heap limit does not cover buffers outside the JavaScript heap, such as the streams pdf.js
        // inflates (a 1 MB file can inflate to gigabytes): the process's own growth is watched too.
        const baseline = process.memoryUsage.rss();
        watch = setInterval(() => {
          if (process.memoryUsage.rss() - baseline > options.memoryMb * 1024 * 1024) settle({ error: outOfMemory(), broken: true });
        }, MEMORY_CHECK_MS);
        timer = setTimeout(() => {
          settle({ error: createError("PARSE_TIMEOUT", `it took longer than ${formatSeconds(options.timeoutMs)} (PARSE_TIMEOUT_SECONDS); the reader was stopped`), broken: true });
        }, Math.max(0, options.timeoutMs + (options.graceMs ?? GRACE_MS)));
        // The worker gets its own copy of the bytes, moved rather than copied again.
        const own = new Uint8Array(data);
        worker.postMessage({ job, id, data: own, title: options.title, timeoutMs: options.timeoutMs } satisfies PdfJob, [own.buffer]);
      }),
    (error: unknown) => {
      discard(current);
      throw error;
    },
  );
}

/**
 * Reads a PDF into a `SourceDocument` in the worker thread. Rejects with the parser's coded
 * error, or with PARSE_TIMEOUT, PARSE_OUT_OF_MEMORY or PARSE_CRASHED when the worker had to be
 * stopped or died; the calling process is unaffected either way.
 */
export function parsePdfIsolated(id: string, data: Uint8Array, options: IsolationOptions): Promise<SourceDocument> {
  const run = queue.then(() => runJob(id, data, options));
  queue = run.catch(() => undefined);
  return run;
}
