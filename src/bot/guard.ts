/**
 * What the bot checks before answering: a clean question of a sensible length, a per-member
 * cooldown, and a cap on answers computed at once. Pure state machines; time is passed in.
 */
import { cleanQuestion } from "../answer/index.js";

export type QuestionCheck = { ok: true; question: string } | { ok: false; reason: string };

/** Trims, removes control characters and folds white space; refuses empty and over-long questions. */
export function checkQuestion(raw: string, maxChars: number): QuestionCheck {
  const question = cleanQuestion(raw);
  if (question === "") return { ok: false, reason: "Please ask a question, e.g. `/ask question: When did Operation Fox Hunt start?`" };
  if (question.length > maxChars)
    return { ok: false, reason: `Questions can be at most ${maxChars} characters long (yours has ${question.length}). Please shorten it.` };
  return { ok: true, question };
}

/** Per-member cooldown between answered questions. */
export class Cooldown {
  private readonly last = new Map<string, number>();

  constructor(private readonly seconds: number) {}

  /** Seconds the member still has to wait (0: may ask now). */
  remaining(userId: string, nowMs: number): number {
    const at = this.last.get(userId);
    if (at === undefined) return 0;
    const left = at + this.seconds * 1000 - nowMs;
    return left > 0 ? Math.ceil(left / 1000) : 0;
  }

  record(userId: string, nowMs: number): void {
    this.last.set(userId, nowMs);
    // Keep the map small: forget members whose cooldown has passed.
    if (this.last.size > 10_000) for (const [id, t] of this.last) if (t + this.seconds * 1000 < nowMs) this.last.delete(id);
  }
}

/** A cap on concurrent work, and a way to wait for work in flight when shutting down. */
export class ConcurrencyGate {
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(private readonly max: number) {}

  get inFlight(): number {
    return this.active;
  }

  /** A release function, or null when the cap is reached. */
  tryEnter(): (() => void) | null {
    if (this.active >= this.max) return null;
    this.active++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.active--;
      if (this.active === 0) for (const w of this.waiters.splice(0)) w();
    };
  }

  /** Resolves when nothing is in flight, or after `timeoutMs`; true when everything finished. */
  idle(timeoutMs: number): Promise<boolean> {
    if (this.active === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.waiters.push(() => {
        clearTimeout(timer);
        resolve(true);
      });
    });
  }
}
