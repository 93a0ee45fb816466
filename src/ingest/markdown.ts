/**
 * Markdown and plain-text documents: optional YAML front matter (`title`, `source`, `url`),
 * then paragraphs separated by blank lines. Lines inside a paragraph are joined with a space,
 * which is how a Markdown renderer shows them; no other character is changed, so quotes stay verbatim.
 */
import path from "node:path";
import { parse as parseYaml } from "yaml";
import { createError, describeError } from "../errors.js";
import { PUBLIC_HTTP_URL_RULE, publicHttpUrl } from "../http-url.js";
import type { SourceDocument } from "../types.js";
import { assembleDocument } from "./assemble.js";

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
    throw createError("FILE_UNREADABLE", `${id}: front matter of ${yaml.length} characters is over the ${MAX_FRONT_MATTER_CHARS} allowed (it should hold a title, a date, an address)`);
  }
  if (nestingBound(yaml) > MAX_FRONT_MATTER_NESTING) {
    throw createError("FILE_UNREADABLE", `${id}: front matter nests deeper than ${MAX_FRONT_MATTER_NESTING} levels (it should hold a title, a date, an address)`);
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
  return { meta: { title: field("title"), source: field("source"), url, publisher: field("publisher"), date: field("date") }, body: raw.slice(match[0].length) };
}

function firstHeading(body: string): string | null {
  const heading = /^#{1,6}\s+(.+)$/m.exec(body);
  return heading?.[1]?.trim() ?? null;
}

/**
 * Reads a Markdown (`kind = "markdown"`) or plain-text (`kind = "text"`) file's content. A
 * front-matter `url` that is not an http(s) address without user name or password is left out,
 * and `onWarning` is told.
 */
export function parseTextDocument(id: string, raw: string, kind: "markdown" | "text", onWarning: (message: string) => void = () => {}): SourceDocument {
  const { meta, body } = readFrontMatter(raw.replace(/^\uFEFF/, ""), id, onWarning);
  const paragraphs = body.split(/\r?\n[ \t]*\r?\n/).map((text) => ({ text, page: null }));
  const title = meta.title ?? (kind === "markdown" ? firstHeading(body) : null) ?? path.basename(id);
  return assembleDocument({ id, kind, title, source: meta.source, url: meta.url, publisher: meta.publisher, date: meta.date }, paragraphs);
}
