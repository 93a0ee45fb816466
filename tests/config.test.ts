import path from "node:path";
import { describe, expect, it } from "vitest";
import { DEFAULT_MODEL, defaultIndexDir, parseConfig } from "../src/config.js";
import { CitebotError } from "../src/errors.js";

const cwd = "/srv/citebot";

function configError(argv: string[], env: Record<string, string>): CitebotError {
  try {
    parseConfig(argv, env, cwd);
  } catch (error) {
    return error as CitebotError;
  }
  throw new Error("expected parseConfig to throw");
}

describe("parseConfig", () => {
  it("GIVEN nothing THEN uses the built-in corpus, the default model and top 5", () => {
    const config = parseConfig([], {}, cwd);
    expect(config.corpusDir).toBe(path.join(cwd, "corpus"));
    expect(config.indexDir).toBe(defaultIndexDir("corpus", cwd));
    expect(config.embedding?.model).toBe(DEFAULT_MODEL);
    expect(config.embedding?.pooling).toBe("cls");
    expect(config.embedding?.queryPrefix).toBe("Represent this sentence for searching relevant passages: ");
    expect(config.topK).toBe(5);
    expect(config.discord).toBeNull();
  });

  it("GIVEN flags and environment THEN flags win and the question is the positional text", () => {
    const config = parseConfig(["--top", "3", "--json", "--corpus", "docs", "How", "many?"], { TOP_K: "7", CORPUS_DIR: "other" }, cwd);
    expect(config.topK).toBe(3);
    expect(config.json).toBe(true);
    expect(config.corpusDir).toBe(path.join(cwd, "docs"));
    expect(config.question).toBe("How many?");
  });

  it("GIVEN EMBED_MODEL=none THEN embeddings are off", () => {
    expect(parseConfig([], { EMBED_MODEL: "none" }, cwd).embedding).toBeNull();
  });

  it("GIVEN a bad number THEN CONFIG_INVALID names the setting, its flag and what it accepts", () => {
    const error = configError(["--top", "abc"], {});
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("TOP_K (--top)");
    expect(error.message).toContain("whole number from 1 to 50");
    expect(error.message).toContain('"abc"');
  });

  it("GIVEN a bad boolean in the environment THEN CONFIG_INVALID names it", () => {
    const error = configError([], { LOG_QUESTIONS: "maybe" });
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("LOG_QUESTIONS: expected true or false");
  });

  it("GIVEN an unknown flag THEN CONFIG_INVALID lists the flags", () => {
    const error = configError(["--topp", "3"], {});
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain("--top");
  });
});

describe("defaultIndexDir", () => {
  it("GIVEN two corpora with the same name in different places THEN their index folders differ", () => {
    const a = defaultIndexDir("/a/corpus", cwd);
    const b = defaultIndexDir("/b/corpus", cwd);
    expect(a).not.toBe(b);
    expect(path.dirname(a)).toBe(path.join(cwd, "index"));
    expect(path.basename(a)).toMatch(/^corpus-[0-9a-f]{8}$/);
  });
});
