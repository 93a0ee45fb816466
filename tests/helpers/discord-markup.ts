/** What a Discord client would make of Markdown, for tests of what the bot sends. */

/**
 * What Discord would make active in `markdown`: masked link targets, bare addresses, mentions.
 * An escaped character (backslash + character) is inert, so escapes are blanked out first.
 */
export function activeMarkup(markdown: string): { links: string[]; bare: string[]; mentions: string[] } {
  const active = markdown.replace(/\\[\s\S]/g, "\u0001");
  const links: string[] = [];
  // Bounded quantifiers: a test helper over the bot's own output, which Discord caps at 6,000 characters.
  const rest = active.replace(/\[[^[\]]{0,6000}\]\(<?([^)>]{0,6000})>?\)/g, (_, target: string) => {
    links.push(target);
    return "";
  });
  return {
    links,
    bare: rest.match(/\b[a-z][a-z0-9+.-]{0,30}:\/\/\S+/gi) ?? [],
    mentions: rest.match(/<[@#][!&]?\d+>|@everyone|@here/g) ?? [],
  };
}
