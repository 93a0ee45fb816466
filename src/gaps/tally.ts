/**
 * The counts of declined topics, as plain data: one entry per topic key with its words, how many
 * times it was asked, and the first and last day (UTC, "2026-11-29") it was asked. Pure functions;
 * the file and the timer are in gap-list.ts.
 */
import type { Topic } from "./topic.js";

/** One topic as kept and shown: no user, no place, no time finer than a day. */
export interface GapTopic {
  words: string[];
  count: number;
  /** The first and last day it was asked, UTC, `YYYY-MM-DD`. */
  first: string;
  last: string;
}

/** Topics by their key (stems); a Map, so that no user text ever becomes an object key. */
export type Tally = Map<string, GapTopic>;

/** The UTC day of `ms`, as `YYYY-MM-DD`: the finest time a topic keeps. */
export function dayOf(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

const minDay = (a: string, b: string) => (a < b ? a : b);
const maxDay = (a: string, b: string) => (a > b ? a : b);

/** Adds `topic` (asked `times` times, first on `first`, last on `last`) to `tally`, in place. */
export function addTopic(tally: Tally, key: string, topic: GapTopic): void {
  const known = tally.get(key);
  if (!known) {
    tally.set(key, { words: topic.words, count: topic.count, first: topic.first, last: topic.last });
    return;
  }
  known.count = Math.min(Number.MAX_SAFE_INTEGER, known.count + topic.count);
  known.first = minDay(known.first, topic.first);
  known.last = maxDay(known.last, topic.last);
}

/** Counts one question about `topic`, asked on `day`. */
export function countQuestion(tally: Tally, topic: Topic, day: string): void {
  addTopic(tally, topic.key, { words: topic.words, count: 1, first: day, last: day });
}

/** A new tally holding the counts of both (the words of `a` where both have a topic). */
export function mergeTallies(a: Tally, b: Tally): Tally {
  const merged: Tally = new Map();
  for (const [key, topic] of a) addTopic(merged, key, topic);
  for (const [key, topic] of b) addTopic(merged, key, topic);
  return merged;
}

/** Most asked first, then the most recently asked (by day). */
const byUse = (a: GapTopic, b: GapTopic) => b.count - a.count || (a.last < b.last ? 1 : a.last > b.last ? -1 : 0);

/**
 * Keeps the `max` most asked topics of `tally`, in place: the least asked, then the longest
 * unasked, go first; among topics equal in both, the one counted in longest ago, so that a new
 * topic is not the one dropped at once.
 */
export function capTally(tally: Tally, max: number): void {
  if (tally.size <= max) return;
  // A Map iterates in the order its keys came in: reversed, the newest come first among equals (the sort is stable).
  const newestFirst = [...tally].reverse();
  for (const [key] of newestFirst.sort(([, a], [, b]) => byUse(a, b)).slice(max)) tally.delete(key);
}

/** The earliest day any topic of `tally` was asked, or null when it holds none. */
export function firstDay(tally: Tally): string | null {
  let first: string | null = null;
  for (const topic of tally.values()) if (first === null || topic.first < first) first = topic.first;
  return first;
}

/** The `n` most asked topics, most asked first; equals by key, so the order never tells when a topic came in. */
export function mostAsked(tally: Tally, n: number): GapTopic[] {
  return [...tally]
    .sort(([ka, a], [kb, b]) => byUse(a, b) || (ka < kb ? -1 : ka > kb ? 1 : 0))
    .slice(0, n)
    .map(([, t]) => ({ words: [...t.words], count: t.count, first: t.first, last: t.last }));
}
