import { describe, expect, it } from "vitest";
import { renderCheck } from "../src/bot/render-check.js";
import { embedSize } from "../src/bot/render.js";
import { DISCORD_LIMITS as L } from "../src/bot/limits.js";
import type { ClaimCheck } from "../src/check/index.js";
import { defined } from "./helpers/defined.js";

/** A check whose every text is as long and as Markdown-laden as a hostile claim or source can make it. */
function hostileCheck(): ClaimCheck {
  const nasty = "**[x](https://evil.example)** @everyone <@123> `code` ~~s~~ _e_ # h ";
  const sentence = nasty.repeat(60);
  const citation = (n: number) => ({
    n,
    doc: `doc${n}.md`,
    title: nasty.repeat(10),
    publisher: null,
    date: null,
    page: 3,
    pageLabel: null,
    paragraph: null,
    section: nasty.repeat(5),
    url: "https://example.org/report.pdf#page=3",
    quote: nasty.repeat(80),
    tableHeader: null,
  });
  return {
    claim: nasty.repeat(30),
    verdict: "contradicted",
    summary: "Contradicted: a source sentence states a different value.",
    facts: Array.from({ length: 12 }, (_, i) => ({
      claimText: nasty.repeat(3),
      sourceText: i % 2 ? null : nasty.repeat(3),
      agree: i % 3 === 0 ? false : null,
    })),
    sentences: [
      {
        text: sentence,
        citation: 1,
        highlights: [
          { start: 0, end: 10 },
          { start: 500, end: 900 },
        ],
      },
    ],
    citations: [citation(1), citation(2), citation(3)],
  };
}

describe("renderCheck", () => {
  it("GIVEN the longest, most Markdown-laden claim, facts, sentence and sources THEN every Discord limit holds and nothing pings or links", () => {
    const { embeds, allowedMentions } = renderCheck(hostileCheck());
    const embed = defined(embeds[0]);
    expect(embedSize(embed)).toBeLessThanOrEqual(L.embedTotal);
    expect(defined(embed.title).length).toBeLessThanOrEqual(L.embedTitle);
    expect(defined(embed.description).length).toBeLessThanOrEqual(L.embedDescription);
    for (const f of embed.fields ?? []) {
      expect(f.name.length).toBeLessThanOrEqual(L.fieldName);
      expect(f.value.length).toBeLessThanOrEqual(L.fieldValue);
    }
    expect(allowedMentions).toEqual({ parse: [], repliedUser: false });
    // Source and claim text never forms a link: only the bot's own "Open page" links appear.
    const links = [
      ...`${embed.description}\n${(embed.fields ?? []).map((f) => f.value).join("\n")}`.matchAll(/(?<!\\)\[([^[\]]{0,6000})\]\(/g),
    ].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.every((text) => defined(text).startsWith("Open page"))).toBe(true);
  });
});
