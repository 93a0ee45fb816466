/**
 * Follow-up questions: "and Laos?", "what about 2019?", "who ran it?" only make sense with the
 * question asked before. `understandQuestion` decides whether a question leans on the previous
 * one and, if so, writes it out as a complete question that reads on its own. Pure, with bounded
 * work (text longer than any question may be is not read); user text is only sliced and looked up
 * in word sets, never made into a pattern or an object key.
 */
import {
  AUX,
  COUNTRIES,
  DEMONSTRATIVE,
  DET,
  HOW_DEGREE,
  IMPERATIVE,
  JOINERS,
  LEADS,
  NAME_LINKS,
  PERSONAL,
  POSSESSIVE,
  PREP,
  VERBS,
  WH,
} from "./follow-up-words.js";
import { MONTHS } from "./english.js";

export interface Understanding {
  /** The question as understood: the question itself when it stands alone. */
  question: string;
  /** Whether it was read with the previous question. */
  followUp: boolean;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
}

type SlotKind = "year" | "number" | "month" | "country" | "name";

/** Something a fragment can replace: a year, a number, a month, a country or another name. */
interface Slot {
  kind: SlotKind;
  start: number;
  end: number;
  text: string;
  words: number;
  acronym: boolean;
  /** Index of its first and last token. */
  first: number;
  last: number;
}

// Words, with inner apostrophes, dots and hyphens ("Fiji's", "U.N.", "Sky-Net") and thousands ("30,000").
const WORD = /[\p{L}\p{N}]+(?:['’.-][\p{L}\p{N}]+|,\d+)*/gu;
const YEAR = /^(1\d{3}|20\d{2})s?$/;
const NUMBER = /^\d[\d,.]*$/;
const CAPITAL = /^\p{Lu}/u;
const WHITE = /^\s+$/;
const MAX_QUESTION = 2000;
const MAX_FRAGMENT_SLOTS = 8;
/** A question understood longer than this (twice the default QUESTION_MAX_CHARS) stands alone: a chain of follow-ups must not grow without end. */
const MAX_UNDERSTOOD = 600;

function tokenize(text: string): Token[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

const OTHER_FUNCTION = new Set(["but", "also", "plus", "there", "not", "no", "yes", "ok", "okay", "so", "then"]);
/**
 * Words of a message that talks to the bot or about the asker rather than asking on: "Thanks!",
 * "Hello", "Really?", "what about us?". A short message holding one is not a follow-up.
 */
const CHAT_WORDS = new Set([
  "thanks",
  "thank",
  "thx",
  "ty",
  "great",
  "hello",
  "hi",
  "hey",
  "really",
  "cool",
  "nice",
  "wow",
  "sorry",
  "please",
  "bye",
  "goodbye",
  "interesting",
  "good",
  "awesome",
  "lol",
  "ah",
  "oh",
  "hmm",
  "ok",
  "okay",
  "yes",
  "no",
  "yeah",
  "nope",
  "sure",
  "citebot",
  "bot",
  "i",
  "me",
  "my",
  "we",
  "us",
  "our",
  "you",
  "your",
]);

function isFunctionWord(lower: string): boolean {
  return (
    WH.has(lower) ||
    AUX.has(lower) ||
    PREP.has(lower) ||
    DET.has(lower) ||
    JOINERS.has(lower) ||
    PERSONAL.has(lower) ||
    POSSESSIVE.has(lower) ||
    DEMONSTRATIVE.has(lower) ||
    IMPERATIVE.has(lower) ||
    OTHER_FUNCTION.has(lower) ||
    isWhContraction(lower)
  );
}

/** "what's", "who’s": a question word with its verb. */
function isWhContraction(lower: string): boolean {
  const cut = lower.search(/['’]/);
  return cut > 0 && WH.has(lower.slice(0, cut));
}

function isVerbish(t: Token): boolean {
  return AUX.has(t.lower) || VERBS.has(t.lower) || (t.lower.length > 4 && t.lower.endsWith("ed"));
}

/** A word that starts or continues a name: capitalised (a month after the first word too), or a country written in lower case. */
function isNameWord(t: Token, i: number): boolean {
  if (COUNTRIES.has(t.lower) && !isFunctionWord(t.lower)) return true;
  if (!CAPITAL.test(t.text)) return false;
  return !isFunctionWord(t.lower) || (i > 0 && MONTHS.has(t.lower));
}

function joined(text: string, a: Token, b: Token): boolean {
  return WHITE.test(text.slice(a.end, b.start));
}

function titleCase(text: string): string {
  return text.replace(/(^|\s)(\p{Ll})/gu, (_, space: string, letter: string) => `${space}${letter.toUpperCase()}`);
}

/** The years, numbers and names of `text`, in order. */
function slotsOf(text: string, toks: readonly Token[]): Slot[] {
  const slots: Slot[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    const single = (kind: SlotKind): Slot => ({
      kind,
      start: t.start,
      end: t.end,
      text: t.text,
      words: 1,
      acronym: false,
      first: i,
      last: i,
    });
    if (YEAR.test(t.text)) slots.push(single("year"));
    else if (NUMBER.test(t.text)) slots.push(single("number"));
    else if (isNameWord(t, i)) {
      let j = i;
      for (;;) {
        const next = toks[j + 1];
        const after = toks[j + 2];
        const cur = toks[j] as Token;
        if (next && joined(text, cur, next) && isNameWord(next, j + 1) && !YEAR.test(next.text)) j += 1;
        else if (
          next &&
          after &&
          NAME_LINKS.has(next.lower) &&
          joined(text, cur, next) &&
          joined(text, next, after) &&
          CAPITAL.test(after.text) &&
          !isFunctionWord(after.lower)
        )
          j += 2;
        else break;
      }
      const end = (toks[j] as Token).end;
      const raw = text.slice(t.start, end);
      const lower = raw.toLowerCase();
      const kind: SlotKind = i === j && MONTHS.has(lower) ? "month" : COUNTRIES.has(lower) ? "country" : "name";
      const shown = kind === "country" && raw === lower ? titleCase(raw) : raw;
      slots.push({
        kind,
        start: t.start,
        end,
        text: shown,
        words: j - i + 1,
        acronym: raw.length > 1 && raw === raw.toUpperCase(),
        first: i,
        last: j,
      });
      i = j;
    }
  }
  return slots;
}

/** How many leading words are a connective such as "and", "but", "what about". */
function leadLength(toks: readonly Token[]): number {
  for (const lead of LEADS) if (lead.length < toks.length && lead.every((w, i) => toks[i]?.lower === w)) return lead.length;
  return 0;
}

/** Where the question word ends: "how many people", "which year", "when". -1 when `toks` does not open with one. */
function whHeadEnd(toks: readonly Token[]): number {
  const first = toks[0];
  if (!first || !WH.has(first.lower)) return -1;
  let i = 1;
  const degree = first.lower === "how" && toks[1] !== undefined && HOW_DEGREE.has(toks[1].lower);
  if (degree) i = 2;
  if (!degree && !["which", "what", "whose"].includes(first.lower)) return i;
  // The nouns the question word governs ("how many people", "which countries"), up to the verb.
  for (let n = 0; n < 2; n++) {
    const t = toks[i];
    if (!t || CAPITAL.test(t.text) || isVerbish(t) || isFunctionWord(t.lower) || NUMBER.test(t.text)) break;
    // "What remains unclear?": a word in -s with a content word after it is a verb, not a plural noun.
    const next = toks[i + 1];
    if (/[^s]s$/.test(t.lower) && next !== undefined && !isFunctionWord(next.lower) && !NUMBER.test(next.text)) break;
    i++;
  }
  return i;
}

/** The first pronoun with nothing before it in the question that it could stand for; -1 when none. */
function danglingPronoun(text: string, toks: readonly Token[]): number {
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i] as Token;
    const prev = toks[i - 1];
    const next = toks[i + 1];
    const existential = (w: Token | undefined) => w !== undefined && ["is", "are", "was", "were"].includes(w.lower);
    const pronoun =
      PERSONAL.has(t.lower) ||
      POSSESSIVE.has(t.lower) ||
      // "that" is a pronoun only as a subject ("when did that happen?"); "who said that?" may mean the answer.
      (DEMONSTRATIVE.has(t.lower) && next !== undefined && isVerbish(next)) ||
      (t.lower === "there" && i > 0 && !existential(prev) && !existential(next));
    if (!pronoun) continue;
    const before = toks.slice(0, i);
    const named = slotsOf(text, before).some((s) => s.kind === "name" || s.kind === "country");
    const described = before.some((b, k) => ["the", "a", "an"].includes(b.lower) && k + 1 < i);
    return named || described ? -1 : i;
  }
  return -1;
}

/** What a pronoun stands for in the previous question: its first name, else its first "the …" phrase. */
function antecedent(previous: string, place: boolean): string | null {
  const toks = tokenize(previous);
  const names = slotsOf(previous, toks).filter((s) => s.kind === "name" || s.kind === "country");
  const name = (place ? names.find((s) => s.kind === "country") : undefined) ?? names[0];
  // "the UNODC" keeps its article.
  const article = name ? toks[name.first - 1] : undefined;
  if (name) return article?.lower === "the" && !place ? `${article.text.toLowerCase()} ${name.text}` : name.text;
  const det = toks.findIndex((t) => ["the", "a", "an"].includes(t.lower));
  if (det < 0) return null;
  let end = det;
  for (let k = det + 1; k < toks.length && k <= det + 3; k++) {
    const t = toks[k] as Token;
    if (isVerbish(t) || isFunctionWord(t.lower) || !joined(previous, toks[k - 1] as Token, t)) break;
    end = k;
  }
  return end > det ? previous.slice((toks[det] as Token).start, (toks[end] as Token).end) : null;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `previous` to follow "As for X, …": its first letter lowered when it is a question word, not a name. */
function asContinuation(previous: string): string {
  const first = tokenize(previous)[0];
  return first && isFunctionWord(first.lower) ? previous.charAt(0).toLowerCase() + previous.slice(1) : previous;
}

/** How well slot `a` of the fragment fits slot `b` of the previous question; -1 when it cannot replace it. */
function fit(a: Slot, b: Slot): number {
  const named = (k: SlotKind) => k === "name" || k === "country";
  let score: number;
  if (a.kind === b.kind) score = 4;
  else if (named(a.kind) && named(b.kind)) score = 1;
  else return -1;
  return score + (a.acronym === b.acronym ? 1 : 0) + (a.words === b.words ? 0.5 : 0);
}

/**
 * The words from `first` to `last` as written, with the marks stuck to them ("__proto__",
 * "(Laos)"), but not the punctuation that closes or separates them.
 */
function asWritten(source: string, first: Token, last: Token): string {
  let start = first.start;
  let end = last.end;
  while (start > 0 && !/\s/.test(source.charAt(start - 1))) start--;
  while (end < source.length && !/[\s?!.…,;:]/.test(source.charAt(end))) end++;
  return source.slice(start, end);
}

/** `text` with `addition` put before its closing punctuation. */
function appendBeforeEnd(text: string, addition: string): string {
  const last = tokenize(text).at(-1);
  const cut = last ? last.end : text.length;
  return `${text.slice(0, cut)} ${addition}${text.slice(cut)}`;
}

/**
 * `base` with the fragment (`frag`, tokens of `source`) put in: each year, number or name of the
 * fragment replaces the one of the same kind in `base`; a year with nothing to replace is added
 * ("… in 2019?"); a name with nothing to replace gives "As for Laos, …".
 */
function applyFragment(base: string, source: string, frag: readonly Token[]): string {
  const prep = frag[0] && PREP.has(frag[0].lower) ? frag[0] : null;
  const core = prep ? frag.slice(1) : frag;
  const coreText = core.length > 0 ? asWritten(source, core[0] as Token, core.at(-1) as Token) : "";
  const asFor = `As for ${coreText}, ${asContinuation(base)}`;
  const fragSlots = slotsOf(source, core);
  const covered = new Set(fragSlots.flatMap((s) => Array.from({ length: s.last - s.first + 1 }, (_, k) => s.first + k)));
  const loose = core.some((t, i) => !covered.has(i) && !DET.has(t.lower) && !JOINERS.has(t.lower) && !PREP.has(t.lower));
  // A long list of names is combined rather than matched slot by slot, which keeps the work small.
  if (fragSlots.length === 0 || fragSlots.length > MAX_FRAGMENT_SLOTS || loose) return asFor;

  const baseSlots = slotsOf(base, tokenize(base));
  const used = new Set<Slot>();
  const replacements: { start: number; end: number; text: string }[] = [];
  const additions: string[] = [];
  for (const slot of fragSlots) {
    let best: Slot | null = null;
    let bestFit = -1;
    for (const b of baseSlots) {
      const f = used.has(b) ? -1 : fit(slot, b);
      if (f > bestFit) [best, bestFit] = [b, f];
    }
    // "the UN" replaces a name with its article.
    const article = core[slot.first - 1];
    const text = article && DET.has(article.lower) ? `${article.text} ${slot.text}` : slot.text;
    if (best) {
      used.add(best);
      replacements.push({ start: best.start, end: best.end, text });
    } else if (prep || slot.kind === "year" || slot.kind === "month") {
      additions.push(`${prep?.text.toLowerCase() ?? "in"} ${text}`);
    } else {
      return asFor;
    }
  }
  let out = base;
  for (const r of replacements.sort((a, b) => b.start - a.start)) out = out.slice(0, r.start) + r.text + out.slice(r.end);
  for (const a of additions) out = appendBeforeEnd(out, a);
  return capitalise(out);
}

/**
 * A run of words that adds to a question rather than asking one: "in Canada", "from Laos in
 * 2019"; after a connective ("and the victims?") any words but verbs, pronouns and requests.
 */
function isFragment(toks: readonly Token[], afterConnective: boolean): boolean {
  let afterPrep = afterConnective;
  return toks.every((t, i) => {
    if (PREP.has(t.lower)) return (afterPrep = true);
    if (isVerbish(t) || PERSONAL.has(t.lower) || POSSESSIVE.has(t.lower) || IMPERATIVE.has(t.lower) || WH.has(t.lower)) return false;
    return DET.has(t.lower) || JOINERS.has(t.lower) || YEAR.test(t.text) || NUMBER.test(t.text) || isNameWord(t, i + 1) || afterPrep;
  });
}

/** A question of its own words ("who ran it?", "how many in Canada?"), read with `previous`. */
function understandClause(question: string, rest: readonly Token[], previous: string): string | null {
  const p = danglingPronoun(question, rest);
  if (p >= 0) {
    const t = rest[p] as Token;
    const place = t.lower === "there";
    const a = antecedent(previous, place);
    if (a === null) return null;
    const prev = rest[p - 1];
    const text = POSSESSIVE.has(t.lower)
      ? a.endsWith("s")
        ? `${a}'`
        : `${a}'s`
      : place && !(prev && PREP.has(prev.lower))
        ? `in ${a}`
        : a;
    return capitalise(question.slice((rest[0] as Token).start, t.start) + text + question.slice(t.end));
  }
  const head = whHeadEnd(rest);
  if (head < 0) return null;
  const after = rest.slice(head);
  if (after.length > 0 && !(PREP.has((after[0] as Token).lower) && isFragment(after, false))) return null;
  // An elliptical question: its question word, then at most a fragment ("how many in Canada?").
  const prevToks = tokenize(previous);
  const prevHead = whHeadEnd(prevToks);
  const headText = question.slice((rest[0] as Token).start, (rest[head - 1] as Token).end);
  const ending = question.slice((rest.at(-1) as Token).end).trim() || "?";
  if (prevHead < 0)
    return `${capitalise(question.slice((rest[0] as Token).start, (rest.at(-1) as Token).end))}${ending} (following: ${previous})`;
  const sameWord = rest.slice(0, head).every((t, i) => prevToks[i]?.lower === t.lower);
  const base = sameWord ? previous : capitalise(headText) + previous.slice((prevToks[prevHead - 1] as Token).end);
  return after.length === 0 ? base : applyFragment(base, question, after);
}

/**
 * Reads `question` with the `previous` question of the same member in the same place (null when
 * there is none). A follow-up is short or elliptical: it opens with "and", "but", "what about",
 * "how about"…, or is a bare name, year or number ("Laos?"), or asks with a pronoun that nothing
 * in it stands for ("who ran it?"), or has a question word and no verb ("how many in Canada?").
 * It comes back as a complete question: "How many people did Myanmar hand over?" then "and Laos?"
 * is "How many people did Laos hand over?"; when the previous question has nothing of the same
 * kind to replace, the two are combined ("As for Laos, how many people were persuaded to
 * return?"). A question that stands on its own comes back unchanged.
 */
export function understandQuestion(question: string, previous: string | null): Understanding {
  const alone: Understanding = { question, followUp: false };
  // Questions are at most QUESTION_MAX_CHARS (2,000 at most); longer text is no follow-up, and this bounds the work.
  if (previous === null || previous.trim() === "" || question.length > MAX_QUESTION || previous.length > 4 * MAX_QUESTION) return alone;
  const toks = tokenize(question);
  const lead = leadLength(toks);
  const rest = toks.slice(lead);
  const first = rest[0];
  if (!first) return alone;
  if (rest.length <= 3 && rest.some((t) => CHAT_WORDS.has(t.lower))) return alone;
  let understood: string | null;
  if (WH.has(first.lower) || AUX.has(first.lower) || isWhContraction(first.lower)) {
    understood = understandClause(question, rest, previous);
  } else {
    const onlyPronoun = rest.length === 1 && (PERSONAL.has(first.lower) || DEMONSTRATIVE.has(first.lower));
    // Without a connective, only a few words of names and numbers ("Laos?", "in 2019?") are a follow-up.
    const bare = lead === 0 && (rest.length > 3 || !slotsOf(question, rest).length);
    understood = onlyPronoun || bare || !isFragment(rest, lead > 0) ? null : applyFragment(previous, question, rest);
  }
  return understood === null || understood === question || understood.length > MAX_UNDERSTOOD
    ? alone
    : { question: understood, followUp: true };
}
