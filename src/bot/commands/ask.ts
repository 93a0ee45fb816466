import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { admit, answerFor } from "../context.js";
import { recallContext, rememberAnswerMessage, rememberInThread, type Place } from "../follow-ups.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

export default {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask a question; the answer quotes the sources verbatim, with citations.")
    .addStringOption((o) => o.setName("question").setDescription("Your question").setRequired(true).setMaxLength(2000))
    .addBooleanOption((o) => o.setName("private").setDescription("Show the answer only to you (default: everyone sees it)"))
    .toJSON(),

  async execute(interaction, ctx) {
    const isPrivate = interaction.options.getBoolean("private") ?? false;
    const admission = admit(ctx, interaction.user.id, interaction.options.getString("question", true));
    if (!admission.ok) {
      await interaction.reply({ content: admission.message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    try {
      // Discord drops an interaction not acknowledged within 3 seconds: acknowledge first, answer after.
      await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
      // In a thread, a question is read with the member's previous one there; in a channel it stands alone.
      const place: Place = { thread: interaction.channel?.isThread() ? interaction.channelId : null, replyTo: null };
      const context = recallContext(ctx, place, interaction.user.id);
      const { answer, rendered } = await answerFor(ctx, admission.question, "/ask", interaction.user.id, !isPrivate, context);
      // A private question is not remembered, nor counted: a later public follow-up, or /gaps, would show its words.
      if (!isPrivate) {
        rememberInThread(ctx, place, interaction.user.id, answer, context);
        ctx.gaps?.count(answer);
      }
      const sent = await interaction.editReply(rendered);
      // A private answer cannot be replied to.
      if (!isPrivate) rememberAnswerMessage(ctx, sent.id, answer, context);
    } finally {
      admission.release();
    }
  },
} satisfies Command;
