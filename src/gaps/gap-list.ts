/**
 * The running count of declined questions for one process: counted in memory at once, written to
 * the gaps file a little later (one write for many questions), and on close. Each write reads the
 * file first and adds this process's new counts to it, so several processes over one index folder
 * (shards, or the bot and the terminal chat) add up instead of overwriting one another.
 */
import path from "node:path";
import { describeError } from "../errors.js";
import type { Logger } from "../log.js";
import {
  GAPS_FILE,
  gapsFileWarning,
  readGapsFile,
  serializeGaps,
  tallyOf,
  writeGapsFile,
  type GapsFileState,
  type GapsWriter,
} from "./file.js";
import { capTally, countQuestion, dayOf, firstDay, mergeTallies, mostAsked, type GapTopic, type Tally } from "./tally.js";
import { topicOf } from "./topic.js";

/** Topics kept at most: the least asked (then the longest unasked) are dropped first. */
export const MAX_TOPICS = 1000;
/** A declined question reaches the file at most this long after it was asked (or when the process stops). */
export const FLUSH_DELAY_MS = 30_000;

export interface GapListOptions {
  /** The gaps file (`gaps.json` in the index folder). */
  file: string;
  logger: Pick<Logger, "warn">;
  /** Milliseconds now; only the day is kept. */
  now?: () => number;
  maxTopics?: number;
  /** Runs `write` after `ms`; returns a function that cancels it (tests run it by hand). */
  schedule?: (write: () => void, ms: number) => () => void;
  write?: GapsWriter;
}

const realTimer = (write: () => void, ms: number) => {
  const timer = setTimeout(write, ms).unref();
  return () => clearTimeout(timer);
};

/** The answer fields that decide whether and what to count. */
export interface CountableAnswer {
  abstained: boolean;
  /** The question as understood: a follow-up is counted as the whole question it stands for. */
  understoodAs: string;
}

export class GapList {
  private tally: Tally;
  /** Counts not yet in the file. */
  private unsaved: Tally = new Map();
  /** False once the path turned out not to be Citebot's: counting goes on in memory only. */
  private writable: boolean;
  private cancelTimer: (() => void) | null = null;
  private writing: Promise<void> = Promise.resolve();
  private writeFailing = false;
  private readonly now: () => number;
  private readonly maxTopics: number;
  private readonly schedule: NonNullable<GapListOptions["schedule"]>;
  private readonly write: GapsWriter;

  private constructor(
    private readonly options: GapListOptions,
    state: GapsFileState,
  ) {
    this.now = options.now ?? Date.now;
    this.maxTopics = options.maxTopics ?? MAX_TOPICS;
    this.schedule = options.schedule ?? realTimer;
    this.write = options.write ?? writeGapsFile;
    this.tally = tallyOf(state);
    capTally(this.tally, this.maxTopics);
    this.writable = state.kind !== "foreign";
  }

  /** Reads the gaps file (whatever is there; a problem is one warning, never an error) and starts counting. */
  static async open(options: GapListOptions): Promise<GapList> {
    const state = await readGapsFile(options.file);
    const list = new GapList(options, state);
    list.warnAbout(state);
    return list;
  }

  private warnAbout(state: GapsFileState): void {
    const warning = gapsFileWarning(this.options.file, state);
    if (warning !== null) this.options.logger.warn(warning);
  }

  /** Topics held now. */
  get size(): number {
    return this.tally.size;
  }

  /** The earliest day any topic held now was asked, or null when none is. */
  get since(): string | null {
    return firstDay(this.tally);
  }

  /** The `n` most asked topics, most asked first. */
  mostAsked(n: number): GapTopic[] {
    return mostAsked(this.tally, n);
  }

  /**
   * Counts `answer` when it declined, by the content words of the question as understood;
   * returns whether it was counted (a question without content words is not).
   */
  count(answer: CountableAnswer): boolean {
    if (!answer.abstained) return false;
    const topic = topicOf(answer.understoodAs);
    if (!topic) return false;
    const day = dayOf(this.now());
    countQuestion(this.tally, topic, day);
    capTally(this.tally, this.maxTopics);
    if (!this.writable) return true;
    countQuestion(this.unsaved, topic, day);
    capTally(this.unsaved, this.maxTopics);
    this.cancelTimer ??= this.schedule(() => void this.flush(), FLUSH_DELAY_MS);
    return true;
  }

  /** Writes the counts not yet in the file now; resolves when done (a failure is a warning, and they are tried again later). */
  flush(): Promise<void> {
    this.cancelTimer?.();
    this.cancelTimer = null;
    // save() reports its own failures; this catch only keeps one unforeseen error from ending every later write.
    this.writing = this.writing
      .then(() => this.save())
      .catch((error: unknown) => this.options.logger.warn(`${this.options.file}: ${describeError(error)}`));
    return this.writing;
  }

  /** Writes what is left; call once answers in flight are finished. */
  close(): Promise<void> {
    return this.flush();
  }

  private async save(): Promise<void> {
    if (!this.writable || this.unsaved.size === 0) return;
    const { file, logger } = this.options;
    const state = await readGapsFile(file);
    if (state.kind === "foreign") {
      this.writable = false;
      this.unsaved.clear();
      this.warnAbout(state);
      return;
    }
    if (state.kind === "damaged") this.warnAbout(state);
    const sent = this.unsaved;
    this.unsaved = new Map();
    const merged = mergeTallies(tallyOf(state), sent);
    capTally(merged, this.maxTopics);
    try {
      await this.write(file, serializeGaps(merged), dayOf(this.now()));
      this.writeFailing = false;
      // What the file holds now, with what was counted while it was being written.
      this.tally = mergeTallies(merged, this.unsaved);
      capTally(this.tally, this.maxTopics);
    } catch (error) {
      // Kept for the next write: a full disk may have room again later.
      this.unsaved = mergeTallies(sent, this.unsaved);
      capTally(this.unsaved, this.maxTopics);
      if (!this.writeFailing)
        logger.warn(
          `${file}: could not save the declined questions (${writeProblem(error)}); still counting in memory, and trying again later.`,
        );
      this.writeFailing = true;
    }
  }
}

/** A write error in words; a full disk said plainly. */
function writeProblem(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === "ENOSPC" ? "the disk is full" : code === "EDQUOT" ? "the disk quota is exhausted" : describeError(error);
}

/** The gap list of the configured index folder, or null when GAP_LIST is off. */
export async function openGapList(config: { gapList: boolean; indexDir: string }, logger: Pick<Logger, "warn">): Promise<GapList | null> {
  return config.gapList ? GapList.open({ file: path.join(config.indexDir, GAPS_FILE), logger }) : null;
}
