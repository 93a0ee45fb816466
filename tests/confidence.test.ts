import { describe, expect, it } from "vitest";
import {
  answerFeatures,
  calibratedThreshold,
  calibrationQuestions,
  composeAnswer,
  CONFIDENCE_MODELS,
  confidence,
  DEFAULT_ANSWER_OPTIONS,
  FEATURE_NAMES,
  meanAndSpread,
  profileQuestion,
  sentenceKey,
  SentenceSimilarity,
  vocabularyOf,
  type ConfidenceModel,
} from "../src/answer/index.js";
import { fitLogistic } from "../src/eval/logistic.js";
import { allowedEdits, editDistanceWithin, NearTerms } from "../src/store/near-terms.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { retrieve } from "../src/retrieve/index.js";
import { queryTerms, rememberingLastQuery, tokenize, type Embedder, type LoadedIndex } from "../src/store/index.js";
import { defined } from "./helpers/defined.js";
import { indexOverRead } from "./helpers/memory-index.js";

const zeroWeights = Object.fromEntries(FEATURE_NAMES.map((n) => [n, 0])) as ConfidenceModel["weights"];

describe("profileQuestion and answerFeatures", () => {
  // A corpus that knows "fiji", "hand" and "77", and nothing else.
  const corpus = {
    idf: (t: string) => (t === "fiji" ? 2 : 1),
    has: (t: string) => ["fiji", "hand", "77"].includes(t),
    hasNear: (t: string) => ["fiji", "fidji", "hand", "77"].includes(t),
  };

  it("GIVEN a question and a sentence THEN each feature is the share or count it documents", () => {
    const q = profileQuestion("How many people did Fiji hand over?", corpus, new Set(["fiji"]));
    // Terms: peopl (unknown, idf 1), fiji (2), hand (1); "how", "many", "did", "over" are function words.
    expect([...q.terms.keys()]).toEqual(["peopl", "fiji", "hand"]);
    const f = answerFeatures(
      q,
      tokenize("Fiji handed over 77 people."),
      new Set(tokenize("Fiji handed over 77 people. It was 2017.")),
      1.5,
    );
    expect(f).toEqual({
      coverage: 1,
      passageCoverage: 1,
      matchedShare: 1,
      matchedLog: Math.log1p(3),
      unknownShare: 0.25,
      strangeShare: 0,
      // Nouns by the tagger: "people" (unknown), "Fiji" and "hand" (it reads "hand over" as a noun).
      unknownNouns: 1 / 3,
      functionShare: 4 / 7,
      // Pairs peopl-fiji and fiji-hand: "Fiji handed" keeps the second together.
      bigramShare: 0.5,
      numbersMissing: 0,
      contentRun: 2 / 7,
      termsLog: Math.log1p(3),
      semantic: 1.5,
    });
  });

  it("GIVEN word salad THEN few function words and a long run of content words; a name the corpus lacks, even near, is the unknown name", () => {
    const q = profileQuestion("Fiji harbour Reykjavik banana", corpus, new Set(["reykjavik"]));
    expect(q.unknownName).toBe("reykjavik");
    expect(profileQuestion("Who ruled Fidji?", corpus, new Set(["fidji"])).unknownName).toBeNull();
    const f = answerFeatures(q, tokenize("Fiji handed over 77 people."), new Set(), 0);
    expect(f.functionShare).toBe(0);
    expect(f.contentRun).toBe(1);
    expect(f.matchedShare).toBe(0.25);
    expect(f.coverage).toBeCloseTo(2 / 5, 10);
  });

  it("GIVEN a word neither in the corpus nor common English THEN strangeShare is its share of the question's weight", () => {
    const q = profileQuestion(
      "what is the population of reykjavik?",
      { idf: () => 1, has: (t) => t === "popul", hasNear: (t) => t === "popul" },
      new Set(),
    );
    expect(q.strangeShare).toBe(0.5);
    expect(profileQuestion("what is the population of fiji?", corpus, new Set()).strangeShare).toBe(0);
  });

  it("GIVEN a question about a thing the corpus never names THEN unknownNouns is the share of its nouns no passage holds, even a typo away", () => {
    // A corpus of binary strings: it knows "string" and "alphabet", and nothing about cellos.
    const known = new Set(tokenize("The alphabet is binary, so the strings are bitstrings."));
    const strings = { idf: () => 1, has: (t: string) => known.has(t), hasNear: (t: string) => known.has(t) };
    expect(profileQuestion("How many strings does a cello have?", strings, new Set()).unknownNouns).toBe(0.5);
    expect(profileQuestion("how do i clean a cello?", strings, new Set()).unknownNouns).toBe(1);
    expect(profileQuestion("Which alphabet is used for the strings?", strings, new Set()).unknownNouns).toBe(0);
    // A misspelled noun the corpus holds a typo away is not unknown; a question without nouns scores 0.
    expect(
      profileQuestion("Which alphabett is used?", { ...strings, hasNear: (t) => known.has(t) || t === "alphabett" }, new Set())
        .unknownNouns,
    ).toBe(0);
    expect(profileQuestion("Why?", strings, new Set()).unknownNouns).toBe(0);
  });

  it("GIVEN a question with a year and a number THEN numbersMissing is the share of them the sentence lacks", () => {
    const q = profileQuestion("Did Fiji hand over 77 people in 2015?", corpus, new Set(["fiji"]));
    expect(answerFeatures(q, tokenize("Fiji handed over 77 people in 2017."), new Set(), 0).numbersMissing).toBe(0.5);
    expect(answerFeatures(q, tokenize("In 2015 Fiji handed over 77 people."), new Set(), 0).numbersMissing).toBe(0);
  });

  it("GIVEN adjacent question terms adjacent in the sentence THEN bigramShare counts them", () => {
    const known = new Set(tokenize("Operation Fox Hunt began in 2014 and was launched by the police."));
    const q = profileQuestion(
      "When was Operation Fox Hunt launched?",
      { idf: () => 1, has: (t) => known.has(t), hasNear: (t) => known.has(t) },
      new Set(),
    );
    const f = answerFeatures(q, tokenize("Operation Fox Hunt began in 2014."), new Set(), 0);
    // Pairs: operat-fox, fox-hunt, hunt-launch: two of three stand together in the sentence.
    expect(f.bigramShare).toBeCloseTo(2 / 3, 10);
  });
});

describe("confidence", () => {
  it("GIVEN a logistic model THEN the probability of its weighted sum", () => {
    const model: ConfidenceModel = { bias: -1, weights: { ...zeroWeights, coverage: 2, semantic: 0.5 } };
    const features = answerFeatures(
      profileQuestion("Fiji", { idf: () => 1, has: () => true, hasNear: () => true }, new Set()),
      ["fiji"],
      new Set(["fiji"]),
      2,
    );
    expect(confidence(features, model)).toBeCloseTo(1 / (1 + Math.exp(-(-1 + 2 * 1 + 0.5 * 2))), 12);
  });
});

describe("composeAnswer with a combined confidence", () => {
  const doc = parseTextDocument("a.md", "Fiji handed over 77 individuals in 2017.\n\nThe river floods every spring.", "markdown");
  const index: LoadedIndex = indexOverRead([doc]);
  // Only similarity counts: the answer then stands or falls with the semantic feature alone.
  const options = {
    ...DEFAULT_ANSWER_OPTIONS,
    minConfidence: 0.5,
    confidence: { lexical: { bias: -2, weights: zeroWeights }, hybrid: { bias: -2, weights: { ...zeroWeights, semantic: 1 } } },
  };

  it("GIVEN the same words THEN a sentence similar by meaning is answered, a dissimilar one declined, and lexical mode declines", async () => {
    const question = "How many people did Fiji return?";
    const { passages } = await retrieve(index, null, question, { topK: 5 });
    const sentence = passages[0]?.sentences[0];
    expect(sentence).toBeDefined();
    const key = sentenceKey("a.md", defined(sentence));
    const base = { question, passages, lexical: index.lexical, documents: index.documents };
    const similar = composeAnswer({ ...base, mode: "hybrid", similarity: new Map([[key, 3]]) }, options);
    expect(similar.abstained).toBe(false);
    expect(similar.answer[0]?.text).toBe("Fiji handed over 77 individuals in 2017.");
    expect(composeAnswer({ ...base, mode: "hybrid", similarity: new Map([[key, 1]]) }, options).abstained).toBe(true);
    expect(composeAnswer({ ...base, mode: "lexical" }, options).abstained).toBe(true);
  });
});

describe("the fitted lexical model and the question's nouns", () => {
  const doc = parseTextDocument(
    "a.md",
    "Usually the alphabet is the binary alphabet, so every string is a string of bits.\n\nA decision problem has yes or no as its answer.\n\nThe running time depends on the length of the input string.",
    "markdown",
  );
  const index: LoadedIndex = indexOverRead([doc]);
  const withoutNouns = {
    ...DEFAULT_ANSWER_OPTIONS,
    confidence: {
      ...CONFIDENCE_MODELS,
      lexical: { ...CONFIDENCE_MODELS.lexical, weights: { ...CONFIDENCE_MODELS.lexical.weights, unknownNouns: 0 } },
    },
  };
  const ask = async (question: string, options = DEFAULT_ANSWER_OPTIONS) => {
    const { passages } = await retrieve(index, null, question, { topK: 5 });
    return composeAnswer({ question, passages, lexical: index.lexical, documents: index.documents, mode: "lexical" }, options);
  };

  it("GIVEN a question about a thing the corpus never names, beside one it does THEN declined, where without the nouns signal it was answered", async () => {
    expect((await ask("How many strings does a cello have?")).abstained).toBe(true);
    expect((await ask("How many strings does a cello have?", withoutNouns)).abstained).toBe(false);
  });

  it("GIVEN questions whose nouns the corpus holds THEN answered, as without the signal", async () => {
    for (const question of ["What alphabet is a string over?", "What does the running time depend on?"]) {
      expect((await ask(question)).abstained).toBe(false);
      expect((await ask(question, withoutNouns)).abstained).toBe(false);
    }
  });
});

describe("calibration", () => {
  it("GIVEN word-salad confidences THEN the threshold declines the wanted share, never below the base or above the ceiling", () => {
    const salad = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95];
    // Declining 80% means declining the eight lowest: the threshold is just above 0.8.
    expect(calibratedThreshold(salad, 0.4, 0.8, 0.9)).toBeCloseTo(0.8, 6);
    expect(calibratedThreshold(salad, 0.4, 0.8, 0.9)).toBeGreaterThan(0.8);
    expect(calibratedThreshold(salad, 0.4, 0.2, 0.9)).toBe(0.4);
    expect(calibratedThreshold(salad, 0.4, 1, 0.9)).toBe(0.9);
    expect(calibratedThreshold([], 0.4, 0.95, 0.9)).toBe(0.4);
  });

  it("GIVEN a vocabulary THEN calibration questions are the same every time, of 2 to 14 of its words", () => {
    const vocabulary = vocabularyOf(["Fiji handed over 77 people.", "The River floods."]);
    expect(vocabulary).toEqual(["fiji", "floods", "handed", "over", "people", "river", "the"]);
    const options = { questions: 50, declineShare: 0.95, ceiling: 0.9, seed: 3 };
    const questions = calibrationQuestions(vocabulary, options);
    expect(questions).toEqual(calibrationQuestions(vocabulary, options));
    expect(questions).toHaveLength(50);
    for (const q of questions) {
      const body = q
        .replace(/^(What|How many|Who|When did) /, "")
        .replace(/\?$/, "")
        .split(" ");
      expect(body.length).toBeGreaterThanOrEqual(2);
      expect(body.length).toBeLessThanOrEqual(14);
      for (const w of body) expect(vocabulary).toContain(w);
    }
    expect(calibrationQuestions([], options)).toEqual([]);
  });
});

describe("SentenceSimilarity", () => {
  /** Vectors by text: fixed, unit length; counts the texts embedded. */
  function fakeEmbedder(vectors: Record<string, number[]>): Embedder & { embedded: string[] } {
    const embedded: string[] = [];
    const of = (t: string) => Float32Array.from(vectors[t] ?? [0, 0, 1]);
    return {
      modelId: "fake",
      dimensions: 3,
      embedded,
      async embedPassages(texts) {
        embedded.push(...texts);
        return texts.map(of);
      },
      async embedQuery(text) {
        return of(`query: ${text}`);
      },
    };
  }

  it("GIVEN reference sentences THEN each similarity in standard deviations above theirs, sentence vectors cached", async () => {
    const embedder = fakeEmbedder({ "query: q": [1, 0, 0], r1: [0.6, 0.8, 0], r2: [0, 1, 0], s: [1, 0, 0] });
    const similarity = new SentenceSimilarity(embedder, ["r1", "r2"], { cacheSize: 10, minSpread: 0.05 });
    const span = { start: 0, end: 1 };
    const scores = await similarity.score("q", [{ doc: "a", span, text: "s" }]);
    // Reference similarities 0.6 and 0: mean 0.3, spread 0.3; the sentence's is 1.
    expect(scores.get(sentenceKey("a", span))).toBeCloseTo((1 - 0.3) / 0.3, 5);
    await similarity.score("q", [{ doc: "a", span, text: "s" }]);
    expect(embedder.embedded).toEqual(["r1", "r2", "s"]);
  });

  it("GIVEN a spread smaller than the floor THEN the floor is used", () => {
    expect(meanAndSpread([0.5, 0.5, 0.5], 0.05)).toEqual({ mean: 0.5, spread: 0.05 });
    expect(meanAndSpread([], 0.05)).toEqual({ mean: 0, spread: 0.05 });
  });

  it("GIVEN more sentences than the cache holds THEN the oldest are dropped and every score is still given", async () => {
    const embedder = fakeEmbedder({ "query: q": [1, 0, 0], a: [1, 0, 0], b: [0, 1, 0], c: [0, 0, 1] });
    const similarity = new SentenceSimilarity(embedder, ["b"], { cacheSize: 2, minSpread: 0.1 });
    const refs = ["a", "b", "c"].map((text, i) => ({ doc: "d", span: { start: i, end: i + 1 }, text }));
    const scores = await similarity.score("q", refs);
    expect([...scores.values()].map((v) => Math.round(v * 1000) / 1000)).toEqual([10, 0, 0]);
    await similarity.score("q", refs.slice(0, 1));
    // "a" was dropped to keep two vectors, so it is embedded again.
    expect(embedder.embedded).toEqual(["b", "a", "b", "c", "a"]);
    // Now "c" and "a" are cached; asking for c, a and two new ones drops both while they are read.
    const more = [
      defined(refs[2]),
      defined(refs[0]),
      { doc: "d", span: { start: 5, end: 6 }, text: "b" },
      { doc: "d", span: { start: 6, end: 7 }, text: "c" },
    ];
    expect([...(await similarity.score("q", more)).values()].map((v) => Math.round(v * 1000) / 1000)).toEqual([0, 10, 0, 0]);
  });
});

describe("rememberingLastQuery", () => {
  it("GIVEN the same question twice in a row THEN the model embeds it once; another question, or a failure, is embedded again", async () => {
    const asked: string[] = [];
    let fail = false;
    const model: Embedder = {
      modelId: "m",
      dimensions: 1,
      embedPassages: async (texts) => texts.map(() => Float32Array.of(1)),
      async embedQuery(text) {
        asked.push(text);
        if (fail) throw new Error("model failed");
        return Float32Array.of(text.length);
      },
    };
    const embedder = rememberingLastQuery(model);
    expect([...(await embedder.embedQuery("ab"))]).toEqual([2]);
    expect([...(await embedder.embedQuery("ab"))]).toEqual([2]);
    await embedder.embedQuery("abc");
    fail = true;
    await expect(embedder.embedQuery("x")).rejects.toThrow("model failed");
    fail = false;
    expect([...(await embedder.embedQuery("x"))]).toEqual([1]);
    expect(asked).toEqual(["ab", "abc", "x", "x"]);
  });
});

describe("queryTerms", () => {
  it("GIVEN two words the corpus writes as one THEN they are one term; otherwise the terms of tokenize", () => {
    const known = (t: string) => t === "handov";
    expect(queryTerms("How many did Myanmar hand over?", known)).toEqual(["myanmar", "handov"]);
    expect(queryTerms("Which countries handed over people?", known)).toEqual(["countri", "handov", "peopl"]);
    expect(queryTerms("Which countries handed over people?", () => false)).toEqual(tokenize("Which countries handed over people?"));
  });

  it("GIVEN the past form of an irregular verb THEN the verb's term, in documents and questions alike", () => {
    expect(tokenize("Who wrote the report? It was written in 2023 and sent abroad.")).toEqual([
      "write",
      "report",
      "write",
      "2023",
      "send",
      "abroad",
    ]);
  });
});

describe("fitLogistic", () => {
  it("GIVEN examples separated by one feature THEN that feature gets a positive weight and the other none", () => {
    const examples = Array.from({ length: 40 }, (_, i) => ({ x: [i % 2, 0.5], y: (i % 2) as 0 | 1 }));
    const { bias, weights } = fitLogistic(examples, 500);
    expect(weights[0]).toBeGreaterThan(2);
    expect(weights[1]).toBe(0);
    const p = (x: number) => 1 / (1 + Math.exp(-(bias + (weights[0] as number) * x)));
    expect(p(1)).toBeGreaterThan(0.9);
    expect(p(0)).toBeLessThan(0.1);
  });
});

describe("NearTerms", () => {
  const near = new NearTerms(["premier", "setanta", "asia", "leagu", "quit", "carlsbad"]);

  it("GIVEN a typo in a name of six letters or more, or one or two letters more at the end THEN a corpus term is near", () => {
    expect(near.has("primier")).toBe(true);
    expect(near.has("sentanta")).toBe(true);
    expect(near.has("carslbad")).toBe(true);
    expect(near.has("asian")).toBe(true);
    expect(near.has("leag")).toBe(true);
    // The price: "Quito" is "quit" with a letter more, so it is not an unknown name; the confidence model must decline such a question.
    expect(near.has("quito")).toBe(true);
  });

  it("GIVEN a short name one letter from a word, or a different initial THEN nothing is near", () => {
    expect(near.has("quiz")).toBe(false);
    expect(near.has("bremier")).toBe(false);
    expect(near.has("reykjavik")).toBe(false);
  });

  it("GIVEN two strings THEN the edit distance, or one past the limit as soon as it is exceeded", () => {
    expect(editDistanceWithin("kitten", "sitting", 3)).toBe(3);
    expect(editDistanceWithin("kitten", "sitting", 1)).toBe(2);
    expect(editDistanceWithin("abc", "abcdefgh", 2)).toBe(3);
    expect(allowedEdits(5)).toBe(0);
    expect(allowedEdits(7)).toBe(1);
    expect(allowedEdits(8)).toBe(2);
  });
});
