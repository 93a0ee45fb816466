/**
 * An `Answer` as a Discord message that stands on its own when pinned: the question as title,
 * the quoted sentences with [n] markers, one field per source with the quoted passage and a
 * link, and a footer with the mode, the time and the data to re-check the quotes later. Pure:
 * returns plain API JSON.
 */
import {
  ButtonStyle,
  ComponentType,
  type APIActionRowComponent,
  type APIButtonComponent,
  type APIEmbed,
  type APIEmbedField,
} from "discord.js";
import { ABSTAIN_MESSAGE, checkRefs, citationLabel, httpLink, type Answer, type Citation, type LabelStyle } from "../answer/index.js";
import { printable, printableLine } from "../printable.js";
import { footerRoom, formatCheck, withCheck } from "./check-footer.js";
import { escapeDiscord, maskedLink } from "./escape.js";
import { fitMarked, inBrief, markSentences, type MarkedSentences } from "./highlight.js";
import { DISCORD_LIMITS as L, shorten } from "./limits.js";

/** Neither a quoted passage nor an echoed question may ping anyone. */
export const NO_MENTIONS = { parse: [] as never[], repliedUser: false };

export const BUTTON_IDS = { more: "citebot:more", pin: "citebot:pin" } as const;

export interface RenderedAnswer {
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
  allowedMentions: typeof NO_MENTIONS;
}

/** The characters of an embed that count against Discord's 6,000 per embed. */
export function embedSize(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.fields ?? []).reduce((n, f) => n + f.name.length + f.value.length, 0)
  );
}

interface Room {
  quote: number;
  name: number;
  fields: number;
  description: number;
}

const FULL_ROOM: Room = { quote: L.fieldValue, name: L.fieldName, fields: L.embedFields, description: L.embedDescription };

/**
 * The link under a quoted passage, written by the bot: only for an http(s) address, whatever the
 * source's metadata holds.
 */
function sourceLink(c: Citation): string {
  const href = httpLink(c.url);
  if (href === null) return "";
  const link = maskedLink(c.page !== null ? `Open page ${c.page}` : "Open the source", href);
  // A link that cannot fit whole is left out rather than cut into something else.
  return link.length <= L.fieldValue - 40 ? `\n${link}` : "";
}

/** Source text in a label escaped; the section title in italics, its text escaped, so it can never form a link or mention. */
const DISCORD_LABEL: LabelStyle = { text: escapeDiscord, section: (title) => `*${escapeDiscord(title)}*` };

/** A cited source's label, quote and link, escaped once: the embed may be rebuilt many times while it is fitted. */
interface EscapedSource {
  label: string;
  quote: string;
  link: string;
}

function escapeSource(c: Citation): EscapedSource {
  // A field shows at most L.fieldValue characters and escaping never shortens text, so only that
  // much of the readable quote is escaped (and one character more, so a longer quote is still cut).
  const shown = printable(c.quote).slice(0, L.fieldValue + 1);
  return { label: `[${c.n}] ${citationLabel(c, DISCORD_LABEL)}`, quote: escapeDiscord(shown), link: sourceLink(c) };
}

/**
 * The field of an escaped source in `room`. `shorten` cuts the escaped text, and never after the
 * backslash of an escape, so a cut quote shows no markup either.
 */
function fieldOf({ label, quote, link }: EscapedSource, room: Room): APIEmbedField {
  // Each line of the quote gains a "> ": shorten again until the whole value fits, rather than cut an escape or the link.
  let budget = Math.max(20, Math.min(L.fieldValue - link.length - 2, room.quote));
  let value = "";
  for (;;) {
    value = `> ${shorten(quote, budget).replace(/\n/g, "\n> ")}${link}`;
    if (value.length <= L.fieldValue || budget <= 20) break;
    budget = Math.max(20, budget - (value.length - L.fieldValue));
  }
  return { name: shorten(label, room.name), value };
}

/** One field per cited source: its label, the quoted passage in at most `room.quote` characters, and its link. */
export function sourceField(c: Citation, room: Room = FULL_ROOM): APIEmbedField {
  return fieldOf(escapeSource(c), room);
}

/** Gives up room, least valuable first: passage text, long source names, extra fields, then answer text. */
function tighter(room: Room, excess: number): Room {
  if (room.quote > 20) return { ...room, quote: Math.max(20, Math.floor(room.quote * 0.8)) };
  if (room.name > 80) return { ...room, name: 80 };
  if (room.fields > 1) return { ...room, fields: room.fields - 1 };
  return { ...room, description: Math.max(100, room.description - excess) };
}

/** The sentences, led by the "In brief:" line when there is one and the sentences keep some room. */
function description(sentences: MarkedSentences, brief: string | null, max: number): string {
  const room = brief === null ? max : max - brief.length - 2;
  return brief !== null && room >= 40 ? `${brief}\n\n${fitMarked(sentences, room)}` : fitMarked(sentences, max);
}

/**
 * Renders the answer. Every Discord limit holds whatever the lengths of the question, the
 * sentences and the passages: each part is shortened, and parts give up room until the whole fits.
 */
export function renderAnswer(answer: Answer, options: { moreKey: string | null; pinnable: boolean }): RenderedAnswer {
  const brief = inBrief(answer);
  // The title is the question as understood, so that a follow-up's answer stands on its own when pinned; the footer keeps what was asked.
  const asked = answer.understoodAs === answer.question ? "" : `follow-up: “${printableLine(answer.question)}” · `;
  // The check data comes last and whole (a pinned answer is re-checked by it, see /pins audit); the rest gives way.
  const check = formatCheck(checkRefs(answer));
  const footer = withCheck(
    shorten(
      `${asked}mode: ${answer.mode} · ${Math.round(answer.timingsMs.total)} ms · every sentence is quoted verbatim from the source`,
      footerRoom(check),
    ),
    check,
  );
  // Everything is escaped once here; the passes below only shorten (escaping a long quote on each pass took seconds).
  const title = shorten(printableLine(answer.understoodAs), L.embedTitle);
  const sentences = markSentences(answer);
  const sources = answer.citations.slice(0, FULL_ROOM.fields).map(escapeSource);
  const build = (room: Room): APIEmbed => {
    const fields = sources.slice(0, room.fields).map((s) => fieldOf(s, room));
    return {
      // Embed titles show no links or mentions; the question is the asker's own, only cleaned.
      title,
      description: answer.abstained ? ABSTAIN_MESSAGE : description(sentences, brief, room.description),
      ...(fields.length > 0 ? { fields } : {}),
      footer: { text: footer },
    };
  };
  let room: Room = FULL_ROOM;
  let embed = build(room);
  while (embedSize(embed) > L.embedTotal && room.description > 100) {
    room = tighter(room, embedSize(embed) - L.embedTotal);
    embed = build(room);
  }
  const buttons: APIButtonComponent[] = [];
  if (options.moreKey)
    buttons.push({
      type: ComponentType.Button,
      style: ButtonStyle.Secondary,
      label: "More sources",
      custom_id: `${BUTTON_IDS.more}:${options.moreKey}`,
    });
  if (options.pinnable && !answer.abstained)
    buttons.push({ type: ComponentType.Button, style: ButtonStyle.Secondary, label: "Pin", custom_id: BUTTON_IDS.pin });
  return {
    embeds: [embed],
    components: buttons.length > 0 ? [{ type: ComponentType.ActionRow, components: buttons }] : [],
    allowedMentions: NO_MENTIONS,
  };
}

/** The passages of an answer that its citations do not already show, as an ephemeral message's text. */
export function renderMorePassages(answer: Answer): string {
  const shown = new Set(answer.citations.map((c) => `${c.doc}\u0000${c.quote}`));
  const rest = answer.passages.filter((p) => !shown.has(`${p.doc}\u0000${p.text}`));
  if (rest.length === 0) return "No further passages matched this question.";
  const lines: string[] = [];
  let room: number = L.content - 40;
  for (const [i, p] of rest.entries()) {
    const head = `**${i + 1}. ${escapeDiscord(citationLabel({ title: p.title, publisher: null, date: null, page: p.page, pageLabel: null, paragraph: p.paragraph }))}**`;
    const body = `> ${shorten(escapeDiscord(p.text), Math.min(600, room - head.length - 4)).replace(/\n/g, "\n> ")}`;
    const entry = `${head}\n${body}`;
    if (entry.length + 2 > room) break;
    lines.push(entry);
    room -= entry.length + 2;
  }
  return shorten(lines.join("\n\n"), L.content);
}
