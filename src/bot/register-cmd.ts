/**
 * `npm run discord:register`: registers the slash commands, in one server when DISCORD_GUILD_ID
 * is set (visible at once), globally otherwise (can take up to an hour to appear).
 */
import { REST, Routes } from "discord.js";
import { runCommand } from "../run-command.js";
import { createError, describeError } from "../errors.js";
import { COMMANDS } from "./commands/index.js";

await runCommand(async (config, logger) => {
  const discord = config.discord;
  if (!discord) throw createError("CONFIG_INVALID", "DISCORD_TOKEN is not set");
  if (!discord.appId) throw createError("CONFIG_INVALID", "DISCORD_APP_ID is not set (the application id from the developer portal)");
  const rest = new REST({ api: discord.apiBase }).setToken(discord.token);
  const body = [...COMMANDS.values()].map((c) => c.data);
  const route = discord.guildId
    ? Routes.applicationGuildCommands(discord.appId, discord.guildId)
    : Routes.applicationCommands(discord.appId);
  await rest.put(route, { body }).catch((error: unknown) => {
    throw createError(
      "DISCORD_REGISTER_FAILED",
      `${describeError(error)}; check DISCORD_TOKEN, DISCORD_APP_ID and DISCORD_GUILD_ID (the bot must be in that server)`,
      error,
    );
  });
  logger.info(
    `Registered ${body.map((c) => `/${c.name}`).join(", ")} ${discord.guildId ? `in server ${discord.guildId}` : "globally (may take up to an hour to appear)"}.`,
  );
});
