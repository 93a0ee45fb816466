/**
 * The short memory that lets a follow-up ("and Laos?") be read with the question before it. Only
 * the last question of each conversation is kept, in this process's memory, for at most
 * `minutes` and `turns` follow-ups in a row; it is never written anywhere and never logged.
 * Shared by the terminal chat, `ask --batch` and the Discord bot, which each choose what a
 * conversation is (the chat; a batch's `conversation` value; a member in a thread, or the answer
 * a message replies to).
 */

export interface FollowUpSettings {
  /** How long a question is remembered, in minutes (FOLLOW_UP_MINUTES). */
  minutes: number;
  /** Follow-ups in a row that may build on one question; 0 turns follow-ups off (FOLLOW_UP_TURNS). */
  turns: number;
}

export const DEFAULT_FOLLOW_UP: FollowUpSettings = { minutes: 5, turns: 3 };

/** The question a follow-up is read with, and how many follow-ups led to it. */
export interface Context {
  question: string;
  depth: number;
}

interface Entry extends Context {
  at: number;
}

export interface ConversationMemoryOptions extends FollowUpSettings {
  /** Conversations held at most; the oldest is forgotten first. */
  capacity?: number;
  /** Milliseconds now (tests pass their own clock). */
  now?: () => number;
}

export class ConversationMemory {
  private readonly entries = new Map<string, Entry>();
  private readonly ttlMs: number;
  private readonly turns: number;
  private readonly capacity: number;
  private readonly now: () => number;

  constructor(options: ConversationMemoryOptions) {
    this.ttlMs = options.minutes * 60_000;
    this.turns = options.turns;
    this.capacity = options.capacity ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  /** Conversations held now (expired ones are dropped first). */
  get size(): number {
    this.prune();
    return this.entries.size;
  }

  /**
   * The context for a new question in conversation `key`: its last question, unless there is
   * none, it is older than `minutes`, or `turns` follow-ups have already built on it.
   */
  recall(key: string): Context | null {
    this.prune();
    const entry = this.entries.get(key);
    if (!entry || entry.depth >= this.turns) return null;
    return { question: entry.question, depth: entry.depth };
  }

  /**
   * Remembers the question just answered in conversation `key`, as understood; `context` is what
   * it was read with (null when none). A question that stood alone starts the count of turns anew.
   */
  remember(key: string, answer: { question: string; understoodAs: string }, context: Context | null): void {
    if (this.turns <= 0) return;
    const depth = context && answer.understoodAs !== answer.question ? context.depth + 1 : 0;
    // Re-inserted, so that the map stays ordered by time and pruning stops at the first fresh entry.
    this.entries.delete(key);
    this.entries.set(key, { question: answer.understoodAs, depth, at: this.now() });
    while (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value as string);
  }

  /** Forgets every question older than `minutes`. */
  prune(): void {
    const cutoff = this.now() - this.ttlMs;
    for (const [key, entry] of this.entries) {
      if (entry.at > cutoff) break;
      this.entries.delete(key);
    }
  }
}
