/**
 * `npm start` with DISCORD_TOKEN set: the Discord bot until SIGINT or SIGTERM.
 */
import type { Config, DiscordConfig } from "../config.js";
import { openEngine } from "../engine.js";
import type { Logger } from "../log.js";
import { runBot } from "./bot.js";

export { runBot, INTENTS, type RunningBot } from "./bot.js";
export { COMMANDS } from "./commands/index.js";
export { renderAnswer, renderMorePassages, NO_MENTIONS, BUTTON_IDS } from "./render.js";
export { DISCORD_LIMITS, shorten } from "./limits.js";
export { checkQuestion, Cooldown, ConcurrencyGate } from "./guard.js";

export async function startBot(config: Config, discord: DiscordConfig, logger: Logger): Promise<void> {
  const engine = await openEngine(config, logger);
  const bot = await runBot(engine, discord, logger);
  await new Promise<void>((resolve) => {
    const shutdown = (signal: string) => {
      logger.info(`${signal}: finishing answers in flight, then disconnecting.`);
      bot.stop().then(resolve, (error: unknown) => {
        logger.error(String(error));
        resolve();
      });
    };
    process.once("SIGINT", () => shutdown("SIGINT"));
    process.once("SIGTERM", () => shutdown("SIGTERM"));
  });
  process.exitCode = 0;
}
