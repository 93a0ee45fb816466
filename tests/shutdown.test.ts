import { spawn, type ChildProcess } from "node:child_process";
import { EventEmitter } from "node:events";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { watchShutdown, type WatchedProcess } from "../src/cli/shutdown.js";
import { offlineEnv, REPO_ROOT, tempDir, type TempDir } from "./helpers/fixtures.js";
import { IDS, startFakeDiscord, type FakeDiscord } from "./helpers/fake-discord.js";

/** A stand-in for `process`: signals are emitted by the test, the parent id is set by it, exit is recorded. */
function fakeProcess(ppid: number) {
  const emitter = new EventEmitter();
  const proc = {
    ppid,
    exits: [] as number[],
    on: (event: string, listener: () => void) => emitter.on(event, listener),
    off: (event: string, listener: () => void) => emitter.off(event, listener),
    emit: (event: NodeJS.Signals) => emitter.emit(event),
    listeners: (event: NodeJS.Signals) => emitter.listenerCount(event),
    exit: ((code: number) => {
      proc.exits.push(code);
    }) as (code: number) => never,
  };
  return proc satisfies WatchedProcess;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("watchShutdown", () => {
  // Fake timers and a clock read from them: each test moves time itself, so no result depends on how busy the machine is.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "setInterval", "clearInterval", "Date"] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
  const now = () => Date.now();

  it("GIVEN SIGTERM THEN the signal aborts with reason SIGTERM, and a second SIGTERM after the repeat window exits at once with 143", () => {
    const proc = fakeProcess(4000);
    const fatal: string[] = [];
    const watch = watchShutdown({ process: proc, hardExitMs: 60_000, repeatWindowMs: 20, now, fatal: (m) => fatal.push(m) });
    proc.emit("SIGTERM");
    expect([watch.signal.aborted, watch.signal.reason]).toEqual([true, "SIGTERM"]);
    vi.advanceTimersByTime(19);
    proc.emit("SIGTERM");
    expect([proc.exits, fatal]).toEqual([[], []]);
    vi.advanceTimersByTime(1);
    proc.emit("SIGTERM");
    expect([proc.exits, fatal]).toEqual([[143], ["SIGTERM again: exiting now."]]);
    watch.dispose();
  });

  it("GIVEN SIGINT twice at once (Ctrl-C reaches npm and the bot, and npm forwards it) THEN it is one graceful stop, not a forced exit", () => {
    const proc = fakeProcess(4000);
    const watch = watchShutdown({ process: proc, hardExitMs: 60_000, now });
    proc.emit("SIGINT");
    proc.emit("SIGINT");
    expect([watch.signal.reason, proc.exits]).toEqual(["SIGINT", []]);
    watch.dispose();
  });

  it("GIVEN the parent id changes from the one at start THEN it aborts with reason 'parent process exited' at the next check", () => {
    const proc = fakeProcess(4000);
    const watch = watchShutdown({ process: proc, parentPollMs: 10, hardExitMs: 60_000, now });
    vi.advanceTimersByTime(50);
    expect(watch.signal.aborted).toBe(false);
    proc.ppid = 1;
    vi.advanceTimersByTime(9);
    expect(watch.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect([watch.signal.aborted, watch.signal.reason]).toEqual([true, "parent process exited"]);
    watch.dispose();
  });

  it("GIVEN a parent id of 1 from the start (systemd, a container's init) THEN that is no reason to stop", () => {
    const proc = fakeProcess(1);
    const watch = watchShutdown({ process: proc, parentPollMs: 10, now });
    vi.advanceTimersByTime(60_000);
    expect(watch.signal.aborted).toBe(false);
    watch.dispose();
  });

  it("GIVEN a stop that does not finish within hardExitMs THEN the process is ended with 1 and says why", () => {
    const proc = fakeProcess(4000);
    const fatal: string[] = [];
    const watch = watchShutdown({ process: proc, hardExitMs: 20, now, fatal: (m) => fatal.push(m) });
    proc.emit("SIGINT");
    vi.advanceTimersByTime(19);
    expect(proc.exits).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(proc.exits).toEqual([1]);
    expect(fatal).toEqual(["still running 20 ms after SIGINT; exiting now."]);
    watch.dispose();
  });

  it("GIVEN dispose THEN no signal listener is left", () => {
    const proc = fakeProcess(4000);
    watchShutdown({ process: proc }).dispose();
    expect(["SIGTERM", "SIGINT", "SIGHUP"].map((s) => proc.listeners(s as NodeJS.Signals))).toEqual([0, 0, 0]);
  });

  it("GIVEN dispose once a stop is under way THEN the listeners stay: npm's forwarded copy of the signal, arriving as the process finishes, ends nothing", () => {
    const proc = fakeProcess(4000);
    const watch = watchShutdown({ process: proc, hardExitMs: 60_000, now });
    proc.emit("SIGTERM");
    watch.dispose();
    expect(["SIGTERM", "SIGINT", "SIGHUP"].map((s) => proc.listeners(s as NodeJS.Signals))).toEqual([1, 1, 1]);
    proc.emit("SIGTERM");
    expect(proc.exits).toEqual([]);
  });
});

/** Parent id and state of every process, from /proc. */
function processTable(): Map<number, { ppid: number; state: string }> {
  const table = new Map<number, { ppid: number; state: string }>();
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const [state, ppid] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      table.set(Number(name), { ppid: Number(ppid), state: state as string });
    } catch {
      // The process ended between listing and reading: it is not part of any tree any more.
    }
  }
  return table;
}

/** `root` and every process below it. */
function processTree(root: number): number[] {
  const table = processTable();
  const tree = [root];
  for (let i = 0; i < tree.length; i++) {
    for (const [pid, p] of table) if (p.ppid === tree[i]) tree.push(pid);
  }
  return tree;
}

/** The pids of `pids` still running (a zombie has ended: it only waits for its parent to collect its status). */
function stillRunning(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((pid) => {
    const p = table.get(pid);
    return p !== undefined && p.state !== "Z";
  });
}

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<number> {
  const t0 = performance.now();
  while (!done()) {
    if (performance.now() - t0 > timeoutMs) throw new Error(`${what} did not happen within ${timeoutMs} ms`);
    await sleep(20);
  }
  return performance.now() - t0;
}

interface Launched {
  npm: ChildProcess;
  /** npm and every process below it, as listed once the command was up (empty before). */
  tree: number[];
  stderr(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let dir: TempDir;
let fake: FakeDiscord;
let started: Launched[] = [];

beforeAll(async () => {
  dir = await tempDir();
  fake = await startFakeDiscord();
});
/** After a failed test, nothing it started may linger into the next one. */
afterEach(async () => {
  for (const l of started) {
    const pids = new Set([...l.tree, ...(l.npm.pid ? processTree(l.npm.pid) : [])]);
    for (const pid of stillRunning([...pids])) process.kill(pid, "SIGKILL");
  }
  started = [];
  await waitUntil("leftover gateway connections closing", () => fake.openConnections === 0, 5_000);
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

/**
 * The real `npm start`, as an operator or a process manager runs it. tsx's compile cache is off,
 * as on a first start: the bot then has a child of its own (esbuild), which must end too.
 */
function npmStart(env: Record<string, string>): Launched {
  const npm = spawn("npm", ["start"], {
    cwd: REPO_ROOT,
    env: offlineEnv(dir.path, { INDEX_DIR: path.join(dir.path, "index"), EMBED_MODEL: "none", ...env, TSX_DISABLE_CACHE: "1" }),
    stdio: ["pipe", "pipe", "pipe"],
    // Its own process group, as in a terminal or a service: a test can signal the whole group.
    detached: true,
  });
  let stderr = "";
  npm.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  npm.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    npm.on("exit", (code, signal) => resolve({ code, signal })),
  );
  const launched: Launched = { npm, tree: [], stderr: () => stderr, exited };
  started.push(launched);
  return launched;
}

async function startBot(): Promise<Launched> {
  const before = fake.identifies.length;
  const launched = npmStart({ DISCORD_TOKEN: "test-token", DISCORD_APP_ID: IDS.app, DISCORD_API_BASE: fake.apiBase });
  await waitUntil(
    "the bot connecting",
    () => fake.identifies.length > before && launched.stderr().includes("Connected to Discord"),
    60_000,
  ).catch((error: Error) => {
    throw new Error(`${error.message}:\n${launched.stderr()}`);
  });
  launched.tree = processTree(launched.npm.pid as number);
  return launched;
}

/** The command line of `pid`, arguments joined by spaces. */
const commandLine = (pid: number) => readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();

describe("npm start with DISCORD_TOKEN, stopped through npm", () => {
  it.each([
    ["SIGTERM", "the npm process (kill <npm pid>, a process manager)"],
    ["SIGINT", "the npm process"],
    ["SIGINT", "npm's process group (Ctrl-C in a terminal)"],
    ["SIGTERM", "npm's process group (systemd's default KillMode=control-group)"],
  ] as const)("GIVEN %s sent to %s THEN the bot disconnects, npm exits 0 and no process of the tree is left", async (signal, target) => {
    const bot = await startBot();
    // npm and the bot itself (`exec` leaves no shell or tsx wrapper in between), and below it
    // only tsx's esbuild service, there because the compile cache is off.
    const [npm, node, ...below] = bot.tree.map(commandLine);
    expect([npm, node]).toEqual(["npm start", "node --import tsx src/main.ts"]);
    expect(below.map((c) => /\/esbuild --service=/.test(c))).toEqual(below.map(() => true));
    expect(fake.openConnections).toBe(1);
    const t0 = performance.now();
    if (target.startsWith("npm's process group")) process.kill(-(bot.npm.pid as number), signal);
    else bot.npm.kill(signal);
    await waitUntil("every process ending", () => stillRunning(bot.tree).length === 0, 15_000).catch((error: Error) => {
      throw new Error(`${error.message}:\n${bot.stderr()}`);
    });
    const allGoneMs = performance.now() - t0;
    expect(await bot.exited, bot.stderr()).toEqual({ code: 0, signal: null });
    await waitUntil("the gateway connection closing", () => fake.openConnections === 0, 2_000);
    expect(bot.stderr()).toContain(`${signal}: finishing answers in flight, then disconnecting.`);
    expect(bot.stderr()).toContain("Disconnected from Discord.");
    console.info(`${signal} to ${target} → all ${bot.tree.length} processes gone in ${allGoneMs.toFixed(0)} ms`);
  });

  it("GIVEN npm killed with SIGKILL (it cannot pass anything on) THEN the orphaned bot notices, disconnects and exits on its own", async () => {
    const bot = await startBot();
    const t0 = performance.now();
    bot.npm.kill("SIGKILL");
    await bot.exited;
    await waitUntil("the orphaned bot and its children ending", () => stillRunning(bot.tree.slice(1)).length === 0, 10_000);
    const goneMs = performance.now() - t0;
    await waitUntil("the gateway connection closing", () => fake.openConnections === 0, 2_000);
    expect(bot.stderr()).toContain("parent process exited: finishing answers in flight, then disconnecting.");
    expect(bot.stderr()).toContain("Disconnected from Discord.");
    console.info(`SIGKILL to npm → orphaned bot gone in ${goneMs.toFixed(0)} ms`);
  });
});

describe("npm start with DISCORD_TOKEN, stopped before it has connected", () => {
  it("GIVEN SIGTERM to npm while the index is still being opened THEN npm exits 0, no process of the tree is left and no gateway connection stays open", async () => {
    const launched = npmStart({
      DISCORD_TOKEN: "test-token",
      DISCORD_APP_ID: IDS.app,
      DISCORD_API_BASE: fake.apiBase,
      INDEX_DIR: path.join(dir.path, "early-index"),
    });
    await waitUntil("the index build starting", () => launched.stderr().includes("Indexing"), 60_000);
    launched.tree = processTree(launched.npm.pid as number);
    launched.npm.kill("SIGTERM");
    await waitUntil("every process ending", () => stillRunning(launched.tree).length === 0, 15_000);
    expect(await launched.exited, launched.stderr()).toEqual({ code: 0, signal: null });
    // Whether the signal came before the build ended or while logging in, no connection stays open.
    await waitUntil("no gateway connection left open", () => fake.openConnections === 0, 2_000);
  });
});

describe("npm start without DISCORD_TOKEN (terminal chat), stopped through npm", () => {
  it("GIVEN SIGTERM to npm while the chat waits for input THEN npm exits 0 and no process is left", async () => {
    const chat = npmStart({});
    chat.npm.stdin?.write("When was Operation Fox Hunt launched?\n");
    let stdout = "";
    chat.npm.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
    await waitUntil("the first answer", () => stdout.includes("Operation ‘Fox Hunt’"), 60_000);
    chat.tree = processTree(chat.npm.pid as number);
    chat.npm.kill("SIGTERM");
    await waitUntil("every process ending", () => stillRunning(chat.tree).length === 0, 15_000);
    expect(await chat.exited).toEqual({ code: 0, signal: null });
  });
});
