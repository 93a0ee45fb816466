/**
 * The Discord client: connects with the real discord.js client to Discord (or any server
 * speaking its API at DISCORD_API_BASE), routes interactions and mentions, and shuts down
 * cleanly.
 */
import { Client, Events, type ClientOptions, GatewayIntentBits, MessageFlags, Partials, type Interaction } from "discord.js";
import type { DiscordConfig } from "../config.js";
import type { EngineView } from "../engine.js";
import { createError, describeError } from "../errors.js";
import type { GapList } from "../gaps/index.js";
import type { Logger } from "../log.js";
import { handleButton } from "./buttons.js";
import { COMMANDS } from "./commands/index.js";
import { createContext, type BotContext } from "./context.js";
import { handleMention } from "./mentions.js";
import { NO_MENTIONS } from "./render.js";

/**
 * Guilds: channels and permissions in the cache. Guild and direct messages: the mentions the bot
 * answers (Discord sends the content of messages that mention the bot without the privileged
 * Message Content intent).
 */
export const INTENTS = [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages] as const;

export interface RunningBot {
  client: Client;
  context: BotContext;
  /** Lets answers in flight finish (up to `graceMs`), then disconnects. */
  stop(graceMs?: number): Promise<void>;
}

async function handleInteraction(interaction: Interaction, ctx: BotContext): Promise<void> {
  if (interaction.isChatInputCommand()) {
    const command = COMMANDS.get(interaction.commandName);
    if (command) await command.execute(interaction, ctx);
    return;
  }
  if (interaction.isButton()) await handleButton(interaction, ctx);
}

async function reportFailure(interaction: Interaction, error: unknown, logger: Logger): Promise<void> {
  logger.error(`interaction failed: ${describeError(error)}`);
  if (!interaction.isRepliable()) return;
  const content = "Sorry, something went wrong while answering. Please try again.";
  try {
    if (interaction.deferred || interaction.replied)
      await interaction.editReply({ content, embeds: [], components: [], allowedMentions: NO_MENTIONS });
    else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  } catch (inner) {
    logger.error(`could not report the failure to Discord: ${describeError(inner)}`);
  }
}

/**
 * The discord.js options for the shards this process opens: several processes (or machines)
 * split the shards between them, each opening the same index. Both options are always given,
 * because discord.js reads SHARDS and SHARD_COUNT from the environment itself whenever an option
 * is left at its default (`shards` unset, `shardCount` 1): Citebot's own SHARD_COUNT=auto would
 * become NaN there, and a stray SHARDS would open shards that no setting chose.
 */
function shardOptions(shards: DiscordConfig["shards"] | null): Pick<ClientOptions, "shards" | "shardCount"> {
  if (shards === null || shards === undefined) return { shards: [0], shardCount: 1 };
  // With "auto" discord.js takes the count from Discord and ignores this one; any value but the
  // default 1 keeps it from reading SHARD_COUNT ("auto") from the environment.
  if (shards === "auto") return { shards: "auto", shardCount: 2 };
  return { shards: shards.ids, shardCount: shards.count };
}

/**
 * Connects the bot and resolves once every shard it opens is ready. `gaps` counts declined
 * questions (GAP_LIST); stopping writes what it holds.
 */
export async function runBot(
  engine: EngineView,
  settings: DiscordConfig,
  logger: Logger,
  gaps: GapList | null = null,
): Promise<RunningBot> {
  const ctx = createContext(engine, settings, logger, gaps);
  const client = new Client({
    intents: [...INTENTS],
    partials: [Partials.Channel],
    rest: { api: settings.apiBase },
    allowedMentions: NO_MENTIONS,
    ...shardOptions(settings.shards ?? null),
  });
  let stopping = false;
  client.on(Events.InteractionCreate, (interaction) => {
    if (stopping) return;
    handleInteraction(interaction, ctx).catch((error: unknown) => reportFailure(interaction, error, logger));
  });
  client.on(Events.MessageCreate, (message) => {
    if (stopping) return;
    handleMention(message, ctx).catch((error: unknown) => logger.error(`mention failed: ${describeError(error)}`));
  });
  client.on(Events.Error, (error) => logger.error(`Discord client error: ${describeError(error)}`));
  // Follow-up questions are forgotten on time even when nobody asks anything.
  const sweep = setInterval(() => ctx.conversations.prune(), 30_000).unref();

  const ready = new Promise<void>((resolve) => client.once(Events.ClientReady, () => resolve()));
  try {
    await client.login(settings.token);
  } catch (error) {
    // A refused token or an unreachable Discord ends the start with a coded error, and leaves no
    // timer or half-open connection behind to keep the process alive.
    clearInterval(sweep);
    await client.destroy();
    throw createError("DISCORD_LOGIN_FAILED", `${describeError(error)}; check DISCORD_TOKEN (and DISCORD_API_BASE when set)`, error);
  }
  await ready;
  const shards = settings.shards
    ? ` (shards ${typeof settings.shards === "string" ? `auto: ${client.ws.shards.size}` : `${settings.shards.ids.join(", ")} of ${settings.shards.count}`})`
    : "";
  logger.info(
    `Connected to Discord as ${client.user?.tag ?? "unknown"}${shards}; answering from ${engine.sources().length} document(s), mode ${engine.mode}.`,
  );

  return {
    client,
    context: ctx,
    async stop(graceMs = 5_000) {
      stopping = true;
      clearInterval(sweep);
      const finished = await ctx.gate.idle(graceMs);
      if (!finished) logger.warn(`stopping with ${ctx.gate.inFlight} answer(s) unfinished after ${graceMs} ms`);
      await client.destroy();
      // After the answers in flight: they may still count a declined question.
      await gaps?.close();
    },
  };
}
