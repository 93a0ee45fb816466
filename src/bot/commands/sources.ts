import { MessageFlags, SlashCommandBuilder } from "discord.js";
import { escapeDiscord } from "../escape.js";
import { shorten, DISCORD_LIMITS } from "../limits.js";
import { NO_MENTIONS } from "../render.js";
import type { Command } from "./command.js";

export default {
  data: new SlashCommandBuilder().setName("sources").setDescription("List the documents the answers come from.").toJSON(),

  async execute(interaction, ctx) {
    const sources = ctx.engine.sources();
    const lines = sources.map((s) => {
      const size = [s.pages > 0 ? `${s.pages} pages` : null, `${s.chunks} chunks`].filter(Boolean).join(", ");
      return `• **${escapeDiscord(s.title)}** (${escapeDiscord(s.doc)}, ${size}, indexed ${s.indexedAt.slice(0, 10)})`;
    });
    const header = `Answers quote ${sources.length} document(s). Retrieval mode: **${ctx.engine.mode}**${ctx.engine.mode === "lexical" ? " (by words; no embedding model loaded)" : " (words and meaning)"}.`;
    await interaction.reply({
      content: shorten([header, ...lines].join("\n"), DISCORD_LIMITS.content),
      flags: MessageFlags.Ephemeral,
      allowedMentions: NO_MENTIONS,
    });
  },
} satisfies Command;
