/**
 * Markdown and plain-text documents: optional YAML front matter (`title`, `source`, `url`), then
 * the body. A Markdown body is read with a real parser (markdown-render.ts: headings, lists,
 * tables, links); a plain-text body, and a Markdown body the parser should not be given
 * (markdown-limits.ts), is read as paragraphs separated by blank lines, lines inside a paragraph
 * joined with a space and no other character changed.
 */
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { createError, describeError } from "../errors.js";
import { PUBLIC_HTTP_URL_RULE, publicHttpUrl } from "../http-url.js";
import type { SourceDocument } from "../types.js";
import { assembleDocument, type ParagraphText } from "./assemble.js";
import { markdownHazard } from "./markdown-limits.js";
import { renderMarkdown } from "./markdown-render.js";

const FRONT_MATTER = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
/**
 * Front matter holds a title, a date, an address: a few lines. Larger front matter is refused
 * before it is parsed, as YAML parsing time grows faster than its size (300,000 keys ran for
 * more than ten minutes), and text files are parsed in Citebot's own process.
 */
const MAX_FRONT_MATTER_CHARS = 16 * 1024;
/**
 * The parser recurses once per level of nesting, and deep nesting overflows the stack in a way
 * Node cannot always recover from (8,000 brackets aborted the process while compiling a regex):
 * front matter that could nest deeper than this is refused before it is parsed.
 */
const MAX_FRONT_MATTER_NESTING = 64;

/**
 * An upper bound on how deep `yaml` can nest: on each line, its indentation and the dashes of
 * compact sequences ("- - - x"), plus the brackets and braces still open. Brackets inside quoted
 * strings are counted too, so the bound can only be too high, never too low.
 */
function nestingBound(yaml: string): number {
  let open = 0;
  let max = 0;
  for (const line of yaml.split("\n")) {
    const indent = /^[ \t-]*/.exec(line)?.[0].length ?? 0;
    for (const c of line) {
      if (c === "[" || c === "{") open++;
      else if ((c === "]" || c === "}") && open > 0) open--;
      max = Math.max(max, indent + open);
    }
    max = Math.max(max, indent + open);
  }
  return max;
}

interface FrontMatter {
  title: string | null;
  source: string | null;
  url: string | null;
  publisher: string | null;
  date: string | null;
}

function readFrontMatter(raw: string, id: string, onWarning: (message: string) => void): { meta: FrontMatter; body: string } {
  const match = FRONT_MATTER.exec(raw);
  if (!match) return { meta: { title: null, source: null, url: null, publisher: null, date: null }, body: raw };
  const yaml = match[1] ?? "";
  if (yaml.length > MAX_FRONT_MATTER_CHARS) {
    throw createError(
      "FILE_UNREADABLE",
      `${id}: front matter of ${yaml.length} characters is over the ${MAX_FRONT_MATTER_CHARS} allowed (it should hold a title, a date, an address)`,
    );
  }
  if (nestingBound(yaml) > MAX_FRONT_MATTER_NESTING) {
    throw createError(
      "FILE_UNREADABLE",
      `${id}: front matter nests deeper than ${MAX_FRONT_MATTER_NESTING} levels (it should hold a title, a date, an address)`,
    );
  }
  let data: unknown;
  try {
    data = parseYaml(yaml, { uniqueKeys: false });
  } catch (error) {
    // The parser's reason says what is wrong: a syntax error, an alias bomb, nesting too deep for the stack.
    throw createError("FILE_UNREADABLE", `${id}: front matter is not valid YAML (${describeError(error).split("\n")[0]})`, error);
  }
  const record = (typeof data === "object" && data !== null ? data : {}) as Record<string, unknown>;
  const field = (key: string) => {
    const value = Object.hasOwn(record, key) ? record[key] : undefined;
    if (value instanceof Date) return value.toISOString().slice(0, 10);
    return typeof value === "string" && value !== "" ? value : typeof value === "number" ? String(value) : null;
  };
  const rawUrl = field("url");
  const url = rawUrl === null ? null : publicHttpUrl(rawUrl);
  if (rawUrl !== null && url === null) onWarning(`${id}: front matter url ignored: ${PUBLIC_HTTP_URL_RULE}`);
  return {
    meta: { title: field("title"), source: field("source"), url, publisher: field("publisher"), date: field("date") },
    body: raw.slice(match[0].length),
  };
}

function firstHeading(body: string): string | null {
  const heading = /^#{1,6}[ \t]+(\S.*)$/m.exec(body);
  return heading?.[1]?.trim() ?? null;
}

/** Paragraphs separated by blank lines, as plain text is read. */
function blankLineParagraphs(body: string): ParagraphText[] {
  return body.split(/\r?\n[ \t]*\r?\n/).map((text) => ({ text, page: null }));
}

/**
 * A Markdown body's paragraphs and first heading, parsed; or, for a body the parser should not be
 * given, its blank-line paragraphs, and `onWarning` is told why.
 */
function markdownBody(
  id: string,
  body: string,
  onWarning: (message: string) => void,
): { paragraphs: ParagraphText[]; heading: string | null } {
  const hazard = markdownHazard(body);
  if (hazard === null) {
    const rendered = renderMarkdown(body);
    return { paragraphs: rendered.paragraphs, heading: rendered.firstHeading };
  }
  onWarning(`${id}: read as plain paragraphs, not as Markdown: ${hazard}`);
  return { paragraphs: blankLineParagraphs(body), heading: firstHeading(body) };
}
/**
 * Reads a Markdown (`kind = "markdown"`) or plain-text (`kind = "text"`) file's content. A
 * front-matter `url` that is not an http(s) address without user name or password is left out,
 * and `onWarning` is told.
 */
export function parseTextDocument(
  id: string,
  raw: string,
  kind: "markdown" | "text",
  onWarning: (message: string) => void = () => {},
): SourceDocument {
  const { meta, body } = readFrontMatter(raw.replace(/^\uFEFF/, ""), id, onWarning);
  const { paragraphs, heading } =
    kind === "markdown" ? markdownBody(id, body, onWarning) : { paragraphs: blankLineParagraphs(body), heading: null };
  const title = meta.title ?? heading ?? path.basename(id);
  return assembleDocument({ id, kind, title, source: meta.source, url: meta.url, publisher: meta.publisher, date: meta.date }, paragraphs);
}
