/**
 * PDFs are read in a child process, so that no file can take Citebot down. A worker thread with
 * `resourceLimits` was tried first and is not enough: when a worker reaches its heap limit
 * while allocating fast, V8 may abort the whole process ("FATAL ERROR: Reached heap limit"),
 * which the test suite saw happen. A child process has its own heap (`--max-old-space-size`),
 * and whatever happens to it (out of memory, a crash, a kill) is only an exit to this process.
 *
 * The parent stops the child when a file takes longer than the parse timeout (even inside a
 * synchronous loop, where no timer of the child's own can fire) and, on Linux, when the child
 * holds more than twice its heap limit and 256 MB (buffers outside the heap, such as a stream
 * that inflates to gigabytes). A child that failed is replaced for the next file. One child
 * reads one file at a time and is kept for the next files of a build; it is ended after a few
 * idle seconds, never keeps this process alive, and exits if this process dies.
 */
import { fork, type ChildProcess } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { createError, type CitebotError, type ErrorCode } from "../errors.js";
import type { SourceDocument } from "../types.js";
import { formatSeconds } from "./pdf.js";

/** A PDF sent to the child. */
export interface PdfJob {
  job: number;
  id: string;
  data: Uint8Array;
  title: string;
  timeoutMs: number;
}

/** The child's answer: the document, or the coded error as plain data. */
export type PdfReply = { job: number; ok: true; doc: SourceDocument } | { job: number; ok: false; code: ErrorCode; detail: string };

export interface IsolationOptions {
  /** The title when the PDF's own properties give none. */
  title: string;
  /** The child is stopped this long after it started on the file (the file is then a PARSE_TIMEOUT problem). */
  timeoutMs: number;
  /** The child's V8 heap limit in MB (PARSE_MEMORY_MB); it may hold twice that and 256 MB in all. */
  memoryMb: number;
  /**
   * How long after `timeoutMs` the parent stops a child that has not reported (default
   * GRACE_MS). The child's own timer normally reports first; a negative value makes the parent
   * stop it first, as it must when the child is stuck in a synchronous loop.
   */
  graceMs?: number;
}

/** The child's heap limit when no setting gives one: a few times what a 1,000-page report needs. */
export const DEFAULT_PARSE_MEMORY_MB = 1024;
/** The child's own timer reports a timeout cleanly; the parent stops it only if it did not, this much later. */
const GRACE_MS = 1000;
/** Loading tsx and pdf.js in a fresh child takes a second or two; far longer means it cannot start. */
const STARTUP_LIMIT_MS = 60_000;
/** How often the child's memory is looked at while it reads a file. */
const MEMORY_CHECK_MS = 100;
/** An idle child is ended after this long: it holds pdf.js in memory. */
const IDLE_MS = 10_000;
/** The end of the child's error output is kept, to tell running out of memory from other deaths. */
const STDERR_TAIL = 4096;

interface Reader {
  child: ChildProcess;
  memoryMb: number;
  /** Resolves when the child has loaded its code (it sends "ready"); rejects if it dies first. */
  ready: Promise<void>;
  idle: NodeJS.Timeout | null;
  /** The last bytes the child wrote to stderr (V8 says "heap out of memory" there before it aborts). */
  stderr: string;
}

let reader: Reader | null = null;
/** Jobs run one after the other: one child, one file at a time. */
let queue: Promise<unknown> = Promise.resolve();
let nextJob = 1;

/** Whether the child died of running out of heap: V8's last words on stderr before it aborts. */
function diedOfMemory(current: Reader): boolean {
  return /heap out of memory|Reached heap limit/.test(current.stderr);
}

/** How the child ended, in words; a SIGKILL not sent by Citebot is most often the kernel's out-of-memory killer. */
function howItEnded(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal === "SIGKILL") return "it was killed (SIGKILL; the system may have run out of memory)";
  return signal ? `it was stopped by ${signal}` : `it exited with code ${code}`;
}

/**
 * The most memory the child may hold in all: its heap limit, as much again for buffers outside
 * the heap, and room for Node, tsx and pdf.js themselves (about 150 MB).
 */
export function residentLimitBytes(memoryMb: number): number {
  return (2 * memoryMb + 256) * 1024 * 1024;
}

/** The child's resident memory in bytes, from /proc (Linux); null where that cannot be read. */
async function residentBytes(pid: number | undefined): Promise<number | null> {
  if (pid === undefined) return null;
  // No /proc (not Linux), or the child has just exited: this tick of the watch is skipped, and
  // the child's heap limit and the time limit still hold.
  const statm = await readFile(`/proc/${pid}/statm`, "utf8").catch(() => null);
  const pages = statm === null ? NaN : Number(statm.split(" ")[1]);
  return Number.isFinite(pages) ? pages * 4096 : null;
}

function startReader(memoryMb: number): Reader {
  const child = fork(fileURLToPath(new URL("./pdf-worker.mjs", import.meta.url)), [], {
    // Only the heap limit and the loader the entry registers itself: this process's flags (tsx's, vitest's) are not needed there.
    execArgv: [`--max-old-space-size=${memoryMb}`],
    serialization: "advanced",
    stdio: ["ignore", "inherit", "pipe", "ipc"],
  });
  const started: Reader = { child, memoryMb, ready: Promise.resolve(), idle: null, stderr: "" };
  child.stderr?.setEncoding("utf8");
  child.stderr?.on("data", (text: string) => {
    started.stderr = (started.stderr + text).slice(-STDERR_TAIL);
  });
  started.ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(createError("PARSE_CRASHED", `the PDF reader did not start within ${formatSeconds(STARTUP_LIMIT_MS)}`)),
      STARTUP_LIMIT_MS,
    );
    timer.unref();
    const done = () => {
      clearTimeout(timer);
      child.off("message", onReady);
      child.off("error", onError);
      child.off("close", onExit);
    };
    const onReady = (message: unknown) => {
      if (message !== "ready") return;
      done();
      resolve();
    };
    const onError = (error: Error) => {
      done();
      reject(createError("PARSE_CRASHED", `the PDF reader could not start: ${error.message}`, error));
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      done();
      reject(
        diedOfMemory(started)
          ? createError("PARSE_OUT_OF_MEMORY", `the PDF reader needs more than ${memoryMb} MB just to start (PARSE_MEMORY_MB)`)
          : createError("PARSE_CRASHED", `the PDF reader could not start: ${howItEnded(code, signal)}`),
      );
    };
    child.on("message", onReady);
    child.on("error", onError);
    // "close" comes after the child's stderr is read to its end, which says whether it ran out of memory.
    child.on("close", onExit);
  });
  // A caller may never come to await it (the child is replaced first); that is no unhandled rejection.
  started.ready.catch(() => undefined);
  // An "error" event without a listener would be thrown here. Between files, a child that fails
  // or exits is only forgotten; during a file, the job's own listeners report it.
  const forget = () => {
    if (reader === started) reader = null;
  };
  child.on("error", forget);
  child.on("exit", forget);
  return started;
}

/** Lets the process exit while the child idles, or keeps it alive while the child works. */
function hold(current: Reader, busy: boolean): void {
  // The IPC channel and the stderr pipe keep this process alive as much as the child itself does.
  const handles = [current.child, current.child.channel, current.child.stderr] as ({ ref(): void; unref(): void } | null | undefined)[];
  for (const handle of handles) {
    if (busy) handle?.ref();
    else handle?.unref();
  }
}

/** Ends the child, if one runs. Building never needs this; tests and shutdown may. */
export async function stopPdfReader(): Promise<void> {
  const current = reader;
  reader = null;
  if (current) await kill(current);
}

async function kill(current: Reader): Promise<void> {
  if (current.idle) clearTimeout(current.idle);
  if (current.child.exitCode !== null || current.child.signalCode !== null) return;
  const exited = new Promise((resolve) => current.child.once("exit", resolve));
  current.child.kill("SIGKILL");
  await exited;
}

/** The child for this heap limit: the running one, or a new one. */
function readerFor(memoryMb: number): Reader {
  if (reader && reader.memoryMb !== memoryMb) void stopPdfReader();
  reader ??= startReader(memoryMb);
  if (reader.idle) clearTimeout(reader.idle);
  reader.idle = null;
  return reader;
}

/** Keeps an idle child for the next file for a while, without keeping the process alive. */
function park(current: Reader): void {
  if (reader !== current) return;
  hold(current, false);
  current.idle = setTimeout(() => {
    if (reader === current) void stopPdfReader();
  }, IDLE_MS);
  current.idle.unref();
}

/** Replaces a child that failed: a child stopped mid-file cannot be trusted with the next one. */
function discard(current: Reader): void {
  if (reader === current) reader = null;
  void kill(current);
}

function runJob(id: string, data: Uint8Array, options: IsolationOptions): Promise<SourceDocument> {
  const current = readerFor(options.memoryMb);
  const { child } = current;
  hold(current, true);
  const job = nextJob++;
  return current.ready.then(
    () =>
      new Promise<SourceDocument>((resolve, reject) => {
        let timer: NodeJS.Timeout | undefined;
        let watch: NodeJS.Timeout | undefined;
        let settled = false;
        const settle = (outcome: { doc: SourceDocument } | { error: CitebotError; broken: boolean }) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          clearInterval(watch);
          child.off("message", onMessage);
          child.off("close", onExit);
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
          // After its own timeout the child may still be busy with the file's layout: it is not reused.
          else settle({ error: createError(reply.code, reply.detail), broken: reply.code === "PARSE_TIMEOUT" });
        };
        const outOfMemory = () => createError("PARSE_OUT_OF_MEMORY", `it needed more than ${options.memoryMb} MB (PARSE_MEMORY_MB)`);
        const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
          settle({ error: diedOfMemory(current) ? outOfMemory() : createError("PARSE_CRASHED", howItEnded(code, signal)), broken: true });
        };
        child.on("message", onMessage);
        child.on("close", onExit);
        // The heap limit does not cover buffers outside the JavaScript heap, such as the streams
        // pdf.js inflates (a 1 MB file can inflate to gigabytes): the child's size is watched too.
        const most = residentLimitBytes(options.memoryMb);
        let checking = false;
        watch = setInterval(() => {
          if (checking) return;
          checking = true;
          void residentBytes(child.pid).then((bytes) => {
            checking = false;
            if (bytes !== null && bytes > most) settle({ error: outOfMemory(), broken: true });
          });
        }, MEMORY_CHECK_MS);
        timer = setTimeout(
          () =>
            settle({
              error: createError(
                "PARSE_TIMEOUT",
                `it took longer than ${formatSeconds(options.timeoutMs)} (PARSE_TIMEOUT_SECONDS); the reader was stopped`,
              ),
              broken: true,
            }),
          Math.max(0, options.timeoutMs + (options.graceMs ?? GRACE_MS)),
        );
        // A plain Uint8Array: pdf.js refuses a Buffer, which is what a file read from disk is.
        child.send({ job, id, data: new Uint8Array(data), title: options.title, timeoutMs: options.timeoutMs } satisfies PdfJob);
      }),
    (error: unknown) => {
      discard(current);
      throw error;
    },
  );
}

/**
 * Reads a PDF into a `SourceDocument` in the child process. Rejects with the parser's coded
 * error, or with PARSE_TIMEOUT, PARSE_OUT_OF_MEMORY or PARSE_CRASHED when the child had to be
 * stopped or died; this process is unaffected either way.
 */
export function parsePdfIsolated(id: string, data: Uint8Array, options: IsolationOptions): Promise<SourceDocument> {
  const run = queue.then(() => runJob(id, data, options));
  // The queue only orders the jobs: this job's failure reaches its caller through `run`, and must
  // not fail the jobs queued after it.
  queue = run.catch(() => undefined);
  return run;
}
