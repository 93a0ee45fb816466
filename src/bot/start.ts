/**
 * `npm start` with DISCORD_TOKEN set: the Discord bot until it is told to stop.
 */
import type { Config, DiscordConfig } from "../config.js";
import { openEngine } from "../engine.js";
import { openGapList } from "../gaps/index.js";
import type { Logger } from "../log.js";
import { runBot } from "./bot.js";

/**
 * Opens the engine, connects, and answers until `stop` is aborted; then lets answers in flight
 * finish, disconnects and returns. A stop that comes while the index is still being opened
 * returns without connecting.
 */
export async function startBot(config: Config, discord: DiscordConfig, logger: Logger, stop: AbortSignal): Promise<void> {
  const engine = await openEngine(config, logger);
  if (stop.aborted) return;
  const bot = await runBot(engine, discord, logger, await openGapList(config, logger));
  if (!stop.aborted) await new Promise<void>((resolve) => stop.addEventListener("abort", () => resolve(), { once: true }));
  logger.info(`${String(stop.reason)}: finishing answers in flight, then disconnecting.`);
  await bot.stop();
  logger.info("Disconnected from Discord.");
}
