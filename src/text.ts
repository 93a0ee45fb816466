/**
 * Small text helpers that every layer may use. Linear scans instead of anchored regexes such as
 * /[-.]+$/, which take quadratic time on a long run of the trimmed characters that does not end
 * the text.
 */

/** `text` without the characters `strip` accepts at its start and at its end. */
export function trimWhere(text: string, strip: (ch: string) => boolean): string {
  let start = 0;
  let end = text.length;
  while (start < end && strip(text[start] as string)) start++;
  while (end > start && strip(text[end - 1] as string)) end--;
  return text.slice(start, end);
}

/** `text` without the characters `strip` accepts at its end. */
export function trimEndWhere(text: string, strip: (ch: string) => boolean): string {
  let end = text.length;
  while (end > 0 && strip(text[end - 1] as string)) end--;
  return text.slice(0, end);
}

/** A test for one character against a fixed set of characters. */
export const oneOf =
  (chars: string) =>
  (ch: string): boolean =>
    chars.includes(ch);
