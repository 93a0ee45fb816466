/**
 * Whether a `.md` or `.txt` file really holds text, before it is read as text: a binary file or a
 * PDF renamed `.md` would otherwise be indexed as thousands of chunks of noise.
 */

const decoder = new TextDecoder("utf-8", { fatal: true });

/** Control characters that never occur in text: C0 except tab, line feed, form feed and carriage return; DEL; C1. */
const isNotText = (code: number) => (code <= 0x1f && code !== 0x09 && code !== 0x0a && code !== 0x0c && code !== 0x0d) || (code >= 0x7f && code <= 0x9f);

/**
 * True when `bytes` is UTF-8 text: it decodes as UTF-8, holds no NUL byte, does not start as a
 * PDF does (`%PDF-`), and at most 1 in 1,000 characters is a control character that text never
 * holds (a stray escape or form feed in a real document is allowed).
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    // Not UTF-8: that is the answer, not an error.
    return false;
  }
  if (text.includes("\u0000") || /^\uFEFF?%PDF-/.test(text)) return false;
  let controls = 0;
  for (let i = 0; i < text.length; i++) if (isNotText(text.charCodeAt(i))) controls++;
  return controls * 1000 <= text.length;
}
