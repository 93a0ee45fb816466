import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runBot, type RunningBot } from "../src/bot/index.js";
import { renderAnswer } from "../src/bot/render.js";
import { staleNotice } from "../src/bot/pin-audit.js";
import { sentenceHash } from "../src/store/index.js";
import {
  DEFAULT_MEMBER_PERMISSIONS,
  IDS,
  PERMISSIONS,
  startFakeDiscord,
  type FakeDiscord,
  type FakeUser,
  type RecordedRequest,
} from "./helpers/fake-discord.js";
import { EVERYDAY_PARAGRAPHS, memoryLogger } from "./helpers/fixtures.js";
import { engineOverRead } from "./helpers/memory-index.js";
import { answerQuoting, pagedDocument } from "./helpers/pinned-answers.js";
import { botSettings } from "./helpers/test-bot.js";
import { defined } from "./helpers/defined.js";

const EPHEMERAL = 64;
const FIJI = "Fiji handed over 77 people in 2017.";
const LAOS = "Laos handed over 164 people in 2023.";
const MYANMAR = "Myanmar handed over 2,000 people in 2023.";
/** The report when the answers were pinned, and as indexed now: a page inserted before Laos, Myanmar's figure revised. */
const PINNED_FROM = pagedDocument("report.pdf", [[FIJI, EVERYDAY_PARAGRAPHS], [LAOS], [MYANMAR]]);
const INDEXED_NOW = pagedDocument("report.pdf", [
  [FIJI, EVERYDAY_PARAGRAPHS],
  ["A chapter on methods was added."],
  [LAOS],
  ["Myanmar handed over 2,400 people in 2023."],
]);
const AUDITED_AT = new Date("2026-11-29T10:00:00Z");

const moderator: FakeUser = { id: "200000000000000001", username: "moderator" };
const otherMember: FakeUser = { id: "200000000000000002", username: "member" };
const otherBot: FakeUser = { id: "300000000000000001", username: "otherbot", bot: true };
const MODERATOR_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.pinMessages;

let fake: FakeDiscord;
let bot: RunningBot;

beforeEach(async () => {
  fake = await startFakeDiscord();
  bot = await runBot(engineOverRead([INDEXED_NOW]), botSettings(fake.apiBase), memoryLogger());
  bot.context.now = () => AUDITED_AT.getTime();
});
afterEach(async () => {
  await bot.stop(1000);
  await fake.close();
});

const rendered = (question: string, sentence: string) => {
  const { embeds, components } = renderAnswer(answerQuoting(question, PINNED_FROM, sentence), { moreKey: null, pinnable: true });
  return { embeds, components };
};

/**
 * Pins, oldest first: three of the bot's answers (unchanged, moved, gone), a member's copy of a
 * stale answer, another bot's copy, the bot's answer with a garbled footer, and a plain message
 * of the bot's.
 */
function seedPins(channelId: string = IDS.channel) {
  const ids = {
    kept: fake.seedMessage(channelId, rendered("Who handed over 77 people in 2017?", FIJI)),
    moved: fake.seedMessage(channelId, rendered("How many people did Laos hand over?", LAOS)),
    gone: fake.seedMessage(channelId, rendered("How many people did Myanmar hand over?", MYANMAR)),
    memberCopy: fake.seedMessage(channelId, rendered("How many people did Laos hand over?", LAOS), otherMember),
    otherBotCopy: fake.seedMessage(channelId, rendered("How many people did Myanmar hand over?", MYANMAR), otherBot),
    garbled: fake.seedMessage(channelId, {
      embeds: [{ title: "Edited", footer: { text: "mode: lexical · check: report.pdf:p2:NOT-A-HASH" } }],
    }),
    plain: fake.seedMessage(channelId, { content: "Welcome! Ask with /ask." }),
  };
  Object.values(ids).forEach((id, i) => fake.pin(id, new Date(Date.UTC(2026, 10, 1) + i * 60_000)));
  return ids;
}

const audit = (
  options: { name: string; type: number; value: unknown }[] = [],
  permissions = MODERATOR_PERMISSIONS,
  channelId: string = IDS.channel,
) => fake.command("pins", [{ name: "audit", type: 1, options }], moderator, permissions, { channelId });
const callbackOf = (id: string) => (r: RecordedRequest) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`);
const edits = (token: string) =>
  fake.requests.filter((r) => r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`);
/** The last edit of the deferred reply, once it is the summary (or another final word matching `final`). */
async function finalReply(token: string, final: RegExp = /^\*\*Pin audit of this channel/): Promise<string> {
  const r = await fake.waitFor(
    (x) => x.method === "PATCH" && x.path === `/webhooks/${IDS.app}/${token}/messages/@original` && final.test(x.body?.content ?? ""),
  );
  return r.body.content as string;
}
const channelPosts = () => fake.requests.filter((r) => r.method === "POST" && r.path === `/channels/${IDS.channel}/messages`);
const messageEdits = () => fake.requests.filter((r) => r.method === "PATCH" && r.path.startsWith("/channels/"));
const link = (id: string) => `https://discord.com/channels/${IDS.guild}/${IDS.channel}/${id}`;

const movedNotice = (mode: "reply" | "edit") =>
  staleNotice(
    [
      {
        ref: { doc: "report.pdf", at: { kind: "page", n: 2 }, hash: sentenceHash(LAOS) },
        where: { status: "moved", doc: "report.pdf", at: { kind: "page", n: 3 } },
      },
    ],
    mode,
    AUDITED_AT,
  );
const goneNotice = (mode: "reply" | "edit") =>
  staleNotice(
    [{ ref: { doc: "report.pdf", at: { kind: "page", n: 3 }, hash: sentenceHash(MYANMAR) }, where: { status: "gone" } }],
    mode,
    AUDITED_AT,
  );

describe("/pins audit, mode reply (the default)", () => {
  it("GIVEN unchanged, moved and gone answers among other pins THEN an ephemeral summary, and a reply under each stale answer of the bot only", async () => {
    const ids = seedPins();
    const { id, token } = audit();
    expect((await fake.waitFor(callbackOf(id))).body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const summary = await finalReply(token);
    expect(summary).toBe(
      [
        "**Pin audit of this channel, 2026-11-29 10:00 UTC:** 7 pinned message(s), 3 of them Citebot answers checked against the current sources.",
        "• 1 still verbatim on the same page",
        "• 1 moved",
        "• 1 no longer in the sources",
        "• skipped: 2 not posted by Citebot, 2 without check data",
        "Replied under 2 of 2 stale answer(s).",
        `• [How many people did Myanmar hand over?](<${link(ids.gone)}>): no longer in the sources`,
        `• [How many people did Laos hand over?](<${link(ids.moved)}>): moved`,
      ].join("\n"),
    );
    // Progress came first, as edits of the same deferred reply.
    expect(edits(token).map((r) => r.body.content)).toEqual([
      "Checking 7 pinned message(s) against the current sources…",
      "Checked 3 answer(s); replying under 2 stale one(s)…",
      summary,
    ]);
    const replies = channelPosts();
    expect(replies.map((r) => r.body.message_reference.message_id)).toEqual([ids.gone, ids.moved]);
    expect(replies.map((r) => r.body.content)).toEqual([goneNotice("reply"), movedNotice("reply")]);
    expect(movedNotice("reply")).toBe(
      "⚠️ **Pin audit, 2026-11-29 10:00 UTC:** since the pinned answer above was given, the sources changed and its quotes moved.\n• Sentence 1 (report.pdf, p. 2): **moved**, now p. 3, word for word.",
    );
    for (const r of replies) expect(r.body.allowed_mentions.parse).toEqual([]);
    expect(messageEdits()).toEqual([]);
  });

  it("GIVEN only unchanged answers THEN nothing is posted and the summary says so", async () => {
    const kept = fake.seedMessage(IDS.channel, rendered("Who handed over 77 people in 2017?", FIJI));
    fake.pin(kept);
    const { token } = audit([{ name: "mode", type: 3, value: "reply" }]);
    expect(await finalReply(token)).toBe(
      "**Pin audit of this channel, 2026-11-29 10:00 UTC:** 1 pinned message(s), 1 of them Citebot answers checked against the current sources.\n• 1 still verbatim on the same page\n• 0 moved\n• 0 no longer in the sources\n• skipped: 0 not posted by Citebot, 0 without check data",
    );
    expect(channelPosts()).toEqual([]);
    expect(messageEdits()).toEqual([]);
  });

  it("GIVEN an answer pinned with the Pin button THEN the fake lists it and the audit reads it", async () => {
    const answerId = fake.seedMessage(IDS.channel, rendered("How many people did Laos hand over?", LAOS));
    fake.button("citebot:pin", answerId, moderator, MODERATOR_PERMISSIONS);
    await fake.waitFor((r) => r.method === "PUT" && r.path === `/channels/${IDS.channel}/messages/pins/${answerId}`);
    const { token } = audit();
    expect(await finalReply(token)).toContain("• 1 moved\n");
    expect(channelPosts().map((r) => r.body.message_reference.message_id)).toEqual([answerId]);
  });
});

describe("/pins audit, mode edit", () => {
  it("GIVEN stale answers THEN only the bot's own stale messages are edited, with the notice above the unchanged answer", async () => {
    const ids = seedPins();
    const before = structuredClone(fake.messages.get(ids.moved).embeds);
    const { token } = audit([{ name: "mode", type: 3, value: "edit" }]);
    const summary = await finalReply(token);
    expect(summary).toContain("Added a notice to 2 of 2 stale answer(s).");
    expect(messageEdits().map((r) => r.path)).toEqual([
      `/channels/${IDS.channel}/messages/${ids.gone}`,
      `/channels/${IDS.channel}/messages/${ids.moved}`,
    ]);
    expect(messageEdits().map((r) => r.body.content)).toEqual([goneNotice("edit"), movedNotice("edit")]);
    // Only the content is sent: the embed, with its quotes and check data, stays as first given.
    for (const r of messageEdits()) {
      expect("embeds" in r.body || "components" in r.body).toBe(false);
      expect(r.body.allowed_mentions.parse).toEqual([]);
    }
    expect(fake.messages.get(ids.moved).embeds).toEqual(before);
    expect(fake.messages.get(ids.moved).content).toBe(movedNotice("edit"));
    expect(movedNotice("edit")).toContain("The answer below is unchanged, as first given.");
    expect(fake.messages.get(ids.memberCopy).content).toBe("");
    expect(channelPosts()).toEqual([]);
  });
});

describe("/pins audit refusals and limits", () => {
  it("GIVEN a member without Pin Messages (Manage Messages only) THEN an ephemeral refusal, and no pin is read", async () => {
    seedPins();
    const { id } = audit([], DEFAULT_MEMBER_PERMISSIONS | PERMISSIONS.manageMessages);
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({
      type: 4,
      data: {
        content: "Only members with the **Pin Messages** permission can audit pins.",
        flags: EPHEMERAL,
        allowed_mentions: { parse: [] },
      },
    });
    expect(fake.requests.some((r) => r.path.endsWith("/messages/pins"))).toBe(false);
  });

  it("GIVEN a thread without pins THEN it says so", async () => {
    seedPins(IDS.channel);
    const { token } = audit([{ name: "mode", type: 3, value: "edit" }], MODERATOR_PERMISSIONS, IDS.thread);
    expect(await finalReply(token, /./)).toBe("This channel has no pinned messages.");
  });

  it("GIVEN mode reply where the bot may not send (a thread, without Send Messages in Threads) THEN it says so before reading anything", async () => {
    const { id } = audit([], MODERATOR_PERMISSIONS, IDS.thread);
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({
      type: 4,
      data: {
        flags: EPHEMERAL,
        content:
          "I can't reply under stale pins: I need **Send Messages in Threads** here. Use `mode: edit`, or ask a server admin to grant it.",
      },
    });
    expect(fake.requests.some((r) => r.path.endsWith("/messages/pins"))).toBe(false);
  });

  it("GIVEN Discord refuses to list the pins (50013) THEN the moderator is told which permissions the bot needs", async () => {
    seedPins();
    fake.routeErrors.push({
      method: "GET",
      path: /\/messages\/pins$/,
      error: { status: 403, code: 50013, message: "Missing Permissions" },
    });
    const { token } = audit();
    expect(await finalReply(token, /./)).toBe(
      "Discord refused to list this channel's pins: I need **View Channel** and **Read Message History** here.",
    );
    expect(channelPosts()).toEqual([]);
  });

  it("GIVEN Discord refuses the first reply (50013) THEN no further reply is tried and the summary says why", async () => {
    seedPins();
    fake.routeErrors.push({
      method: "POST",
      path: /^\/channels\/\d+\/messages$/,
      error: { status: 403, code: 50013, message: "Missing Permissions" },
    });
    const { token } = audit();
    const summary = await finalReply(token);
    expect(summary).toContain(
      "Replied under 0 of 2 stale answer(s).\n2 notice(s) could not be posted: Discord refused for lack of permission (Send Messages, Read Message History).",
    );
    expect(channelPosts()).toHaveLength(1);
  });

  it("GIVEN a second audit of the channel while the first runs THEN it is told so and posts nothing twice", async () => {
    seedPins();
    // The first audit's deferral stays unanswered until the second has been turned away: the first is still running for sure.
    const release = fake.holdCallbacks();
    const first = audit();
    await fake.waitFor(callbackOf(first.id));
    const second = audit();
    const busy = await fake.waitFor(callbackOf(second.id));
    release();
    expect(busy.body).toMatchObject({
      type: 4,
      data: { flags: EPHEMERAL, content: "An audit of this channel's pins is already running; its summary will follow." },
    });
    expect(await finalReply(first.token)).toContain("Replied under 2 of 2 stale answer(s).");
    expect(channelPosts()).toHaveLength(2);
  });

  it("GIVEN 260 pins listed (more than Discord's 250) THEN 250 are read in pages of 50, newest first, and nothing older is touched", async () => {
    const start = Date.UTC(2026, 10, 1);
    // The bot's stale answers are the three oldest pins, beyond the 250 read.
    const answers = [
      rendered("How many people did Laos hand over?", LAOS),
      rendered("How many people did Myanmar hand over?", MYANMAR),
      rendered("Who handed over 77 people in 2017?", FIJI),
    ];
    answers.forEach((a, i) => fake.pin(fake.seedMessage(IDS.channel, a), new Date(start + i * 1000)));
    for (let i = 0; i < 257; i++)
      fake.pin(fake.seedMessage(IDS.channel, { content: `Rule ${i}` }, otherMember), new Date(start + (10 + i) * 1000));
    const { token } = audit();
    const summary = await finalReply(token);
    expect(summary).toBe(
      "**Pin audit of this channel, 2026-11-29 10:00 UTC:** 250 pinned message(s), 0 of them Citebot answers checked against the current sources.\n• 0 still verbatim on the same page\n• 0 moved\n• 0 no longer in the sources\n• skipped: 250 not posted by Citebot, 0 without check data\nOnly the newest 250 pins were read: Discord keeps at most 250 per channel, and listed more.",
    );
    const pages = fake.requests.filter((r) => r.method === "GET" && r.path === `/channels/${IDS.channel}/messages/pins`);
    expect(pages.map((r) => r.query.get("limit"))).toEqual(["50", "50", "50", "50", "50", "50"]);
    expect(defined(pages[0]).query.get("before")).toBeNull();
    const cursors = pages.slice(1).map((r) => Date.parse(r.query.get("before") ?? ""));
    expect(cursors).toEqual([...cursors].sort((a, b) => b - a));
    expect(cursors[0]).toBe(start + (10 + 256 - 49) * 1000);
    expect(channelPosts()).toEqual([]);
  });
});
