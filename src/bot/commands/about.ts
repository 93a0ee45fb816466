import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

/** What the bot tells people about itself. */
export const ABOUT_TEXT = [
  "**Citebot** answers from a fixed set of documents (see `/sources`), such as the Safeguard Defenders report on forced returns to China.",
  "• Every sentence of an answer is **copied verbatim** from a source; nothing is paraphrased or made up. When the sources do not answer, it says so.",
  "• **How to read a citation:** `[2]` after a sentence points to source 2 below the answer: the document's title, then `p. 12` (the PDF page, as your PDF viewer numbers it) or `¶ 3` (the paragraph, and *under* the heading it stands under, when the document has headings), and the quoted passage.",
  "• **Privacy:** questions are answered on this server's own machine. Nothing is sent to any outside service, and questions are not logged with your name unless the operator turned that on.",
].join("\n");

export default {
  data: new SlashCommandBuilder().setName("about").setDescription("What this bot answers from, and how to read its citations.").toJSON(),

  async execute(interaction) {
    await interaction.reply({ content: ABOUT_TEXT, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
