/**
 * What the Markdown parser is given. micromark is CommonMark-exact, but some inputs cost it far
 * more than their size, and text files are parsed in Citebot's own process (measured with
 * mdast-util-from-markdown 2.0.2, micromark 4.0.3, GFM; see the README):
 * - nesting: 10,000 levels of `>` or `- ` overflow the stack; `- ` ×2,000 on one line took 1.1 s;
 * - lazy continuation lines (a paragraph inside a block quote or list item going on without the
 *   `>` or indentation) cost time growing with the square of their number: 4,000 took 0.5 s, and
 *   256 KB of them did not finish in two minutes;
 * - emphasis and bracket marks that do not pair up, in one paragraph: `*a_` ×10,667 (32 KB) took
 *   15 s, `[`×16,000 then `]`×16,000 took 3 s, and they grow with the square of their number;
 * - size: a 1 MB table took 26 s and 2.8 GB, a table row of 21,000 columns 4.3 s, a list of 65,000 items 37 s and 1.2 GB, and every
 *   line costs 30 µs to 100 µs.
 * `markdownHazard` finds such input by one linear scan, before parsing; the caller then reads the
 * file as plain paragraphs (as `.txt` files are read) and says why. Each bound can only be too
 * high, never too low, so nothing past it reaches the parser.
 */

/** Markdown bodies longer than this (UTF-16 units) are not given to the parser (about 5 s and 1 GB at worst). */
export const MAX_MARKDOWN_CHARS = 256 * 1024;
/** Lines of a body, blank ones included: micromark spends 30 µs to 100 µs on each (256 KB of short lines took 4 s). */
export const MAX_MARKDOWN_LINES = 10_000;
/** Lines that start with a list marker: one list of 65,000 items took 37 s and 1.2 GB, 16,000 took 1.5 s. */
export const MAX_LIST_ITEMS = 4_000;
/** `|` characters, which bound the cells of GFM tables: each cell costs about 70 µs (21,000 columns took 4.3 s and 435 MB). */
export const MAX_TABLE_BARS = 20_000;
/** Container levels (block quotes, list items) a line may open or continue. */
export const MAX_MARKDOWN_NESTING = 16;
/**
 * Lines of a block (lines between blank lines) that may lazily continue a block quote or list
 * item: lines without a marker after a line with one, or an indented line.
 */
export const MAX_LAZY_LINES = 100;
/** Emphasis, strikethrough, bracket, code and HTML (`<`) marks in a block (lines between blank lines). */
export const MAX_BLOCK_MARKS = 300;
/**
 * `<` characters in a body. Unclosed HTML openers (`<!--`, `<?`, `<!X`) cost time growing with
 * the square of their number, and an HTML comment or instruction runs over blank lines: 64 KB of
 * `<!--` took 17.7 s, 124,000 `<?` over five minutes; 2,000 stay under a third of a second.
 */
export const MAX_ANGLE_BRACKETS = 2_000;

const MARK = new Set(["*", "_", "~", "[", "]", "`", "<"]);

/**
 * The container prefix of a line: how many levels it could open or continue (each `>`, each list
 * marker, and one per two columns of white space, as a list item's content is indented by at
 * least two), and how many of them are list markers.
 */
function containerPrefix(line: string): { levels: number; items: number; marked: boolean } {
  let levels = 0;
  let columns = 0;
  let items = 0;
  let marked = false;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === " ") columns += 1;
    else if (c === "\t") columns += 4;
    else if (c === ">") {
      levels++;
      marked = true;
    } else {
      // A list marker: -, + or * (or up to nine digits and . or )) followed by white space or the line end.
      let j = i;
      if (c === "-" || c === "+" || c === "*") j = i + 1;
      else {
        while (j < line.length && j - i < 9 && line.charCodeAt(j) >= 48 && line.charCodeAt(j) <= 57) j++;
        if (j === i || (line[j] !== "." && line[j] !== ")")) break;
        j++;
      }
      const after = line[j];
      if (after !== undefined && after !== " " && after !== "\t") break;
      levels++;
      items++;
      marked = true;
      i = j;
      continue;
    }
    i++;
  }
  return { levels: levels + Math.floor(columns / 2), items, marked };
}

/** Blank as micromark sees it: spaces and tabs only (a line of no-break spaces is text, and may be a lazy line). */
function isBlank(line: string): boolean {
  for (const c of line) if (c !== " " && c !== "\t") return false;
  return true;
}

/** The fence of a line that opens a fenced code block in the first column (```` ``` ```` or `~~~`), or null. */
function fenceOpening(line: string): string | null {
  const m = /^(`{3,}|~{3,})/.exec(line);
  if (!m) return null;
  const fence = m[1] as string;
  // A backtick fence's info string may not hold a backtick (CommonMark).
  return fence.startsWith("`") && line.slice(m[0].length).includes("`") ? null : fence;
}

/** Whether `line` closes a block opened by `fence`: the same character, at least as many, nothing after but white space. */
function closesFence(line: string, fence: string): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(line);
  return m !== null && (m[1] as string)[0] === fence[0] && (m[1] as string).length >= fence.length;
}

/**
 * Why `body` should not be given to the Markdown parser, or null when it may be. Linear in the
 * length of `body`.
 */
export function markdownHazard(body: string): string | null {
  if (body.length > MAX_MARKDOWN_CHARS)
    return `it is ${body.length} characters long, over the ${MAX_MARKDOWN_CHARS} the Markdown parser is given`;
  // Lines as micromark counts them: a carriage return alone ends a line too.
  const lines = body.split(/\r\n?|\n/);
  if (lines.length > MAX_MARKDOWN_LINES) return `it has ${lines.length} lines, over the ${MAX_MARKDOWN_LINES} the Markdown parser is given`;
  let lazy = 0;
  let marks = 0;
  let items = 0;
  let bars = 0;
  let angles = 0;
  // Whether a line of the block so far could be in a block quote or list item (a marker, or
  // indentation after a blank line): every later line without a marker may then be a lazy one.
  // Counting them all overcounts (an indented code block's lines count too), but a sharper
  // test, comparing prefixes, can be fooled by spaces placed where they change nothing.
  let contained = false;
  let lineNumber = 0;
  // Inside a fenced code block at the start of a line: its lines are text to the parser, with no
  // marks, containers or lazy lines, so they are not counted. Only a fence in the first column is
  // followed (one indented may belong to a list item, which can end before the fence does), and
  // none in a body with a line starting with "<" (an HTML block such as <pre> can hold a fence
  // line that opens nothing): otherwise the scan could skip lines the parser reads as Markdown.
  // A fence not followed counts its lines: the bound stays too high, never too low.
  const followFences = !/^ {0,3}</m.test(body);
  let fence: string | null = null;
  for (const line of lines) {
    lineNumber++;
    if (fence !== null) {
      if (closesFence(line, fence)) fence = null;
      continue;
    }
    const opened = followFences ? fenceOpening(line) : null;
    if (opened !== null) {
      fence = opened;
      continue;
    }
    if (isBlank(line)) {
      lazy = 0;
      marks = 0;
      contained = false;
      continue;
    }
    const prefix = containerPrefix(line);
    if (prefix.levels > MAX_MARKDOWN_NESTING)
      return `line ${lineNumber} nests more than ${MAX_MARKDOWN_NESTING} block quotes or list items`;
    items += prefix.items;
    if (items > MAX_LIST_ITEMS)
      return `line ${lineNumber} starts list item ${items}, over the ${MAX_LIST_ITEMS} the Markdown parser is given`;
    if (!prefix.marked && contained && ++lazy > MAX_LAZY_LINES)
      return `line ${lineNumber} is one of more than ${MAX_LAZY_LINES} lines continuing a block quote or list item without a blank line`;
    contained ||= prefix.levels > 0;
    for (const c of line) {
      if (MARK.has(c)) {
        marks++;
        if (c === "<") angles++;
      } else if (c === "|") bars++;
    }
    if (angles > MAX_ANGLE_BRACKETS) return `line ${lineNumber} brings the HTML brackets (<) to more than ${MAX_ANGLE_BRACKETS}`;
    if (bars > MAX_TABLE_BARS) return `line ${lineNumber} brings the table bars (|) to more than ${MAX_TABLE_BARS}`;
    if (marks > MAX_BLOCK_MARKS)
      return `line ${lineNumber} ends a block of more than ${MAX_BLOCK_MARKS} emphasis, bracket, code or HTML marks without a blank line`;
  }
  return null;
}
