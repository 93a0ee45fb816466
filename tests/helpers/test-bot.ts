/**
 * The real bot (discord.js) over the built-in corpus, lexical, connected to a fake Discord on
 * 127.0.0.1: what the bot tests share.
 */
import path from "node:path";
import { runBot, type RunningBot } from "../../src/bot/index.js";
import type { DiscordConfig } from "../../src/config.js";
import { openEngine } from "../../src/engine.js";
import { openGapList } from "../../src/gaps/index.js";
import { IDS, startFakeDiscord, type FakeDiscord } from "./fake-discord.js";
import { memoryLogger, REPO_ROOT, tempDir, testConfig } from "./fixtures.js";

export interface TestBot {
  fake: FakeDiscord;
  bot: RunningBot;
  /** What the bot logged. */
  logger: ReturnType<typeof memoryLogger>;
  /** The index folder (where the gaps file is kept). */
  indexDir: string;
  /** Stops the bot, closes the fake Discord and removes the index. */
  stop(): Promise<void>;
}

/** Bot settings for the fake Discord at `apiBase`: a 5-second cooldown, 4 answers at once, no question logging, unless `extra` says otherwise. */
export function botSettings(apiBase: string, extra: Partial<DiscordConfig> = {}): DiscordConfig {
  return {
    token: "test-token",
    appId: IDS.app,
    guildId: null,
    apiBase,
    cooldownSeconds: 5,
    questionMaxChars: 300,
    maxConcurrentAnswers: 4,
    logQuestions: false,
    ...extra,
  };
}

/** Indexes the built-in corpus, starts a fake Discord and connects the bot to it; `gapList` counts declined questions, as GAP_LIST=true does. */
export async function startTestBot(extra: Partial<DiscordConfig> = {}, options: { gapList?: boolean } = {}): Promise<TestBot> {
  const dir = await tempDir();
  const config = testConfig(dir.path, {
    CORPUS_DIR: path.join(REPO_ROOT, "corpus"),
    EMBED_MODEL: "none",
    GAP_LIST: String(options.gapList ?? false),
  });
  const engine = await openEngine(config, memoryLogger());
  const fake = await startFakeDiscord();
  const logger = memoryLogger();
  const bot = await runBot(engine, botSettings(fake.apiBase, extra), logger, await openGapList(config, logger));
  return {
    fake,
    bot,
    logger,
    indexDir: config.indexDir,
    async stop() {
      await bot.stop(1000);
      await fake.close();
      await dir.cleanup();
    },
  };
}
