/**
 * Logging and progress for every stage. Everything goes to stderr, so stdout carries only what a
 * command prints as its result (the JSON of `ask --json`, say). Questions are never logged here
 * with a user identity; front ends decide what they may log.
 */
import cliProgress from "cli-progress";
import { printable } from "./printable.js";

export type LogLevel = "silent" | "error" | "warn" | "info" | "debug";

export interface Progress {
  update(done: number): void;
  stop(): void;
}

export interface Logger {
  error(message: string): void;
  warn(message: string): void;
  info(message: string): void;
  debug(message: string): void;
  /** A progress bar on a terminal; nothing elsewhere. */
  progress(label: string, total: number): Progress;
}

const RANK: Record<LogLevel, number> = { silent: 0, error: 1, warn: 2, info: 3, debug: 4 };

const noProgress: Progress = { update: () => {}, stop: () => {} };

/**
 * Writes the error that ends a command, whatever LOG_LEVEL says: a process that exits non-zero
 * always says why (LOG_LEVEL=silent quiets the run, not its failure). The message may quote a
 * path or a value the user gave, so it is made printable like every log line.
 */
export function writeFatal(message: string, stream: NodeJS.WritableStream = process.stderr): void {
  stream.write(`error: ${printable(message)}\n`);
}

/** A logger writing to `stream` (stderr by default) at or above `level`. */
export function createLogger(level: LogLevel, stream: NodeJS.WriteStream = process.stderr): Logger {
  const write = (at: LogLevel, prefix: string) => (message: string) => {
    // Messages name documents and quote titles and reasons: no escape sequence reaches the terminal.
    if (RANK[at] <= RANK[level]) stream.write(`${prefix}${printable(message)}\n`);
  };
  return {
    error: write("error", "error: "),
    warn: write("warn", "warning: "),
    info: write("info", ""),
    debug: write("debug", "debug: "),
    progress(label, total) {
      if (!stream.isTTY || RANK[level] < RANK.info || total <= 0) return noProgress;
      const bar = new cliProgress.SingleBar(
        { format: `${printable(label)} [{bar}] {percentage}% | {value}/{total}`, stream, clearOnComplete: true, hideCursor: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { update: (done) => bar.update(done), stop: () => bar.stop() };
    },
  };
}
