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

  it("GIVEN nothing, then FOLLOW_UP_MINUTES and FOLLOW_UP_TURNS THEN follow-ups default to 5 minutes and 3 turns, for the chat and the bot alike", () => {
    expect(parseConfig([], {}, cwd).followUp).toEqual({ minutes: 5, turns: 3 });
    const config = parseConfig([], { FOLLOW_UP_MINUTES: "2", FOLLOW_UP_TURNS: "0", DISCORD_TOKEN: "t" }, cwd);
    expect([config.followUp, config.discord?.followUp]).toEqual([
      { minutes: 2, turns: 0 },
      { minutes: 2, turns: 0 },
    ]);
  });

  it("GIVEN FOLLOW_UP_MINUTES=0 THEN one line names the setting and what it accepts", () => {
    expect(configError([], { FOLLOW_UP_MINUTES: "0" }).message).toBe(
      'Invalid setting: FOLLOW_UP_MINUTES: expected a whole number from 1 to 1440, got "0"',
    );
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

  it("GIVEN an unknown flag THEN USAGE_INVALID lists the flags", () => {
    const error = configError(["--topp", "3"], {});
    expect(error.code).toBe("USAGE_INVALID");
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

describe("parseConfig: SHARD_COUNT and SHARD_IDS", () => {
  const withToken = (env: Record<string, string>) => ({ DISCORD_TOKEN: "t", ...env });

  it("GIVEN neither THEN the bot opens discord.js's default single shard", () => {
    expect(parseConfig([], withToken({}), cwd).discord?.shards).toBeNull();
  });

  it("GIVEN SHARD_COUNT=4 and SHARD_IDS=0, 2 THEN this process opens shards 0 and 2 of 4", () => {
    expect(parseConfig([], withToken({ SHARD_COUNT: "4", SHARD_IDS: "0, 2" }), cwd).discord?.shards).toEqual({ ids: [0, 2], count: 4 });
  });

  it("GIVEN SHARD_COUNT=3 alone THEN this process opens all three shards", () => {
    expect(parseConfig([], withToken({ SHARD_COUNT: "3" }), cwd).discord?.shards).toEqual({ ids: [0, 1, 2], count: 3 });
  });

  it("GIVEN SHARD_COUNT=auto THEN the shard count is left to Discord's recommendation", () => {
    expect(parseConfig([], withToken({ SHARD_COUNT: "auto" }), cwd).discord?.shards).toBe("auto");
  });

  it.each([
    [{ SHARD_COUNT: "4", SHARD_IDS: "0,4" }, "SHARD_IDS: expected ids from 0 to 3 (SHARD_COUNT is 4), got 4"],
    [{ SHARD_COUNT: "4", SHARD_IDS: "1,2,1" }, "SHARD_IDS: each id once, got 1 more than once"],
    [{ SHARD_IDS: "0" }, 'SHARD_IDS: needs SHARD_COUNT, the number of shards in all, got "0"'],
    [{ SHARD_COUNT: "auto", SHARD_IDS: "0" }, "SHARD_IDS: cannot be chosen with SHARD_COUNT=auto"],
    [{ SHARD_COUNT: "0" }, 'SHARD_COUNT: expected "auto" or a whole number from 1 to 10000, got "0"'],
    [{ SHARD_COUNT: "many" }, 'SHARD_COUNT: expected "auto" or a whole number from 1 to 10000, got "many"'],
    [{ SHARD_COUNT: "2", SHARD_IDS: "0;1" }, 'SHARD_IDS: expected shard ids separated by commas, such as 0,2, got "0;1"'],
  ])("GIVEN %o THEN CONFIG_INVALID says %s", (env, message) => {
    const error = configError([], withToken(env));
    expect(error.code).toBe("CONFIG_INVALID");
    expect(error.message).toContain(message);
  });
});
