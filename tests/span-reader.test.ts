import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createEngine, openEngine } from "../src/engine.js";
import { prepareSpanReader } from "../src/models.js";
import { readSpans, type Answer } from "../src/answer/index.js";
import { loadSpanReader, locateAnswer, type SpanReader } from "../src/store/index.js";
import { engineOver } from "./helpers/memory-index.js";
import { EVERYDAY_PARAGRAPHS, memoryLogger, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { writeTinyQaModel } from "./helpers/tiny-model.js";

const QA_MODEL = "citebot-test/tiny-qa";
const SENTENCE = "Fiji handed over 77 individuals in 2017.";
const TEXT = `${SENTENCE} The handover took place at the airport.\n\n${EVERYDAY_PARAGRAPHS}`;
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir();
  const words = [
    "fiji",
    "handed",
    "over",
    "77",
    "individuals",
    "in",
    "2017",
    ".",
    "how",
    "many",
    "were",
    "?",
    "people",
    "did",
    "hand",
    "what",
  ];
  await writeTinyQaModel(path.join(dir.path, "models"), QA_MODEL, { words, start: ["77"], end: ["individuals"] });
  await writeCorpus(path.join(dir.path, "corpus"), { "returns.md": TEXT });
});
afterAll(() => dir.cleanup());

const qaConfig = () => ({ model: QA_MODEL, modelsDir: path.join(dir.path, "models"), remoteHost: "http://127.0.0.1:9/" });

describe("locateAnswer", () => {
  it("GIVEN the decoder's spaces around punctuation and lower case THEN the span in the sentence as written", () => {
    expect(locateAnswer("Myanmar handed over 30,000 people.", "30 , 000 people")).toEqual({ start: 20, end: 33 });
    expect(locateAnswer(SENTENCE, "fiji")).toEqual({ start: 0, end: 4 });
    expect(locateAnswer("The Café de Flore opened.", "cafe de flore")).toEqual({ start: 4, end: 17 });
  });

  it("GIVEN an answer that is not in the sentence, or only white space THEN null; GIVEN pattern characters THEN plain text", () => {
    expect(locateAnswer(SENTENCE, "Tonga")).toBeNull();
    expect(locateAnswer(SENTENCE, "  ")).toBeNull();
    expect(locateAnswer("Costs rose (.*) sharply.", "(.*)")).toEqual({ start: 11, end: 15 });
  });

  it("GIVEN an answer that also occurs inside a longer word THEN the place where it is a word of its own", () => {
    expect(locateAnswer("In 1930 about 30 people left.", "30")).toEqual({ start: 14, end: 16 });
    expect(locateAnswer("In 1930 nobody left.", "30")).toBeNull();
  });
});

describe("readSpans", () => {
  it("GIVEN a model that fails on a sentence THEN that sentence keeps the heuristic's highlight and the failure is reported", async () => {
    const answer: Answer = {
      question: "How many?",
      understoodAs: "How many?",
      abstained: false,
      mode: "lexical",
      answer: [{ text: SENTENCE, citation: 1, highlight: { start: 17, end: 19 } }],
      citations: [],
      passages: [],
      timingsMs: { retrieve: 0, answer: 0, total: 0 },
    };
    const errors: unknown[] = [];
    const failing: SpanReader = { modelId: "broken", answerSpan: async () => Promise.reject(new Error("model crashed")) };
    const read = await readSpans(answer, failing, (e) => errors.push(e));
    expect(read.answer[0]?.highlight).toEqual({ start: 17, end: 19 });
    expect(errors).toHaveLength(1);
  });
});

describe("loadSpanReader (transformers.js question-answering with a generated model)", () => {
  it("GIVEN the tiny model on disk THEN it loads offline through the real pipeline and reads the span from its start word to its end word", async () => {
    const reader = await loadSpanReader(qaConfig());
    expect(reader.modelId).toBe(QA_MODEL);
    expect(await reader.answerSpan("How many people did Fiji hand over?", SENTENCE)).toEqual({ start: 17, end: 31 });
  });

  it("GIVEN no model files THEN QA_MODEL_UNAVAILABLE names the fix", async () => {
    const error = await loadSpanReader({ ...qaConfig(), model: "nobody/missing-qa" }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "QA_MODEL_UNAVAILABLE" });
    expect(String((error as Error).message)).toContain("npm run model:fetch");
  });
});

describe("the engine with a span reader", () => {
  it("GIVEN the model THEN it chooses the highlight inside the chosen sentence; without it the heuristic's stands", async () => {
    const { index } = engineOver("returns.md", TEXT);
    const question = "How many individuals did Fiji hand over?";
    const heuristic = (await createEngine(index, null, null, 5).ask(question)).answer[0];
    expect(heuristic).toEqual({ text: SENTENCE, citation: 1, highlight: { start: 17, end: 19 } });
    const read = (await createEngine(index, null, null, 5, await loadSpanReader(qaConfig())).ask(question)).answer[0];
    expect(read).toEqual({ text: SENTENCE, citation: 1, highlight: { start: 17, end: 31 } });
  });

  it("GIVEN QA_MODEL set to the tiny model THEN openEngine loads it; GIVEN none, or a missing model THEN one info line and the heuristic", async () => {
    const logger = memoryLogger();
    const engine = await openEngine(testConfig(dir.path, { EMBED_MODEL: "none", QA_MODEL }), logger);
    const answer = await engine.ask("How many individuals did Fiji hand over?");
    expect(answer.answer[0]?.highlight).toEqual({ start: 17, end: 31 });

    const off = memoryLogger();
    expect(await prepareSpanReader(testConfig(dir.path, { QA_MODEL: "none" }), off, false)).toBeNull();
    expect(off.lines).toEqual(["Highlights are chosen by the built-in heuristic (QA_MODEL=none)."]);

    const missing = memoryLogger();
    expect(await prepareSpanReader(testConfig(dir.path, { QA_MODEL: "nobody/missing-qa" }), missing, true)).toBeNull();
    expect(missing.lines).toHaveLength(1);
    expect(missing.lines[0]).toMatch(
      /^Question-answering model is not available: nobody\/missing-qa is not in .*; run `npm run model:fetch` where the network allows\. Highlights are chosen by the built-in heuristic\.$/,
    );
  });
});
