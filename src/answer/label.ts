import type { Citation } from "./schema.js";

/** A section title longer than this is cut at a word in a label; the quote is what a reader checks. */
const MAX_SECTION_CHARS = 80;

/** `title` cut to MAX_SECTION_CHARS at the last space, with "…", when it is longer; never inside a character of two code units. */
function shortSection(title: string): string {
  if (title.length <= MAX_SECTION_CHARS) return title;
  const high = title.charCodeAt(MAX_SECTION_CHARS - 1);
  const cut = title.slice(0, high >= 0xd800 && high <= 0xdbff ? MAX_SECTION_CHARS - 1 : MAX_SECTION_CHARS);
  const space = cut.lastIndexOf(" ");
  return `${(space > MAX_SECTION_CHARS / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * How a front end writes source text into a label: `text` for the label without its section,
 * `section` for the section title (which it emphasises). Both receive source text, so both must
 * make it safe for their medium.
 */
export interface LabelStyle {
  text: (plain: string) => string;
  section: (title: string) => string;
}

/** Plain text, the section title between asterisks: "under *Mass handovers*". */
export const PLAIN_LABEL: LabelStyle = { text: (plain) => plain, section: (title) => `*${title}*` };

/**
 * How a citation names its source for a reader: "Title (Publisher, 2024), p. 14 (printed 12)"
 * for a PDF page, "Title, ¶ 3, under *Section*" for a paragraph of another document (the section
 * when its Markdown heading is known). `style` makes source text safe for a medium; by default the
 * label is plain text.
 */
export function citationLabel(
  c: Pick<Citation, "title" | "publisher" | "date" | "page" | "pageLabel" | "paragraph"> & { section?: string | null },
  style: LabelStyle = PLAIN_LABEL,
): string {
  const origin = [c.publisher, c.date].filter(Boolean).join(", ");
  const name = origin ? `${c.title} (${origin})` : c.title;
  const where =
    c.page !== null ? `p. ${c.page}${c.pageLabel ? ` (printed ${c.pageLabel})` : ""}` : c.paragraph !== null ? `¶ ${c.paragraph}` : null;
  const label = style.text(where ? `${name}, ${where}` : name);
  return c.section ? `${label}, under ${style.section(shortSection(c.section))}` : label;
}
