import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  DEFAULT_MEMBER_PERMISSIONS,
  IDS,
  PERMISSIONS,
  type FakeDiscord,
  type FakeUser,
  type RecordedRequest,
} from "./helpers/fake-discord.js";
import { startTestBot, type TestBot } from "./helpers/test-bot.js";

const EPHEMERAL = 64;
let running: TestBot;
let fake: FakeDiscord;
let logger: TestBot["logger"];
let userCounter = 0;

/** A new member each time, so the cooldown of one test does not reach into another. */
const member = (): FakeUser => ({ id: `2000000000000${String(++userCounter).padStart(5, "0")}`, username: `member${userCounter}` });

const ask = (question: string, user: FakeUser, extra: { name: string; type: number; value: unknown }[] = []) =>
  fake.command("ask", [{ name: "question", type: 3, value: question }, ...extra], user);
const callbackOf = (id: string) => (r: RecordedRequest) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`);
const editOf = (token: string) => (r: RecordedRequest) =>
  r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`;

beforeAll(async () => {
  running = await startTestBot();
  ({ fake, logger } = running);
});
afterAll(() => running?.stop());

/** The requests that carry a message body the bot wrote: edits, channel posts and immediate interaction replies. */
const messageBodies = (requests: RecordedRequest[]) =>
  requests.filter(
    (r) =>
      r.body &&
      (r.method === "PATCH" ||
        (r.method === "POST" && (r.path.endsWith("/messages") || (r.path.endsWith("/callback") && r.body.type === 4)))),
  );
const allowedMentions = (r: RecordedRequest) => (r.path.endsWith("/callback") ? r.body.data.allowed_mentions : r.body.allowed_mentions);

// Every message a test makes the bot send disables mentions: checked after each test on that test's own requests, so the check holds whichever tests run, and in any order.
let requestsBefore = 0;
beforeEach(() => {
  requestsBefore = fake.requests.length;
});
afterEach(() => {
  fake.pinError = null;
  for (const r of messageBodies(fake.requests.slice(requestsBefore)))
    expect(allowedMentions(r)?.parse, `${r.method} ${r.path}`).toEqual([]);
});

describe("connecting", () => {
  it("GIVEN DISCORD_API_BASE THEN the real discord.js client identifies with the token and the documented intents", () => {
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0].token).toBe("test-token");
    // Guilds (1) | GuildMessages (512) | DirectMessages (4096): no privileged intent.
    expect(fake.identifies[0].intents).toBe(1 | 512 | 4096);
    expect(logger.lines.join("\n")).not.toContain("test-token");
  });
});

describe("/ask", () => {
  it("GIVEN a question THEN it is deferred, then edited with an embed quoting the cited answer", async () => {
    const { id, token } = ask("How many people were persuaded to return between April 2021 and July 2022?", member());
    const deferred = await fake.waitFor(callbackOf(id));
    expect(deferred.body).toMatchObject({ type: 5 });
    const edit = await fake.waitFor(editOf(token));
    expect(edit.at).toBeGreaterThan(deferred.at);
    const embed = edit.body.embeds[0];
    expect(embed.title).toBe("How many people were persuaded to return between April 2021 and July 2022?");
    expect(embed.description.startsWith("In brief: **230,000** [1]\n\n“The report also describes")).toBe(true);
    expect(embed.description).toContain("**230,000** individuals to return between April 2021 and July 2022");
    expect(embed.description).toMatch(/” \[1\]$/);
    expect(embed.fields[0].name).toBe("[1] Article\\: Safeguard Defenders report on forced returns to China, 2014\\-2023, ¶ 5");
    expect(embed.fields[0].value).toMatch(/^> The report also describes/);
    expect(embed.footer.text).toContain("mode: lexical");
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    const buttons = edit.body.components[0].components.map((c: { label: string }) => c.label);
    expect(buttons).toEqual(["More sources", "Pin"]);
  });

  it("GIVEN a question the sources do not answer THEN the reply says so and lists nothing", async () => {
    const { token } = ask("What is the capital of Peru?", member());
    const edit = await fake.waitFor(editOf(token));
    expect(edit.body.embeds[0].description).toBe("I couldn't find this in the sources.");
    expect(edit.body.embeds[0].fields).toBeUndefined();
    expect(edit.body.components).toEqual([]);
  });

  it("GIVEN @everyone and a role mention in the question THEN the echoed question pings no one", async () => {
    const { token } = ask("@everyone <@&123456789012345678> how many individuals from Fiji?", member());
    const edit = await fake.waitFor(editOf(token));
    expect(edit.body.embeds[0].title).toContain("@everyone");
    expect(edit.body.allowed_mentions.parse).toEqual([]);
  });

  it("GIVEN private:true THEN the deferral is ephemeral and there is no Pin button", async () => {
    const { id, token } = ask("When was Operation Fox Hunt launched?", member(), [{ name: "private", type: 5, value: true }]);
    expect((await fake.waitFor(callbackOf(id))).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await fake.waitFor(editOf(token));
    const labels = (edit.body.components[0]?.components ?? []).map((c: { label: string }) => c.label);
    expect(labels).not.toContain("Pin");
  });

  it("GIVEN a second question within the cooldown THEN it gets an ephemeral busy message and no answer", async () => {
    const user = member();
    const first = ask("When was Operation Fox Hunt launched?", user);
    await fake.waitFor(editOf(first.token));
    const second = ask("What did Safeguard Defenders criticize?", user);
    const reply = await fake.waitFor(callbackOf(second.id));
    expect(reply.body.type).toBe(4);
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toMatch(/^Busy, try again in [1-5] s\.$/);
  });

  it("GIVEN an over-long question THEN it is refused at once, ephemerally, without deferring", async () => {
    const { id, token } = ask("Why ".repeat(100), member());
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.body.data.content).toContain("at most 300 characters");
    expect(fake.requests.some(editOf(token))).toBe(false);
  });

  it("GIVEN a question of control characters and spaces only THEN it is refused as empty", async () => {
    const { id } = ask(" \u0007\u0000  ", member());
    expect((await fake.waitFor(callbackOf(id))).body.data.content).toContain("Please ask a question");
  });

  it("GIVEN LOG_QUESTIONS off THEN the log has no question text and no user id", async () => {
    const user = member();
    const { token } = ask("Which operation followed Fox Hunt?", user);
    await fake.waitFor(editOf(token));
    const log = logger.lines.join("\n");
    expect(log).toContain("/ask answered");
    expect(log).not.toContain("Which operation followed Fox Hunt?");
    expect(log).not.toContain(user.id);
  });
});

describe("buttons", () => {
  async function publicAnswer(): Promise<string> {
    const { token } = ask("Which countries handed over individuals in 2023?", member());
    // The message this edit made, not whichever message the fake made last.
    return (await fake.waitFor(editOf(token))).response.id as string;
  }

  it("GIVEN a member with Pin Messages THEN Pin pins the answer message", async () => {
    const messageId = await publicAnswer();
    const { token } = fake.button("citebot:pin", messageId, member(), DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.pinMessages);
    await fake.waitFor((r) => r.method === "PUT" && r.path === `/channels/${IDS.channel}/messages/pins/${messageId}`);
    expect((await fake.waitFor(editOf(token))).body.content).toBe("Pinned.");
    expect(fake.pins.get(IDS.channel)?.map((p) => p.messageId)).toContain(messageId);
    expect(fake.messages.get(messageId).pinned).toBe(true);
  });

  it("GIVEN a member with Manage Messages but not Pin Messages THEN Pin is refused ephemerally and nothing is pinned", async () => {
    const messageId = await publicAnswer();
    const before = fake.requests.filter((r) => r.method === "PUT").length;
    const { id } = fake.button("citebot:pin", messageId, member(), DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.manageMessages);
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.body.data.content).toContain("Pin Messages");
    expect(fake.requests.filter((r) => r.method === "PUT")).toHaveLength(before);
  });

  it("GIVEN the bot lacks Pin Messages THEN it says so instead of failing", async () => {
    const messageId = await publicAnswer();
    const { id } = fake.button(
      "citebot:pin",
      messageId,
      member(),
      DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.pinMessages,
      DEFAULT_MEMBER_PERMISSIONS,
    );
    expect((await fake.waitFor(callbackOf(id))).body.data.content).toContain("I don't have the **Pin Messages** permission");
  });

  it("GIVEN a channel at the pin limit THEN the 30003 error is explained", async () => {
    const messageId = await publicAnswer();
    fake.pinError = { status: 400, code: 30003, message: "Maximum number of pins reached (250)" };
    const { token } = fake.button("citebot:pin", messageId, member(), DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.pinMessages);
    expect((await fake.waitFor(editOf(token))).body.content).toContain("250 pinned messages");
  });

  it("GIVEN More sources THEN an ephemeral list of the next passages, none of them already cited", async () => {
    const messageId = await publicAnswer();
    const message = fake.messages.get(messageId);
    const more = message.components[0].components.find((c: { label: string }) => c.label === "More sources");
    const cited = message.embeds[0].fields.map((f: { value: string }) => f.value);
    expect(cited.length).toBeGreaterThan(0);
    const { id } = fake.button(more.custom_id, messageId, member());
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL, allowed_mentions: { parse: [] } } });
    expect(reply.body.data.content).toMatch(/^\*\*1\. Article\\: Safeguard Defenders report/);
    for (const value of cited) expect(reply.body.data.content).not.toContain(value.slice(2, 80));
  });
});

describe("mentions", () => {
  it("GIVEN a message mentioning the bot THEN it replies in the channel with the cited answer", async () => {
    const messageId = fake.message(`<@${IDS.bot}> When was Operation Fox Hunt launched?`, member(), true);
    const reply = await fake.waitFor(
      (r) => r.method === "POST" && r.path === `/channels/${IDS.channel}/messages` && r.body?.message_reference?.message_id === messageId,
    );
    expect(reply.body.embeds[0].title).toBe("When was Operation Fox Hunt launched?");
    expect(reply.body.embeds[0].description).toContain("In **2014**");
    expect(reply.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("GIVEN a message from another bot, or one not mentioning the bot THEN it is ignored", async () => {
    const fromBot = fake.message(
      `<@${IDS.bot}> When was Operation Fox Hunt launched?`,
      { id: "300000000000000001", username: "otherbot", bot: true },
      true,
    );
    const unrelated = fake.message("When was Operation Fox Hunt launched?", member(), false);
    const probe = fake.message(`<@${IDS.bot}> What did Safeguard Defenders criticize?`, member(), true);
    await fake.waitFor((r) => r.body?.message_reference?.message_id === probe);
    expect(fake.requests.some((r) => [fromBot, unrelated].includes(r.body?.message_reference?.message_id))).toBe(false);
  });
});

describe("/sources and /about", () => {
  it("GIVEN /sources THEN an ephemeral list with each document and the mode", async () => {
    const { id } = fake.command("sources", [], member());
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body.data.flags).toBe(EPHEMERAL);
    expect(reply.body.data.content).toContain("Retrieval mode: **lexical**");
    expect(reply.body.data.content).toContain(
      "• **Article\\: Safeguard Defenders report on forced returns to China, 2014\\-2023** (article.md, 8 chunks, indexed ",
    );
  });

  it("GIVEN /about THEN it explains verbatim quoting, privacy and citations", async () => {
    const { id } = fake.command("about", [], member());
    const content = (await fake.waitFor(callbackOf(id))).body.data.content as string;
    expect(content).toContain("copied verbatim");
    expect(content).toContain("this server's own machine");
    expect(content).toContain("How to read a citation");
  });
});

describe("every message the bot sent", () => {
  it("GIVEN an answer, a mention reply, /sources and /about THEN each of the four message bodies disables mentions", async () => {
    const { token } = ask("Which operation followed Fox Hunt?", member());
    await fake.waitFor(editOf(token));
    const mention = fake.message(`<@${IDS.bot}> When was Operation Fox Hunt launched?`, member(), true);
    await fake.waitFor((r) => r.body?.message_reference?.message_id === mention);
    for (const name of ["sources", "about"]) await fake.waitFor(callbackOf(fake.command(name, [], member()).id));
    const sent = messageBodies(fake.requests.slice(requestsBefore));
    expect(sent.map((r) => [r.method, r.path.replace(/\d+|token-[\w-]+/g, "…")])).toEqual([
      ["PATCH", "/webhooks/…/…/messages/@original"],
      ["POST", "/channels/…/messages"],
      ["POST", "/interactions/…/…/callback"],
      ["POST", "/interactions/…/…/callback"],
    ]);
    expect(sent.map((r) => allowedMentions(r)?.parse)).toEqual([[], [], [], []]);
  });
});
