/**
 * A message that mentions the bot is a question: the rest of the message is asked as with
 * /ask, and the answer is a reply in the same channel or thread.
 */
import { MessageType, type Message } from "discord.js";
import { admit, answerFor, type BotContext } from "./context.js";
import { recallContext, rememberAnswerMessage, rememberInThread, type Place } from "./follow-ups.js";
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
  // A reply to one of the bot's answers, or a message in a thread, may be a follow-up.
  const place: Place = {
    thread: message.channel.isThread() ? message.channelId : null,
    replyTo: message.type === MessageType.Reply ? (message.reference?.messageId ?? null) : null,
  };
  try {
    const context = recallContext(ctx, place, message.author.id);
    const { answer, rendered } = await answerFor(ctx, admission.question, "mention", message.author.id, true, context);
    rememberInThread(ctx, place, message.author.id, answer, context);
    ctx.gaps?.count(answer);
    const sent = await message.reply(rendered);
    rememberAnswerMessage(ctx, sent.id, answer, context);
  } finally {
    admission.release();
  }
}
