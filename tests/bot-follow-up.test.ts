import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { ABSTAIN_MESSAGE } from "../src/answer/index.js";
import type { RunningBot } from "../src/bot/index.js";
import { IDS, type FakeDiscord, type FakeUser, type RecordedRequest, type Where } from "./helpers/fake-discord.js";
import { startTestBot, type TestBot } from "./helpers/test-bot.js";

let running: TestBot;
let fake: FakeDiscord;
let bot: RunningBot;
let logger: TestBot["logger"];
let userCounter = 0;

/** A new member each time, so that one test's conversation cannot reach into another. */
const member = (): FakeUser => ({ id: `2100000000000${String(++userCounter).padStart(5, "0")}`, username: `member${userCounter}` });

const FIRST = "When was Operation Fox Hunt launched?";
const FOLLOW_UP = "who ran it?";
const UNDERSTOOD = "Who ran Operation Fox Hunt?";
const FOX_HUNT_SENTENCE =
  "In brief: **People’s Republic of China** [1]\n\n“In 2014, the **People’s Republic of China** launched so\\-called Operation ‘Fox Hunt’, a year later followed ‘Operation Sky Net’.” [1]";

const editOf = (token: string) => (r: RecordedRequest) => r.method === "PATCH" && r.path.endsWith(`/${token}/messages/@original`);
const replyTo = (messageId: string) => (r: RecordedRequest) => r.method === "POST" && r.body?.message_reference?.message_id === messageId;

/** /ask as `user` (in `where`), resolved with the embed of the answer and the answer message's id. */
async function ask(question: string, user: FakeUser, where: Where = {}): Promise<{ embed: any; messageId: string }> {
  const { token } = fake.command("ask", [{ name: "question", type: 3, value: question }], user, undefined, where);
  const edit = await fake.waitFor(editOf(token));
  return { embed: edit.body.embeds[0], messageId: edit.response.id };
}

/** A message mentioning the bot (or replying to its answer), resolved with the embed of the bot's reply and its id. */
async function mention(question: string, user: FakeUser, where: Where = {}): Promise<{ embed: any; messageId: string }> {
  const content = where.replyTo === undefined ? `<@${IDS.bot}> ${question}` : question;
  const id = fake.message(content, user, true, where);
  const reply = await fake.waitFor(replyTo(id));
  return { embed: reply.body.embeds[0], messageId: reply.response.id };
}

beforeAll(async () => {
  // No cooldown: a member asks a question and its follow-up at once.
  running = await startTestBot({ cooldownSeconds: 0, followUp: { minutes: 5, turns: 3 } });
  ({ fake, bot, logger } = running);
});
afterAll(() => running?.stop());
afterEach(() => {
  bot.context.now = Date.now;
});

describe("follow-ups in a thread", () => {
  it("GIVEN a private /ask in a thread THEN it is not remembered: a later public short question stands alone, never showing the private one's words", async () => {
    const user = member();
    const { token } = fake.command(
      "ask",
      [
        { name: "question", type: 3, value: FIRST },
        { name: "private", type: 5, value: true },
      ],
      user,
      undefined,
      { channelId: IDS.thread },
    );
    await fake.waitFor(editOf(token));
    const { embed } = await ask(FOLLOW_UP, user, { channelId: IDS.thread });
    expect(embed.title).toBe(FOLLOW_UP);
  });

  it("GIVEN /ask then a short /ask by the same member in a thread THEN the second is answered as the question understood, which is its title", async () => {
    const user = member();
    expect((await ask(FIRST, user, { channelId: IDS.thread })).embed.title).toBe(FIRST);
    const { embed } = await ask(FOLLOW_UP, user, { channelId: IDS.thread });
    expect(embed.title).toBe(UNDERSTOOD);
    expect(embed.description).toBe(FOX_HUNT_SENTENCE);
    expect(embed.footer.text).toMatch(
      /^follow-up: “who ran it\?” · mode: lexical · \d+ ms · every sentence is quoted verbatim from the source · check: article\.md:¶\d+:[0-9a-f]{12}$/,
    );
  });

  it("GIVEN /ask then a mention by the same member in the thread THEN the mention is a follow-up", async () => {
    const user = member();
    await ask(FIRST, user, { channelId: IDS.thread });
    const { embed } = await mention(FOLLOW_UP, user, { channelId: IDS.thread });
    expect([embed.title, embed.description]).toEqual([UNDERSTOOD, FOX_HUNT_SENTENCE]);
  });

  it("GIVEN another member's question in the thread THEN a short question stands alone", async () => {
    await ask(FIRST, member(), { channelId: IDS.thread });
    const { embed } = await ask(FOLLOW_UP, member(), { channelId: IDS.thread });
    expect([embed.title, embed.description]).toEqual([FOLLOW_UP, ABSTAIN_MESSAGE]);
  });

  it("GIVEN the previous question is FOLLOW_UP_MINUTES old THEN it is forgotten and the short question stands alone", async () => {
    const user = member();
    await ask(FIRST, user, { channelId: IDS.thread });
    bot.context.now = () => Date.now() + 5 * 60_000;
    const { embed } = await ask(FOLLOW_UP, user, { channelId: IDS.thread });
    expect([embed.title, embed.description]).toEqual([FOLLOW_UP, ABSTAIN_MESSAGE]);
  });
});

describe("follow-ups as replies to the bot's answers", () => {
  it("GIVEN a reply to the bot's answer to a mention THEN it is read with that answer's question, whoever replies", async () => {
    const answer = await mention(FIRST, member());
    const { embed } = await mention(FOLLOW_UP, member(), { replyTo: answer.messageId });
    expect([embed.title, embed.description]).toEqual([UNDERSTOOD, FOX_HUNT_SENTENCE]);
  });

  it("GIVEN a reply to the bot's /ask answer, then a reply to that answer THEN each builds on the one replied to", async () => {
    const user = member();
    const first = await ask("How many individuals were handed over from Fiji?", user);
    const second = await mention("and Laos?", user, { replyTo: first.messageId });
    expect(second.embed.title).toBe("How many individuals were handed over from Laos?");
    const third = await mention("what about Vanuatu?", user, { replyTo: second.messageId });
    expect(third.embed.title).toBe("How many individuals were handed over from Vanuatu?");
  });
});

describe("a plain channel", () => {
  it("GIVEN a question then the same short question by the same member in the channel THEN it stands alone", async () => {
    const user = member();
    await ask(FIRST, user);
    const slash = await ask(FOLLOW_UP, user);
    expect([slash.embed.title, slash.embed.description]).toEqual([FOLLOW_UP, ABSTAIN_MESSAGE]);
    expect(slash.embed.footer.text).toMatch(/^mode: lexical · /);
    const mentioned = await mention(FOLLOW_UP, user);
    expect([mentioned.embed.title, mentioned.embed.description]).toEqual([FOLLOW_UP, ABSTAIN_MESSAGE]);
  });
});

describe("privacy of follow-ups", () => {
  it("GIVEN LOG_QUESTIONS off and a follow-up THEN neither question nor the question understood is logged", async () => {
    const user = member();
    // Only this test's lines: the LOG_QUESTIONS test logs these very questions into the same logger.
    const before = logger.lines.length;
    await ask(FIRST, user, { channelId: IDS.thread });
    await ask(FOLLOW_UP, user, { channelId: IDS.thread });
    const lines = logger.lines.slice(before);
    expect(lines).toEqual([
      expect.stringMatching(/^\/ask answered: 1 sentence\(s\), lexical, \d+ ms$/),
      expect.stringMatching(/^\/ask answered: 1 sentence\(s\), lexical, \d+ ms$/),
    ]);
    for (const text of [FIRST, FOLLOW_UP, UNDERSTOOD, user.id]) expect(lines.join("\n")).not.toContain(text);
  });

  it("GIVEN LOG_QUESTIONS on and a follow-up THEN the log line gives the member, the question and how it was understood", async () => {
    const user = member();
    bot.context.settings.logQuestions = true;
    try {
      await ask(FIRST, user, { channelId: IDS.thread });
      await ask(FOLLOW_UP, user, { channelId: IDS.thread });
    } finally {
      bot.context.settings.logQuestions = false;
    }
    expect(logger.lines.filter((l) => l.includes(user.id))).toEqual([
      expect.stringMatching(
        new RegExp(`^/ask from user ${user.id}: "When was Operation Fox Hunt launched\\?" → 1 sentence\\(s\\), lexical, \\d+ ms$`),
      ),
      expect.stringMatching(
        new RegExp(
          `^/ask from user ${user.id}: "who ran it\\?" \\(understood as "Who ran Operation Fox Hunt\\?"\\) → 1 sentence\\(s\\), lexical, \\d+ ms$`,
        ),
      ),
    ]);
  });

  it("GIVEN /about THEN it says the context of follow-ups is kept in memory only, for how long and how many turns", async () => {
    const { id } = fake.command("about", [], member());
    const reply = await fake.waitFor((r) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`));
    expect(reply.body.data.content).toContain(
      "The context of follow-ups is kept in memory only, for at most 5 minutes and 3 turns (follow-ups in a row), and never written anywhere.",
    );
  });
});
