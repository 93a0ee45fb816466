/**
 * Markdown as plain text, read with mdast-util-from-markdown (micromark, CommonMark and GFM), so
 * that answers quote what a reader of the rendered page sees:
 * - headings are paragraphs of their own (kind "heading"), without `#`; every paragraph records
 *   the title of the heading it stands under (`section`);
 * - emphasis, strong, strikethrough, inline code, link and image syntax are left out: the text
 *   stays (a link's text, an image's alt text, struck-through words as written), and each link's
 *   or image's target goes into `links` with the span of its text, as data only;
 * - a list is one paragraph (kind "list") with one line per item, and per paragraph of an item;
 *   a nested list's items are lines of their own. One paragraph per list rather than per item
 *   keeps a list's items together in one chunk and one citation (short items alone, say "Fiji",
 *   carry too few words to be found or understood), while the line breaks make each item its own
 *   sentence, so a list never reads as one run-on sentence;
 * - a GFM table is a table as PDF tables are: rows on lines, cells joined by " | ", the first row
 *   its header (repeated when a quote starts below it);
 * - block quotes are read as the paragraphs they hold (the `>` is syntax); code blocks are
 *   paragraphs of their text (quotable like any other, white space folded); footnote definitions
 *   are paragraphs of kind "footnote" where they stand, and footnote references are left out;
 * - a raw HTML block is read as the text a browser shows of it (markdown-html.ts: tags,
 *   comments, scripts and styles left out); inline HTML tags are left out and the text between
 *   them kept; thematic breaks and link reference definitions are left out (their targets serve
 *   the links that use them).
 * Pure; the caller checks `markdownHazard` first, which bounds the nesting this recursion follows.
 */
import { fromMarkdown } from "mdast-util-from-markdown";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { gfm } from "micromark-extension-gfm";
import type { Nodes, PhrasingContent, RootContent, Table } from "mdast";
import type { BlockKind, DocumentLink } from "../types.js";
import type { ParagraphText } from "./assemble.js";
import { hiddenElementAt, htmlText } from "./markdown-html.js";

/** A line of plain text (white space folded, trimmed) and the links inside it. */
interface Line {
  text: string;
  links: DocumentLink[];
}

/** Link reference definitions, by normalized label: a reference uses the first one, as CommonMark says. */
type Definitions = Map<string, string>;

const isSpace = (c: string) => /\s/u.test(c);

/** Inline HTML tags that a browser shows as a break between words: `<br>`, and tags of blocks and cells. */
const BREAKING_TAG = /^<\/?(?:br|p|div|li|ul|ol|tr|td|th|table|hr|h[1-6]|blockquote|section|article|header|footer|dd|dt)\b/i;

/** Inline content as raw text with the links' raw spans, before white space is folded. */
class InlineText {
  raw = "";
  links: DocumentLink[] = [];
  /** Inside `<script>`, `<style>` or `<textarea>` written inline: the element's name, whose closing tag ends it. */
  private hidden: string | null = null;

  add(nodes: readonly PhrasingContent[], definitions: Definitions): void {
    for (const node of nodes) {
      switch (node.type) {
        case "text":
        case "inlineCode":
          if (this.hidden === null) this.raw += node.value;
          break;
        case "html": {
          // Tags are syntax, not text; a line break or a block's tag still parts the words around it.
          const opened = node.value.endsWith("/>") ? null : hiddenElementAt(node.value.toLowerCase(), 0);
          if (opened !== null) this.hidden = opened;
          else if (this.hidden !== null && node.value.toLowerCase().startsWith(`</${this.hidden}`)) this.hidden = null;
          else if (BREAKING_TAG.test(node.value)) this.raw += " ";
          break;
        }
        case "break":
          this.raw += " ";
          break;
        case "emphasis":
        case "strong":
        case "delete":
          this.add(node.children, definitions);
          break;
        case "link":
          this.linked(node.url, () => this.add(node.children, definitions));
          break;
        case "linkReference":
          this.linked(definitions.get(node.identifier), () => this.add(node.children, definitions));
          break;
        case "image":
          this.linked(node.url, () => (this.raw += node.alt ?? ""));
          break;
        case "imageReference":
          this.linked(definitions.get(node.identifier), () => (this.raw += node.alt ?? ""));
          break;
        // Footnote markers are syntax, not text.
        default:
          break;
      }
    }
  }

  private linked(url: string | undefined, write: () => void): void {
    const start = this.raw.length;
    write();
    if (url !== undefined && url !== "") this.links.push({ start, end: this.raw.length, url });
  }

  /** The text with white space runs folded to one space and trimmed; link spans moved with it, empty ones dropped. */
  line(): Line {
    const at = new Int32Array(this.raw.length + 1).fill(-1);
    let text = "";
    let space = false;
    for (let i = 0; i < this.raw.length; i++) {
      const c = this.raw[i] as string;
      if (isSpace(c)) {
        space = text !== "";
        continue;
      }
      if (space) text += " ";
      space = false;
      at[i] = text.length;
      text += c;
    }
    const links: DocumentLink[] = [];
    for (const link of this.links) {
      let first = link.start;
      while (first < link.end && at[first] === -1) first++;
      let last = link.end - 1;
      while (last >= first && at[last] === -1) last--;
      if (first <= last) links.push({ start: at[first] as number, end: (at[last] as number) + 1, url: link.url });
    }
    return { text, links };
  }
}

function inlineLine(nodes: readonly PhrasingContent[], definitions: Definitions): Line {
  const inline = new InlineText();
  inline.add(nodes, definitions);
  return inline.line();
}

/** Plain text that is not inline Markdown (a code block's), folded like inline text. */
function plainLine(value: string): Line {
  return inlineLine([{ type: "text", value }], new Map());
}

/** Lines joined by `separator`, their links moved to the joined text's offsets. */
function joinLines(lines: readonly Line[], separator: string): Line {
  let text = "";
  const links: DocumentLink[] = [];
  for (const line of lines) {
    if (line.text === "") continue;
    if (text !== "") text += separator;
    for (const l of line.links) links.push({ start: text.length + l.start, end: text.length + l.end, url: l.url });
    text += line.text;
  }
  return { text, links };
}

/** A table's rows, cells joined by " | " as PDF tables are. */
function tableRows(table: Table, definitions: Definitions): Line[] {
  return table.children.map((row) => joinCells(row.children.map((cell) => inlineLine(cell.children, definitions))));
}

function joinCells(cells: readonly Line[]): Line {
  let text = "";
  const links: DocumentLink[] = [];
  cells.forEach((cell, i) => {
    if (i > 0) text += " | ";
    for (const l of cell.links) links.push({ start: text.length + l.start, end: text.length + l.end, url: l.url });
    text += cell.text;
  });
  // A row of empty cells holds no text: it is left out rather than quoted as bare bars.
  return cells.every((c) => c.text === "") ? { text: "", links: [] } : { text, links };
}

/** Every line of text a block holds, in order: how a block inside a list item is read. */
function blockLines(node: RootContent, definitions: Definitions): Line[] {
  switch (node.type) {
    case "paragraph":
    case "heading":
      return [inlineLine(node.children, definitions)];
    case "code":
      return [plainLine(node.value)];
    case "html":
      return [plainLine(htmlText(node.value))];
    case "table":
      return tableRows(node, definitions);
    case "list":
    case "listItem":
    case "blockquote":
    case "footnoteDefinition":
      return node.children.flatMap((child) => blockLines(child, definitions));
    default:
      return [];
  }
}

/** Walks every node (depth bounded by `markdownHazard`'s nesting limit) and keeps the first definition of each label. */
function collectDefinitions(node: Nodes, definitions: Definitions): void {
  if (node.type === "definition") {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node.url);
    return;
  }
  if ("children" in node) for (const child of node.children) collectDefinitions(child, definitions);
}

/** The paragraphs of a Markdown body and the text of its first heading. */
export interface RenderedMarkdown {
  paragraphs: ParagraphText[];
  firstHeading: string | null;
}

/**
 * Every paragraph under a heading stores its title: a title is kept to MAX_SECTION_TITLE
 * characters (white space folded), or a long heading over thousands of short paragraphs would
 * store it thousands of times (a 220 KB heading over 4,500 paragraphs made a 312 MB index file).
 */
const MAX_SECTION_TITLE = 200;

function sectionTitle(text: string): string {
  const folded = text.replace(/\s+/g, " ").trim();
  if (folded.length <= MAX_SECTION_TITLE) return folded;
  const cut = folded.slice(0, MAX_SECTION_TITLE);
  // Not inside a character of two code units (an emoji).
  const last = cut.charCodeAt(cut.length - 1);
  return `${last >= 0xd800 && last <= 0xdbff ? cut.slice(0, -1) : cut}…`;
}

/** Reads a Markdown body (front matter already removed) into paragraphs of plain text. */
export function renderMarkdown(body: string): RenderedMarkdown {
  const tree = fromMarkdown(body, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] });
  const definitions: Definitions = new Map();
  collectDefinitions(tree, definitions);
  const paragraphs: ParagraphText[] = [];
  // The open headings, outermost first: a paragraph stands under the last, a heading under the last of a higher level.
  const headings: { depth: number; title: string }[] = [];
  let firstHeading: string | null = null;
  const push = (line: Line, kind: BlockKind, table: { header: string } | null = null) => {
    if (line.text === "") return;
    paragraphs.push({ text: line.text, page: null, kind, table, section: headings.at(-1)?.title ?? null, links: line.links });
  };
  const visit = (node: RootContent, kind: "paragraph" | "footnote") => {
    switch (node.type) {
      case "heading": {
        const line = inlineLine(node.children, definitions);
        if (line.text === "") return;
        while ((headings.at(-1)?.depth ?? 0) >= node.depth) headings.pop();
        push(line, "heading");
        headings.push({ depth: node.depth, title: sectionTitle(line.text) });
        firstHeading ??= line.text;
        return;
      }
      case "paragraph":
      case "code":
      case "html":
        push(blockLines(node, definitions)[0] as Line, kind);
        return;
      case "list":
        push(joinLines(blockLines(node, definitions), "\n"), "list");
        return;
      case "table": {
        const rows = tableRows(node, definitions);
        push(joinLines(rows, "\n"), "table", { header: rows.find((r) => r.text !== "")?.text ?? "" });
        return;
      }
      case "blockquote":
        for (const child of node.children) visit(child, kind);
        return;
      case "footnoteDefinition":
        for (const child of node.children) visit(child, "footnote");
        return;
      default:
        return;
    }
  };
  for (const node of tree.children) visit(node, "paragraph");
  return { paragraphs, firstHeading };
}
