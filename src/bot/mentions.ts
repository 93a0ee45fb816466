/**
 * A message that mentions the bot is a question: the rest of the message is asked as with
 * /ask, and the answer is a reply in the same channel or thread.
 */
import type { Message } from "discord.js";
import { admit, answerFor, type BotContext } from "./context.js";
import { NO_MENTIONS } from "./render.js";

/** The message's text without the mentions of `botId` (both <@id> and <@!id>). */
export function questionFromMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").trim();
}

export async function handleMention(message: Message, ctx: BotContext): Promise<void> {
  const me = message.client.user;
  if (message.author.bot || message.author.id === me.id || message.webhookId) return;
  if (!message.mentions.users.has(me.id)) return;
  const admission = admit(ctx, message.author.id, questionFromMention(message.content, me.id));
  if (!admission.ok) {
    await message.reply({ content: admission.message, allowedMentions: NO_MENTIONS });
    return;
  }
  try {
    const { rendered } = await answerFor(ctx, admission.question, "mention", message.author.id, true);
    await message.reply(rendered);
  } finally {
    admission.release();
  }
}
