import type { Citation } from "./schema.js";

/**
 * How a citation names its source for a reader: "Title (Publisher, 2024), p. 14 (printed 12)"
 * for a PDF page, "Title, ¶ 3" for a paragraph of another document. Plain text; each front end
 * adds its own markup.
 */
export function citationLabel(c: Pick<Citation, "title" | "publisher" | "date" | "page" | "pageLabel" | "paragraph">): string {
  const origin = [c.publisher, c.date].filter(Boolean).join(", ");
  const name = origin ? `${c.title} (${origin})` : c.title;
  const where = c.page !== null ? `p. ${c.page}${c.pageLabel ? ` (printed ${c.pageLabel})` : ""}` : c.paragraph !== null ? `¶ ${c.paragraph}` : null;
  return where ? `${name}, ${where}` : name;
}
