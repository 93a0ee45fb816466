/**
 * Discord's message limits, and shortening that respects them by construction: text is cut at
 * a sentence end, else at a word boundary, and marked with an ellipsis.
 */

/** https://discord.com/developers/docs/resources/message#embed-object-embed-limits */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  embedFields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footerText: 2048,
  /** Title, description, field names and values, footer and author together, over all embeds. */
  embedTotal: 6000,
} as const;

const ELLIPSIS = "…";

/**
 * `text` if it fits in `max` characters; otherwise its longest prefix ending a sentence (when
 * that keeps at least a third of the room), else ending a word, followed by an ellipsis.
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  const room = text.slice(0, max - ELLIPSIS.length);
  const sentenceEnd = Math.max(...[". ", "! ", "? ", ".\n", "” "].map((m) => room.lastIndexOf(m)));
  let cut = sentenceEnd >= room.length / 3 ? sentenceEnd + 1 : room.lastIndexOf(" ");
  if (cut < room.length / 4) cut = room.length;
  // Never leave half of an escape (\*) or of a surrogate pair at the cut.
  let head = room.slice(0, cut).trimEnd();
  // A loop, not /\\+$/: that regex is quadratic on a long run of backslashes.
  let keep = head.length;
  while (keep > 0 && head.charCodeAt(keep - 1) === 0x5c) keep--;
  head = head.slice(0, keep).replace(/[\uD800-\uDBFF]$/, "");
  return `${head}${ELLIPSIS}`;
}
