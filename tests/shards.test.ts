import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { runBot } from "../src/bot/index.js";
import { parseConfig, type DiscordConfig } from "../src/config.js";
import { openEngine, type Engine } from "../src/engine.js";
import { memoryLogger, REPO_ROOT, tempDir, testConfig, type TempDir } from "./helpers/fixtures.js";
import { IDS, startFakeDiscord, type FakeDiscord } from "./helpers/fake-discord.js";

let dir: TempDir;
let engine: Engine;

beforeAll(async () => {
  dir = await tempDir();
  engine = await openEngine(testConfig(dir.path, { CORPUS_DIR: path.join(REPO_ROOT, "corpus"), EMBED_MODEL: "none" }), memoryLogger());
});
afterAll(() => dir.cleanup());

/** The Discord settings `npm start` would use with these shard settings, pointed at `fake`. */
function discordSettings(fake: FakeDiscord, env: Record<string, string>): DiscordConfig {
  const discord = parseConfig(
    [],
    { DISCORD_TOKEN: "test-token", DISCORD_APP_ID: IDS.app, DISCORD_API_BASE: fake.apiBase, ...env },
    dir.path,
  ).discord;
  if (!discord) throw new Error("expected Discord settings");
  return discord;
}

/** Connects with `env`'s shard settings and returns the [id, count] pairs the gateway saw identify. */
async function identifiedShards(env: Record<string, string>, fakeOptions: Parameters<typeof startFakeDiscord>[0] = {}) {
  // Discord lets up to max_concurrency shards identify together; at 1, discord.js waits 5 s between them.
  const fake = await startFakeDiscord({ maxConcurrency: 16, ...fakeOptions });
  const logger = memoryLogger();
  try {
    const bot = await runBot(engine, discordSettings(fake, env), logger);
    const open = fake.openConnections;
    await bot.stop(100);
    return { pairs: fake.identifies.map((d: { shard?: [number, number] }) => d.shard).sort(), open, logger };
  } finally {
    await fake.close();
  }
}

describe("runBot with SHARD_COUNT and SHARD_IDS", () => {
  it("GIVEN SHARD_COUNT=4 SHARD_IDS=0,2 THEN the gateway sees IDENTIFY for shard [0, 4] and [2, 4] only, on two connections", async () => {
    const { pairs, open, logger } = await identifiedShards({ SHARD_COUNT: "4", SHARD_IDS: "0,2" });
    expect(pairs).toEqual([
      [0, 4],
      [2, 4],
    ]);
    expect(open).toBe(2);
    expect(logger.lines).toContain("Connected to Discord as citebot (shards 0, 2 of 4); answering from 1 document(s), mode lexical.");
  });

  it("GIVEN two processes splitting SHARD_COUNT=3 as SHARD_IDS=0 and SHARD_IDS=1,2 THEN together they identify each shard once", async () => {
    const first = await identifiedShards({ SHARD_COUNT: "3", SHARD_IDS: "0" });
    const second = await identifiedShards({ SHARD_COUNT: "3", SHARD_IDS: "1,2" });
    expect([...first.pairs, ...second.pairs]).toEqual([
      [0, 3],
      [1, 3],
      [2, 3],
    ]);
  });

  afterEach(() => vi.unstubAllEnvs());

  it("GIVEN SHARD_COUNT=auto (in the environment too, as under npm start) and a gateway recommending 2 shards THEN it identifies [0, 2] and [1, 2]", async () => {
    // discord.js reads SHARD_COUNT and SHARDS from the environment itself; they must not reach it.
    vi.stubEnv("SHARD_COUNT", "auto");
    vi.stubEnv("SHARDS", "auto");
    const { pairs, logger } = await identifiedShards({ SHARD_COUNT: "auto" }, { recommendedShards: 2 });
    expect(pairs).toEqual([
      [0, 2],
      [1, 2],
    ]);
    expect(logger.lines).toContain("Connected to Discord as citebot (shards auto: 2); answering from 1 document(s), mode lexical.");
  });

  it("GIVEN no shard settings, and discord.js's own SHARDS variable in the environment, THEN it identifies as the single shard [0, 1]", async () => {
    vi.stubEnv("SHARDS", "[1]");
    const { pairs } = await identifiedShards({});
    expect(pairs).toEqual([[0, 1]]);
  });
});
