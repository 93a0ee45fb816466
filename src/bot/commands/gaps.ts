/**
 * `/gaps`: the topics members asked about most that the sources do not answer, for the people
 * who decide which document to add next. Only members with Manage Server or Pin Messages see
 * the list, and only they (ephemeral); in a direct message there are no permissions to check.
 */
import {
  InteractionContextType,
  MessageFlags,
  PermissionFlagsBits,
  SlashCommandBuilder,
  type ChatInputCommandInteraction,
} from "discord.js";
import type { GapTopic } from "../../gaps/index.js";
import type { BotContext } from "../context.js";
import { escapeDiscord } from "../escape.js";
import { DISCORD_LIMITS, shorten } from "../limits.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

/** Topics listed. */
export const GAPS_SHOWN = 20;
/** Characters of one topic's words shown: twenty topics fit one message. */
const TOPIC_CHARS = 70;

export const GAPS_TEXT = {
  refused: "Only members with the **Manage Server** or **Pin Messages** permission can see the questions the sources don't answer.",
  direct: "`/gaps` works in a server, where I can check that you may see it.",
  off: "Declined questions are not counted on this bot (the operator turned GAP_LIST off).",
  empty: "No declined questions counted yet.",
} as const;

/** The list as one message of at most Discord's 2,000 characters: topics that do not fit are left out, and it says how many. */
export function renderGaps(topics: GapTopic[], total: number, since: string | null): string {
  if (topics.length === 0) return GAPS_TEXT.empty;
  const header = `**Most asked questions the sources don't answer** (${topics.length} of ${total} topic${total === 1 ? "" : "s"}, counted by their words since ${since ?? "—"}):`;
  const lines = topics.map((t, i) => `${i + 1}. ${escapeDiscord(shorten(t.words.join(" "), TOPIC_CHARS))} — ${t.count} (last ${t.last})`);
  const shown = [header];
  let length = header.length;
  for (const [i, line] of lines.entries()) {
    // Room is kept for the closing line that says what was left out.
    if (length + 1 + line.length > DISCORD_LIMITS.content - 80) {
      shown.push(`…and ${lines.length - i} more: \`npm run gaps\` on the bot's machine lists them.`);
      break;
    }
    shown.push(line);
    length += 1 + line.length;
  }
  return shown.join("\n");
}

/** What `/gaps` tells this member here: the list, or why not. */
function gapsReply(interaction: ChatInputCommandInteraction, ctx: BotContext): string {
  if (!interaction.inGuild()) return GAPS_TEXT.direct;
  if (!interaction.memberPermissions.any([PermissionFlagsBits.ManageGuild, PermissionFlagsBits.PinMessages])) return GAPS_TEXT.refused;
  if (!ctx.gaps) return GAPS_TEXT.off;
  return renderGaps(ctx.gaps.mostAsked(GAPS_SHOWN), ctx.gaps.size, ctx.gaps.since);
}

export default {
  data: new SlashCommandBuilder()
    .setName("gaps")
    .setDescription("Moderators: the questions asked most that the sources don't answer.")
    .setContexts(InteractionContextType.Guild)
    .toJSON(),

  async execute(interaction, ctx) {
    await interaction.reply({ content: gapsReply(interaction, ctx), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
