import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it } from "vitest";
import { runBot } from "../src/bot/index.js";
import { exitStatus } from "../src/run-command.js";
import { openEngine } from "../src/engine.js";
import { BAD_INPUT_CODES, createError, ERROR_MESSAGES, type ErrorCode } from "../src/errors.js";
import { loadSquad } from "../src/eval/squad.js";
import { IDS, startFakeDiscord, type FakeDiscord } from "./helpers/fake-discord.js";
import { memoryLogger, offlineEnv, REPO_ROOT, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { botSettings } from "./helpers/test-bot.js";

const CODES = Object.keys(ERROR_MESSAGES) as ErrorCode[];

/** Runs `src/<script>` with tsx, as `npm run --silent` would: its exit status and stderr. */
async function runScript(script: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ code: number; stderr: string }> {
  const tsx = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  return promisify(execFile)(tsx, [path.join(REPO_ROOT, "src", script), ...args], { cwd, env, timeout: 30_000 }).then(
    (r) => ({ code: 0, stderr: r.stderr }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
}

/** Every .ts file under `dir`, recursively. */
async function sourceFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith(".ts")).map((e) => path.join(e.parentPath, e.name));
}

describe("the error table", () => {
  it("GIVEN the sources THEN every code of the table is raised somewhere outside errors.ts (no unused code)", async () => {
    const files = (await sourceFiles(path.join(REPO_ROOT, "src"))).filter((f) => !f.endsWith(`${path.sep}errors.ts`));
    const text = (await Promise.all(files.map((f) => readFile(f, "utf8")))).join("\n");
    expect(CODES.filter((code) => !text.includes(`"${code}"`))).toEqual([]);
  });

  it("GIVEN each code THEN exit status 2 exactly for the bad-input codes, 1 for the rest and for uncoded errors", () => {
    const twos = CODES.filter((code) => exitStatus(createError(code, "x")) === 2);
    expect(twos).toEqual([
      "CONFIG_INVALID",
      "USAGE_INVALID",
      "PATH_INVALID",
      "FILE_UNSUPPORTED",
      "QUESTION_INVALID",
      "URL_INVALID",
      "NAME_INVALID",
      "FILE_EXISTS",
      "BATCH_EMPTY",
      "BENCHMARK_INVALID",
    ]);
    expect(twos.length).toBe(BAD_INPUT_CODES.size);
    expect(exitStatus(new Error("boom"))).toBe(1);
    expect(exitStatus("boom")).toBe(1);
  });
});

describe("loadSquad", () => {
  it("GIVEN a file that is not JSON, or JSON of another shape THEN BENCHMARK_INVALID", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { "a.json": "{not json", "b.json": '{"data": [{"title": 5}]}' });
      await expect(loadSquad(path.join(dir.path, "a.json"))).rejects.toMatchObject({ code: "BENCHMARK_INVALID" });
      await expect(loadSquad(path.join(dir.path, "b.json"))).rejects.toMatchObject({ code: "BENCHMARK_INVALID" });
      await expect(loadSquad(path.join(dir.path, "c.json"))).rejects.toMatchObject({ code: "PATH_INVALID" });
    } finally {
      await dir.cleanup();
    }
  });
});

describe("a token Discord refuses", () => {
  let dir: TempDir;
  let fake: FakeDiscord;
  // The teardown beforeAll returns runs after the last test of this block.
  beforeAll(async () => {
    [dir, fake] = await Promise.all([tempDir(), startFakeDiscord()]);
    return async () => Promise.all([fake.close(), dir.cleanup()]).then(() => undefined);
  });

  it("GIVEN runBot THEN DISCORD_LOGIN_FAILED, and the token is not in the message", async () => {
    const config = testConfig(dir.path, { CORPUS_DIR: path.join(REPO_ROOT, "corpus"), EMBED_MODEL: "none", GAP_LIST: "false" });
    const engine = await openEngine(config, memoryLogger());
    const refused = runBot(engine, botSettings(fake.apiBase, { token: "wrong-secret-token" }), memoryLogger());
    await expect(refused).rejects.toMatchObject({ code: "DISCORD_LOGIN_FAILED" });
    await expect(refused).rejects.not.toThrow(/wrong-secret-token/);
  });

  it("GIVEN npm run discord:register THEN exit status 1 and one line with DISCORD_REGISTER_FAILED's message, without the token", async () => {
    const env = offlineEnv(dir.path, {
      DISCORD_TOKEN: "wrong-secret-token",
      DISCORD_APP_ID: IDS.app,
      DISCORD_GUILD_ID: IDS.guild,
      DISCORD_API_BASE: fake.apiBase,
    });
    const failed = await runScript("bot/register-cmd.ts", [], REPO_ROOT, env);
    expect({ code: failed.code, lines: failed.stderr.split("\n").length }).toEqual({ code: 1, lines: 2 });
    expect(failed.stderr.startsWith(`error: ${ERROR_MESSAGES.DISCORD_REGISTER_FAILED}: `)).toBe(true);
    expect(failed.stderr).not.toContain("wrong-secret-token");
  });
});

describe("readConfig", () => {
  it("GIVEN a .env in the working folder that cannot be read (a folder) THEN exit status 2 and one line with CONFIG_INVALID's message", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(dir.path, { ".env/placeholder": "" });
      const failed = await runScript("cli/ask-cmd.ts", ["When?"], dir.path, offlineEnv(dir.path));
      expect({ code: failed.code, lines: failed.stderr.split("\n").length }).toEqual({ code: 2, lines: 2 });
      expect(failed.stderr.startsWith(`error: ${ERROR_MESSAGES.CONFIG_INVALID}: ${path.join(dir.path, ".env")} cannot be read`)).toBe(true);
    } finally {
      await dir.cleanup();
    }
  });
});
