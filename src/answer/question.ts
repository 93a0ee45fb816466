/**
 * What kind of fact a question asks for, from its wording. Used only to prefer sentences that
 * hold such a fact; it never adds words to an answer.
 */
export type AnswerType = "number" | "date" | "person" | "place" | "other";

/**
 * A question as asked: control characters removed, white space folded, trimmed. Every front end
 * cleans a question this way, then refuses it when empty or longer than QUESTION_MAX_CHARS.
 * Linear in the input's length, so a megabyte of white space costs milliseconds.
 */
export function cleanQuestion(raw: string): string {
  // A terminal escape sequence goes whole ("\u001b[31m"), not only its control character, which would leave "[31m" as words.
  return raw
    .replace(ANSI_SEQUENCE, " ")
    .replace(/\p{Cc}+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** CSI and OSC escape sequences (colours, cursor moves, titles, hyperlinks), each matched in one linear pass. */
const ANSI_SEQUENCE = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u009b[0-?]*[ -/]*[@-~]/gu;

/** Why a cleaned question cannot be answered (empty, or over `maxChars`), or null when it can. */
export function questionProblem(question: string, maxChars: number): string | null {
  if (question === "") return "the question is empty";
  if (question.length > maxChars) return `the question has ${question.length} characters, over the ${maxChars} of QUESTION_MAX_CHARS`;
  return null;
}

const PATTERNS: [AnswerType, RegExp][] = [
  ["number", /\bhow (many|much|long|far|big|large|old|often)\b|\bwhat (number|percentage|proportion|amount)\b|\bnumber of\b/i],
  ["date", /\bwhen\b|\bwhat (year|date|day|month|century|decade|time)\b|\bwhich (year|date|century|decade)\b|\bin what (year|century)\b/i],
  ["person", /\bwho(m|se)?\b|\bwhich (person|people|group|organi[sz]ation|company)\b/i],
  ["place", /\bwhere\b|\bwhich (country|countries|city|cities|place|region|state)\b|\bwhat (country|city|place|region|state)\b/i],
];

export function answerType(question: string): AnswerType {
  for (const [type, pattern] of PATTERNS) if (pattern.test(question)) return type;
  return "other";
}

const NUMBER =
  /\b\d[\d,.]*\b|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen)s?\b/i;
const DATE =
  /\b(1[0-9]{3}|20[0-9]{2})s?\b|\b(January|February|March|April|May|June|July|August|September|October|November|December)\b|\b\d{1,2}(st|nd|rd|th) century\b|\bcentury\b/i;
const CAPITALISED = /(?<!^|[.!?]\s)\b\p{Lu}\p{Ll}+/u;

/**
 * Whether `sentence` holds something of the wanted type that the question does not already
 * contain (a number for "how many" other than the numbers in the question, and so on).
 */
export function holdsAnswerType(type: AnswerType, sentence: string, question: string): boolean {
  const fresh = (pattern: RegExp) => {
    const global = new RegExp(pattern.source, `${pattern.flags.replace("g", "")}g`);
    const asked = new Set((question.match(global) ?? []).map((m) => m.toLowerCase()));
    return (sentence.match(global) ?? []).some((m) => !asked.has(m.toLowerCase()));
  };
  switch (type) {
    case "number":
      return fresh(NUMBER);
    case "date":
      return fresh(DATE);
    case "person":
    case "place":
      return fresh(CAPITALISED);
    default:
      return false;
  }
}
