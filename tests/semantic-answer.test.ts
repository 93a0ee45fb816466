/**
 * The answer stage in hybrid mode, through the real transformers.js loading path with a tiny
 * generated model whose vocabulary makes "organisation" and "group" neighbours: a paraphrased
 * question is answered in hybrid mode and declined in lexical mode.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, type Engine } from "../src/engine.js";
import { isStopWord } from "../src/store/index.js";
import { EVERYDAY_PARAGRAPHS, memoryLogger, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { writeTinyModel } from "./helpers/tiny-model.js";
import { defined } from "./helpers/defined.js";

const MODEL = "citebot-test/tiny-paraphrase";
const CORPUS = {
  "report.md": [
    "# Forced returns",
    "In 2014 China launched Operation Fox Hunt, and a year later Operation Sky Net followed.",
    "The report was published by Safeguard Defenders, a rights group.",
    "Police stations abroad were used to pursue dissidents and activists in many countries.",
    "Fiji handed over 77 individuals in 2017, and Vanuatu handed over 6 individuals in 2019.",
    "Family members in China were punished collectively to persuade people abroad to return.",
    "Over 30,000 individuals were handed over from Myanmar between September and December 2023.",
    "The United Nations office on drugs and crime cooperated with a party agency.",
    "Some governments tacitly assist these operations under secretive police cooperation agreements.",
  ].join("\n\n"),
  "other.md": EVERYDAY_PARAGRAPHS,
};
const QUESTION = "Which organisation published the report?";

let dir: TempDir;
const engines: Partial<Record<"hybrid" | "lexical", Engine>> = {};

beforeAll(async () => {
  dir = await tempDir();
  const words = [
    ...new Set(
      [...Object.values(CORPUS).join(" "), QUESTION]
        .join(" ")
        .toLowerCase()
        .match(/[a-z0-9]+|[^\sa-z0-9]/g) ?? [],
    ),
  ];
  // Like a real model, this one gives little weight to function words and punctuation: theirs are zero vectors.
  const vectors = new Map(words.filter((w) => isStopWord(w) || !/^[a-z0-9]+$/.test(w)).map((w) => [w, new Array<number>(32).fill(0)]));
  await writeTinyModel(path.join(dir.path, "models"), MODEL, { words, synonyms: [["organisation", "group"]], dimensions: 32, vectors });
  await writeCorpus(path.join(dir.path, "corpus"), CORPUS);
  const env = { EMBED_MODEL: MODEL, EMBED_POOLING: "mean", EMBED_QUERY_PREFIX: "" };
  engines.hybrid = await openEngine(testConfig(dir.path, { ...env, INDEX_DIR: path.join(dir.path, "index-hybrid") }), memoryLogger());
  engines.lexical = await openEngine(
    testConfig(dir.path, { EMBED_MODEL: "none", INDEX_DIR: path.join(dir.path, "index-lexical") }),
    memoryLogger(),
  );
}, 60_000);
afterAll(() => dir.cleanup());

describe("semantic answer choice (hybrid mode, tiny model)", () => {
  it("GIVEN a question whose key word the sources put otherwise (organisation / group) THEN hybrid mode answers with that sentence and lexical mode declines", async () => {
    const hybrid = await defined(engines.hybrid).ask(QUESTION);
    expect(hybrid.mode).toBe("hybrid");
    expect(hybrid.abstained).toBe(false);
    expect(hybrid.answer[0]?.text).toBe("The report was published by Safeguard Defenders, a rights group.");
    const lexical = await defined(engines.lexical).ask(QUESTION);
    expect(lexical.mode).toBe("lexical");
    expect(lexical).toMatchObject({ abstained: true, answer: [] });
  });

  it("GIVEN the paraphrase THEN the sentence's similarity is what lifts its confidence over the threshold", async () => {
    const [best] = await defined(engines.hybrid).rank(QUESTION);
    const [lexicalBest] = await defined(engines.lexical).rank(QUESTION);
    expect(best?.text).toBe(lexicalBest?.text);
    // The same words match in both modes; only the semantic feature differs.
    expect({ ...best?.features, semantic: 0 }).toEqual(lexicalBest?.features);
    expect(best?.features.semantic).toBeGreaterThan(2);
    expect(best?.confidence).toBeGreaterThanOrEqual(await defined(engines.hybrid).threshold());
    expect(lexicalBest?.confidence).toBeLessThan(await defined(engines.lexical).threshold());
  });

  it("GIVEN a question about a place the sources never mention THEN hybrid mode declines it too", async () => {
    expect((await defined(engines.hybrid).ask("What is the population of Reykjavik?")).abstained).toBe(true);
  });

  it("GIVEN a question asked in the sources' own words THEN both modes answer it with the same sentence", async () => {
    const q = "How many individuals did Fiji hand over?";
    const [h, l] = [await defined(engines.hybrid).ask(q), await defined(engines.lexical).ask(q)];
    expect(h.answer[0]?.text).toBe("Fiji handed over 77 individuals in 2017, and Vanuatu handed over 6 individuals in 2019.");
    expect(l.answer[0]?.text).toBe(h.answer[0]?.text);
  });
});
