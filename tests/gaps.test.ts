import { execFile } from "node:child_process";
import { lstat, mkdir, readdir, readFile, stat, symlink, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { formatGaps, gapsReport } from "../src/cli/gaps.js";
import { parseConfig } from "../src/config.js";
import {
  GAPS_FILE,
  GapList,
  MAX_GAPS_FILE_BYTES,
  MAX_TOPICS,
  readGapsFile,
  TOPIC_LIMITS,
  topicOf,
  writeGapsFile,
  type GapListOptions,
  type GapsFileState,
  type GapsWriter,
} from "../src/gaps/index.js";
import { memoryLogger, offlineEnv, REPO_ROOT, tempDir, type TempDir } from "./helpers/fixtures.js";

const DAY = Date.parse("2026-11-29T15:42:07Z");
const declined = (understoodAs: string) => ({ abstained: true, understoodAs });

/** The only form a gaps file may have: these fields and no others. */
const StrictGapsFile = z.strictObject({
  format: z.literal("citebot-gaps"),
  version: z.literal(1),
  topics: z.array(
    z.strictObject({
      words: z
        .array(z.string().regex(/^[\p{L}\p{N}'.]{1,32}$/u))
        .min(1)
        .max(12),
      count: z.number().int().positive(),
      first: z.iso.date(),
      last: z.iso.date(),
    }),
  ),
});

let dir: TempDir;
let file: string;
let logger: ReturnType<typeof memoryLogger>;
/** The flush the list scheduled, if any: tests run it by hand instead of waiting. */
let scheduled: (() => void) | null;

beforeEach(async () => {
  dir = await tempDir();
  file = path.join(dir.path, GAPS_FILE);
  logger = memoryLogger();
  scheduled = null;
});
afterEach(() => dir.cleanup());

function open(extra: Partial<GapListOptions> = {}): Promise<GapList> {
  return GapList.open({
    file,
    logger,
    now: () => DAY,
    schedule: (write) => {
      scheduled = write;
      return () => (scheduled = null);
    },
    ...extra,
  });
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const readJson = async () => StrictGapsFile.parse(JSON.parse(await readFile(file, "utf8")));
const warnings = () => logger.lines.filter((l) => l.startsWith("warning: "));

describe("GAP_LIST", () => {
  it("GIVEN nothing set THEN declined questions are counted; GIVEN false THEN not; GIVEN another word THEN CONFIG_INVALID naming the setting", () => {
    expect(parseConfig([], {}, "/w").gapList).toBe(true);
    expect(parseConfig([], { GAP_LIST: "false" }, "/w").gapList).toBe(false);
    expect(() => parseConfig([], { GAP_LIST: "maybe" }, "/w")).toThrow(
      expect.objectContaining({ code: "CONFIG_INVALID", message: 'Invalid setting: GAP_LIST: expected true or false, got "maybe"' }),
    );
  });
});

describe("topicOf", () => {
  it("GIVEN two wordings of one question THEN one topic: the sorted content words, keyed by their stems", () => {
    expect(topicOf("What is the capital of Peru?")).toEqual({ words: ["capital", "peru"], key: "capit peru" });
    expect(topicOf("Peru's CAPITAL??")).toEqual({ words: ["capital", "peru"], key: "capit peru" });
  });

  it("GIVEN words sharing a stem THEN they count once, in the form first seen", () => {
    expect(topicOf("When was it launched, and who launches it now?")).toEqual({ words: ["launched"], key: "launch" });
  });

  it("GIVEN numbers THEN they are kept, thousands separators removed", () => {
    expect(topicOf("How many of the 30,000 people returned in 2019?")).toEqual({
      words: ["2019", "30000", "people", "returned"],
      key: "2019 30000 peopl return",
    });
  });

  it("GIVEN a question of stop words only, or none at all THEN no topic", () => {
    expect(topicOf("What is it?")).toBeNull();
    expect(topicOf("")).toBeNull();
  });

  it("GIVEN more than 12 content words and a 40-letter word THEN the first 12 are kept and each is cut to 32 characters", () => {
    const long = "x".repeat(40);
    const topic = topicOf(`alpha bravo charlie delta echo foxtrot golf hotel india juliet ${long} lima mike november`);
    expect(topic?.words).toEqual([
      "alpha",
      "bravo",
      "charlie",
      "delta",
      "echo",
      "foxtrot",
      "golf",
      "hotel",
      "india",
      "juliet",
      "lima",
      "x".repeat(TOPIC_LIMITS.wordChars),
    ]);
  });

  it("GIVEN Discord mentions, ids, a message link and markup THEN none of the ids is a word, and markup is gone", () => {
    const question =
      "<@314159265358979323> <@&271828182845904523> <#161803398874989484> <:fox:112358132134558914> <t:1700000000:R> **Fox** `hunt` https://discord.com/channels/100000000000000003/100000000000000004/123456789012345678 ３１４１５９２６５３５８９７９３２３ 314,159,265,358,979,323 __proto__?";
    expect(topicOf(question)?.words).toEqual(["channels", "com", "discord", "fox", "https", "hunt", "proto"]);
  });
});

describe("GapList: counting", () => {
  it("GIVEN declined questions THEN they are counted by topic with the day, answered ones and ones without content words are not", async () => {
    const list = await open();
    expect(list.count(declined("What is the capital of Peru?"))).toBe(true);
    expect(list.count(declined("Peru's capital?"))).toBe(true);
    expect(list.count({ abstained: false, understoodAs: "When was Operation Fox Hunt launched?" })).toBe(false);
    expect(list.count(declined("What is it?"))).toBe(false);
    expect(list.mostAsked(20)).toEqual([{ words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" }]);
    expect(list.size).toBe(1);
    expect(list.since).toBe("2026-11-29");
  });

  it("GIVEN a follow-up THEN it is counted as understood", async () => {
    const list = await open();
    list.count(declined("How many people did Japan hand over?"));
    expect(list.mostAsked(1)[0]?.words).toEqual(["hand", "japan", "people"]);
  });
});

describe("GapList: writing", () => {
  it("GIVEN counts THEN nothing is written until the scheduled flush, which writes once, whole, with only the allowed fields", async () => {
    let writes = 0;
    const list = await open({
      write: (...args) => {
        writes++;
        return writeGapsFile(...args);
      },
    });
    list.count(declined("What is the capital of Peru?"));
    list.count(declined("Who won the 1998 World Cup?"));
    expect(await readdir(dir.path)).toEqual([]);
    expect(scheduled).not.toBeNull();
    scheduled?.();
    await list.flush();
    expect(writes).toBe(1);
    expect(await readJson()).toEqual({
      format: "citebot-gaps",
      version: 1,
      topics: [
        { words: ["1998", "cup", "won", "world"], count: 1, first: "2026-11-29", last: "2026-11-29" },
        { words: ["capital", "peru"], count: 1, first: "2026-11-29", last: "2026-11-29" },
      ],
    });
    // No temporary file is left; the file is its owner's only, and dated to the day's start.
    expect(await readdir(dir.path)).toEqual([GAPS_FILE]);
    const info = await stat(file);
    expect(info.mode & 0o777).toBe(0o600);
    expect(info.mtime.toISOString()).toBe("2026-11-29T00:00:00.000Z");
  });

  it("GIVEN close with counts not yet written THEN they are written; a close without new counts writes nothing", async () => {
    const list = await open();
    list.count(declined("What is the capital of Peru?"));
    await list.close();
    expect((await readJson()).topics).toHaveLength(1);
    let writes = 0;
    const again = await open({ write: async () => void writes++ });
    await again.close();
    expect(writes).toBe(0);
    expect(again.mostAsked(5)).toEqual([{ words: ["capital", "peru"], count: 1, first: "2026-11-29", last: "2026-11-29" }]);
  });

  it("GIVEN two lists over one file (two processes) THEN their counts add up instead of overwriting each other", async () => {
    const a = await open();
    const b = await open({ now: () => DAY + 86_400_000 });
    a.count(declined("What is the capital of Peru?"));
    b.count(declined("What is the capital of Peru?"));
    b.count(declined("Who won the 1998 World Cup?"));
    await a.flush();
    await b.flush();
    expect((await readJson()).topics).toEqual([
      { words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-30" },
      { words: ["1998", "cup", "won", "world"], count: 1, first: "2026-11-30", last: "2026-11-30" },
    ]);
  });

  it("GIVEN more topics than the cap THEN the least asked, then the longest unasked, then the earliest counted are dropped, in memory and on disk", async () => {
    let now = DAY;
    const list = await open({ maxTopics: 3, now: () => now });
    for (const q of ["alpha", "alpha", "alpha", "bravo", "bravo", "charlie"]) list.count(declined(q));
    now += 86_400_000;
    list.count(declined("delta"));
    list.count(declined("echo"));
    await list.flush();
    const expected = [
      { words: ["alpha"], count: 3, first: "2026-11-29", last: "2026-11-29" },
      { words: ["bravo"], count: 2, first: "2026-11-29", last: "2026-11-29" },
      { words: ["echo"], count: 1, first: "2026-11-30", last: "2026-11-30" },
    ];
    expect(list.mostAsked(10)).toEqual(expected);
    expect((await readJson()).topics).toEqual(expected);
  });

  it(`GIVEN ${MAX_TOPICS + 5} distinct topics THEN the file keeps ${MAX_TOPICS} and stays small`, async () => {
    const list = await open();
    for (let i = 0; i < MAX_TOPICS + 5; i++) list.count(declined(`topic${i.toString(36)} ${"word".repeat(8)}${i}`));
    await list.close();
    expect((await readJson()).topics).toHaveLength(MAX_TOPICS);
    expect((await stat(file)).size).toBeLessThan(200_000);
  });

  it("GIVEN a full disk THEN one warning for repeated failures, the counts are served from memory, and a later write saves all of them", async () => {
    let full = true;
    const write: GapsWriter = async (...args) => {
      if (full) throw Object.assign(new Error("ENOSPC: no space left on device, write"), { code: "ENOSPC" });
      await writeGapsFile(...args);
    };
    const list = await open({ write });
    list.count(declined("What is the capital of Peru?"));
    await list.flush();
    list.count(declined("What is the capital of Peru?"));
    await list.flush();
    expect(warnings()).toEqual([
      `warning: ${file}: could not save the declined questions (the disk is full); still counting in memory, and trying again later.`,
    ]);
    expect(list.mostAsked(1)[0]?.count).toBe(2);
    expect(await readdir(dir.path)).toEqual([]);
    full = false;
    await list.flush();
    expect((await readJson()).topics).toEqual([{ words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" }]);
  });

  it("GIVEN an index folder that is gone THEN the write fails with a warning and nothing throws", async () => {
    file = path.join(dir.path, "missing", GAPS_FILE);
    const list = await open();
    list.count(declined("What is the capital of Peru?"));
    await expect(list.close()).resolves.toBeUndefined();
    expect(warnings()).toEqual([expect.stringContaining("could not save the declined questions (ENOENT")]);
  });
});

describe("GapList: a damaged file of Citebot's is replaced", () => {
  const own =
    '{"format":"citebot-gaps","version":1,"topics":[\n{"words":["capital","peru"],"count":2,"first":"2026-11-29","last":"2026-11-29"}\n]}\n';
  const cases: [string, string | Buffer, string][] = [
    ["truncated", own.slice(0, 60), "it is not valid JSON"],
    ["empty", "", "it is empty"],
    ["of another version", own.replace('"version":1', '"version":2'), "it does not have the form Citebot writes"],
    [
      "with topics of the wrong type",
      '{"format":"citebot-gaps","version":1,"topics":{"__proto__":{"polluted":true}}}',
      "it does not have the form Citebot writes",
    ],
    [
      "with an extra field",
      '{"format":"citebot-gaps","version":1,"topics":[],"user":"314159265358979323"}',
      "it does not have the form Citebot writes",
    ],
    ["over 2 MB", Buffer.concat([Buffer.from('{"format":"citebot-gaps"'), Buffer.alloc(MAX_GAPS_FILE_BYTES, 0x20)]), "it is over 2 MB"],
  ];
  it.each(cases)("GIVEN a file %s THEN one warning, counting starts afresh, and the next write replaces it", async (_, content, reason) => {
    await writeFile(file, content);
    const list = await open();
    expect(list.size).toBe(0);
    // The JSON parser's own words follow "not valid JSON"; every other reason is exact.
    const detail = reason.endsWith("JSON") ? " \\(.+\\)" : "";
    expect(warnings()).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${escapeRegExp(`warning: ${file}: ${reason}`)}${detail}${escapeRegExp("; counting declined questions afresh, and the file will be replaced.")}$`,
        ),
      ),
    ]);
    list.count(declined("Who won the 1998 World Cup?"));
    await list.close();
    expect((await readJson()).topics).toEqual([
      { words: ["1998", "cup", "won", "world"], count: 1, first: "2026-11-29", last: "2026-11-29" },
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it("GIVEN entries of the wrong shape or with hostile words among good ones THEN the good ones are kept, the words normalised, the rest left out with one warning", async () => {
    const topics = [
      { words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" },
      { words: ["__proto__", "<@314159265358979323>"], count: 3, first: "2026-11-28", last: "2026-11-27" },
      { words: ["the", "of"], count: 1, first: "2026-11-29", last: "2026-11-29" },
      { words: ["fox"], count: -1, first: "2026-11-29", last: "2026-11-29" },
      { words: ["fox"], count: 1, first: "yesterday", last: "2026-11-29" },
      "constructor",
    ];
    await writeFile(file, `{"format":"citebot-gaps","version":1,"topics":${JSON.stringify(topics)}}`);
    const list = await open();
    expect(list.mostAsked(10)).toEqual([
      { words: ["proto"], count: 3, first: "2026-11-27", last: "2026-11-28" },
      { words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" },
    ]);
    expect(warnings()).toEqual([`warning: ${file}: 4 entries were not valid and left out.`]);
  });
});

describe("GapList: a path Citebot did not create is never written", () => {
  const foreign: [string, () => Promise<void>, string][] = [
    ["a folder", () => mkdir(file), "it is not a regular file (a folder, a link or a device)"],
    ["another program's JSON", () => writeFile(file, '{"__proto__":{"polluted":true},"topics":[]}'), "it was not written by Citebot"],
    [
      "a link to a file elsewhere",
      async () => {
        await writeFile(path.join(dir.path, "elsewhere.json"), "keep me");
        await symlink(path.join(dir.path, "elsewhere.json"), file);
      },
      "it is not a regular file (a folder, a link or a device)",
    ],
  ];
  it.each(foreign)(
    "GIVEN %s at the path THEN it is left as it was, one warning, and counting goes on in memory",
    async (_, make, reason) => {
      await make();
      const before = await snapshot(dir.path);
      const list = await open();
      list.count(declined("What is the capital of Peru?"));
      await list.close();
      expect(await snapshot(dir.path)).toEqual(before);
      expect(warnings()).toEqual([
        `warning: ${file}: ${reason}, so Citebot will not replace it; declined questions are counted in memory only until it is moved away.`,
      ]);
      expect(list.mostAsked(1)).toEqual([{ words: ["capital", "peru"], count: 1, first: "2026-11-29", last: "2026-11-29" }]);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    },
  );

  it("GIVEN another program's file appears after the list opened THEN the next write leaves it alone and warns once", async () => {
    const list = await open();
    await writeFile(file, "not mine");
    list.count(declined("What is the capital of Peru?"));
    await list.flush();
    list.count(declined("Who won the 1998 World Cup?"));
    await list.close();
    expect(await readFile(file, "utf8")).toBe("not mine");
    expect(warnings()).toHaveLength(1);
    expect(list.size).toBe(2);
  });
});

/** Every entry under `root`: its kind and, for files, its bytes; links by their target. */
async function snapshot(root: string): Promise<Record<string, string>> {
  const out = Object.create(null) as Record<string, string>;
  for (const name of (await readdir(root, { recursive: true })).sort()) {
    const full = path.join(root, name);
    const info = await lstat(full);
    out[name] = info.isDirectory() ? "dir" : info.isSymbolicLink() ? "link" : (await readFile(full)).toString("base64");
  }
  return out;
}

describe("npm run gaps", () => {
  const run = promisify(execFile);
  const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
  const gaps = (args: string[], env: Record<string, string> = {}) =>
    run(TSX, [path.join(REPO_ROOT, "src", "cli", "gaps-cmd.ts"), ...args], {
      cwd: REPO_ROOT,
      env: offlineEnv(dir.path, { INDEX_DIR: dir.path, ...env }),
      timeout: 60_000,
    }).then(
      (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
      (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
    );

  it("GIVEN a gaps file THEN the most asked topics with counts, and with --json the same as JSON", async () => {
    const list = await open();
    for (const q of ["What is the capital of Peru?", "Peru's capital?", "Who won the 1998 World Cup?"]) list.count(declined(q));
    await list.close();
    const text = await gaps([]);
    expect(text).toEqual({
      code: 0,
      stdout: [
        "Most asked questions the sources don't answer: 2 of 2 topics, counted by their words since 2026-11-29.",
        " count  last asked  words",
        "     2  2026-11-29  capital peru",
        "     1  2026-11-29  1998 cup won world",
        "",
      ].join("\n"),
      stderr: "",
    });
    const json = await gaps(["--json"]);
    expect(JSON.parse(json.stdout)).toEqual({
      counting: true,
      file,
      total: 2,
      since: "2026-11-29",
      topics: [
        { words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" },
        { words: ["1998", "cup", "won", "world"], count: 1, first: "2026-11-29", last: "2026-11-29" },
      ],
    });
  });

  it("GIVEN declined questions through `ask` and `ask --batch` (the operator's own tests) THEN nothing is counted", async () => {
    const batch = path.join(dir.path, "batch.txt");
    await writeFile(batch, "What is the capital of Peru?\nWho won the 1998 World Cup?\n");
    const env = offlineEnv(dir.path, { INDEX_DIR: path.join(dir.path, "index"), LOG_LEVEL: "silent" });
    const ask = (args: string[]) =>
      run(TSX, [path.join(REPO_ROOT, "src", "cli", "ask-cmd.ts"), "--json", ...args], { cwd: REPO_ROOT, env, timeout: 60_000 });
    const answers = (await ask(["--batch", batch])).stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line).abstained);
    expect(answers).toEqual([true, true]);
    expect(JSON.parse((await ask(["What is the capital of Peru?"])).stdout).abstained).toBe(true);
    expect((await readdir(path.join(dir.path, "index"))).includes(GAPS_FILE)).toBe(false);
  });

  it("GIVEN no file THEN one clear line and exit 0; another program's file THEN exit 2 and it is left alone", async () => {
    expect(await gaps([])).toEqual({ code: 0, stdout: `No declined questions counted yet (no ${file}).\n`, stderr: "" });
    await writeFile(file, "not mine");
    const foreign = await gaps([]);
    expect(foreign).toEqual({
      code: 2,
      stdout: "",
      stderr: `error: Path not usable: ${file}: it was not written by Citebot, so Citebot does not read or replace it; move it away to let Citebot count declined questions there\n`,
    });
    expect(await readFile(file, "utf8")).toBe("not mine");
  });
});

describe("formatGaps", () => {
  it("GIVEN GAP_LIST=false THEN one line saying nothing is counted, whatever the file holds", () => {
    const state: GapsFileState = {
      kind: "ok",
      topics: [{ key: "capit peru", topic: { words: ["capital", "peru"], count: 2, first: "2026-11-29", last: "2026-11-29" } }],
      dropped: 0,
    };
    const report = gapsReport(false, "/i/gaps.json", state);
    expect(report).toEqual({ counting: false, file: "/i/gaps.json", total: 0, since: null, topics: [] });
    expect(formatGaps(report, state)).toBe("Declined questions are not counted (GAP_LIST=false).");
  });

  it("GIVEN a damaged file THEN it says so and that it will be replaced", () => {
    const state = { kind: "damaged", reason: "it is empty" } as const;
    expect(formatGaps(gapsReport(true, "/i/gaps.json", state), state)).toBe(
      "No declined questions to list: /i/gaps.json is damaged (it is empty); Citebot replaces it when it next counts a declined question.",
    );
  });

  it("GIVEN an empty list in a readable file THEN it says none were counted yet", async () => {
    await writeFile(file, '{"format":"citebot-gaps","version":1,"topics":[]}');
    const state = await readGapsFile(file);
    expect(formatGaps(gapsReport(true, file, state), state)).toBe(`No declined questions counted yet (empty ${file}).`);
  });
});
