import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { admit } from "../context.js";
import { NO_MENTIONS } from "../render.js";
import { renderCheck } from "../render-check.js";
import type { Command } from "./command.js";

export default {
  data: new SlashCommandBuilder()
    .setName("check")
    .setDescription("Check a claim (a number, a date, a place) against the sources.")
    .addStringOption((o) =>
      o.setName("claim").setDescription("The claim, e.g. “88 people were returned from Indonesia”").setRequired(true).setMaxLength(2000),
    )
    .addBooleanOption((o) => o.setName("private").setDescription("Show the result only to you (default: everyone sees it)"))
    .toJSON(),

  async execute(interaction, ctx) {
    const isPrivate = interaction.options.getBoolean("private") ?? false;
    // The same guards as a question: clean and short enough, the member out of cooldown, a slot free.
    const admission = admit(ctx, interaction.user.id, interaction.options.getString("claim", true));
    if (!admission.ok) {
      await interaction.reply({ content: admission.message, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
      return;
    }
    try {
      await interaction.deferReply(isPrivate ? { flags: MessageFlags.Ephemeral } : {});
      const result = await ctx.engine.check(admission.question);
      ctx.logger.info(
        ctx.settings.logQuestions
          ? `/check from user ${interaction.user.id}: ${JSON.stringify(admission.question)} → ${result.verdict}`
          : `/check answered: ${result.verdict}`,
      );
      await interaction.editReply(renderCheck(result));
    } finally {
      admission.release();
    }
  },
} satisfies Command;
