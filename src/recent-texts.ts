/**
 * The texts made most recently, kept up to a number of characters: for texts that are cheap to
 * make again but too many to keep (a library's documents read from disk, their collapsed copies).
 * The text made last is always kept, however long.
 */
export class RecentTexts<K> {
  private readonly texts = new Map<K, string>();
  private chars = 0;

  constructor(private readonly maxChars: number) {}

  /** The text kept for `key`, or the one `make` returns, which is then kept. */
  get(key: K, make: () => string): string {
    const hit = this.texts.get(key);
    if (hit !== undefined) {
      // Most recently used last: the first entry is the one to drop.
      this.texts.delete(key);
      this.texts.set(key, hit);
      return hit;
    }
    const text = make();
    this.texts.set(key, text);
    this.chars += text.length;
    for (const [oldest, dropped] of this.texts) {
      if (this.chars <= this.maxChars || oldest === key) break;
      this.texts.delete(oldest);
      this.chars -= dropped.length;
    }
    return text;
  }
}
