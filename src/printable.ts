/**
 * Text from sources and questions, made safe to print on a terminal. Sources may hold escape
 * sequences (colours, OSC-8 hyperlinks, cursor moves) and bidirectional overrides that would make
 * a terminal show something other than the text, or act on it. The stored text stays verbatim;
 * only what is printed passes through here.
 */

/*
 * One pass, linear in the input: every alternative starts at an ESC or a single character, and
 * the string sequences (OSC, DCS, SOS, PM, APC) stop at their terminator or at the next ESC, so no
 * character is scanned by more than one failed attempt.
 *   ESC [ … final      CSI (colours, cursor moves)
 *   ESC ] … BEL|ESC \  OSC (hyperlinks, window titles), and DCS/SOS/PM/APC (ESC P, X, ^, _)
 *   ESC + one char     every other escape
 *   C0 but tab and newline, DEL, C1, bidi embeddings, overrides and isolates
 */
const UNPRINTABLE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u001b[\]PX^_][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[ -~]?|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** Characters JSON.stringify leaves raw that a terminal may still act on (DEL, C1, bidi controls). */
const RAW_IN_JSON = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` without terminal escape sequences and control characters; newlines and tabs stay.
 * Shown text is thus the source text with its invisible controls removed, nothing added.
 */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, "");
}

/** Like `printable`, and on one line: newlines and tabs become spaces (titles, file names, log fields). */
export function printableLine(text: string): string {
  return printable(text).replace(/[\n\t]/g, " ");
}

/**
 * `JSON.stringify(value)` with DEL, C1 and bidi controls written as `\uXXXX` escapes: the same
 * JSON value, so strings stay verbatim for a program reading it, and nothing a terminal acts on.
 * (JSON.stringify already escapes C0, including ESC.)
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value).replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}
