/**
 * The checkable facts of a sentence: numbers (with "over", "about", "at least"…, number words,
 * "1.5 million"), percentages, years, dates and date ranges, and names (places, people,
 * organisations). Pure: offsets are into the text as given, values are plain numbers, and no
 * text ever becomes a pattern.
 */
import { tagWords } from "../answer/pos.js";
import { isEnglishWord, MONTHS } from "../answer/english.js";

export type FactKind = "number" | "percent" | "date" | "name";

/** Which way a number is hedged: "over 30,000" is a lower bound, "about 30,000" an estimate. */
export type Qualifier = "exact" | "at least" | "at most" | "about";

export interface Fact {
  kind: FactKind;
  /** Offsets into the text, end exclusive: the fact's words with their qualifier ("over 30,000"). */
  start: number;
  end: number;
  text: string;
  /**
   * Numbers and percentages: the value. Dates: the first day as yyyymmdd, with `high` the last
   * day ("2017" is 20170101–20171231, "2014–2023" is 20140101–20231231). Names: 0.
   */
  low: number;
  high: number;
  qualifier: Qualifier;
  /** Names: the words in lower case, one space apart. Others: "". */
  name: string;
  /** A date range ("2014–2023", "between April 2021 and July 2022"), not one day, month or year. */
  range: boolean;
  /** Numbers: the unit of measure or currency, normalised ("m", "ft", "£", "°F"), or null when none is written. */
  unit: string | null;
  /**
   * Names: a first word that is also an everyday English word ("Japan", "Turkey", "Growth"): a
   * name only where the sentence puts another name in its place, else not a fact at all.
   */
  weak: boolean;
}

const NUMBER_WORDS = new Map<string, number>(
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
    .split(" ")
    .map((w, i) => [w, i]),
);
for (const [w, v] of [
  ["twenty", 20],
  ["thirty", 30],
  ["forty", 40],
  ["fifty", 50],
  ["sixty", 60],
  ["seventy", 70],
  ["eighty", 80],
  ["ninety", 90],
  ["a dozen", 12],
] as const)
  NUMBER_WORDS.set(w, v);
const SCALES = new Map<string, number>([
  ["hundred", 100],
  ["thousand", 1e3],
  ["million", 1e6],
  ["billion", 1e9],
  ["trillion", 1e12],
]);

/** Hedges before a number, longest first so that "more than" wins over "more". */
const QUALIFIERS: [string, Qualifier][] = (
  [
    ["more than", "at least"],
    ["over", "at least"],
    ["at least", "at least"],
    ["upwards of", "at least"],
    ["in excess of", "at least"],
    ["above", "at least"],
    ["no fewer than", "at least"],
    ["no less than", "at least"],
    ["fewer than", "at most"],
    ["less than", "at most"],
    ["under", "at most"],
    ["up to", "at most"],
    ["at most", "at most"],
    ["below", "at most"],
    ["no more than", "at most"],
    ["about", "about"],
    ["around", "about"],
    ["approximately", "about"],
    ["roughly", "about"],
    ["nearly", "about"],
    ["almost", "about"],
    ["some", "about"],
    ["an estimated", "about"],
    ["estimated", "about"],
    ["close to", "about"],
    ["circa", "about"],
    ["c.", "about"],
  ] as [string, Qualifier][]
).sort((a, b) => b[0].length - a[0].length);

interface Word {
  text: string;
  lower: string;
  start: number;
  end: number;
}

const WORD = /[$£€]?\p{N}+(?:[.,]\p{N}+)*%?|\p{L}[\p{L}\p{M}'’.-]*\p{L}|\p{L}|[–—-]|%/gu;

function wordsOf(text: string): Word[] {
  return [...text.matchAll(WORD)].map((m) => ({ text: m[0], lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length }));
}

/** "30,000" → 30000, "5.5" → 5.5, "1,5" (a decimal comma) → 1.5; null when not a number. */
function digitsValue(text: string): number | null {
  const core = text.replace(/^[$£€]/u, "").replace(/%$/u, "");
  if (!/^\p{N}/u.test(core)) return null;
  const ascii = core.replace(/\p{N}/gu, (d) => String(Number.parseInt(d, 10)));
  // Commas between groups of three are thousands separators; a lone comma before fewer digits is a decimal comma.
  const value = /^\d{1,3}(,\d{3})+(\.\d+)?$/.test(ascii) ? Number(ascii.replace(/,/g, "")) : Number(ascii.replace(",", "."));
  return Number.isFinite(value) ? value : null;
}

const isYearValue = (v: number, text: string) => /^\d{4}$/.test(text) && v >= 1000 && v <= 2100;

function monthIndex(lower: string): number | null {
  const i = [...MONTHS].indexOf(lower);
  return i >= 0 ? (i % 12) + 1 : null;
}

/** Whether `words[i..]` spells `phrase` (lower case, words a space apart); returns its length in words, or 0. */
function spells(words: readonly Word[], i: number, phrase: string): number {
  const parts = phrase.split(" ");
  return parts.every((p, k) => words[i + k]?.lower === p) ? parts.length : 0;
}

function dayRange(year: number, month: number | null, day: number | null): [number, number] {
  if (month === null) return [year * 10000 + 101, year * 10000 + 1231];
  if (day === null) return [year * 10000 + month * 100 + 1, year * 10000 + month * 100 + 31];
  return [year * 10000 + month * 100 + day, year * 10000 + month * 100 + day];
}

/** A date at word i ("2017", "May 2019", "5 May 2019", "May 5, 2019"): its range and its last word, or null. */
function dateAt(words: readonly Word[], i: number): { low: number; high: number; last: number } | null {
  const w = words[i];
  if (!w) return null;
  const value = digitsValue(w.text);
  // "2000 kilometres" is a distance, not a year.
  const measured = UNITS.has(words[i + 1]?.lower ?? "") && words[i + 1]?.lower !== "in";
  if (value !== null && isYearValue(value, w.text) && !measured) return { ...rangeOf(dayRange(value, null, null)), last: i };
  const month = monthIndex(w.lower);
  const dayFirst = value !== null && /^\d{1,2}$/.test(w.text) && value >= 1 && value <= 31 ? value : null;
  if (dayFirst !== null) {
    const m = monthIndex(words[i + 1]?.lower ?? "");
    const y = words[i + 2] ? digitsValue((words[i + 2] as Word).text) : null;
    if (m !== null && y !== null && isYearValue(y, (words[i + 2] as Word).text))
      return { ...rangeOf(dayRange(y, m, dayFirst)), last: i + 2 };
    return null;
  }
  if (month === null) return null;
  const next = words[i + 1];
  const nextValue = next ? digitsValue(next.text) : null;
  if (next && nextValue !== null && isYearValue(nextValue, next.text)) return { ...rangeOf(dayRange(nextValue, month, null)), last: i + 1 };
  const after = words[i + 2];
  const afterValue = after ? digitsValue(after.text) : null;
  if (next && nextValue !== null && /^\d{1,2}$/.test(next.text) && after && afterValue !== null && isYearValue(afterValue, after.text))
    return { ...rangeOf(dayRange(afterValue, month, nextValue)), last: i + 2 };
  return null;
}

const rangeOf = ([low, high]: [number, number]) => ({ low, high });

/** A number at word i, digits or words, with a scale word after it ("1.5 million", "two hundred"): its value and last word, or null. */
function numberAt(words: readonly Word[], i: number): { value: number; last: number } | null {
  const w = words[i];
  if (!w) return null;
  let value = digitsValue(w.text);
  let last = i;
  if (value === null) {
    const pair = `${w.lower} ${words[i + 1]?.lower ?? ""}`;
    if (NUMBER_WORDS.has(pair)) {
      value = NUMBER_WORDS.get(pair) as number;
      last = i + 1;
    } else if (NUMBER_WORDS.has(w.lower)) {
      value = NUMBER_WORDS.get(w.lower) as number;
      // "twenty-one" comes as one word; "twenty one" as two.
      const unit = NUMBER_WORDS.get(words[i + 1]?.lower ?? "");
      if (value >= 20 && value % 10 === 0 && unit !== undefined && unit < 10) {
        value += unit;
        last = i + 1;
      }
    } else {
      const hyphen = /^(\p{L}+)-(\p{L}+)$/u.exec(w.lower);
      const tens = hyphen ? NUMBER_WORDS.get(hyphen[1] as string) : undefined;
      const unit = hyphen ? NUMBER_WORDS.get(hyphen[2] as string) : undefined;
      if (tens === undefined || unit === undefined || tens < 20 || unit >= 10) return null;
      value = tens + unit;
    }
  }
  const scale = SCALES.get(words[last + 1]?.lower ?? "");
  if (scale !== undefined) {
    value *= scale;
    last++;
  }
  return { value, last };
}

/** The hedge that ends right before word i, if any: its qualifier and its first word. */
function qualifierBefore(words: readonly Word[], i: number): { qualifier: Qualifier; first: number } | null {
  for (const [phrase, qualifier] of QUALIFIERS) {
    const n = phrase.split(" ").length;
    if (i - n < 0 || spells(words, i - n, phrase) !== n) continue;
    // "handed over 77", "turned over 6": a verb's particle, not a hedge.
    if (n === 1 && PARTICLE_WORDS.has(phrase) && VERB_BEFORE_PARTICLE.test(words[i - n - 1]?.lower ?? "")) return null;
    return { qualifier, first: i - n };
  }
  return null;
}

/** Hedges that are also verb particles ("handed over", "ran under"). */
const PARTICLE_WORDS = new Set(["over", "up"]);
/** Verbs that take "over" or "up" as a particle ("handed over", "made up"); "killed over 1,000" keeps its hedge. */
const VERB_BEFORE_PARTICLE =
  /^(?:hand|hands|handed|handing|turn|turns|turned|turning|take|takes|took|taken|taking|give|gives|gave|given|giving|sign|signs|signed|signing|pass|passes|passed|passing|make|makes|made|making|pick|picks|picked|picking|add|adds|added|adding)$/u;

const RANGE_WORDS = new Set(["–", "—", "-", "to", "and", "until", "till", "through"]);

/** Dates and date ranges ("2014–2023", "between April 2021 and July 2022", "from 2014 to 2023"). */
function dateFacts(text: string, words: readonly Word[], used: Set<number>): Fact[] {
  const out: Fact[] = [];
  for (let i = 0; i < words.length; i++) {
    let first = dateAt(words, i);
    // "between September and November 2023": the first month takes the second date's year.
    const month = monthIndex((words[i] as Word).lower);
    if (!first && month !== null && RANGE_WORDS.has(words[i + 1]?.lower ?? "")) {
      const later = dateAt(words, i + 2);
      if (later) first = { ...rangeOf(dayRange(Math.floor(later.low / 10000), month, null)), last: i };
    }
    if (!first) continue;
    let { low, high, last } = first;
    // "2003–04", "1998-99": a year and the next one written short (a season, a financial year).
    const short = words[last + 2];
    if (
      /^\d{4}$/u.test((words[last] as Word).text) &&
      RANGE_WORDS.has(words[last + 1]?.lower ?? "") &&
      short &&
      /^\d{2}$/u.test(short.text) &&
      touching(words, last) &&
      touching(words, last + 1)
    ) {
      const century = Math.floor(low / 1000000) * 100;
      const endYear = century + Number(short.text);
      if (endYear > Math.floor(low / 10000)) {
        high = endYear * 10000 + 1231;
        last += 2;
      }
    }
    const link = words[last + 1];
    const second = link && RANGE_WORDS.has(link.lower) ? dateAt(words, last + 2) : null;
    // "between … and …", "from … to …", "2014–2023": one range, not two dates.
    if (second && (link?.lower !== "and" || words[i - 1]?.lower === "between")) {
      high = second.high;
      last = second.last;
    }
    const from = words[i - 1]?.lower === "between" || (words[i - 1]?.lower === "from" && second) ? i - 1 : i;
    const start = (words[from] as Word).start;
    const end = (words[last] as Word).end;
    for (let k = from; k <= last; k++) used.add(k);
    out.push({
      kind: "date",
      start,
      end,
      text: text.slice(start, end),
      low,
      high,
      qualifier: "exact",
      name: "",
      range: last > first.last || high - low > 10000,
      unit: null,
      weak: false,
    });
    i = last;
  }
  return out;
}

/** Numbers and percentages not already read as dates. */
function numberFacts(text: string, words: readonly Word[], used: Set<number>): Fact[] {
  const out: Fact[] = [];
  for (let i = 0; i < words.length; i++) {
    if (used.has(i)) continue;
    const found = numberAt(words, i);
    if (!found) continue;
    let { last } = found;
    const currency =
      CURRENCY.exec((words[i] as Word).text)?.[0] ??
      (CURRENCY_WORDS.has(words[i - 1]?.text ?? "") && touching(words, i - 1) ? (words[i - 1] as Word).text : null);
    // "£4.2bn", "$5m", "30k": a scale written right after the digits (or, for money, a word apart: "£4.2 m").
    const suffix = words[last + 1];
    const scale =
      suffix && (touching(words, last) || (currency !== null && suffix.lower !== "m")) ? SCALE_SUFFIXES.get(suffix.lower) : undefined;
    const moneyMillion = suffix && currency !== null && suffix.lower === "m" ? 1e6 : undefined;
    const multiplier = scale ?? moneyMillion;
    if (multiplier !== undefined) {
      found.value *= multiplier;
      last++;
    }
    const percentSign = (words[i] as Word).text.endsWith("%") || words[last + 1]?.text === "%";
    const percentWord = spells(words, last + 1, "percent") || spells(words, last + 1, "per cent");
    const percent = percentSign || percentWord > 0;
    if (words[last + 1]?.text === "%") last++;
    else if (percentWord) last += percentWord;
    const hedge = qualifierBefore(words, i);
    // "one of the…" and "one" as a pronoun are not counts worth checking; a bare "one" rarely is.
    if (found.value === 1 && !/\p{N}/u.test((words[i] as Word).text) && !percent) continue;
    const from = hedge?.first ?? i;
    const start = (words[from] as Word).start;
    const end = (words[last] as Word).end;
    for (let k = from; k <= last; k++) used.add(k);
    const unit = percent ? "%" : ((currency !== null ? normalCurrency(currency) : null) ?? unitAfter(text, words, last));
    out.push({
      kind: percent ? "percent" : "number",
      start,
      end,
      text: text.slice(start, end),
      low: found.value,
      high: found.value,
      qualifier: hedge?.qualifier ?? "exact",
      name: "",
      range: false,
      unit,
      weak: false,
    });
    i = last;
  }
  return out;
}

const CURRENCY = /^(?:US\$|A\$|C\$|[$£€¥])/u;
const CURRENCY_WORDS = new Set(["US$", "A$", "C$", "US", "USD", "GBP", "EUR"]);
function normalCurrency(sign: string): string {
  if (sign === "£" || sign === "GBP") return "£";
  if (sign === "€" || sign === "EUR") return "€";
  if (sign === "¥") return "¥";
  return sign === "A$" ? "A$" : sign === "C$" ? "C$" : "$";
}

/** Whether word i and the next touch (no space between): "4.2bn", "30k". */
function touching(words: readonly Word[], i: number): boolean {
  const next = words[i + 1];
  return next !== undefined && next.start === (words[i] as Word).end;
}

const SCALE_SUFFIXES = new Map<string, number>([
  ["bn", 1e9],
  ["b", 1e9],
  ["mn", 1e6],
  ["m", 1e6],
  ["k", 1e3],
  ["tn", 1e12],
]);

/** Units of measure after a number, by the forms they are written in; what is compared is the normalised unit. */
const UNITS = new Map<string, string>(
  (
    [
      ["m", "m"],
      ["metre", "m"],
      ["metres", "m"],
      ["meter", "m"],
      ["meters", "m"],
      ["km", "km"],
      ["kilometre", "km"],
      ["kilometres", "km"],
      ["kilometer", "km"],
      ["kilometers", "km"],
      ["cm", "cm"],
      ["mm", "mm"],
      ["ft", "ft"],
      ["feet", "ft"],
      ["foot", "ft"],
      ["in", "in"],
      ["inches", "in"],
      ["mi", "mi"],
      ["mile", "mi"],
      ["miles", "mi"],
      ["kg", "kg"],
      ["kilograms", "kg"],
      ["kilogram", "kg"],
      ["g", "g"],
      ["grams", "g"],
      ["tonnes", "t"],
      ["tonne", "t"],
      ["tons", "t"],
      ["ton", "t"],
      ["lb", "lb"],
      ["lbs", "lb"],
      ["oz", "oz"],
      ["ounces", "oz"],
      ["ounce", "oz"],
      ["acres", "acre"],
      ["acre", "acre"],
      ["hectares", "ha"],
      ["hectare", "ha"],
      ["ha", "ha"],
      ["km2", "km2"],
      ["°c", "°C"],
      ["°f", "°F"],
      ["celsius", "°C"],
      ["fahrenheit", "°F"],
      ["seconds", "s"],
      ["second", "s"],
      ["minutes", "min"],
      ["minute", "min"],
      ["hours", "h"],
      ["hour", "h"],
      ["days", "day"],
      ["day", "day"],
      ["weeks", "week"],
      ["week", "week"],
      ["months", "month"],
      ["month", "month"],
      ["years", "year"],
      ["year", "year"],
    ] as const
  ).map(([form, unit]) => [form, unit]),
);

/** The unit written right after word `last` ("1,986 m", "48.8 °F", "20 million ounces"), or null. */
function unitAfter(text: string, words: readonly Word[], last: number): string | null {
  const next = words[last + 1];
  if (!next) return null;
  const gap = text.slice((words[last] as Word).end, next.start);
  if (gap.length > 2) return null;
  // "°F", "° C", "28.5°E": the degree sign is not part of a word.
  const degree = gap.includes("°") && /^[cfnsew]$/u.test(next.lower) ? `°${next.text.toUpperCase()}` : null;
  if (degree) return degree;
  // "in" after a number is far more often a preposition ("77 in 2017") than inches.
  if (next.lower === "in" || !/^\s*$/u.test(gap)) return null;
  return UNITS.get(next.lower) ?? null;
}

/** Small words that may stand inside a name ("Office on Drugs", "Republic of China"); not "and", which joins two names more often ("Stephen Cook and Leonid Levin"). */
const NAME_JOINERS = new Set(["of", "on", "de", "du", "la", "le", "von", "van", "der", "for"]);

/**
 * Names: runs of words the tagger calls proper nouns, or capitalised words after the first, joined
 * by small words between two capitalised ones.
 */
function nameFacts(text: string, words: readonly Word[], used: Set<number>): Fact[] {
  const tags = tagWords(text);
  /** Only white space between word i and the next. */
  const joined = (i: number): boolean => {
    const next = words[i + 1];
    return next !== undefined && /^\s+$/u.test(text.slice((words[i] as Word).end, next.start));
  };
  const tagAt = new Map(tags.map((t) => [t.start, t.pos]));
  const capital = (i: number): boolean => {
    const w = words[i];
    if (!w || used.has(i) || !/^\p{Lu}/u.test(w.text) || MONTHS.has(w.lower)) return false;
    const tag = tagAt.get(w.start);
    if (tag === "PROPN") return true;
    // "Safeguard Defenders …": a first word that starts a run of capitalised words.
    if (i === 0) return joined(0) && /^\p{Lu}/u.test(words[1]?.text ?? "") && tag !== "ADP" && tag !== "DET" && tag !== "PRON";
    // A capitalised first word is a name only when the tagger says so ("In 2014…" is not).
    return (
      i > 0 &&
      tag !== "ADP" &&
      tag !== "DET" &&
      tag !== "PRON" &&
      tag !== "CCONJ" &&
      tag !== "AUX" &&
      !/^[.!?]$/u.test(text.slice(Math.max(0, w.start - 2), w.start).trim())
    );
  };
  const out: Fact[] = [];
  for (let i = 0; i < words.length; i++) {
    if (!capital(i)) continue;
    let last = i;
    // A name's words stand a space apart: a quote mark or a parenthesis ends it.
    while (
      (capital(last + 1) && joined(last)) ||
      (NAME_JOINERS.has(words[last + 1]?.lower ?? "") && joined(last) && joined(last + 1) && capital(last + 2))
    )
      last += capital(last + 1) ? 1 : 2;
    const start = (words[i] as Word).start;
    const end = (words[last] as Word).end;
    const name = words
      .slice(i, last + 1)
      .map((w) => w.lower.replace(/['’]s$/u, ""))
      .join(" ");
    // "P", "X", "F" of "°F": one letter is a variable or a unit, not a name worth checking.
    if (name.replace(/[^\p{L}]/gu, "").length < 2) {
      i = last;
      continue;
    }
    // "Growth was 10%", "Japan launched …": a lone first word that is an everyday English word may or may not be a name.
    const weak = i === 0 && last === 0 && isEnglishWord((words[0] as Word).lower);
    out.push({
      kind: "name",
      start,
      end,
      text: text.slice(start, end),
      low: 0,
      high: 0,
      qualifier: "exact",
      name,
      range: false,
      unit: null,
      weak,
    });
    i = last;
  }
  return out;
}

/** Texts longer than this are not read for facts (a claim or a sentence is far shorter). */
export const MAX_FACT_TEXT = 4000;

/** The checkable facts of `text`, in order of position. */
export function extractFacts(text: string): Fact[] {
  if (text.length > MAX_FACT_TEXT) return [];
  const words = wordsOf(text);
  const used = new Set<number>();
  const dates = dateFacts(text, words, used);
  const numbers = numberFacts(text, words, used);
  const names = nameFacts(text, words, used);
  return [...dates, ...numbers, ...names].sort((a, b) => a.start - b.start);
}
