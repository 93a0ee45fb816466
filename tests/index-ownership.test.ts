import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { lstat, mkdir, readdir, readFile, rm, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEngine } from "../src/engine.js";
import { buildIndex, currentDataDir, openIndex, readIndexData, writeIndexData } from "../src/store/index.js";
import { acquireBuildLock } from "../src/store/lock.js";
import { MARKER } from "../src/store/ownership.js";
import {
  indexOptions,
  memoryLogger,
  offlineEnv,
  REPO_ROOT,
  tempDir,
  TWO_DOCUMENTS,
  writeCorpus,
  type TempDir,
} from "./helpers/fixtures.js";

const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
let dir: TempDir;
let corpus: string;
let index: string;
beforeEach(async () => {
  dir = await tempDir();
  corpus = path.join(dir.path, "corpus");
  index = path.join(dir.path, "index");
  await writeCorpus(corpus, TWO_DOCUMENTS);
});
/** Lock holders started by a test; one left running by a failed assertion is stopped here. */
const holders: ChildProcess[] = [];
afterEach(async () => {
  for (const child of holders.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  await dir.cleanup();
});

const options = (extra = {}) => indexOptions(dir.path, null, memoryLogger(), extra);
const entries = async (folder: string) => (await readdir(folder)).sort();
const dataFolders = async () => (await entries(index)).filter((e) => /^\.?data-/.test(e));

/** Runs a command from src/cli as npm would, offline, with the given flags. */
function cli(script: string, args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(
      TSX,
      [path.join(REPO_ROOT, "src", "cli", script), ...args],
      { cwd: dir.path, env: offlineEnv(dir.path, { EMBED_MODEL: "none" }), timeout: 60_000 },
      (_error, stdout, stderr) => resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

describe("cleanup of the index folder", () => {
  it("GIVEN a user's data-2023.csv, an unmarked data-x/ folder and an unmarked staging-like folder THEN they survive two builds untouched", async () => {
    await writeCorpus(index, {
      "data-2023.csv": "year,count\n2023,164\n",
      "data-x/notes.txt": "mine",
      ".data-y.tmp/keep.txt": "mine too",
      "data-z/.citebot-index": "not the marker",
    });
    await openIndex(options());
    await writeFile(path.join(corpus, "b.txt"), "Laos handed over 164 people in 2023.");
    await openIndex(options());
    expect(await readFile(path.join(index, "data-2023.csv"), "utf8")).toBe("year,count\n2023,164\n");
    expect(await readFile(path.join(index, "data-x", "notes.txt"), "utf8")).toBe("mine");
    expect(await readFile(path.join(index, ".data-y.tmp", "keep.txt"), "utf8")).toBe("mine too");
    expect(await readFile(path.join(index, "data-z", ".citebot-index"), "utf8")).toBe("not the marker");
    const current = path.basename((await currentDataDir(index)) as string);
    expect(await dataFolders()).toEqual([".data-y.tmp", current, "data-2023.csv", "data-x", "data-z"].sort());
  });

  it("GIVEN marked folders left by a crashed build and an older index THEN the next build removes them and keeps only the current one", async () => {
    await openIndex(options());
    const old = path.basename((await currentDataDir(index)) as string);
    await writeCorpus(index, { [`.data-abc-1.tmp/${MARKER.file}`]: MARKER.content, ".data-abc-1.tmp/documents.json": "[" });
    const logger = memoryLogger();
    await writeFile(path.join(corpus, "b.txt"), "Laos handed over 164 people in 2023.");
    await openIndex(options({ logger }));
    const current = path.basename((await currentDataDir(index)) as string);
    expect(current).not.toBe(old);
    expect(await dataFolders()).toEqual([current]);
    expect(logger.lines).toContain("Removed 1 folder(s) left by earlier builds: .data-abc-1.tmp");
  });

  it.each([
    ["without its newline", (name: string) => name],
    ["naming a data folder that is gone", () => "data-gone-1\n"],
    ["emptied", () => ""],
    ["holding a path", () => "../elsewhere/data-x-1\n"],
  ])(
    "GIVEN Citebot's own index with its CURRENT %s THEN the next open rebuilds and answers, and the pointer is Citebot's again",
    async (_how, damage) => {
      await buildIndex(options());
      const name = path.basename((await currentDataDir(index)) as string);
      await writeFile(path.join(index, "CURRENT"), damage(name));
      const { index: loaded } = await openIndex(options());
      expect([...loaded.documents.keys()]).toEqual(["a.md", "b.txt"]);
      expect(await readFile(path.join(index, "CURRENT"), "utf8")).toMatch(/^data-[a-z0-9]+-[a-z0-9]+\n?$/);
    },
  );

  it("GIVEN a CURRENT that Citebot did not write THEN the build stops with CONFIG_INVALID and leaves it as it was", async () => {
    await writeCorpus(index, { CURRENT: "my own current notes\n" });
    await expect(openIndex(options())).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("was not written by Citebot"),
    });
    expect(await readFile(path.join(index, "CURRENT"), "utf8")).toBe("my own current notes\n");
    expect(await dataFolders()).toEqual([]);
  });
});

describe("index and corpus folders", () => {
  it.each([
    ["equal to", () => corpus],
    ["inside", () => path.join(corpus, "idx")],
    ["containing", () => dir.path],
  ])("GIVEN --index %s --corpus THEN CONFIG_INVALID, and nothing in the corpus is touched", async (_how, where) => {
    await writeFile(path.join(corpus, "data-notes.md"), "Corpus notes from 2020.");
    await expect(openIndex(options({ indexDir: where() }))).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringMatching(/the index needs a folder of its own/),
    });
    await expect(buildIndex(options({ indexDir: where() }))).rejects.toMatchObject({ code: "CONFIG_INVALID" });
    expect(await entries(corpus)).toEqual(["a.md", "b.txt", "data-notes.md"]);
  });

  it("GIVEN an index folder that is a link to the corpus THEN CONFIG_INVALID", async () => {
    await symlink(corpus, path.join(dir.path, "link"));
    await expect(openIndex(options({ indexDir: path.join(dir.path, "link") }))).rejects.toMatchObject({
      code: "CONFIG_INVALID",
      message: expect.stringContaining("is the corpus folder"),
    });
  });

  it("GIVEN `index --index DIR --corpus DIR` THEN exit status 2 and one line saying why", async () => {
    const { code, stdout, stderr } = await cli("index-cmd.ts", ["--corpus", corpus, "--index", corpus]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: "" });
    expect(stderr).toBe(
      `error: Invalid setting: the index folder ${corpus} (INDEX_DIR, --index) is the corpus folder ${corpus}; the index needs a folder of its own, apart from the corpus\n`,
    );
    expect(await entries(corpus)).toEqual(["a.md", "b.txt"]);
  });

  it("GIVEN `index --index CORPUS/sub/idx` THEN exit status 2 and no folder is made in the corpus", async () => {
    const { code } = await cli("index-cmd.ts", ["--corpus", corpus, "--index", path.join(corpus, "sub", "idx")]);
    expect(code).toBe(2);
    expect(await entries(corpus)).toEqual(["a.md", "b.txt"]);
  });
});

describe("a build that cannot write", () => {
  it("GIVEN a writer failing with ENOSPC THEN INDEX_WRITE_FAILED says the disk is full, no staging folder is left and the previous index stays current", async () => {
    const { data } = await buildIndex(options());
    const before = await entries(index);
    const full = async () => {
      throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
    };
    await expect(writeIndexData(index, data, full)).rejects.toMatchObject({
      code: "INDEX_WRITE_FAILED",
      message: expect.stringContaining("the disk is full"),
    });
    expect(await entries(index)).toEqual(before);
    expect((await openIndex(options())).report).toBeNull();
  });

  it("GIVEN a real full disk (a 200 KB tmpfs) THEN the build fails clearly, leaves no staging folder, and questions are answered from the previous index with a warning", async () => {
    const why = process.platform !== "linux" ? "not Linux" : process.getuid?.() !== 0 ? "not running as root (mount needs it)" : null;
    if (why) {
      console.log(`skipped the tmpfs full-disk test: ${why}`);
      return;
    }
    await mkdir(index);
    const mounted = spawnSync("mount", ["-t", "tmpfs", "-o", "size=200k", "tmpfs", index], { encoding: "utf8" });
    if (mounted.status !== 0) {
      console.log(`skipped the tmpfs full-disk test: mount failed (${mounted.stderr.trim()})`);
      return;
    }
    try {
      await openIndex(options());
      const before = await entries(index);
      const words = Array.from({ length: 40_000 }, (_, i) => `word${i.toString(36)}`).join(" ");
      await writeFile(path.join(corpus, "big.txt"), `${words}.`);
      await expect(buildIndex(options())).rejects.toMatchObject({
        code: "INDEX_WRITE_FAILED",
        message: expect.stringContaining("the disk is full"),
      });
      await expect(openIndex(options({ fallBackWhenUnwritable: false }))).rejects.toMatchObject({ code: "INDEX_WRITE_FAILED" });
      expect(await entries(index)).toEqual(before);
      // Asked meanwhile, Citebot answers from the index it has, and says that it is out of date.
      const logger = memoryLogger();
      const stale = await openIndex(options({ logger }));
      expect(stale.report).toBeNull();
      expect([...stale.index.documents.keys()]).toEqual(["a.md", "b.txt"]);
      expect(logger.lines.filter((l) => l.startsWith("warning: "))).toEqual([
        expect.stringMatching(
          /the disk is full.*Answering from the index built .*, which does not hold the latest changes \(big\.txt is new or changed\)\.$/,
        ),
      ]);
      expect(await entries(index)).toEqual(before);
      await rm(path.join(corpus, "big.txt"));
      const { index: loaded, report } = await openIndex(options());
      expect(report).toBeNull();
      expect((await createEngine(loaded, null, null, 5).ask("How many people did Fiji hand over?")).answer[0]?.text).toBe(
        "Fiji handed over 77 people in 2017.",
      );
    } finally {
      spawnSync("umount", [index]);
    }
  });
});

describe("one build at a time", () => {
  it("GIVEN a build holding the lock THEN a second one says it waits, and gives up with INDEX_BUSY after its wait; once released, the lock can be taken", async () => {
    const first = await acquireBuildLock(index, { waitMs: 0, logger: memoryLogger() });
    const logger = memoryLogger();
    // A clock that moves only when the wait sleeps: the wait is decided by its arithmetic, not by how busy the machine is.
    let now = 1_000_000;
    const slept: number[] = [];
    const clock = {
      now: () => now,
      sleep: async (ms: number) => {
        slept.push(ms);
        now += ms;
      },
    };
    await expect(acquireBuildLock(index, { waitMs: 300, logger, pollMs: 50, clock })).rejects.toMatchObject({ code: "INDEX_BUSY" });
    // Polled every 50 ms until 300 ms had passed, then given up.
    expect(slept).toEqual([50, 50, 50, 50, 50, 50]);
    expect(logger.lines).toEqual([`another build of this index is running, waiting… (${index})`]);
    await first.release();
    const again = await acquireBuildLock(index, { waitMs: 0, logger: memoryLogger() });
    await again.release();
  });

  // Linux's abstract socket, and the socket file used elsewhere (Unix sockets work on Linux too), whose stale file must not block.
  it.each([
    ["an abstract socket", "linux"],
    ["a socket file", "darwin"],
  ] as const)("GIVEN the process holding the lock (%s) is killed (SIGKILL) THEN the lock is free at once", async (_kind, platform) => {
    await mkdir(index);
    // One process, not tsx's launcher and its child: the kill must reach the lock's holder.
    const child = spawn(
      process.execPath,
      ["--import", "tsx", path.join(REPO_ROOT, "tests", "helpers", "hold-build-lock.ts"), index, platform],
      { cwd: REPO_ROOT, stdio: ["ignore", "pipe", "inherit"] },
    );
    holders.push(child);
    await new Promise<void>((resolve) => child.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    await expect(acquireBuildLock(index, { waitMs: 0, logger: memoryLogger(), platform })).rejects.toMatchObject({ code: "INDEX_BUSY" });
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
    if (platform === "darwin") expect((await lstat(path.join(index, ".build.lock"))).isSocket()).toBe(true);
    const lock = await acquireBuildLock(index, { waitMs: 0, logger: memoryLogger(), platform });
    await lock.release();
  });

  it("GIVEN the same index reached through a link THEN both paths name one lock", async () => {
    await mkdir(index);
    await symlink(index, path.join(dir.path, "same"));
    const lock = await acquireBuildLock(index, { waitMs: 0, logger: memoryLogger() });
    await expect(acquireBuildLock(path.join(dir.path, "same"), { waitMs: 0, logger: memoryLogger() })).rejects.toMatchObject({
      code: "INDEX_BUSY",
    });
    await lock.release();
  });

  it("GIVEN `npm run index` started while another process holds the lock THEN it says it waits, and builds once that process is killed", async () => {
    await mkdir(index);
    const holder = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "tests", "helpers", "hold-build-lock.ts"), index], {
      cwd: REPO_ROOT,
      stdio: ["ignore", "pipe", "inherit"],
    });
    holders.push(holder);
    await new Promise<void>((resolve) => holder.stdout.on("data", (d: Buffer) => d.toString().includes("locked") && resolve()));
    const build = spawn(TSX, [path.join(REPO_ROOT, "src", "cli", "index-cmd.ts"), "--corpus", corpus, "--index", index], {
      cwd: dir.path,
      env: offlineEnv(dir.path, { EMBED_MODEL: "none" }),
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    const exited = new Promise<number | null>((resolve) => build.once("exit", resolve));
    const waiting = new Promise<void>((resolve) =>
      build.stderr.on("data", (d: Buffer) => (stderr += d.toString()).includes("waiting…") && resolve()),
    );
    await Promise.race([waiting, exited]);
    holder.kill("SIGKILL");
    expect(await exited).toBe(0);
    expect(stderr).toContain(`another build of this index is running, waiting… (${index})\n`);
    expect(stderr).toContain("Indexed 2 document(s), 3 chunks");
  });

  it("GIVEN two `npm run index` processes on one index at once THEN both exit 0: one builds, the other finds it up to date", async () => {
    // Enough documents that the two runs overlap.
    await writeCorpus(
      corpus,
      Object.fromEntries(Array.from({ length: 150 }, (_, i) => [`doc-${i}.md`, `Report ${i} was filed in ${1900 + i}. `.repeat(40)])),
    );
    const args = ["--corpus", corpus, "--index", index];
    const [a, b] = await Promise.all([cli("index-cmd.ts", args), cli("index-cmd.ts", args)]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const built = [a, b].filter((r) => r.stderr.includes("Indexed 152 document(s)"));
    const current = [a, b].filter((r) => r.stderr.includes(`The index in ${index} is up to date.`));
    expect([built.length, current.length]).toEqual([1, 1]);
    const waited = current[0]?.stderr.includes("another build of this index is running, waiting…");
    console.log(`two builds at once: the second ${waited ? "waited for the first" : "started after the first had finished"}`);
    expect(await dataFolders()).toEqual([path.basename((await currentDataDir(index)) as string)]);
    expect((await readIndexData(index))?.data.manifest.documents).toHaveLength(152);
    expect((await lstat(path.join(index, "CURRENT"))).isFile()).toBe(true);
  });
});
