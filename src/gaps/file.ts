/**
 * The gaps file, `gaps.json` in the index folder: read without trusting it, written whole or not
 * at all. Citebot recognises its own file by how it begins (`{"format":"citebot-gaps"`), and
 * replaces it when it is damaged; any other file or folder at that path is left alone.
 */
import { randomBytes } from "node:crypto";
import { constants } from "node:fs";
import { lstat, open, rename, rm, utimes } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { describeError } from "../errors.js";
import { readOpened } from "../read-file.js";
import { addTopic, mostAsked, type GapTopic, type Tally } from "./tally.js";
import { TOPIC_LIMITS, topicOf } from "./topic.js";

/** The file's name in the index folder. */
export const GAPS_FILE = "gaps.json";

/** The file's first bytes, always: how Citebot tells its own file (even a truncated one) from another program's. */
const MARKER = '{"format":"citebot-gaps"';
const FORMAT_VERSION = 1;

/** Far above 1,000 topics of 12 words of 32 characters (about 500 KB), and still quick to parse. */
export const MAX_GAPS_FILE_BYTES = 2 * 1024 * 1024;

/** What is at the gaps file's path. */
export type GapsFileState =
  | { kind: "missing" }
  /** `dropped`: entries that were not valid topics and were left out. */
  | { kind: "ok"; topics: { key: string; topic: GapTopic }[]; dropped: number }
  /** Citebot's own file, unusable (truncated, not JSON, wrong shape, too large): counting starts afresh and the next write replaces it. */
  | { kind: "damaged"; reason: string }
  /** Not Citebot's (a folder, a link, another program's file) or unreadable: never written. */
  | { kind: "foreign"; reason: string };

const Day = z.iso.date();

const TopicEntrySchema = z.strictObject({
  words: z
    .array(z.string().max(4 * TOPIC_LIMITS.wordChars))
    .min(1)
    .max(TOPIC_LIMITS.words),
  count: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  first: Day,
  last: Day,
});

const GapsFileSchema = z.strictObject({
  format: z.literal("citebot-gaps"),
  version: z.literal(FORMAT_VERSION),
  topics: z.array(z.unknown()),
});

/**
 * One stored entry as a topic, or null when it is not one. Its words go through the same
 * normalisation as a question's, so only content words are ever kept or shown, whatever the file held.
 */
function entryTopic(entry: unknown): { key: string; topic: GapTopic } | null {
  const parsed = TopicEntrySchema.safeParse(entry);
  if (!parsed.success) return null;
  const topic = topicOf(parsed.data.words.join(" "));
  if (!topic) return null;
  const { first, last, count } = parsed.data;
  return { key: topic.key, topic: { words: topic.words, count, first: first < last ? first : last, last: first < last ? last : first } };
}

/** Parses the bytes of a file that begins as Citebot's. */
function parseOwn(bytes: Buffer): GapsFileState {
  if (bytes.length > MAX_GAPS_FILE_BYTES) return { kind: "damaged", reason: `it is over ${MAX_GAPS_FILE_BYTES / 1024 / 1024} MB` };
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    return { kind: "damaged", reason: `it is not valid JSON (${describeError(error)})` };
  }
  const file = GapsFileSchema.safeParse(json);
  if (!file.success) return { kind: "damaged", reason: "it does not have the form Citebot writes" };
  const topics = file.data.topics.map(entryTopic);
  const valid = topics.filter((t) => t !== null);
  return { kind: "ok", topics: valid, dropped: topics.length - valid.length };
}

/** What is at `file`; never throws, and never follows a link or waits on a pipe. */
export async function readGapsFile(file: string): Promise<GapsFileState> {
  let handle: import("node:fs/promises").FileHandle | null = null;
  try {
    const info = await lstat(file);
    if (!info.isFile()) return { kind: "foreign", reason: "it is not a regular file (a folder, a link or a device)" };
    handle = await open(file, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    const bytes = await readOpened(handle, MAX_GAPS_FILE_BYTES + 1);
    // An empty file holds nothing to lose: a write cut short by a crash leaves one.
    if (bytes.length === 0) return { kind: "damaged", reason: "it is empty" };
    if (!bytes.subarray(0, MARKER.length).equals(Buffer.from(MARKER))) return { kind: "foreign", reason: "it was not written by Citebot" };
    return parseOwn(bytes);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { kind: "missing" };
    return { kind: "foreign", reason: `it cannot be read (${describeError(error)})` };
  } finally {
    // What was read decides; a failed close of a read-only handle changes nothing.
    await handle?.close().catch(() => undefined);
  }
}

/** The counts a file state holds (none for anything but a readable file of Citebot's); topics stored twice are added up. */
export function tallyOf(state: GapsFileState): Tally {
  const tally: Tally = new Map();
  if (state.kind === "ok") for (const { key, topic } of state.topics) addTopic(tally, key, topic);
  return tally;
}

/** The warning a file state calls for, or null when there is nothing to say. */
export function gapsFileWarning(file: string, state: GapsFileState): string | null {
  if (state.kind === "damaged") return `${file}: ${state.reason}; counting declined questions afresh, and the file will be replaced.`;
  if (state.kind === "foreign")
    return `${file}: ${state.reason}, so Citebot will not replace it; declined questions are counted in memory only until it is moved away.`;
  if (state.kind === "ok" && state.dropped > 0)
    return `${file}: ${state.dropped} entr${state.dropped === 1 ? "y was" : "ies were"} not valid and left out.`;
  return null;
}

/** The file's text: the marker first, then one topic per line, most asked first (never in the order they came in). */
export function serializeGaps(tally: Tally): string {
  const lines = mostAsked(tally, tally.size).map((t) => JSON.stringify({ words: t.words, count: t.count, first: t.first, last: t.last }));
  return `${MARKER},"version":${FORMAT_VERSION},"topics":[\n${lines.join(",\n")}\n]}\n`;
}

/** Writes a file whole: `file` is either as before or holds `text`. */
export type GapsWriter = (file: string, text: string, day: string) => Promise<void>;

/**
 * Writes `text` to a new temporary file beside `file` (readable by its owner only), flushes it to
 * disk, dates it to the start of `day` (the file's times say no more than its content), then
 * renames it over `file`. On failure the temporary file is removed and the error thrown.
 */
export const writeGapsFile: GapsWriter = async (file, text, day) => {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  let made = false;
  try {
    // "wx": never through a link or over a file someone else put there.
    const handle = await open(temp, "wx", 0o600);
    made = true;
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    const midnight = new Date(`${day}T00:00:00Z`);
    await utimes(temp, midnight, midnight);
    await rename(temp, file);
  } catch (error) {
    // The write's own error is the one to report; a temporary file that cannot be removed either is only litter.
    if (made) await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
};
