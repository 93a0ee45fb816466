/**
 * `npm run gaps`: what the terminal shows of the gaps file, the same list as Discord's `/gaps`.
 * Pure: takes what is at the file's path and returns the text (or the JSON value) to print.
 */
import { createError } from "../errors.js";
import { firstDay, mostAsked, tallyOf, type GapsFileState, type GapTopic } from "../gaps/index.js";
import { printableLine } from "../printable.js";

/** Topics listed, as in Discord. */
export const GAPS_LISTED = 20;

/** The JSON `npm run gaps -- --json` prints. */
export interface GapsReport {
  /** GAP_LIST: whether declined questions are counted. */
  counting: boolean;
  file: string;
  /** Topics held in all (the list shows the most asked of them). */
  total: number;
  /** The first day any held topic was asked. */
  since: string | null;
  topics: GapTopic[];
}

/**
 * The report for the file at `file` in state `state`. Throws PATH_INVALID when another program's
 * file or a folder is there (Citebot neither reads nor replaces it; the operator moves it away).
 */
export function gapsReport(counting: boolean, file: string, state: GapsFileState): GapsReport {
  const empty: GapsReport = { counting, file, total: 0, since: null, topics: [] };
  if (!counting || state.kind === "missing" || state.kind === "damaged") return empty;
  if (state.kind === "foreign")
    throw createError(
      "PATH_INVALID",
      `${file}: ${state.reason}, so Citebot does not read or replace it; move it away to let Citebot count declined questions there`,
    );
  const tally = tallyOf(state);
  return { counting, file, total: tally.size, since: firstDay(tally), topics: mostAsked(tally, GAPS_LISTED) };
}

/** The report as lines for a terminal; every word passes through `printableLine`. */
export function formatGaps(report: GapsReport, state: GapsFileState): string {
  if (!report.counting) return "Declined questions are not counted (GAP_LIST=false).";
  if (state.kind === "damaged")
    return `No declined questions to list: ${printableLine(report.file)} is damaged (${printableLine(state.reason)}); Citebot replaces it when it next counts a declined question.`;
  if (report.topics.length === 0)
    return `No declined questions counted yet (${state.kind === "missing" ? "no" : "empty"} ${printableLine(report.file)}).`;
  const plural = report.total === 1 ? "" : "s";
  const rows = report.topics.map((t) => `${String(t.count).padStart(6)}  ${t.last}  ${printableLine(t.words.join(" "))}`);
  return [
    `Most asked questions the sources don't answer: ${report.topics.length} of ${report.total} topic${plural}, counted by their words since ${report.since ?? "—"}.`,
    " count  last asked  words",
    ...rows,
  ].join("\n");
}
