/**
 * The words of an answer sentence that answer the question: the number for "how many", the date
 * for "when", the name for "who" and "where", the noun phrase that fills the gap for "what" and
 * "which". Heuristic and pure: candidate spans by the kind of fact asked for (numbers, dates,
 * capitalised names, noun-phrase chunks cut where wink-nlp's part-of-speech tagger or a small list
 * of closed-class words says a phrase ends, lists joined by "and" and "or"), without the
 * words the question already holds, preferring spans near those words and the shapes the question
 * asks for (a list for "What are two…?", the term after "called" for "What is the term for…?").
 * Only fixed patterns are
 * used; no text from the question or the sentence ever becomes a pattern.
 */
import { tokenize } from "../store/index.js";
import { MONTHS } from "./english.js";
import { tagWords, type TaggedWord } from "./pos.js";
import { readQuestion, type QuestionShape } from "./highlight-question.js";

export { highlightKind, type HighlightKind } from "./highlight-question.js";

/** Character offsets into the unchanged sentence, end exclusive. */
export interface Highlight {
  start: number;
  end: number;
}

interface Token {
  text: string;
  lower: string;
  start: number;
  end: number;
  /** The word's index term, when it has exactly one. */
  term: string | null;
  /** The word is one the question holds (same stemmed term). */
  asked: boolean;
  /** White space only between this token and the previous one. */
  joined: boolean;
  /** Which clause of the sentence the token is in (clauses end at punctuation). */
  clause: number;
  /** The gap before this token, when short (a comma, a hyphen), for dates such as "May 5, 1998". */
  gap: string;
  /** The word's part of speech by the tagger ("NOUN", "PROPN", "ADJ", …), or null where it has none. */
  pos: string | null;
}

/*
 * Numbers keep their separators, a currency sign, a percent sign and ordinal or decade endings
 * ("$5.5", "30,000", "10th", "1950s"); words keep inner apostrophes, hyphens, en dashes and dots
 * ("U.S.", "Cobham–Edmonds"), and a function's argument in brackets right after it (with at most
 * one bracket inside) is part of the word ("T(n)", "DTIME(f(n))"): the notation is the answer.
 */
const TOKEN =
  /[$£€]?\p{N}+(?:[.,:]\p{N}+)*(?:%|s\b|st\b|nd\b|rd\b|th\b)?|\p{L}[\p{L}\p{M}\p{N}]*(?:['’.–-][\p{L}\p{N}]+)*(?:\((?:[\p{L}\p{N}]+|[\p{L}\p{N}]*\([\p{L}\p{N}]+\))\))?/gu;

const CLOSED = new Set(
  (
    "a an the this that these those its their his her our your my some any each every all both no another such " +
    "of in on at by for with from to into onto over under between among through during before after about against without within upon across along around behind beyond near since until toward towards via per than as " +
    "and or but nor yet so because while although though whereas if unless whether " +
    "it he she they we you i him them us who whom whose which what where when why how there here " +
    "is are was were be been being am has have had having do does did done can could will would shall should may might must " +
    "not also only very then still even just however thus often usually later " +
    "other others several many most more less few various much own same known called named became become include includes included including"
  ).split(" "),
);
const DETERMINERS = new Set("a an the this that these those its their his her our your my".split(" "));
const NUMBER_WORDS = new Set(
  "one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred hundreds thousand thousands million millions billion billions trillion dozen dozens half".split(
    " ",
  ),
);
const ORDINAL_WORDS = new Set(
  "first second third fourth fifth sixth seventh eighth ninth tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth seventeenth eighteenth nineteenth twentieth twenty-first".split(
    " ",
  ),
);
const UNITS = new Set(
  "percent per cent years year months month days day weeks week hours hour minutes minute seconds miles mile km kilometres kilometers metres meters feet foot square acres hectares times people".split(
    " ",
  ),
);
/** Lower-case words that join capitalised words into one name ("Duchy of Normandy", "Leonardo da Vinci"). */
const NAME_JOINERS = new Set("of the de da du del della di von van der den la le y bin al upon on".split(" "));
/** The parts of speech a noun phrase is made of. */
const PHRASE_TAGS = new Set(["NOUN", "PROPN", "ADJ", "NUM"]);
const POSSESSIVE = /['’]s$/u;
const PLACE_PREPOSITIONS = new Set(["in", "at", "from", "near", "into", "to", "of"]);
const REASON_MARKERS = new Set(["because", "due", "since", "so", "order", "result"]);

function isNumber(t: Token): boolean {
  return /^[$£€]?\p{N}/u.test(t.text) || NUMBER_WORDS.has(t.lower);
}

function isYear(t: Token): boolean {
  return /^(1\d{3}|20\d{2})s?$/.test(t.text) || /^\d{2}s$/.test(t.text);
}

function isCapitalised(t: Token): boolean {
  return /^\p{Lu}/u.test(t.text);
}

function tokens(sentence: string, askedTerms: ReadonlySet<string>): Token[] {
  const out: Token[] = [];
  let previousEnd = 0;
  const tagged = tagWords(sentence);
  let w = 0;
  /** The tag of the tagged word that holds offset `at`; both lists are in order, so one pass. */
  const posAt = (at: number): string | null => {
    while (w < tagged.length && (tagged[w] as TaggedWord).end <= at) w++;
    const word = tagged[w];
    return word !== undefined && word.start <= at ? word.pos : null;
  };
  for (const m of sentence.matchAll(TOKEN)) {
    const text = m[0];
    const start = m.index;
    const between = sentence.slice(previousEnd, start);
    const terms = tokenize(text);
    out.push({
      text,
      lower: text.toLowerCase(),
      start,
      end: start + text.length,
      asked: terms.length > 0 && terms.every((t) => askedTerms.has(t)),
      term: terms.length === 1 ? (terms[0] as string) : null,
      joined: out.length === 0 || /^\s*$/u.test(between),
      clause: (out.at(-1)?.clause ?? 0) + (/[,;:()—–"“”]/u.test(between) ? 1 : 0),
      gap: between.length <= 3 ? between.trim() : "?",
      pos: posAt(start),
    });
    previousEnd = start + text.length;
  }
  return out;
}

interface Candidate {
  from: number;
  to: number;
  /** How well the span's shape fits what the question asks for. */
  fit: number;
  /** A list of items joined by "and" or "or". */
  list?: boolean;
  /** The question's words are kept in it: a term that holds them ("randomized algorithms" for "algorithms that use random bits"). */
  whole?: boolean;
}

/** Maximal runs of tokens for which `inside(i)` holds, each token after the first joined to the last by `joins(i)`. */
function runs(toks: readonly Token[], inside: (i: number) => boolean, joins: (i: number) => boolean): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < toks.length) {
    if (!inside(i)) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < toks.length && inside(j + 1) && joins(j + 1)) j++;
    out.push([i, j]);
    i = j + 1;
  }
  return out;
}

function numberCandidates(toks: readonly Token[], withUnit: boolean): Candidate[] {
  const numeric = (i: number) => {
    const t = toks[i] as Token;
    return (
      isNumber(t) || (t.lower === "and" && i > 0 && isNumber(toks[i - 1] as Token) && i + 1 < toks.length && isNumber(toks[i + 1] as Token))
    );
  };
  return runs(toks, numeric, (i) => (toks[i] as Token).joined || (toks[i] as Token).gap === "-").map(([from, to]) => {
    let end = to;
    const next = toks[to + 1];
    if (next?.joined && (UNITS.has(next.lower) || (withUnit && !CLOSED.has(next.lower) && /^\p{Ll}/u.test(next.text)))) end = to + 1;
    const year = from === to && isYear(toks[from] as Token);
    return { from, to: end, fit: year ? 0.3 : 1 };
  });
}

function dateCandidates(toks: readonly Token[]): Candidate[] {
  const datePart = (i: number): boolean => {
    const t = toks[i] as Token;
    if (isYear(t) || MONTHS.has(t.lower) || /^\d+(st|nd|rd|th)$/.test(t.text) || ORDINAL_WORDS.has(t.lower)) return true;
    if (/^(century|centuries|bc|ad|bce|ce)$/.test(t.lower)) return i > 0 && datePart(i - 1);
    // A day of the month, next to a month name.
    return /^\d{1,2}$/.test(t.text) && (MONTHS.has(toks[i - 1]?.lower ?? "") || MONTHS.has(toks[i + 1]?.lower ?? ""));
  };
  // "the 10th and 11th centuries", "1914 or 1915": two dates joined by "and" or "or" are one span.
  const inDate = (i: number) =>
    datePart(i) || (/^(?:and|or)$/.test((toks[i] as Token).lower) && i > 0 && datePart(i - 1) && i + 1 < toks.length && datePart(i + 1));
  return runs(toks, inDate, (i) => (toks[i] as Token).joined || (toks[i] as Token).gap === ",")
    .filter(([from, to]) => toks.slice(from, to + 1).some((t) => isYear(t) || MONTHS.has(t.lower) || /^(century|centuries)$/.test(t.lower)))
    .map(([from, to]) => ({ from, to, fit: 1 }));
}

function nameCandidates(toks: readonly Token[]): Candidate[] {
  const inName = (i: number) => {
    const t = toks[i] as Token;
    // A capitalised first word is a name only if the tagger says so ("Normandy", not "Closely" or "One").
    if (isCapitalised(t) && !(i === 0 && CLOSED.has(t.lower)) && (i > 0 || t.pos === null || t.pos === "PROPN")) return true;
    return (
      NAME_JOINERS.has(t.text) && i > 0 && isCapitalised(toks[i - 1] as Token) && i + 1 < toks.length && isCapitalised(toks[i + 1] as Token)
    );
  };
  // A lone capitalised word that starts the sentence is as often an ordinary word ("Notable") as a name.
  return runs(toks, inName, (i) => (toks[i] as Token).joined).map(([from, to]) => ({
    from,
    to,
    fit: from === 0 && to === 0 ? 1 - HIGHLIGHT_WEIGHTS.initialWord : 1,
  }));
}

/**
 * A word that is not part of a noun phrase: closed-class; a word the tagger calls neither noun,
 * adjective nor number; an adverb; or a word in -ed or -ing after no determiner, unless it starts
 * a phrase (after a small word) and a lower-case noun follows, where it modifies that noun
 * ("were fighting horsemen", "are called randomized algorithms").
 */
function breaksPhrase(toks: readonly Token[], i: number): boolean {
  const t = toks[i] as Token;
  if (CLOSED.has(t.lower)) return true;
  if (t.pos !== null && PHRASE_TAGS.has(t.pos)) return false;
  if (t.pos !== null && (t.pos !== "VERB" || !/(ed|ing)$/u.test(t.lower))) return true;
  if (/^\p{L}.{2,}ly$/u.test(t.text)) return true;
  if (!/^\p{Ll}.{1,}(ed|ing)$/u.test(t.text) || DETERMINERS.has(toks[i - 1]?.lower ?? "")) return false;
  const next = toks[i + 1];
  const startsPhrase = i === 0 || CLOSED.has((toks[i - 1] as Token).lower);
  const nounFollows =
    next !== undefined && next.joined && /^\p{Ll}/u.test(next.text) && !CLOSED.has(next.lower) && !/(ed|ing|ly)$/u.test(next.lower);
  return !(startsPhrase && nounFollows);
}

function phraseCandidates(toks: readonly Token[]): Candidate[] {
  const chunks = runs(
    toks,
    (i) => !breaksPhrase(toks, i),
    (i) => (toks[i] as Token).joined,
  );
  const out = chunks.map(([from, to]) => ({ from, to, fit: 0.8 }));
  // "the Duchy of Normandy", "the speed of light": two chunks joined by "of" are one phrase too.
  for (let k = 0; k + 1 < chunks.length; k++) {
    const [from, to] = chunks[k] as [number, number];
    const [nextFrom, nextTo] = chunks[k + 1] as [number, number];
    if (nextFrom === to + 2 && toks[to + 1]?.lower === "of" && (toks[to + 1] as Token).joined && (toks[nextFrom] as Token).joined)
      out.push({ from, to: nextTo, fit: 0.7 });
  }
  return [...out, ...coordinated(toks, chunks)];
}

/**
 * "time and storage", "yes or no", "best, worst and average", "analysis of algorithms and
 * computability theory": chunks listed with commas and a last "and" or "or", each item possibly
 * two chunks joined by "of".
 */
function coordinated(toks: readonly Token[], chunks: readonly [number, number][]): Candidate[] {
  /** The word between chunk k and the next one, when the two are one word apart, or "," when they touch after a comma. */
  const link = (k: number): string | null => {
    const to = (chunks[k] as [number, number])[1];
    const next = chunks[k + 1];
    if (next === undefined) return null;
    if (next[0] === to + 1) return (toks[next[0]] as Token).gap === "," ? "," : null;
    const between = toks[to + 1] as Token;
    return next[0] === to + 2 && between.joined && (toks[next[0]] as Token).joined ? between.lower : null;
  };
  const out: Candidate[] = [];
  for (let k = 0; k < chunks.length; k++) {
    // A list starts at its first item, not inside an item or after a comma.
    if (k > 0 && (link(k - 1) === "of" || link(k - 1) === ",")) continue;
    let last = k;
    while (link(last) === "of" || link(last) === ",") last++;
    const conjunction = link(last);
    if (conjunction !== "and" && conjunction !== "or") continue;
    let end = last + 1;
    while (link(end) === "of") end++;
    out.push({ from: (chunks[k] as [number, number])[0], to: (chunks[end] as [number, number])[1], fit: 0.8, list: true });
  }
  return out;
}

/** The clause after "because", "due to", "in order to", "so that", up to the next punctuation. */
function reasonCandidates(toks: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  toks.forEach((t, i) => {
    if (!REASON_MARKERS.has(t.lower)) return;
    let from = i + 1;
    while (from < toks.length && /^(to|of|that|a|the)$/.test((toks[from] as Token).lower) && from <= i + 2) from++;
    let to = from;
    while (to + 1 < toks.length && (toks[to + 1] as Token).joined) to++;
    if (from < toks.length) out.push({ from, to, fit: 1.2 });
  });
  return out;
}

const MANNER_MARKERS = new Set(["by", "through", "using", "as"]);

/** "by …ing", "through …" and "as …" clauses, which say how something was done ("calculated as a function of the size"). */
function mannerCandidates(toks: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  toks.forEach((t, i) => {
    if (!MANNER_MARKERS.has(t.lower)) return;
    let to = i + 1;
    if (to >= toks.length) return;
    while (to + 1 < toks.length && (toks[to + 1] as Token).joined) to++;
    out.push({ from: i + 1, to, fit: 1.1 });
  });
  return out;
}

/** "April 1191" when a year is asked for ("What year…?", "In which year…?"): the year alone, or "1914 or 1915", both years. */
function yearsOnly(c: Candidate, toks: readonly Token[]): Candidate {
  const years = toks.slice(c.from, c.to + 1).flatMap((t, i) => (isYear(t) ? [c.from + i] : []));
  return years.length === 0 ? c : { ...c, from: years[0] as number, to: years[years.length - 1] as number };
}

/** Words of direction that are part of a place's name as a reader gives it ("southern Italy", "northern Syria"). */
const DIRECTIONS = new Set(["northern", "southern", "eastern", "western", "central", "north", "south", "east", "west", "upper", "lower"]);

/** A place's name with the word of direction just before it, when there is one. */
function withDirection(c: Candidate, toks: readonly Token[]): Candidate {
  const before = toks[c.from - 1];
  return before && (toks[c.from] as Token).joined && DIRECTIONS.has(before.text) ? { ...c, from: c.from - 1 } : c;
}

function candidatesFor(shape: QuestionShape, toks: readonly Token[]): Candidate[] {
  const lower = (cs: Candidate[], by: number) => cs.map((c) => ({ ...c, fit: c.fit * by }));
  switch (shape.kind) {
    case "number":
      return numberCandidates(toks, false);
    case "quantity":
      return numberCandidates(toks, true);
    case "date": {
      const dates = dateCandidates(toks);
      return [...(shape.noun === "year" ? dates.map((c) => yearsOnly(c, toks)) : dates), ...lower(numberCandidates(toks, false), 0.5)];
    }
    case "person":
      return [...nameCandidates(toks), ...lower(phraseCandidates(toks), 0.5)];
    case "place":
      return [...nameCandidates(toks).map((c) => withDirection(c, toks)), ...lower(phraseCandidates(toks), 0.5)];
    case "reason":
      return [...reasonCandidates(toks), ...lower(phraseCandidates(toks), 0.5)];
    case "manner":
      return [...mannerCandidates(toks), ...lower(phraseCandidates(toks), 0.5)];
    default:
      return [...phraseCandidates(toks), ...lower(nameCandidates(toks), 1)];
  }
}

/** Token `to` is a capital "I" after a capitalised word that does not start the sentence: a regnal numeral. */
function romanOne(toks: readonly Token[], from: number, to: number): boolean {
  return to > from && to > 1 && (toks[to] as Token).text === "I" && isCapitalised(toks[to - 1] as Token);
}

/** The candidate without the question's words at its edges, or null when only those are left. */
function trimAsked(c: Candidate, toks: readonly Token[]): Candidate | null {
  let { from, to } = c;
  const skip = (i: number) => (toks[i] as Token).asked || CLOSED.has((toks[i] as Token).lower);
  while (from <= to && skip(from)) from++;
  while (to >= from && (toks[to] as Token).asked) to--;
  // A phrase left ending on "of" once the question's words are gone is cut there; a capital "I" ending a name is a numeral ("Richard I").
  while (to >= from && CLOSED.has((toks[to] as Token).lower) && !romanOne(toks, from, to)) to--;
  if (from > to) return null;
  // A lone letter ("T" of "T(n)") is rarely the answer; a lone digit ("6 from Vanuatu") often is.
  const tiny = from === to && /^\p{L}$/u.test((toks[from] as Token).text);
  return { ...c, from, to, fit: tiny ? c.fit * (1 - HIGHLIGHT_WEIGHTS.tiny) : c.fit };
}

/** Weights of the span score; tuned on the first three articles of the SQuAD benchmark only. */
const HIGHLIGHT_WEIGHTS = {
  /** Per token of distance to the nearest word of the question. */
  distance: 0.05,
  /** Per distinct question word in the span's clause. */
  clause: 0.2,
  /** Per question word left inside the span. */
  askedInside: 0.5,
  /** For a span that ends a clause (before punctuation, or at the end). */
  clauseEnd: 0.1,
  /** For a one-word lower-case span, often an adjective or a verb rather than the answer. */
  single: 0.2,
  /** Times the span's relative position in the sentence (0 at the start, 1 at the end). */
  position: 0.1,
  /** Share of the fit lost by a lone capitalised word that starts the sentence. */
  initialWord: 0.3,
  /** Share of the fit lost by a one-letter span ("T" of "T(n)"; a one-digit number keeps its fit). */
  tiny: 0.5,
  /** For a name right after "by" when the question asks who. */
  agent: 0.4,
  /** Against a span after "in", "at", "to", "of", "from", "near", "into" when the question asks who. */
  located: 0.2,
  /** For a span right before the noun a what/which question names. */
  named: 0.8,
  /** Per token beyond the fourth. */
  length: 0.05,
  /** For a list when the question asks for a count of things ("What are two…?"). */
  several: 1.5,
  /** For a list when the question is plural ("Who were…?"). */
  plural: 1,
  /** For the term a sentence names when the question asks for a term or name. */
  term: 0.6,
  /** For an item listed next to one the question names, when it asks for another ("Other than X, what…?"). */
  sibling: 1,
  /** For a span right after "such as", "for example", "including", when the question asks for an example. */
  instance: 1,
  /** For a span right before the question's words when the question asks for the subject of its verb. */
  subject: 0.25,
  /** For a span right after the question's words when the question asks for the object of its verb. */
  object: 0.5,
  /**
   * For a span right before a verb the question does not hold, when the question asks for the
   * subject of its verb (the question's verb is often paraphrased).
   */
  verbSubject: 0.3,
  /** For a span right after a verb the question does not hold, when the question asks for the object of its verb. */
  verbObject: 0.3,
  /** For a name set beside the question's words ("the commuter rail system, Metrolink"; "skateboarder Tony Hawk"). */
  apposed: 0.6,
};

/** The span is a capitalised name right after the question's words (after a comma or none), or right before them and a comma. */
function apposed(c: Candidate, toks: readonly Token[]): boolean {
  const first = toks[c.from] as Token;
  if (!isCapitalised(first)) return false;
  const before = toks[c.from - 1];
  if (before?.asked && !isCapitalised(before) && (first.joined || first.gap === ",")) return true;
  const after = toks[c.to + 1];
  return after !== undefined && after.gap === "," && (after.asked || (DETERMINERS.has(after.lower) && toks[c.to + 2]?.asked === true));
}

/**
 * A word of the question stands beside the span in its clause, on the side `step` points to (-1
 * before, +1 after), past small words only, at most `reach` words away.
 */
function askedBeside(c: Candidate, toks: readonly Token[], step: -1 | 1, reach: number): boolean {
  for (let k = 1; k <= reach; k++) {
    const i = step < 0 ? c.from - k : c.to + k;
    const t = toks[i];
    // The white space between this word and the one nearer the span.
    if (t === undefined || !(toks[step < 0 ? i + 1 : i] as Token).joined) return false;
    if (t.asked) return true;
    if (!CLOSED.has(t.lower)) return false;
  }
  return false;
}

/** The span follows a word of the question in its clause, past at most two small words ("built the"). */
const afterAsked = (c: Candidate, toks: readonly Token[]) => askedBeside(c, toks, -1, 3);

/** The span is followed, past at most three small words ("is the most"), by a word of the question, in its clause. */
const beforeAsked = (c: Candidate, toks: readonly Token[]) => askedBeside(c, toks, 1, 4);

const LIST_LINKS = new Set(["and", "or"]);
const EXAMPLE_MARKERS = new Set(["such as", "for example", "for instance", "including", "e.g", "like"]);

/** What lies between a span's edge and the next word on one side: a comma, a list word, and where that word is. */
interface ListLink {
  /** The first token past the edge that is neither a determiner nor "and"/"or". */
  at: number;
  comma: boolean;
  word: boolean;
}

/**
 * Walks from token `i` by `step` (1 or -1) past determiners and "and"/"or", noting the commas and
 * list words crossed; `comma` says whether the gap at the edge itself (going left) is one.
 */
function walkLink(toks: readonly Token[], i: number, step: 1 | -1, comma: boolean): ListLink {
  let word = false;
  while (i >= 0 && i < toks.length && (DETERMINERS.has((toks[i] as Token).lower) || LIST_LINKS.has((toks[i] as Token).lower))) {
    word ||= LIST_LINKS.has((toks[i] as Token).lower);
    // A token's gap lies before it: passed going left, and (with the last one's, below) going right.
    comma ||= (toks[i] as Token).gap === ",";
    i += step;
  }
  if (step === 1) comma ||= toks[i]?.gap === ",";
  return { at: i, comma, word };
}

/**
 * The span is listed next to words the question holds ("the San Jacinto Fault, the Puente Hills
 * Fault, and the Elsinore Fault"; "culturally, politically, and economically"): "and" or "or"
 * between the span and a word the question holds, or a comma where the span has a list word or a
 * comma on its other side too, or is a list itself ("Besides surfing, the coast…" lists nothing).
 */
function listedWithAsked(c: Candidate, toks: readonly Token[]): boolean {
  const left = walkLink(toks, c.from - 1, -1, (toks[c.from] as Token).gap === ",");
  // Rightwards, past the rest of the span's name first (words the question holds: "the Puente Hills Fault").
  let j = c.to + 1;
  while (j < toks.length && (toks[j] as Token).joined && (toks[j] as Token).asked) j++;
  const right = walkLink(toks, j, 1, false);
  const linked = (l: ListLink) => l.word || l.comma;
  const counts = (l: ListLink, other: ListLink) =>
    toks[l.at]?.asked === true && (l.word || (l.comma && (c.list === true || linked(other))));
  return counts(left, right) || counts(right, left);
}

/** The span comes right after "such as", "for example", "for instance", "including", "e.g.", "like" (and a determiner). */
function afterExampleMarker(c: Candidate, toks: readonly Token[]): boolean {
  let i = c.from - 1;
  while (i >= 0 && DETERMINERS.has((toks[i] as Token).lower)) i--;
  const one = toks[i]?.lower ?? "";
  const two = `${toks[i - 1]?.lower ?? ""} ${one}`;
  return EXAMPLE_MARKERS.has(one) || EXAMPLE_MARKERS.has(two);
}

/** Verbs that give a thing its name: the span after them is the term ("are called randomized algorithms"). */
const NAMING_VERBS = new Set(["called", "named", "termed", "dubbed", "known", "referred", "denoted", "labelled", "labeled", "said"]);
/** Small words between a naming verb and the term ("referred to as a", "said to be the"). */
const NAMING_GLUE = new Set(["a", "an", "the", "as", "to", "be"]);
const COPULA = new Set(["is", "are", "was", "were"]);

/**
 * The span is the term a sentence names: the words after "called", "known as", "referred to as",
 * "said to be", or the subject of a definition ("A Turing machine is a mathematical model…").
 */
function namesTerm(c: Candidate, toks: readonly Token[]): boolean {
  const next = toks[c.to + 1];
  if (next !== undefined && COPULA.has(next.lower) && /^an?$/.test(toks[c.to + 2]?.lower ?? "")) return true;
  let i = c.from - 1;
  while (i >= 0 && i >= c.from - 3 && NAMING_GLUE.has((toks[i] as Token).lower)) i--;
  const verb = toks[i];
  if (verb === undefined || !NAMING_VERBS.has(verb.lower)) return false;
  // "known as", "referred to as", "said to be"; "a known problem" and "said the plan" name nothing.
  if (verb.lower === "said") return toks[i + 1]?.lower === "to" && toks[i + 2]?.lower === "be";
  return (verb.lower !== "known" && verb.lower !== "referred") || toks[i + 1]?.lower === "as" || toks[i + 2]?.lower === "as";
}

/**
 * The candidates of `kind`, each without the question's words at its edges; where the question
 * asks for a term, a candidate that names one is offered whole as well, since a term often
 * repeats the question's words ("polynomial time algorithm" for "the term for the algorithm").
 */
function spansFor(shape: QuestionShape, toks: readonly Token[]): Candidate[] {
  const out: Candidate[] = [];
  for (const raw of candidatesFor(shape, toks)) {
    const c = trimAsked(raw, toks);
    if (c) out.push(c);
    if (!shape.naming || !namesTerm(raw, toks)) continue;
    let { from, to } = raw;
    while (from <= to && CLOSED.has((toks[from] as Token).lower)) from++;
    while (to >= from && CLOSED.has((toks[to] as Token).lower)) to--;
    if (from <= to && (c?.from !== from || c.to !== to)) out.push({ ...raw, from, to, whole: true });
  }
  return out;
}

function score(c: Candidate, toks: readonly Token[], askedAt: readonly number[], shape: QuestionShape): number {
  const { kind, noun } = shape;
  const distance = askedAt.length === 0 ? 3 : Math.min(...askedAt.map((i) => (i < c.from ? c.from - i : i > c.to ? i - c.to : 0)));
  let inside = 0;
  if (!c.whole) for (let i = c.from; i <= c.to; i++) if ((toks[i] as Token).asked) inside++;
  const size = c.to - c.from + 1;
  const w = HIGHLIGHT_WEIGHTS;
  const clause = new Set(
    askedAt.filter((i) => (toks[i] as Token).clause === (toks[c.from] as Token).clause).map((i) => (toks[i] as Token).lower),
  ).size;
  const before = toks[c.from - 1];
  const next = toks[c.to + 1];
  const clauseEnd = next === undefined || !next.joined ? w.clauseEnd : 0;
  const first = toks[c.from] as Token;
  const single = size === 1 && /^\p{Ll}/u.test(first.text) ? w.single : 0;
  const position = (w.position * c.from) / Math.max(1, toks.length - 1);
  // "was stopped by the Byzantine general Alexius Komnenos": the doer of a passive verb.
  const agent = kind === "person" && before?.lower === "by" ? w.agent : 0;
  // "fled to Scotland", "the coast of Cyprus": a name after a preposition of place is more often a place than a person.
  const located =
    kind === "person" && before !== undefined && PLACE_PREPOSITIONS.has(before.lower) && (toks[c.from] as Token).joined ? w.located : 0;
  // "the Norse religion" for "What religion…?", "twelve cities" for "How many cities…?": the words just before the noun the question names.
  const named = noun !== null && next !== undefined && next.joined && next.term === noun ? w.named : 0;
  // "time and storage" for "What are two resources…?".
  const list = c.list ? (shape.several ? w.several : 0) + (shape.plural ? w.plural : 0) : 0;
  const term = shape.naming && namesTerm(c, toks) ? w.term : 0;
  const sibling = shape.other && listedWithAsked(c, toks) ? w.sibling : 0;
  const instance = shape.example && afterExampleMarker(c, toks) ? w.instance : 0;
  const subject = shape.subject && beforeAsked(c, toks) ? w.subject : 0;
  const object = shape.object && afterAsked(c, toks) ? w.object : 0;
  // "a flood swept away the bridge" for "What destroyed the bridge?": the subject of a verb the
  // question words otherwise; "manipulates symbols" for "What does it handle?": its object. A
  // passive sentence's subject is the thing acted on ("the mill was struck by lightning"), which
  // this favours wrongly; leaving passives out lowered highlight F1 on the tuning articles' plausible
  // answers (0.486 to 0.484) and changed nothing on their answerable questions, so they stay in.
  const verbSubject = shape.subject && next !== undefined && next.joined && !next.asked && (next.pos === "VERB" || next.pos === "AUX");
  const verbObject = shape.object && before !== undefined && first.joined && !before.asked && before.pos === "VERB";
  const role = (verbSubject ? w.verbSubject : 0) + (verbObject ? w.verbObject : 0);
  const beside = (shape.naming || shape.kind === "person" || shape.kind === "place") && apposed(c, toks) ? w.apposed : 0;
  return (
    c.fit +
    role +
    subject +
    object +
    beside +
    sibling +
    instance +
    named +
    list +
    term +
    agent -
    located +
    clauseEnd -
    single +
    position -
    w.distance * Math.max(0, distance - 1) +
    w.clause * clause -
    w.askedInside * inside -
    w.length * Math.max(0, size - 4)
  );
}

/** The one token of `toks` that is one of the question's two choices, when the sentence holds only one of them. */
function choiceIn(choices: readonly [string, string], toks: readonly Token[]): number | null {
  const at = toks.flatMap((t, i) => (t.term !== null && choices.includes(t.term) ? [i] : []));
  return new Set(at.map((i) => (toks[i] as Token).term)).size === 1 ? (at[0] as number) : null;
}

/**
 * The last token of the chosen span `c`, grown over the rest of its noun phrase: over the
 * question's capitalised words that end a name ("the Colorado Desert" for "the name of the
 * desert"), and, for what/which questions, over the nouns that end the phrase ("the Blum
 * complexity axioms"), short of the noun that names the kind of thing asked for ("skateboard" of
 * "skateboard culture" for "What other culture…?").
 */
function phraseEnd(c: Candidate, toks: readonly Token[], shape: QuestionShape): number {
  let to = c.to;
  const grows = (i: number, fits: (t: Token) => boolean) => {
    const t = toks[i];
    return t !== undefined && t.joined && fits(t) && !POSSESSIVE.test((toks[i - 1] as Token).text);
  };
  if (isCapitalised(toks[to] as Token)) while (grows(to + 1, (t) => t.asked && isCapitalised(t))) to++;
  if (shape.kind === "thing" && (shape.category === null || toks[to + 1]?.term !== shape.category))
    while (grows(to + 1, (t) => (t.pos === "NOUN" || t.pos === "PROPN") && !CLOSED.has(t.lower))) to++;
  return to;
}

/**
 * The highlighter for `question`: the span of a sentence that answers it, or null when nothing
 * in the sentence fits. The question is read once, for all the sentences of an answer. Offsets
 * are into the sentence as given; the span starts and ends on a word.
 */
export function highlighter(question: string): (sentence: string) => Highlight | null {
  const askedTerms = new Set(tokenize(question));
  const shape = readQuestion(question);
  return (sentence) => {
    const toks = tokens(sentence, askedTerms);
    const askedAt = toks.flatMap((t, i) => (t.asked ? [i] : []));
    // "Is it abstract or concrete?": the choice the sentence makes.
    const choice = shape.alternatives && choiceIn(shape.alternatives, toks);
    if (choice !== null) return { start: (toks[choice] as Token).start, end: (toks[choice] as Token).end };
    let best: { c: Candidate; s: number } | null = null;
    for (const c of spansFor(shape, toks)) {
      const s = score(c, toks, askedAt, shape);
      if (!best || s > best.s) best = { c, s };
    }
    if (!best) return null;
    const last = toks[phraseEnd(best.c, toks, shape)] as Token;
    // "Rollo's": the possessive ending is not part of the name it follows.
    const possessive = POSSESSIVE.exec(last.text)?.[0].length ?? 0;
    return { start: (toks[best.c.from] as Token).start, end: last.end - possessive };
  };
}

/** The span of `sentence` that answers `question`, or null (see `highlighter`). */
export function highlightAnswer(question: string, sentence: string): Highlight | null {
  return highlighter(question)(sentence);
}

/** A sentence cut at its highlight: the words before, the highlighted words, the words after. */
export interface HighlightParts {
  before: string;
  marked: string;
  after: string;
}

/**
 * `text` cut at `highlight`, each part passed through `clean` (the front end's own sanitiser),
 * or null when there is no highlight or when cleaning the parts apart would show other text than
 * cleaning the whole (a control sequence that straddles an edge): the sentence is then shown
 * without a mark rather than differently.
 */
export function highlightParts(text: string, highlight: Highlight | null, clean: (s: string) => string): HighlightParts | null {
  if (!highlight || highlight.start < 0 || highlight.end > text.length || highlight.start >= highlight.end) return null;
  const parts = {
    before: clean(text.slice(0, highlight.start)),
    marked: clean(text.slice(highlight.start, highlight.end)),
    after: clean(text.slice(highlight.end)),
  };
  if (parts.marked === "" || parts.before + parts.marked + parts.after !== clean(text)) return null;
  return parts;
}

/**
 * `text` with each of `ranges` wrapped in `open` and `close`, every piece passed through `clean`
 * (the front end's sanitiser); null when a range is out of order or out of bounds, or when
 * cleaning the pieces apart would show other text than cleaning the whole.
 */
export function markRanges(
  text: string,
  ranges: readonly Highlight[],
  clean: (s: string) => string,
  open: string,
  close: string,
): string | null {
  let out = "";
  let shown = "";
  let at = 0;
  for (const r of [...ranges].sort((a, b) => a.start - b.start)) {
    if (r.start < at || r.end > text.length || r.start >= r.end) return null;
    const before = clean(text.slice(at, r.start));
    const marked = clean(text.slice(r.start, r.end));
    out += `${before}${open}${marked}${close}`;
    shown += before + marked;
    at = r.end;
  }
  const rest = clean(text.slice(at));
  return shown + rest === clean(text) ? out + rest : null;
}
