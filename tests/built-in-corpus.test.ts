/**
 * The README's own examples over the built-in corpus (corpus/article.md alone, lexical mode): the
 * calibrated threshold of this small corpus must still let them through, with the right highlight.
 */
import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, type Engine } from "../src/engine.js";
import { memoryLogger, REPO_ROOT, tempDir, testConfig, type TempDir } from "./helpers/fixtures.js";

let dir: TempDir;
let engine: Engine;

beforeAll(async () => {
  dir = await tempDir();
  await mkdir(path.join(dir.path, "corpus"));
  await copyFile(path.join(REPO_ROOT, "corpus", "article.md"), path.join(dir.path, "corpus", "article.md"));
  engine = await openEngine(testConfig(dir.path, { EMBED_MODEL: "none", QA_MODEL: "none" }), memoryLogger());
});
afterAll(() => dir.cleanup());

const highlighted = async (question: string) => {
  const answer = await engine.ask(question);
  const first = answer.answer[0];
  return first?.highlight ? first.text.slice(first.highlight.start, first.highlight.end) : null;
};

describe("the built-in corpus", () => {
  it("GIVEN the README's example questions THEN each is answered, with the fact highlighted", async () => {
    expect(await highlighted("How many people did Myanmar hand over?")).toBe("30,000");
    expect(await highlighted("When was Operation Fox Hunt launched?")).toBe("2014");
    expect(await highlighted("How many people were persuaded to return between April 2021 and July 2022?")).toBe("230,000");
  });

  it("GIVEN an everyday question, a lower-case one and word salad THEN each is declined", async () => {
    for (const q of ["What is the capital of France?", "what is the population of reykjavik?", "footprint dire swathe tacitly woken?"])
      expect((await engine.ask(q)).abstained, q).toBe(true);
  });
});
