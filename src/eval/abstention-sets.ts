/**
 * Questions the sources cannot answer, made up for measuring abstention: random words (from the
 * corpus's own vocabulary, from general English, or both), and well-formed questions about
 * entities the corpus never mentions. Generation is seeded, so a run is repeatable; the sets are
 * made for whatever corpus is measured, so they are not tuned to one corpus's words.
 */
import { letterWords, pick, seededRandom, wordSalad } from "../answer/index.js";
import { isStopWord, words } from "../store/index.js";

/**
 * The corpus's running words, repeats and stop words kept: sampling from it favours frequent
 * words, which a small corpus uses together everywhere; the hardest word salad to tell from a question.
 */
export const corpusTokens: (texts: Iterable<string>) => string[] = letterWords;

/**
 * `n` questions of 2 to 14 random words. Each question draws its words from one mix, in turn:
 * the corpus's vocabulary only (see `vocabularyOf`), general English only, or half and half.
 */
export function randomWordQuestions(sources: { vocabulary: readonly string[]; english: readonly string[] }, n: number, seed = 1): string[] {
  return wordSalad((random, i) => pick(random() < ([1, 0, 0.5][i % 3] as number) ? sources.vocabulary : sources.english, random), n, seed);
}

/** `n` questions of 2 to 14 words drawn from the corpus's running text, so frequent words (and stop words) come most often: a stress test. */
export function frequentWordQuestions(tokens: readonly string[], n: number, seed = 3): string[] {
  return wordSalad((random) => pick(tokens, random), n, seed);
}

/** Well-formed questions, each about an entity slot `{}`: what the sources cannot answer when the entity is not in them. */
const TEMPLATES = [
  "What is the population of {}?",
  "When was {} founded?",
  "Who is the current leader of {}?",
  "How many people live in {}?",
  "What is the capital of {}?",
  "Where is {} located?",
  "What language is spoken in {}?",
  "Who founded {}?",
  "When did {} win its first championship?",
  "How tall is {}?",
  "What is {} famous for?",
  "Which company makes {}?",
  "What year did {} release its first album?",
  "How much does {} cost?",
  "Who wrote the songs of {}?",
  "What is the main export of {}?",
  "When was {} born?",
  "Which river flows through {}?",
  "How many goals did {} score last season?",
  "What is the climate like in {}?",
];

/** Entities of general knowledge: people, places, teams, products, works. */
export const ENTITIES = [
  "Reykjavik",
  "Mount Kilimanjaro",
  "the Golden State Warriors",
  "Taylor Swift",
  "the iPhone 15",
  "Lake Titicaca",
  "Manchester United",
  "Ulaanbaatar",
  "the Eiffel Tower",
  "Lionel Messi",
  "Tesla Motors",
  "the Amazon rainforest",
  "Beyoncé",
  "Montevideo",
  "the Sahara Desert",
  "Netflix",
  "the Rolling Stones",
  "Madagascar",
  "Serena Williams",
  "Volkswagen",
  "Kathmandu",
  "the Great Barrier Reef",
  "Harry Potter",
  "Bhutan",
  "the Louvre",
  "Cristiano Ronaldo",
  "Spotify",
  "the Andes",
  "Marie Curie",
  "Nairobi",
  "the Chicago Bulls",
  "Lego",
  "Antarctica",
  "Wolfgang Amadeus Mozart",
  "Tasmania",
  "Coca-Cola",
  "the Danube",
  "Usain Bolt",
  "Patagonia",
  "Minecraft",
  "Zanzibar",
  "the Beatles",
  "Quito",
  "Nintendo",
  "the Dead Sea",
  "Frida Kahlo",
  "Greenland",
  "Boeing",
  "Mount Fuji",
  "Pablo Picasso",
  "Ikea",
  "the Galapagos Islands",
];

/**
 * `n` well-formed questions about entities that `inCorpus` says the corpus does not hold (every
 * word of the entity unknown to it), from templates of everyday general-knowledge questions.
 * Every other question is written in lower case, as people type in chat: the entity is then no
 * capitalised name, and only the question's words can tell that the sources do not cover it.
 */
export function unrelatedQuestions(inCorpus: (word: string) => boolean, n: number, seed = 2): string[] {
  const entities = ENTITIES.filter((e) => !words(e).some((w) => !isStopWord(w) && inCorpus(w)));
  if (entities.length === 0) return [];
  const random = seededRandom(seed);
  return Array.from({ length: n }, (_, i) => {
    const q = pick(TEMPLATES, random).replace("{}", () => pick(entities, random));
    return i % 2 === 1 ? q.toLowerCase() : q;
  });
}

/** Common things people ask about in chat; none of them a name. */
export const THINGS = {
  animal: "giraffe penguin hamster dolphin camel beaver squirrel kangaroo hedgehog owl goldfish tortoise rabbit zebra koala pelican".split(
    " ",
  ),
  food: "lasagna pancakes hummus broccoli spinach porridge quinoa oatmeal lentils cheesecake sushi tofu popcorn avocado".split(" "),
  object:
    "toaster umbrella bicycle dishwasher microwave backpack stapler thermostat kettle vacuum lawnmower refrigerator printer zipper".split(
      " ",
    ),
  body: "knee elbow shoulder ankle wrist tooth kidney liver spine".split(" "),
  instrument: "violin trumpet flute harp drums saxophone accordion ukulele".split(" "),
  substance: "ethanol nitrogen sulfur copper ammonia glucose helium vinegar".split(" "),
  sport: "volleyball basketball cricket hockey baseball lacrosse handball badminton".split(" "),
};

/** Everyday questions about common things, each with a slot for a thing of one kind. */
const EVERYDAY: readonly { kind: keyof typeof THINGS; template: string }[] = [
  { kind: "animal", template: "What does a {} eat?" },
  { kind: "animal", template: "How long does a {} live?" },
  { kind: "animal", template: "How fast can a {} run?" },
  { kind: "animal", template: "Is a {} dangerous to people?" },
  { kind: "food", template: "How do I cook {}?" },
  { kind: "food", template: "What is a good recipe for {}?" },
  { kind: "food", template: "How many calories are in {}?" },
  { kind: "food", template: "Is {} healthy to eat every day?" },
  { kind: "object", template: "How do I fix a broken {}?" },
  { kind: "object", template: "How much does a new {} cost?" },
  { kind: "object", template: "Where can I buy a cheap {}?" },
  { kind: "object", template: "Who invented the {}?" },
  { kind: "object", template: "How do you clean a {}?" },
  { kind: "body", template: "Why does my {} hurt?" },
  { kind: "body", template: "What is the {} made of?" },
  { kind: "instrument", template: "How long does it take to learn the {}?" },
  { kind: "instrument", template: "How do I tune a {}?" },
  { kind: "substance", template: "What is the boiling point of {}?" },
  { kind: "substance", template: "What is the chemical formula of {}?" },
  { kind: "sport", template: "How many players are on a {} team?" },
  { kind: "sport", template: "What are the basic rules of {}?" },
];

/** Which half of the templates and of each list of things a set draws from: fitting and evaluation share none. */
export type EverydayPart = "fit" | "eval";

/** The items of `items` in `part`'s half: even places for fitting, odd ones for evaluation. */
function half<T>(items: readonly T[], part: EverydayPart): T[] {
  return items.filter((_, i) => i % 2 === (part === "fit" ? 0 : 1));
}

/**
 * `n` everyday questions about common things ("How do I fix a broken toaster?", "What does a
 * koala eat?"): well formed, with the function words of a real question, about nothing a corpus
 * of reports covers, though some of their words (a "team", a "point") may stand in it. Every
 * other one is in lower case. The two parts use different templates and different things, so a
 * figure measured on the evaluation's part is not one the models were fitted on.
 */
export function everydayQuestions(n: number, part: EverydayPart, seed = 5): string[] {
  const random = seededRandom(seed);
  // Each of the part's templates with the part's things of its kind.
  const slots = (Object.keys(THINGS) as (keyof typeof THINGS)[]).flatMap((kind) => {
    const things = half(THINGS[kind], part);
    return half(
      EVERYDAY.filter((t) => t.kind === kind),
      part,
    ).map(({ template }) => ({ template, things }));
  });
  return Array.from({ length: n }, (_, i) => {
    const { template, things } = pick(slots, random);
    const q = template.replace("{}", () => pick(things, random));
    return i % 2 === 1 ? q.toLowerCase() : q;
  });
}

/**
 * `n` everyday questions about names the corpus does hold ("What is the capital of France?" over
 * a history of Normandy): on its topic by their words, yet rarely answered by it. `names` are
 * capitalised words of the corpus.
 */
export function knownNameQuestions(names: readonly string[], n: number, seed = 4): string[] {
  if (names.length === 0) return [];
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => pick(TEMPLATES, random).replace("{}", () => pick(names, random)));
}

/** The capitalised words of `texts` that do not start a sentence, once each: the names a corpus uses. */
export function corpusNames(texts: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const text of texts)
    for (const m of text.matchAll(/[^.!?\s]\s+(\p{Lu}\p{Ll}{2,})/gu))
      if (!isStopWord((m[1] as string).toLowerCase())) names.add(m[1] as string);
  return [...names].sort();
}

const NUMBER_WORD = /\b\d{1,3}(?:,\d{3})+\b|\b\d+\b/g;

/**
 * On-topic questions the sources do not answer: real questions with their number or year changed
 * to one the corpus never uses ("…handed over in 2017?" → "…in 2024?"). `known(n)` says whether the
 * corpus holds the number n (as written, without thousands separators).
 */
export function changedNumberQuestions(questions: readonly string[], known: (n: string) => boolean): string[] {
  const changed: string[] = [];
  for (const q of questions) {
    const numbers = q.match(NUMBER_WORD) ?? [];
    if (numbers.length === 0) continue;
    const replacement = new Map<string, string>();
    for (const n of new Set(numbers)) {
      const value = Number(n.replace(/,/g, ""));
      const other = [7, 13, 3, 29, 51].map((d) => String(value + d)).find((c) => !known(c));
      if (other !== undefined) replacement.set(n, other);
    }
    if (replacement.size > 0) changed.push(q.replace(NUMBER_WORD, (n) => replacement.get(n) ?? n));
  }
  return changed;
}
