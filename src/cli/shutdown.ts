/**
 * How a long-running command (`npm start`) learns that it should stop: SIGTERM, SIGINT and
 * SIGHUP, and the death of the process that started it, all become one AbortSignal. A parent
 * that dies without passing a signal on (npm killed with SIGKILL, a shell that does not forward
 * SIGTERM) would otherwise leave the bot connected to Discord, and a second start would answer
 * every question twice.
 */
import { performance } from "node:perf_hooks";
import { writeFatal } from "../log.js";

/** The parts of `process` the watch uses; tests pass a stand-in. */
export interface WatchedProcess {
  readonly ppid: number;
  on(event: NodeJS.Signals, listener: () => void): unknown;
  off(event: NodeJS.Signals, listener: () => void): unknown;
  exit(code: number): never;
}

export interface ShutdownOptions {
  /** How often the parent process is checked, in milliseconds. */
  parentPollMs?: number;
  /** How long a graceful stop may take before the process is ended anyway, in milliseconds. */
  hardExitMs?: number;
  /**
   * Signals this soon after the first are the same request, not an impatient second one: Ctrl-C
   * in a terminal reaches both npm and the bot, and npm forwards it again; systemd signals every
   * process of the service at once.
   */
  repeatWindowMs?: number;
  process?: WatchedProcess;
  /** The clock the repeat window is measured on, in milliseconds (tests pass a fake one). */
  now?: () => number;
  /** Says why the process is being ended (it exits non-zero): stderr, whatever LOG_LEVEL says. */
  fatal?: (message: string) => void;
}

export interface ShutdownWatch {
  /** Aborted once, with the reason ("SIGTERM", "parent process exited") as `signal.reason`. */
  readonly signal: AbortSignal;
  /**
   * Stops watching: signals go back to Node's defaults, unless a stop is under way (then a repeated
   * signal is still absorbed, or ends the process at once, as before). The hard-exit timer, once started, stays.
   */
  dispose(): void;
}

export const SHUTDOWN_SIGNALS = ["SIGTERM", "SIGINT", "SIGHUP"] as const satisfies readonly NodeJS.Signals[];

/** Exit status of a process ended by a signal, as shells report it (128 + the signal's number). */
const SIGNAL_STATUS: Record<(typeof SHUTDOWN_SIGNALS)[number], number> = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 };

/**
 * Starts watching for the reasons to stop. The first one aborts `signal` and starts a timer
 * that ends the process after `hardExitMs` (the timer does not keep the process alive: a
 * graceful stop that lets the event loop drain exits sooner). A second signal, later than
 * `repeatWindowMs`, ends the process at once, as an impatient operator expects.
 *
 * The parent is compared with the one at start, not with 1: under systemd or as a container's
 * main process, a parent id of 1 (or 0) is normal from the beginning, and then there is no
 * parent to outlive.
 */
export function watchShutdown(options: ShutdownOptions = {}): ShutdownWatch {
  const proc = options.process ?? process;
  const fatal = options.fatal ?? ((message: string) => writeFatal(message));
  const hardExitMs = options.hardExitMs ?? 10_000;
  const repeatWindowMs = options.repeatWindowMs ?? 1_000;
  const now = options.now ?? (() => performance.now());
  const controller = new AbortController();
  const startPpid = proc.ppid;
  let triggeredAt = 0;

  const trigger = (reason: string) => {
    if (controller.signal.aborted) return;
    triggeredAt = now();
    controller.abort(reason);
    setTimeout(() => {
      fatal(`still running ${hardExitMs} ms after ${reason}; exiting now.`);
      proc.exit(1);
    }, hardExitMs).unref();
  };

  const listeners = SHUTDOWN_SIGNALS.map((name) => {
    const listener = () => {
      if (!controller.signal.aborted) return trigger(name);
      if (now() - triggeredAt < repeatWindowMs) return;
      fatal(`${name} again: exiting now.`);
      proc.exit(SIGNAL_STATUS[name]);
    };
    proc.on(name, listener);
    return { name, listener };
  });

  const poll =
    startPpid > 1
      ? setInterval(() => {
          if (proc.ppid !== startPpid) trigger("parent process exited");
        }, options.parentPollMs ?? 1_000)
      : null;
  poll?.unref();

  return {
    signal: controller.signal,
    dispose() {
      if (poll) clearInterval(poll);
      // Once a stop is under way the listeners stay: npm forwards the signal it got to this process
      // too, and a copy arriving as the process finishes would otherwise kill it by the signal
      // (npm then exits by it, not with 0). They do not keep the process alive.
      if (controller.signal.aborted) return;
      for (const { name, listener } of listeners) proc.off(name, listener);
    },
  };
}
