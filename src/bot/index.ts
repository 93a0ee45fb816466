/**
 * The Discord front end. Not built yet: see the Discord issue.
 */
import type { Config, DiscordConfig } from "../config.js";
import { createError } from "../errors.js";
import type { Logger } from "../log.js";

export async function startBot(_config: Config, _discord: DiscordConfig, _logger: Logger): Promise<void> {
  throw createError("CONFIG_INVALID", "DISCORD_TOKEN is set, but this version has no Discord bot yet; unset it to use the terminal chat");
}
