/**
 * The bytes of a `.md` or `.txt` file as text, or a reason why they are not text: a PDF or an
 * image renamed `.md` must not be indexed as thousands of chunks of binary syntax. Pure.
 */
import { createError } from "../errors.js";

/** File signatures of formats that are never text, and what to call them. */
const SIGNATURES: readonly { magic: string; name: string }[] = [
  { magic: "PK\x03\x04", name: "a ZIP archive (or a .docx, .xlsx, .epub)" },
  { magic: "\x89PNG", name: "a PNG image" },
  { magic: "GIF8", name: "a GIF image" },
  { magic: "\xff\xd8\xff", name: "a JPEG image" },
  { magic: "\x1f\x8b", name: "a gzip archive" },
  { magic: "\xd0\xcf\x11\xe0", name: "an old Microsoft Office document" },
  { magic: "\x7fELF", name: "a program" },
];

/** More than this share of characters that are invalid UTF-8, and the file is not text. */
const MAX_BAD_SHARE = 0.01;
/**
 * More than this share of control characters, and the file is not text. Higher than for invalid
 * UTF-8: a note may quote terminal output with its colour codes (a few in every hundred
 * characters), while binary data that passes as UTF-8 without a NUL byte is mostly controls.
 */
const MAX_CONTROL_SHARE = 0.1;
/** How far into the file white space before the PDF signature is looked through. */
const PDF_SEARCH_BYTES = 1024;

const startsWith = (bytes: Uint8Array, magic: string) =>
  bytes.length >= magic.length && [...magic].every((c, i) => bytes[i] === c.charCodeAt(0));

/**
 * Decodes a text file: UTF-8 (a byte-order mark dropped), or UTF-16 when it starts with a UTF-16
 * byte-order mark. Throws FILE_NOT_TEXT, saying what the file looks like, for a PDF (it starts
 * with the `%PDF-` signature), a known binary format, a NUL byte, more than 1%
 * of characters that are invalid UTF-8, or more than 10% control characters.
 */
export function decodeText(bytes: Uint8Array): string {
  // At the start (after white space at most): a note about the PDF format may quote the signature further on.
  if (/^\s*%PDF-/.test(Buffer.from(bytes.subarray(0, PDF_SEARCH_BYTES)).toString("latin1"))) {
    throw createError("FILE_NOT_TEXT", "it is a PDF (it holds the %PDF- signature); give it the .pdf extension");
  }
  const known = SIGNATURES.find((s) => startsWith(bytes, s.magic));
  if (known) throw createError("FILE_NOT_TEXT", `it is ${known.name}`);
  let text: string;
  if (startsWith(bytes, "\xff\xfe") || startsWith(bytes, "\xfe\xff")) {
    text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
  } else {
    const nul = bytes.indexOf(0);
    if (nul >= 0) throw createError("FILE_NOT_TEXT", `it holds binary data (a NUL byte at offset ${nul})`);
    text = new TextDecoder("utf-8").decode(bytes);
  }
  // Each invalid UTF-8 sequence became one U+FFFD; a file may hold a few of its own, or a stray bad byte.
  const length = Math.max(1, text.length);
  const { invalid, controls } = countBad(text);
  if (invalid / length > MAX_BAD_SHARE) {
    throw createError("FILE_NOT_TEXT", `${percent(invalid / length)} of its characters are not valid UTF-8; save it as UTF-8 text`);
  }
  if (controls / length > MAX_CONTROL_SHARE)
    throw createError("FILE_NOT_TEXT", `${percent(controls / length)} of its characters are control characters`);
  return text.replace(/^\uFEFF/, "");
}

/**
 * Replacement characters (each an invalid UTF-8 sequence) and control characters that have no
 * place in text: C0 but tab, line feed, vertical tab, form feed and carriage return; DEL; C1.
 * Counted in one pass without building arrays, as a file may hold a hundred megabytes.
 */
function countBad(text: string): { invalid: number; controls: number } {
  let invalid = 0;
  let controls = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) invalid++;
    else if ((c < 0x20 && (c < 0x09 || c > 0x0d)) || (c >= 0x7f && c <= 0x9f)) controls++;
  }
  return { invalid, controls };
}

const percent = (share: number) => `${(share * 100).toFixed(share < 0.1 ? 1 : 0)}%`;
