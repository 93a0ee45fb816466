import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { DEFAULT_FOLLOW_UP, type FollowUpSettings } from "../../conversation.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

const ABOUT_LINES = [
  "**Citebot** answers from a fixed set of documents (see `/sources`), such as the Safeguard Defenders report on forced returns to China.",
  "• Every sentence of an answer is **copied verbatim** from a source; nothing is paraphrased or made up. When the sources do not answer, it says so.",
  "• **How to read a citation:** `[2]` after a sentence points to source 2 below the answer: the document's title, then `p. 12` (the PDF page, as your PDF viewer numbers it) or `¶ 3` (the paragraph, and *under* the heading it stands under, when the document has headings), and the quoted passage.",
  "• **Privacy:** questions are answered on this server's own machine. Nothing is sent to any outside service, and questions are not logged with your name unless the operator turned that on.",
];

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** What the bot says about follow-up questions and the memory they need (FOLLOW_UP_MINUTES, FOLLOW_UP_TURNS). */
function followUpText(followUp: FollowUpSettings): string {
  if (followUp.turns <= 0) return "• **Follow-ups** are turned off: every question is answered on its own.";
  return (
    "• **Follow-ups:** in a thread, or in a reply to one of my answers, a short question such as “and Laos?” is read with the previous question there; the answer's title shows the question as understood. " +
    `The context of follow-ups is kept in memory only, for at most ${plural(followUp.minutes, "minute")} and ${plural(followUp.turns, "turn")} (follow-ups in a row), and never written anywhere. Anywhere else, every question stands alone.`
  );
}

/** What the bot says about the questions it could not answer (GAP_LIST). */
function gapsText(counted: boolean): string {
  if (!counted) return "• **Unanswered questions** are not kept: nothing about a question is stored.";
  return (
    "• **Unanswered questions:** when the sources don't answer, the question's content words (such as “capital peru”) are counted, with the day, never who asked or where; questions asked with `private` are not counted. " +
    "Moderators (Manage Server or Pin Messages) and the operator see the most asked, to choose which document to add next."
  );
}

/** What the bot tells people about itself. */
function aboutText(followUp: FollowUpSettings = DEFAULT_FOLLOW_UP, gapsCounted = false): string {
  return [...ABOUT_LINES, followUpText(followUp), gapsText(gapsCounted)].join("\n");
}

export default {
  data: new SlashCommandBuilder().setName("about").setDescription("What this bot answers from, and how to read its citations.").toJSON(),

  async execute(interaction, ctx) {
    await interaction.reply({
      content: aboutText(ctx.settings.followUp, ctx.gaps !== null),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies Command;
