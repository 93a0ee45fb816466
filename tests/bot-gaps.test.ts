import { cp, lstat, mkdir, readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { runBot } from "../src/bot/index.js";
import { GAPS_TEXT, renderGaps } from "../src/bot/commands/gaps.js";
import { runChat } from "../src/cli/chat.js";
import { openEngine } from "../src/engine.js";
import { dayOf, GAPS_FILE, GapList, openGapList, type GapTopic } from "../src/gaps/index.js";
import {
  DEFAULT_MEMBER_PERMISSIONS,
  IDS,
  PERMISSIONS,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type RecordedRequest,
  type Where,
} from "./helpers/fake-discord.js";
import { memoryLogger, REPO_ROOT, tempDir, testConfig, type TempDir } from "./helpers/fixtures.js";
import { botSettings, startTestBot, type TestBot } from "./helpers/test-bot.js";

const EPHEMERAL = 64;
let running: TestBot;
let fake: FakeDiscord;
let userCounter = 0;

const member = (): FakeUser => ({ id: `2200000000000${String(++userCounter).padStart(5, "0")}`, username: `member${userCounter}` });
const callbackOf = (id: string) => (r: RecordedRequest) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`);
const editOf = (token: string) => (r: RecordedRequest) => r.method === "PATCH" && r.path.endsWith(`/${token}/messages/@original`);
const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === "POST" && r.body?.message_reference?.message_id === messageId;

/** /ask on `fake`, resolved with the edited answer request. */
async function ask(on: FakeDiscord, question: string, user: FakeUser, where: Where = {}, isPrivate = false): Promise<RecordedRequest> {
  const options = [{ name: "question", type: 3, value: question }, ...(isPrivate ? [{ name: "private", type: 5, value: true }] : [])];
  const { token } = on.command("ask", options, user, undefined, where);
  return on.waitFor(editOf(token));
}

/** A message mentioning the bot on `fake`, resolved with the bot's reply. */
async function mention(on: FakeDiscord, question: string, user: FakeUser, where: Where = {}): Promise<RecordedRequest> {
  const id = on.message(where.replyTo === undefined ? `<@${IDS.bot}> ${question}` : question, user, true, where);
  return on.waitFor(replyTo(id));
}

/** The reply to a command other than /ask (sent at once, never deferred). */
async function command(
  name: string,
  user: FakeUser,
  permissions: bigint = DEFAULT_MEMBER_PERMISSIONS,
): Promise<{ content: string; flags: number }> {
  const { id } = fake.command(name, [], user, permissions);
  const reply = await fake.waitFor(callbackOf(id));
  expect(reply.body.type).toBe(4);
  expect(reply.body.data.allowed_mentions).toEqual({ parse: [], replied_user: false });
  return { content: reply.body.data.content, flags: reply.body.data.flags };
}

const gaps = () => {
  const list = running.bot.context.gaps;
  if (!list) throw new Error("the test bot counts declined questions");
  return list;
};
const today = () => dayOf(Date.now());

let gapFiles: TempDir;
let gapFileCounter = 0;

/**
 * Gives the bot an empty count of declined questions (its own file, written only on close), so a
 * test sees only what it asked itself, whichever tests ran before it. `declined` are counted first.
 */
async function freshGaps(declined: string[] = []): Promise<GapList> {
  await running.bot.context.gaps?.close();
  const list = await GapList.open({
    file: path.join(gapFiles.path, `gaps-${++gapFileCounter}.json`),
    logger: memoryLogger(),
    schedule: () => () => undefined,
  });
  for (const understoodAs of declined) list.count({ abstained: true, understoodAs });
  running.bot.context.gaps = list;
  return list;
}

beforeAll(async () => {
  running = await startTestBot({ cooldownSeconds: 0 }, { gapList: true });
  fake = running.fake;
  gapFiles = await tempDir();
});
afterAll(async () => {
  await running?.stop();
  await gapFiles?.cleanup();
});

describe("declined questions are counted from Discord", () => {
  beforeEach(async () => {
    await freshGaps();
  });

  it("GIVEN a declined /ask and the same question as a mention THEN one topic asked twice; an answered question and a private one are not counted", async () => {
    const edit = await ask(fake, "What is the capital of Peru?", member());
    expect(edit.body.embeds[0].description).toBe("I couldn't find this in the sources.");
    await mention(fake, "Peru's capital?", member());
    await ask(fake, "When was Operation Fox Hunt launched?", member());
    expect((await ask(fake, "Who won the 1998 World Cup?", member(), {}, true)).body.embeds[0].description).toBe(
      "I couldn't find this in the sources.",
    );
    expect(gaps().mostAsked(20)).toEqual([{ words: ["capital", "peru"], count: 2, first: today(), last: today() }]);
  });

  it("GIVEN a follow-up in a thread that is declined THEN it is counted as the question understood", async () => {
    const user = member();
    const first = await ask(fake, "How many individuals were handed over from Fiji?", user, { channelId: IDS.thread });
    expect(first.body.embeds[0].description).not.toBe("I couldn't find this in the sources.");
    const follow = await ask(fake, "and Peru?", user, { channelId: IDS.thread });
    expect(follow.body.embeds[0].title).toBe("How many individuals were handed over from Peru?");
    expect(gaps().mostAsked(20)).toEqual([{ words: ["handed", "individuals", "peru"], count: 1, first: today(), last: today() }]);
  });
});

describe("/gaps", () => {
  beforeEach(async () => {
    await freshGaps(["What is the capital of Peru?", "Peru's capital?", "How many individuals were handed over from Peru?"]);
  });

  it("GIVEN a member without Manage Server or Pin Messages THEN a polite ephemeral refusal, and no list", async () => {
    expect(await command("gaps", member(), DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.manageMessages)).toEqual({
      content: GAPS_TEXT.refused,
      flags: EPHEMERAL,
    });
  });

  it.each([
    ["Manage Server", PERMISSIONS.manageGuild],
    ["Pin Messages", PERMISSIONS.pinMessages],
  ])("GIVEN a member with %s THEN the most asked topics with counts, ephemerally", async (_, permission) => {
    const { content, flags } = await command("gaps", member(), DEFAULT_MEMBER_PERMISSIONS | permission);
    expect(flags).toBe(EPHEMERAL);
    expect(content).toBe(
      [
        `**Most asked questions the sources don't answer** (2 of 2 topics, counted by their words since ${today()}):`,
        `1. capital peru — 2 (last ${today()})`,
        `2. handed individuals peru — 1 (last ${today()})`,
      ].join("\n"),
    );
  });

  it("GIVEN a direct message THEN it is refused: there are no permissions to check", async () => {
    const { id } = fake.directCommand("gaps", [], member());
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({ type: 4, data: { content: GAPS_TEXT.direct, flags: EPHEMERAL } });
  });

  it("GIVEN GAP_LIST off THEN /gaps says nothing is counted, and /about says nothing is kept", async () => {
    const list = running.bot.context.gaps;
    running.bot.context.gaps = null;
    try {
      expect(await command("gaps", member(), PERMISSIONS.manageGuild)).toEqual({ content: GAPS_TEXT.off, flags: EPHEMERAL });
      expect((await command("about", member())).content).toContain(
        "• **Unanswered questions** are not kept: nothing about a question is stored.",
      );
    } finally {
      running.bot.context.gaps = list;
    }
  });

  it("GIVEN GAP_LIST on THEN /about says declined questions are counted by their content words, without who asked or where, and who sees them", async () => {
    expect((await command("about", member())).content).toContain(
      "• **Unanswered questions:** when the sources don't answer, the question's content words (such as “capital peru”) are counted, with the day, never who asked or where; questions asked with `private` are not counted. Moderators (Manage Server or Pin Messages) and the operator see the most asked, to choose which document to add next.",
    );
  });
});

describe("renderGaps", () => {
  it("GIVEN 20 topics of 12 long words THEN one message within 2,000 characters that says how many were left out", () => {
    const topics: GapTopic[] = Array.from({ length: 20 }, (_, i) => ({
      words: Array.from({ length: 12 }, (_, j) => `${"w".repeat(30)}${i}${j}`),
      count: 20 - i,
      first: "2026-11-01",
      last: "2026-11-29",
    }));
    const text = renderGaps(topics, 57, "2026-11-01");
    expect(text.length).toBeLessThanOrEqual(2000);
    const lines = text.split("\n");
    expect(lines[0]).toBe("**Most asked questions the sources don't answer** (20 of 57 topics, counted by their words since 2026-11-01):");
    expect(lines.at(-1)).toMatch(/^…and \d+ more: `npm run gaps` on the bot's machine lists them\.$/);
    expect(lines[1]).toBe(`1. ${"w".repeat(30)}00 ${"w".repeat(30)}01… — 20 (last 2026-11-29)`);
  });

  it("GIVEN words holding Markdown, a mention or a link THEN they are shown as written, never as markup", () => {
    const text = renderGaps(
      [{ words: ["**bold**", "<@123>", "https://x.example"], count: 1, first: "2026-11-29", last: "2026-11-29" }],
      1,
      "2026-11-29",
    );
    expect(text.split("\n")[1]).toBe("1. \\*\\*bold\\*\\* \\<\\@123\\> https\\://x.example — 1 (last 2026-11-29)");
  });
});

describe("the terminal chat", () => {
  it("GIVEN piped questions THEN the declined one is counted and written when the chat closes", async () => {
    const dir = await tempDir();
    try {
      const file = path.join(dir.path, GAPS_FILE);
      const list = await GapList.open({ file, logger: memoryLogger() });
      const input = new PassThrough();
      input.end("What is the capital of Peru?\nWhen was Operation Fox Hunt launched?\n");
      const output = new PassThrough();
      output.resume();
      await runChat(running.bot.context.engine, { input, output, interactive: false, questionMaxChars: 300, gaps: list }).finally(() =>
        list.close(),
      );
      expect(JSON.parse(await readFile(file, "utf8")).topics).toEqual([
        { words: ["capital", "peru"], count: 1, first: today(), last: today() },
      ]);
    } finally {
      await dir.cleanup();
    }
  });
});

/** Every file under `root` (recursively), with its bytes. */
async function filesUnder(root: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const name of await readdir(root, { recursive: true })) {
    const full = path.join(root, name);
    if ((await lstat(full)).isFile()) files.set(name, await readFile(full));
  }
  return files;
}

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

describe("privacy: nothing that identifies a member is written to disk", () => {
  it("GIVEN members with recognisable ids and names asking declined, answered, private, follow-up and mention questions THEN no file under the corpus, index, models or temp folder holds an id or a name, and the gaps file only allowed fields", async () => {
    const root = await tempDir();
    const savedTmp = process.env.TMPDIR;
    try {
      // Every folder the bot works in, under one root walked before and after: the corpus (a copy of the built-in one), the index, the models, and the temp folder.
      await cp(path.join(REPO_ROOT, "corpus"), path.join(root.path, "corpus"), { recursive: true });
      await mkdir(path.join(root.path, "tmp"));
      process.env.TMPDIR = path.join(root.path, "tmp");
      const before = await filesUnder(root.path);
      const config = testConfig(root.path, { EMBED_MODEL: "none", GAP_LIST: "true" });
      const logger = memoryLogger();
      const engine = await openEngine(config, logger);
      const probe = await startFakeDiscord();
      const bot = await runBot(engine, botSettings(probe.apiBase, { cooldownSeconds: 0 }), logger, await openGapList(config, logger));
      const alice: FakeUser = { id: "314159265358979323", username: "privacy_probe_alice" };
      const bob: FakeUser = { id: "271828182845904523", username: "privacy_probe_bob" };
      try {
        await ask(probe, "What is the capital of Peru?", alice);
        await ask(probe, "Who won the 1998 World Cup?", bob, {}, true);
        const answered = await ask(probe, "When was Operation Fox Hunt launched?", alice);
        await mention(
          probe,
          `Did <@${alice.id}> see where the embassy stands? https://discord.com/channels/${IDS.guild}/${IDS.channel}/${answered.response.id}`,
          bob,
        );
        await ask(probe, "How many individuals were handed over from Fiji?", bob, { channelId: IDS.thread });
        await ask(probe, "and Peru?", bob, { channelId: IDS.thread });
        expect((await mention(probe, "and Tuvalu?", alice, { replyTo: answered.response.id })).body.embeds[0].title).toBe(
          "When was Tuvalu launched?",
        );
        const { id } = probe.command("gaps", [], alice, PERMISSIONS.manageGuild);
        await probe.waitFor(callbackOf(id));
      } finally {
        await bot.stop(1000);
        await probe.close();
      }
      const after = await filesUnder(root.path);
      // The index was built and the gaps file written: the walk sees what the bot wrote.
      expect([...after.keys()].filter((name) => !before.has(name))).toEqual(
        expect.arrayContaining([path.join("index", "CURRENT"), path.join("index", GAPS_FILE)]),
      );
      for (const [name, bytes] of before) expect(after.get(name)?.equals(bytes), `${name} changed`).toBe(true);
      const identifying = [
        alice.id,
        bob.id,
        alice.username,
        bob.username,
        "privacy_probe",
        IDS.guild,
        IDS.channel,
        IDS.thread,
        // Every interaction id and token, and every message id, that went past.
        ...probe.requests.flatMap((r) => [...(r.path.match(/\d{15,}|token-[\w-]+/g) ?? []), ...(r.response?.id ? [r.response.id] : [])]),
      ];
      expect(identifying.length).toBeGreaterThan(10);
      for (const [name, bytes] of after) {
        const text = bytes.toString("latin1");
        for (const value of identifying) expect(text.includes(value), `${name} holds ${value}`).toBe(false);
      }
      const written = StrictGapsFile.parse(JSON.parse(after.get(path.join("index", GAPS_FILE))?.toString("utf8") ?? "null"));
      const day = today();
      const byWords = (a: { words: string[] }, b: { words: string[] }) => (a.words.join(" ") < b.words.join(" ") ? -1 : 1);
      expect(written.topics.sort(byWords)).toEqual(
        [
          { words: ["capital", "peru"], count: 1, first: day, last: day },
          { words: ["handed", "individuals", "peru"], count: 1, first: day, last: day },
          // The mention's words, without the member it names or the ids in its message link.
          { words: ["channels", "com", "discord", "embassy", "https", "see", "stands"], count: 1, first: day, last: day },
          { words: ["launched", "tuvalu"], count: 1, first: day, last: day },
        ].sort(byWords),
      );
      expect(logger.lines.join("\n")).not.toContain(alice.id);
    } finally {
      if (savedTmp === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = savedTmp;
      await root.cleanup();
    }
  });
});
