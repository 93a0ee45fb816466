/**
 * A claim check as a Discord message that stands on its own: the claim, the verdict, each fact
 * compared, the source sentence with the compared values in bold, and the cited source. Pure:
 * returns plain API JSON; every Discord limit holds whatever the lengths.
 */
import type { APIEmbed } from "discord.js";
import { markRanges } from "../answer/index.js";
import type { ClaimCheck } from "../check/index.js";
import { escapeDiscord } from "./escape.js";
import { DISCORD_LIMITS as L, shorten } from "./limits.js";
import { embedSize, NO_MENTIONS, sourceField } from "./render.js";

const AGREE_WORD = (agree: boolean | null) => (agree === true ? "same" : agree === false ? "**different**" : "cannot tell");

/** The sentence escaped, the compared values in bold when the whole fits in `max`; plain (and shortened) otherwise. */
function boldSentence(text: string, marks: readonly { start: number; end: number }[], citation: number, max: number): string {
  const plain = `“${escapeDiscord(text)}” [${citation}]`;
  const marked = markRanges(text, marks, escapeDiscord, "**", "**");
  const bold = marked === null ? plain : `“${marked}” [${citation}]`;
  return bold.length <= max ? bold : shorten(plain, max);
}

/** The check as an embed. */
export function renderCheck(check: ClaimCheck): { embeds: APIEmbed[]; allowedMentions: typeof NO_MENTIONS } {
  const claim = `> ${shorten(escapeDiscord(check.claim), 400).replace(/\n/g, " ")}`;
  const facts = check.facts.map(
    (f) =>
      `• “${shorten(escapeDiscord(f.claimText), 80)}” → ${f.sourceText === null ? "not in the source sentence" : `“${shorten(escapeDiscord(f.sourceText), 80)}” (${AGREE_WORD(f.agree)})`}`,
  );
  const head = [claim, "", escapeDiscord(check.summary), ...facts.slice(0, 10)].join("\n");
  const room = L.embedDescription - head.length - 4;
  const sentences = check.sentences.map((s) =>
    boldSentence(s.text, s.highlights, s.citation, Math.max(40, Math.floor(room / Math.max(1, check.sentences.length)) - 2)),
  );
  const embed: APIEmbed = {
    title: shorten(`Claim check: ${check.verdict}`, L.embedTitle),
    description: shorten([head, "", ...sentences].join("\n"), L.embedDescription),
    fields: check.citations.slice(0, 3).map((c) => sourceField(c)),
    footer: { text: "Claim check · every sentence is quoted verbatim from the source; the verdict compares numbers, dates and names only" },
  };
  // Long quotes give up room until the embed fits Discord's total.
  while (embedSize(embed) > L.embedTotal && embed.fields && embed.fields.length > 0) embed.fields = embed.fields.slice(0, -1);
  if (embed.fields && embed.fields.length === 0) delete embed.fields;
  return { embeds: [embed], allowedMentions: NO_MENTIONS };
}
