/**
 * What every command and button handler shares: the engine, the settings, the guards, and a
 * short memory of recent answers for the "More sources" button.
 */
import { randomUUID } from "node:crypto";
import type { Answer } from "../answer/index.js";
import type { DiscordConfig } from "../config.js";
import { ConversationMemory, DEFAULT_FOLLOW_UP, type Context } from "../conversation.js";
import type { EngineView } from "../engine.js";
import type { GapList } from "../gaps/index.js";
import type { Logger } from "../log.js";
import { checkQuestion, ConcurrencyGate, Cooldown } from "./guard.js";
import { renderAnswer, type RenderedAnswer } from "./render.js";

/** Passages kept per answer, so that "More sources" has some beyond the cited ones. */
const PASSAGES_KEPT = 10;

/** The most recent answers, by a short random key carried in the button's custom id. */
export class RecentAnswers {
  private readonly entries = new Map<string, Answer>();

  constructor(private readonly capacity = 500) {}

  add(answer: Answer): string {
    const key = randomUUID().slice(0, 12);
    this.entries.set(key, answer);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
    return key;
  }

  get(key: string): Answer | undefined {
    return this.entries.get(key);
  }
}

export interface BotContext {
  engine: EngineView;
  settings: DiscordConfig;
  logger: Logger;
  cooldown: Cooldown;
  gate: ConcurrencyGate;
  recent: RecentAnswers;
  /** The previous questions follow-ups are read with (in memory only). */
  conversations: ConversationMemory;
  /** Declined questions counted by their content words (GAP_LIST); null when turned off. */
  gaps: GapList | null;
  now: () => number;
}

export function createContext(engine: EngineView, settings: DiscordConfig, logger: Logger, gaps: GapList | null = null): BotContext {
  const ctx: BotContext = {
    engine,
    settings,
    logger,
    cooldown: new Cooldown(settings.cooldownSeconds),
    gate: new ConcurrencyGate(settings.maxConcurrentAnswers),
    recent: new RecentAnswers(),
    // One clock for cooldowns and follow-ups, so that a test moving `now` moves both.
    conversations: new ConversationMemory({ ...(settings.followUp ?? DEFAULT_FOLLOW_UP), now: () => ctx.now() }),
    gaps,
    now: Date.now,
  };
  return ctx;
}

export type Admission = { ok: true; question: string; release: () => void } | { ok: false; message: string };

/**
 * Decides at once (well inside Discord's 3-second window) whether a question is answered now:
 * it must be clean and short enough, the member out of cooldown, and a slot free.
 */
export function admit(ctx: BotContext, userId: string, raw: string): Admission {
  const check = checkQuestion(raw, ctx.settings.questionMaxChars);
  if (!check.ok) return { ok: false, message: check.reason };
  const wait = ctx.cooldown.remaining(userId, ctx.now());
  if (wait > 0) return { ok: false, message: `Busy, try again in ${wait} s.` };
  const release = ctx.gate.tryEnter();
  if (!release) return { ok: false, message: "Busy, try again in 2 s." };
  ctx.cooldown.record(userId, ctx.now());
  return { ok: true, question: check.question, release };
}

/**
 * Computes and renders the answer, reading a follow-up with `context`; logs the question (and
 * how it was understood) with the member only when the operator opted in.
 */
export async function answerFor(
  ctx: BotContext,
  question: string,
  via: string,
  userId: string,
  pinnable: boolean,
  context: Context | null = null,
): Promise<{ answer: Answer; rendered: RenderedAnswer }> {
  const answer = await ctx.engine.ask(question, { topK: PASSAGES_KEPT, previous: context?.question ?? null });
  const hasMore = answer.passages.length > answer.citations.length;
  const rendered = renderAnswer(answer, { moreKey: hasMore && !answer.abstained ? ctx.recent.add(answer) : null, pinnable });
  const outcome = `${answer.abstained ? "abstained" : `${answer.answer.length} sentence(s)`}, ${answer.mode}, ${Math.round(answer.timingsMs.total)} ms`;
  const understood = answer.understoodAs === question ? "" : ` (understood as ${JSON.stringify(answer.understoodAs)})`;
  ctx.logger.info(
    ctx.settings.logQuestions
      ? `${via} from user ${userId}: ${JSON.stringify(question)}${understood} → ${outcome}`
      : `${via} answered: ${outcome}`,
  );
  return { answer, rendered };
}
