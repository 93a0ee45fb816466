import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { IDS, type FakeDiscord, type FakeUser, type RecordedRequest } from "./helpers/fake-discord.js";
import { startTestBot, type TestBot } from "./helpers/test-bot.js";

const EPHEMERAL = 64;
let running: TestBot;
let fake: FakeDiscord;
let counter = 0;
const member = (): FakeUser => ({ id: `3000000000000${String(++counter).padStart(5, "0")}`, username: `checker${counter}` });
const check = (claim: string, user: FakeUser, extra: { name: string; type: number; value: unknown }[] = []) =>
  fake.command("check", [{ name: "claim", type: 3, value: claim }, ...extra], user);
const callbackOf = (id: string) => (r: RecordedRequest) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`);
const editOf = (token: string) => (r: RecordedRequest) =>
  r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`;

beforeAll(async () => {
  running = await startTestBot();
  ({ fake } = running);
});
afterAll(() => running?.stop());

describe("/check", () => {
  it("GIVEN a claim with a changed number THEN deferred, then an embed: contradicted, the values compared, the source sentence with them in bold, the source cited", async () => {
    const { id, token } = check("98 people were returned from Indonesia", member());
    expect((await fake.waitFor(callbackOf(id))).body).toMatchObject({ type: 5 });
    const embed = (await fake.waitFor(editOf(token))).body.embeds[0];
    expect(embed.title).toBe("Claim check: contradicted");
    expect(embed.description).toContain("> 98 people were returned from Indonesia");
    expect(embed.description).toContain("• “98” → “88” (**different**)");
    expect(embed.description).toContain("**88** from **Indonesia**");
    expect(embed.fields[0].name).toBe("[1] Article\\: Safeguard Defenders report on forced returns to China, 2014\\-2023, ¶ 5");
  });

  it("GIVEN a true claim with the source's hedge THEN supported, with the qualifier shown", async () => {
    const { token } = check("Myanmar handed over 30,000 people", member());
    const embed = (await fake.waitFor(editOf(token))).body.embeds[0];
    expect(embed.title).toBe("Claim check: supported");
    // The summary is escaped like all source text: its parentheses and colon cannot form Markdown.
    expect(embed.description).toContain("Supported\\: a source sentence states the same. \\(the source says “over 30,000”\\)");
  });

  it("GIVEN a claim with nothing to check, privately THEN an ephemeral answer saying so", async () => {
    const { id, token } = check("the report is @everyone's business", member(), [{ name: "private", type: 5, value: true }]);
    expect((await fake.waitFor(callbackOf(id))).body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await fake.waitFor(editOf(token));
    expect(edit.body.embeds[0].title).toBe("Claim check: nothing checkable");
    expect(edit.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
  });

  it("GIVEN an over-long claim THEN refused at once, ephemerally", async () => {
    const { id } = check("9 ".repeat(1500), member());
    const reply = await fake.waitFor(callbackOf(id));
    expect(reply.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
  });
});
