import { spawn, execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBot } from "../src/bot/index.js";
import { openEngine } from "../src/engine.js";
import { memoryLogger, offlineEnv, REPO_ROOT, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from "./helpers/fake-discord.js";

const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
let dir: TempDir;
let fake: FakeDiscord;

beforeAll(async () => {
  dir = await tempDir();
  fake = await startFakeDiscord();
});
afterAll(async () => {
  await fake.close();
  await dir.cleanup();
});

const editOf = (token: string) => (r: RecordedRequest) =>
  r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`;

describe("limits through the fake Discord", () => {
  it("GIVEN a source whose passage is one enormous sentence THEN the edited reply respects every embed limit", async () => {
    const sentence = `The handover list names ${Array.from({ length: 900 }, (_, i) => `person${i}`).join(", ")} and many more.`;
    await writeCorpus(path.join(dir.path, "long", "corpus"), {
      "long.md": `---\ntitle: "${"Long title ".repeat(40)}"\nurl: https://example.org/long\n---\n\n${sentence}`,
    });
    const engine = await openEngine(testConfig(path.join(dir.path, "long"), { EMBED_MODEL: "none" }), memoryLogger());
    const bot = await runBot(
      engine,
      {
        token: "test-token",
        appId: IDS.app,
        guildId: null,
        apiBase: fake.apiBase,
        cooldownSeconds: 0,
        questionMaxChars: 300,
        maxConcurrentAnswers: 2,
        logQuestions: false,
      },
      memoryLogger(),
    );
    try {
      const question = `Which handover list names person1 ${"and person2 ".repeat(20)}?`.slice(0, 299);
      const { token } = fake.command("ask", [{ name: "question", type: 3, value: question }], {
        id: "400000000000000001",
        username: "researcher",
      });
      const embed = (await fake.waitFor(editOf(token))).body.embeds[0];
      const total =
        embed.title.length +
        embed.description.length +
        embed.footer.text.length +
        embed.fields.reduce((n: number, f: { name: string; value: string }) => n + f.name.length + f.value.length, 0);
      expect(embed.title.length).toBeLessThanOrEqual(256);
      expect(embed.description.length).toBeLessThanOrEqual(4096);
      // The sentence is over MAX_SENTENCE_CHARS (600): it is answered in pieces that fit without shortening.
      // The quoted lines (an In brief line may lead), without escapes and the highlight's bold markers.
      const quoted = embed.description.split("\n").filter((line: string) => line.startsWith("“"));
      const pieces = quoted.map((line: string) =>
        line.replace(/\\(.)|\*\*/g, (_: string, c: string | undefined) => c ?? "").replace(/^“|” \[\d+\]$/g, ""),
      );
      expect(pieces.length).toBeGreaterThan(0);
      for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(600);
      expect(sentence.includes(pieces[0])).toBe(true);
      for (const f of embed.fields) {
        expect(f.name.length).toBeLessThanOrEqual(256);
        expect(f.value.length).toBeLessThanOrEqual(1024);
      }
      expect(total).toBeLessThanOrEqual(6000);
    } finally {
      await bot.stop(500);
    }
  });
});

describe("the cap on answers computed at once", () => {
  it("GIVEN one slot and a slow Discord THEN a second member asking meanwhile is told to try again", async () => {
    const engine = await openEngine(
      testConfig(path.join(dir.path, "cap"), { CORPUS_DIR: path.join(REPO_ROOT, "corpus"), EMBED_MODEL: "none" }),
      memoryLogger(),
    );
    const bot = await runBot(
      engine,
      {
        token: "test-token",
        appId: IDS.app,
        guildId: null,
        apiBase: fake.apiBase,
        cooldownSeconds: 0,
        questionMaxChars: 300,
        maxConcurrentAnswers: 1,
        logQuestions: false,
      },
      memoryLogger(),
    );
    // The first answer's deferral stays unanswered until the second member has been told to wait: its slot is held for sure.
    const release = fake.holdCallbacks();
    try {
      const first = fake.command("ask", [{ name: "question", type: 3, value: "When was Operation Fox Hunt launched?" }], {
        id: "400000000000000011",
        username: "a",
      });
      await fake.waitFor((r) => r.method === "POST" && r.path.startsWith(`/interactions/${first.id}/`));
      const second = fake.command("ask", [{ name: "question", type: 3, value: "Which operation followed?" }], {
        id: "400000000000000012",
        username: "b",
      });
      const busy = await fake.waitFor((r) => r.method === "POST" && r.path.startsWith(`/interactions/${second.id}/`));
      expect(busy.body).toMatchObject({ type: 4, data: { flags: 64, content: "Busy, try again in 2 s." } });
      release();
      await fake.waitFor(editOf(first.token));
    } finally {
      release();
      await bot.stop(1000);
    }
  });
});

describe("npm start with DISCORD_TOKEN", () => {
  it("GIVEN DISCORD_API_BASE pointing at the fake THEN it connects, answers /ask, and exits 0 on SIGTERM", async () => {
    const before = fake.identifies.length;
    const child = spawn(TSX, [path.join(REPO_ROOT, "src", "main.ts")], {
      cwd: REPO_ROOT,
      env: offlineEnv(dir.path, {
        DISCORD_TOKEN: "test-token",
        DISCORD_APP_ID: IDS.app,
        DISCORD_API_BASE: fake.apiBase,
        INDEX_DIR: path.join(dir.path, "start-index"),
        EMBED_MODEL: "none",
      }),
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    try {
      const deadline = Date.now() + 30_000;
      while (fake.identifies.length === before || !stderr.includes("Connected to Discord")) {
        if (Date.now() > deadline) throw new Error(`bot did not connect:\n${stderr}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const { token } = fake.command("ask", [{ name: "question", type: 3, value: "When was Operation Fox Hunt launched?" }], {
        id: "400000000000000002",
        username: "member",
      });
      const edit = await fake.waitFor(editOf(token), 20_000);
      expect(edit.body.embeds[0].description).toContain("In **2014**");
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr).not.toContain("test-token");
      expect(stderr).toContain("SIGTERM: finishing answers in flight");
    } finally {
      child.kill("SIGKILL");
    }
  });
});

describe("npm run discord:register", () => {
  it("GIVEN DISCORD_GUILD_ID THEN the six commands are registered in that server", async () => {
    const { stderr } = await promisify(execFile)(TSX, [path.join(REPO_ROOT, "src", "bot", "register-cmd.ts")], {
      cwd: REPO_ROOT,
      env: offlineEnv(dir.path, {
        DISCORD_TOKEN: "test-token",
        DISCORD_APP_ID: IDS.app,
        DISCORD_GUILD_ID: IDS.guild,
        DISCORD_API_BASE: fake.apiBase,
      }),
    });
    const put = await fake.waitFor((r) => r.method === "PUT" && r.path === `/applications/${IDS.app}/guilds/${IDS.guild}/commands`);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(["ask", "check", "sources", "about", "gaps", "pins"]);
    const askOptions = put.body[0].options.map((o: { name: string; required?: boolean }) => [o.name, o.required ?? false]);
    expect(askOptions).toEqual([
      ["question", true],
      ["private", false],
    ]);
    // /pins is offered to members with Pin Messages (1 << 51), in servers only; its one subcommand chooses the mode.
    const pins = put.body[5];
    expect([pins.default_member_permissions, pins.contexts]).toEqual([String(1n << 51n), [0]]);
    expect(pins.options.map((o: { name: string; type: number }) => [o.name, o.type])).toEqual([["audit", 1]]);
    expect(pins.options[0].options[0].choices.map((c: { value: string }) => c.value)).toEqual(["reply", "edit"]);
    expect(stderr).toContain("Registered /ask, /check, /sources, /about, /gaps, /pins in server");
  });
});
