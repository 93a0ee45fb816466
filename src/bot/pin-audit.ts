/**
 * `/pins audit`, the pure part: the verdict on one pinned answer from where its quoted sentences
 * stand now, the notice a stale answer gets, and the moderator's summary. Discord I/O is in
 * commands/pins.ts.
 */
import type { SentencePlace, SentenceRef, SentenceWhere } from "../store/index.js";
import { printableLine } from "../printable.js";
import { escapeDiscord, maskedLink } from "./escape.js";
import { DISCORD_LIMITS as L, shorten } from "./limits.js";

export type AuditMode = "reply" | "edit";

/** Every quoted sentence still on its page; some moved (none gone); some no longer in the sources. */
export type PinVerdict = "verbatim" | "moved" | "gone";

export interface SentenceFinding {
  ref: SentenceRef;
  where: SentenceWhere;
}

/** One of Citebot's pinned answers, audited. */
export interface AuditedPin {
  /** The message's link, written by the bot into the summary. */
  url: string;
  /** The answer's title (the question), as Discord holds it. */
  title: string;
  verdict: PinVerdict;
  sentences: SentenceFinding[];
  /** What happened to its notice: none needed, posted (reply or edit), or failed. */
  notice: "none" | "posted" | "failed";
}

export interface AuditReport {
  mode: AuditMode;
  auditedAt: Date;
  /** Pinned messages read (at most 250). */
  listed: number;
  /** Discord listed more pins than the 250 a channel may hold, or the listing stopped early; the rest were not read. */
  incomplete: boolean;
  pins: AuditedPin[];
  /** Pins posted by someone else (another member, another bot). */
  notOurs: number;
  /** Citebot's own pins without check data (an abstention, an answer from before check data, a damaged footer). */
  noCheckData: number;
  /** Set when Discord refused to post a notice for lack of permission: the audit stopped posting. */
  refused: string | null;
}

/** The verdict on an answer from its sentences: the worst of them. */
export function pinVerdict(sentences: readonly SentenceFinding[]): PinVerdict {
  if (sentences.some((s) => s.where.status === "gone")) return "gone";
  if (sentences.some((s) => s.where.status === "moved")) return "moved";
  return "verbatim";
}

const placeLabel = (at: SentencePlace) => (at.kind === "page" ? `p. ${at.n}` : `¶ ${at.n}`);
const docLabel = (doc: string) => escapeDiscord(printableLine(doc));

/** When the audit ran, to the minute, in UTC (members read it in many time zones). */
export function auditTime(at: Date): string {
  return `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

function sentenceLine(finding: SentenceFinding, i: number): string {
  const was = `Sentence ${i + 1} (${docLabel(finding.ref.doc)}, ${placeLabel(finding.ref.at)})`;
  const where = finding.where;
  if (where.status === "verbatim") return `• ${was}: still verbatim there.`;
  if (where.status === "gone") return `• ${was}: **no longer in the sources**.`;
  const now = where.doc === finding.ref.doc ? placeLabel(where.at) : `${docLabel(where.doc)}, ${placeLabel(where.at)}`;
  return `• ${was}: **moved**, now ${now}, word for word.`;
}

/**
 * The visible notice on a stale answer: when it was audited, and what changed for each quoted
 * sentence. In a reply it speaks of the answer above; in an edit, of the answer it heads, whose
 * quotes stay as first given.
 */
export function staleNotice(sentences: readonly SentenceFinding[], mode: AuditMode, auditedAt: Date): string {
  const verdict = pinVerdict(sentences) === "gone" ? "some of its quotes are no longer in the sources" : "its quotes moved";
  const subject = mode === "reply" ? "the pinned answer above" : "this pinned answer";
  const after = mode === "edit" ? " The answer below is unchanged, as first given." : "";
  const head = `⚠️ **Pin audit, ${auditTime(auditedAt)}:** since ${subject} was given, the sources changed and ${verdict}.${after}`;
  return shorten([head, ...sentences.map(sentenceLine)].join("\n"), L.content);
}

const VERDICT_TEXT: Record<PinVerdict, string> = {
  verbatim: "still verbatim on the same page",
  moved: "moved",
  gone: "no longer in the sources",
};

/** The moderator's ephemeral summary: counts, what was skipped and why, and a link to each stale answer. */
export function auditSummary(report: AuditReport): string {
  const count = (v: PinVerdict) => report.pins.filter((p) => p.verdict === v).length;
  const stale = report.pins.filter((p) => p.verdict !== "verbatim");
  const posted = stale.filter((p) => p.notice === "posted").length;
  const failed = stale.filter((p) => p.notice === "failed").length;
  const lines = [
    `**Pin audit of this channel, ${auditTime(report.auditedAt)}:** ${report.listed} pinned message(s), ${report.pins.length} of them Citebot answers checked against the current sources.`,
    `• ${count("verbatim")} ${VERDICT_TEXT.verbatim}`,
    `• ${count("moved")} ${VERDICT_TEXT.moved}`,
    `• ${count("gone")} ${VERDICT_TEXT.gone}`,
    `• skipped: ${report.notOurs} not posted by Citebot, ${report.noCheckData} without check data`,
  ];
  if (report.incomplete)
    lines.push(`Only the newest ${report.listed} pins were read: Discord keeps at most 250 per channel, and listed more.`);
  if (stale.length > 0) {
    lines.push(
      report.mode === "reply"
        ? `Replied under ${posted} of ${stale.length} stale answer(s).`
        : `Added a notice to ${posted} of ${stale.length} stale answer(s).`,
    );
  }
  if (failed > 0) lines.push(`${failed} notice(s) could not be posted${report.refused ? `: ${report.refused}` : "."}`);
  const list = stale.map((p) => `• ${maskedLink(shorten(printableLine(p.title) || "answer", 80), p.url)}: ${VERDICT_TEXT[p.verdict]}`);
  // The list goes last and is cut first: the counts always fit.
  let text = lines.join("\n");
  for (const [i, line] of list.entries()) {
    const rest = list.length - i;
    if (text.length + line.length + 1 > L.content - 40) {
      text += `\n… and ${rest} more`;
      break;
    }
    text += `\n${line}`;
  }
  return text;
}
