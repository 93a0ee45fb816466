import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBot, type RunningBot } from "../src/bot/index.js";
import { openEngine } from "../src/engine.js";
import { activeMarkup } from "./helpers/discord-markup.js";
import { IDS, startFakeDiscord, type FakeDiscord, type RecordedRequest } from "./helpers/fake-discord.js";
import { memoryLogger, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";

const OSC8 = "\u001b]8;;https://evil.example/osc\u001b\\click\u001b]8;;\u001b\\";

/** Two sources written to inject links and mentions: one with a javascript: url, one with an https url. */
const HOSTILE = {
  "notice.md": [
    "---",
    'title: "Notice](https://evil.example/title) [x"',
    "url: javascript:alert(1)",
    "---",
    "",
    `The ministry published an [official notice](https://evil.example/login) about returns in 2014, see https://evil.example/bare and <https://evil.example/angle> ${OSC8} @everyone <@123456789012345678>.`,
  ].join("\n"),
  "report.md": [
    "---",
    'title: "Report <@&42> # heading"',
    "url: https://example.org/report",
    "---",
    "",
    "# Returns",
    "",
    "-# The ministry published the returns report in 2014, with [forced returns](https://evil.example/report) by country @here.",
  ].join("\n"),
};

let dir: TempDir;
let fake: FakeDiscord;
let bot: RunningBot;

beforeAll(async () => {
  dir = await tempDir();
  await writeCorpus(path.join(dir.path, "corpus"), HOSTILE);
  const engine = await openEngine(testConfig(dir.path, { EMBED_MODEL: "none" }), memoryLogger());
  fake = await startFakeDiscord();
  bot = await runBot(
    engine,
    {
      token: "test-token",
      appId: IDS.app,
      guildId: null,
      apiBase: fake.apiBase,
      cooldownSeconds: 0,
      questionMaxChars: 300,
      maxConcurrentAnswers: 4,
      logQuestions: false,
    },
    memoryLogger(),
  );
});
afterAll(async () => {
  await bot?.stop(1000);
  await fake?.close();
  await dir?.cleanup();
});

/** Every Markdown text of a message body: content, embed description, field names and values. */
function markdownOf(body: { content?: string; embeds?: { description?: string; fields?: { name: string; value: string }[] }[] }): string[] {
  return [
    body.content ?? "",
    ...(body.embeds ?? []).flatMap((e) => [e.description ?? "", ...(e.fields ?? []).flatMap((f) => [f.name, f.value])]),
  ];
}

describe("an answer from sources that hold links, mentions and escapes, through a fake Discord", () => {
  it("GIVEN /ask THEN the edited answer has no link from the sources, only the bot's link to the https source, and no mention or escape", async () => {
    const user = { id: "30000000000000001", username: "asker" };
    const { token } = fake.command(
      "ask",
      [{ name: "question", type: 3, value: "What did the ministry publish about returns in 2014?" }],
      user,
    );
    const edit = await fake.waitFor(
      (r: RecordedRequest) => r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`,
    );
    const texts = markdownOf(edit.body);
    const found = texts.map(activeMarkup);
    expect(edit.body.embeds[0].fields.length).toBe(2);
    expect(found.flatMap((f) => f.links)).toEqual(["https://example.org/report"]);
    expect(found.flatMap((f) => [...f.bare, ...f.mentions])).toEqual([]);
    expect(texts.join("\n")).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("GIVEN a mention THEN the reply is as safe", async () => {
    fake.message(
      `<@${IDS.bot}> What did the ministry publish about returns in 2014?`,
      { id: "30000000000000002", username: "mentioner" },
      true,
    );
    const reply = await fake.waitFor((r: RecordedRequest) => r.method === "POST" && /\/channels\/\d+\/messages$/.test(r.path));
    const found = markdownOf(reply.body).map(activeMarkup);
    expect(found.flatMap((f) => f.links)).toEqual(["https://example.org/report"]);
    expect(found.flatMap((f) => [...f.bare, ...f.mentions])).toEqual([]);
  });
});
