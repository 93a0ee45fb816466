/**
 * One build at a time per index folder. The lock is a listening socket whose name comes from the
 * index folder's real path: the operating system closes it when its process ends, however it
 * ends (a crash, SIGKILL, a power cut), so a dead builder never leaves a lock behind and no pid
 * has to be trusted. Linux uses the abstract socket namespace (no file at all), Windows a named
 * pipe; elsewhere a socket file in the index folder, which is stale when nothing answers on it.
 */
import { createHash } from "node:crypto";
import { mkdir, realpath, unlink } from "node:fs/promises";
import net from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";

/** A held build lock; `release` lets the next build of the index go ahead. */
export interface BuildLock {
  release(): Promise<void>;
}

/** Where the lock of `indexDir` listens. Exported for tests. */
export async function lockAddress(indexDir: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  await mkdir(indexDir, { recursive: true });
  const real = await realpath(indexDir);
  const hash = createHash("sha256").update(real).digest("hex").slice(0, 32);
  if (platform === "linux") return `\0citebot-index-${hash}`;
  if (platform === "win32") return `\\\\.\\pipe\\citebot-index-${hash}`;
  // A socket path is limited to about 104 bytes (macOS); a deep index folder uses the temp folder.
  const inFolder = path.join(real, ".build.lock");
  return Buffer.byteLength(inFolder) <= 100 ? inFolder : path.join(tmpdir(), `citebot-${hash.slice(0, 16)}.lock`);
}

function listen(address: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once("error", (error: NodeJS.ErrnoException) => (error.code === "EADDRINUSE" ? resolve(null) : reject(error)));
    server.listen(address, () => {
      // The lock must not keep a finished command alive.
      server.unref();
      resolve(server);
    });
  });
}

/** Whether something answers on a socket file; a file left by a dead process refuses connections. */
function answers(address: string): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(address);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

async function tryLock(address: string, socketFile: boolean): Promise<net.Server | null> {
  const server = await listen(address);
  if (server !== null || !socketFile || (await answers(address))) return server;
  // Only a socket file can be stale; its owner is gone, so the file is ours to replace.
  // A failed unlink needs no report of its own: the listen below then fails, and the caller waits
  // or reports INDEX_BUSY as for any held lock.
  await unlink(address).catch(() => undefined);
  return listen(address);
}

/** The time the wait for a lock reads and spends; tests pass one that moves only when slept on. */
export interface LockClock {
  now(): number;
  sleep(ms: number): Promise<unknown>;
}

const REAL_CLOCK: LockClock = { now: Date.now, sleep };

/**
 * Takes the build lock of `indexDir`, waiting up to `waitMs` for another build to finish (saying
 * so once). Throws INDEX_BUSY when the other build is still running after that.
 */
export async function acquireBuildLock(
  indexDir: string,
  options: { waitMs: number; logger: Logger; pollMs?: number; platform?: NodeJS.Platform; clock?: LockClock },
): Promise<BuildLock> {
  const platform = options.platform ?? process.platform;
  const clock = options.clock ?? REAL_CLOCK;
  const address = await lockAddress(indexDir, platform);
  const socketFile = platform !== "linux" && platform !== "win32";
  const deadline = clock.now() + options.waitMs;
  let told = false;
  for (;;) {
    const server = await tryLock(address, socketFile);
    if (server !== null) {
      return { release: () => new Promise<void>((resolve) => server.close(() => resolve())) };
    }
    if (clock.now() >= deadline) {
      throw createError(
        "INDEX_BUSY",
        `another build of ${indexDir} is still running after ${Math.round(options.waitMs / 1000)} s; try again when it has finished (BUILD_WAIT_SECONDS sets how long to wait)`,
      );
    }
    if (!told) {
      options.logger.info(`another build of this index is running, waiting… (${indexDir})`);
      told = true;
    }
    await clock.sleep(Math.min(options.pollMs ?? 250, Math.max(1, deadline - clock.now())));
  }
}
