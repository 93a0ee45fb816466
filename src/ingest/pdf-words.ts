/**
 * Words and kinds of a PDF's blocks, from the document's own evidence: whether a word broken at a
 * line end keeps its hyphen, and what a block is (heading, caption, …). Pure.
 */
import type { BlockKind } from "../types.js";
import type { Block } from "./pdf-blocks.js";
import type { Line } from "./pdf-lines.js";
import { trimWhere } from "../text.js";

/** Words of the document: hyphenated ones as written inside lines ("long-arm"), and all words in lower case. */
function documentWords(pages: readonly Line[][]): { hyphenated: Set<string>; words: Set<string> } {
  const hyphenated = new Set<string>();
  const words = new Set<string>();
  for (const lines of pages) {
    for (const line of lines) {
      const tokens = line.text.split(/\s+/);
      tokens.forEach((raw, i) => {
        // Words only: a token of hundreds of characters is no word, and skipping it keeps each test short.
        if (raw.length > 80) return;
        const token = trimWhere(raw, (ch) => !/\p{L}/u.test(ch));
        if (token === "") return;
        if (token.includes("-")) {
          if (/^\p{L}+(?:-\p{L}+)+$/u.test(token)) hyphenated.add(token.toLowerCase());
          return;
        }
        // The first word of a line and a hyphenated last one may be halves of a word broken at a line end.
        if (i === 0 || (i === tokens.length - 1 && raw.endsWith("-"))) return;
        if (/^\p{L}+$/u.test(token)) words.add(token.toLowerCase());
      });
    }
  }
  return { hyphenated, words };
}

/**
 * Whether a word hyphenated at a line end keeps its hyphen: yes when the document writes it with
 * a hyphen elsewhere, no when it writes it joined; otherwise yes when both halves are words of
 * the document ("one-quarter"), no for a syllable break ("repres-sion").
 */
export function hyphenRule(pages: readonly Line[][]): (word: string) => boolean {
  const { hyphenated, words } = documentWords(pages);
  return (word) => {
    const lower = word.toLowerCase();
    if (hyphenated.has(lower)) return true;
    const parts = lower.split("-");
    const tail = parts.pop() ?? "";
    const head = parts.pop() ?? "";
    // "end-us-" + "ers": the document uses "users", so the last part was broken as a syllable.
    if (words.has(head + tail)) return false;
    // "more-or-" + "less": otherwise a compound that already has a hyphen keeps its last one too.
    if (parts.length > 0) return true;
    // Two words of the document, the second no suffix: "one-quarter", but "pass-age" and "state-ment" are split syllables.
    return head.length >= 3 && tail.length >= 3 && !SUFFIX.test(tail) && words.has(head) && words.has(tail);
  };
}

const SUFFIX =
  /^(?:age|ages|ment|ments|ing|ings|ion|ions|ity|ities|ness|ly|er|ers|ed|es|al|ous|ive|ful|less|able|ible|ance|ence|ant|ent|ism|ist|ists|ize|ise|ized|ised|ship|hood|ward|wards|ure|ures|ate|ated|ation|ations)$/;

const CAPTION = /^(?:fig(?:ure|\.)?|table|chart|map|graph|exhibit|abbildung|tabelle|source|quelle)\s*[\dIVX]/i;

/** What a block is, for `inspect` and citations. */
export function paragraphKind(block: Block, text: string, bodySize: number): BlockKind {
  if (block.kind === "table") return "table";
  // A caption stays a caption, even set in small print at the foot of a column.
  if (CAPTION.test(text) && text.length < 400 && (block.role === null || block.role === "footnote")) return "caption";
  if (block.role) return block.role;
  const words = text.split(/\s+/).length;
  if (block.lines.length <= 3 && words <= 20 && block.size >= bodySize * 1.15 && !/[.,;]$/.test(text)) return "heading";
  return "paragraph";
}
