/**
 * Follow-ups in Discord: a question in a thread is read with the member's previous question in
 * that thread, and a message replying to one of the bot's answers with that answer's question.
 * In a plain channel a question stands alone. The questions are held by the context's
 * `ConversationMemory` only (never written, never logged), keyed by ids, never by user text.
 */
import type { Answer } from "../answer/index.js";
import type { Context } from "../conversation.js";
import type { BotContext } from "./context.js";

/** Where a question was asked, as far as follow-ups are concerned. */
export interface Place {
  /** The thread's channel id, when the question was asked in a thread. */
  thread: string | null;
  /** The id of the message the question replies to, when it is a reply. */
  replyTo: string | null;
}

const threadKey = (thread: string, userId: string) => `thread:${thread}:${userId}`;
const answerKey = (messageId: string) => `answer:${messageId}`;

/** The question a new question of `userId` at `place` is read with: the answer replied to first, else the thread's. */
export function recallContext(ctx: BotContext, place: Place, userId: string): Context | null {
  const replied = place.replyTo === null ? null : ctx.conversations.recall(answerKey(place.replyTo));
  if (replied) return replied;
  return place.thread === null ? null : ctx.conversations.recall(threadKey(place.thread, userId));
}

/**
 * Remembers an answered question for the member in the thread, before the answer is sent: the
 * member may ask again as soon as they see it.
 */
export function rememberInThread(ctx: BotContext, place: Place, userId: string, answer: Answer, context: Context | null): void {
  if (place.thread !== null) ctx.conversations.remember(threadKey(place.thread, userId), answer, context);
}

/** Remembers an answered question for the message that carries the answer, so that a reply to it is read with it. */
export function rememberAnswerMessage(ctx: BotContext, messageId: string, answer: Answer, context: Context | null): void {
  ctx.conversations.remember(answerKey(messageId), answer, context);
}
