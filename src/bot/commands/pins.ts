/**
 * `/pins audit [mode]`: re-checks every pinned Citebot answer of the channel against the current
 * index, and puts a visible notice on the stale ones (a reply under them, or an edit of the
 * bot's own message). For members with Pin Messages, who curate the pins; the summary is
 * ephemeral.
 */
import {
  DiscordAPIError,
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
  type Message,
} from "discord.js";
import { describeError } from "../../errors.js";
import { parseCheckFooter } from "../check-footer.js";
import type { BotContext } from "../context.js";
import {
  auditSummary,
  pinVerdict,
  staleNotice,
  type AuditedPin,
  type AuditMode,
  type AuditReport,
  type SentenceFinding,
} from "../pin-audit.js";
import { listPins, type PinList } from "../pin-list.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

const MISSING_PERMISSIONS = 50013;
const MISSING_ACCESS = 50001;

/** Channels with an audit running, per bot: a second audit there would post every notice twice. */
const running = new WeakMap<BotContext, Set<string>>();

async function tell(interaction: ChatInputCommandInteraction, content: string): Promise<void> {
  if (interaction.deferred || interaction.replied) await interaction.editReply({ content, allowedMentions: NO_MENTIONS });
  else await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}

/** Why the bot cannot audit here, judged from its own permissions in the channel; null when it can. */
function botCannot(interaction: ChatInputCommandInteraction, mode: AuditMode): string | null {
  const app = interaction.appPermissions;
  if (!app.has(PermissionFlagsBits.ViewChannel) || !app.has(PermissionFlagsBits.ReadMessageHistory)) {
    return "I can't read this channel's pins: I need **View Channel** and **Read Message History** here. A server admin can grant them.";
  }
  const thread = interaction.channel?.isThread() ?? false;
  if (mode === "reply" && !app.has(thread ? PermissionFlagsBits.SendMessagesInThreads : PermissionFlagsBits.SendMessages)) {
    return `I can't reply under stale pins: I need **${thread ? "Send Messages in Threads" : "Send Messages"}** here. Use \`mode: edit\`, or ask a server admin to grant it.`;
  }
  return null;
}

/** Checks one of Citebot's pins; null when it carries no check data. */
async function audit(message: Message, ctx: BotContext): Promise<AuditedPin | null> {
  const refs = parseCheckFooter(message.embeds[0]?.footer?.text);
  if (refs === null) return null;
  const sentences: SentenceFinding[] = [];
  for (const ref of refs) sentences.push({ ref, where: await ctx.engine.locateSentence(ref) });
  return { url: message.url, title: message.embeds[0]?.title ?? "", verdict: pinVerdict(sentences), sentences, notice: "none" };
}

/** Posts the notices one at a time (discord.js queues them under the rate limits); stops at the first refusal for lack of permission. */
async function postNotices(stale: readonly { message: Message; pin: AuditedPin }[], report: AuditReport, ctx: BotContext): Promise<void> {
  for (const { message, pin } of stale) {
    if (report.refused !== null) {
      pin.notice = "failed";
      continue;
    }
    const content = staleNotice(pin.sentences, report.mode, report.auditedAt);
    try {
      if (report.mode === "reply") await message.reply({ content, allowedMentions: NO_MENTIONS });
      else await message.edit({ content, allowedMentions: NO_MENTIONS });
      pin.notice = "posted";
    } catch (error) {
      pin.notice = "failed";
      if (error instanceof DiscordAPIError && (error.code === MISSING_PERMISSIONS || error.code === MISSING_ACCESS)) {
        report.refused =
          report.mode === "reply"
            ? "Discord refused for lack of permission (Send Messages, Read Message History)."
            : "Discord refused for lack of permission.";
      } else ctx.logger.warn(`/pins audit: could not post a notice: ${describeError(error)}`);
    }
  }
}

async function run(interaction: ChatInputCommandInteraction, ctx: BotContext, mode: AuditMode): Promise<void> {
  const manager = interaction.channel?.messages;
  if (!manager) {
    await tell(interaction, "I can't see this channel, so I can't read its pins.");
    return;
  }
  let list: PinList;
  try {
    list = await listPins(manager);
  } catch (error) {
    if (error instanceof DiscordAPIError && (error.code === MISSING_PERMISSIONS || error.code === MISSING_ACCESS)) {
      await tell(interaction, "Discord refused to list this channel's pins: I need **View Channel** and **Read Message History** here.");
      return;
    }
    throw error;
  }
  if (list.messages.length === 0) {
    await tell(interaction, "This channel has no pinned messages.");
    return;
  }
  await tell(interaction, `Checking ${list.messages.length} pinned message(s) against the current sources…`);
  const report: AuditReport = {
    mode,
    auditedAt: new Date(ctx.now()),
    listed: list.messages.length,
    incomplete: list.incomplete,
    pins: [],
    notOurs: 0,
    noCheckData: 0,
    refused: null,
  };
  const stale: { message: Message; pin: AuditedPin }[] = [];
  for (const message of list.messages) {
    // Only the bot's own messages: anyone can copy a footer, and only its own can be edited.
    if (message.author.id !== interaction.client.user.id) {
      report.notOurs++;
      continue;
    }
    const pin = await audit(message, ctx);
    if (pin === null) {
      report.noCheckData++;
      continue;
    }
    report.pins.push(pin);
    if (pin.verdict !== "verbatim") stale.push({ message, pin });
  }
  if (stale.length > 0) {
    await tell(
      interaction,
      `Checked ${report.pins.length} answer(s); ${mode === "reply" ? "replying under" : "adding a notice to"} ${stale.length} stale one(s)…`,
    );
    await postNotices(stale, report, ctx);
  }
  const stalePosted = stale.filter((s) => s.pin.notice === "posted").length;
  ctx.logger.info(
    `/pins audit (${mode}): ${report.listed} pin(s), ${report.pins.length} answer(s) checked, ${stale.length} stale, ${stalePosted} notice(s) posted`,
  );
  await tell(interaction, auditSummary(report));
}

export default {
  data: new SlashCommandBuilder()
    .setName("pins")
    .setDescription("Pinned Citebot answers.")
    .setDefaultMemberPermissions(PermissionFlagsBits.PinMessages)
    .setContexts(InteractionContextType.Guild)
    .addSubcommand((s) =>
      s
        .setName("audit")
        .setDescription("Re-check this channel's pinned answers against the current sources; mark the stale ones.")
        .addStringOption((o) =>
          o
            .setName("mode")
            .setDescription("How stale answers are marked (default: a reply under them)")
            .addChoices(
              { name: "reply under each stale answer", value: "reply" },
              { name: "edit each stale answer to add a notice", value: "edit" },
            ),
        ),
    )
    .toJSON(),

  async execute(interaction, ctx) {
    // Pinning has its own permission since 2025; those who may pin and unpin decide what pins say.
    if (!interaction.inGuild() || !interaction.memberPermissions.has(PermissionFlagsBits.PinMessages)) {
      await tell(interaction, "Only members with the **Pin Messages** permission can audit pins.");
      return;
    }
    if (interaction.options.getSubcommand(false) !== "audit") {
      await tell(interaction, "Unknown subcommand: use `/pins audit`.");
      return;
    }
    const mode: AuditMode = interaction.options.getString("mode") === "edit" ? "edit" : "reply";
    const cannot = botCannot(interaction, mode);
    if (cannot !== null) {
      await tell(interaction, cannot);
      return;
    }
    const channels = running.get(ctx) ?? new Set<string>();
    running.set(ctx, channels);
    if (channels.has(interaction.channelId)) {
      await tell(interaction, "An audit of this channel's pins is already running; its summary will follow.");
      return;
    }
    channels.add(interaction.channelId);
    try {
      // Discord drops an interaction not acknowledged within 3 seconds: acknowledge first.
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await run(interaction, ctx, mode);
    } finally {
      channels.delete(interaction.channelId);
    }
  },
} satisfies Command;
