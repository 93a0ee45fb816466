/**
 * Documents on disk: their texts once, in one UTF-8 file (texts.txt), and their metadata
 * (paragraphs, pages, links, extraction) without the text in documents.json, each with the byte
 * length of its text; the texts follow each other in document order.
 */
import { isUtf8 } from "node:buffer";
import { RecentTexts } from "../../recent-texts.js";
import type { SourceDocument } from "../../types.js";
import { IndexDamage } from "../index-damage.js";

/** A document's metadata as documents.json holds it: the text's length in bytes (in texts.txt) and in UTF-16 code units (its offsets' unit). */
export type StoredDocument = Omit<SourceDocument, "text"> & { textBytes: number; textLength: number };

// Not the `u` flag: it is lone halves of surrogate pairs that are looked for, which `u` would not show.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The document with lone surrogates in its text replaced by U+FFFD, one code unit for one, so every
 * offset holds. UTF-8 cannot carry a lone surrogate: without this, the text read back from
 * texts.txt would differ from the text the chunks were indexed from.
 */
export function withWellFormedText(doc: SourceDocument): SourceDocument {
  LONE_SURROGATE.lastIndex = 0;
  return LONE_SURROGATE.test(doc.text) ? { ...doc, text: doc.text.replace(LONE_SURROGATE, "\uFFFD") } : doc;
}

/** The two files' contents for `documents`. */
export function encodeDocuments(documents: readonly SourceDocument[]): { metadata: StoredDocument[]; texts: Buffer } {
  const texts = documents.map((d) => Buffer.from(d.text, "utf8"));
  const metadata = documents.map((d, i) => {
    const { text, ...rest } = d;
    return { ...rest, textBytes: (texts[i] as Buffer).length, textLength: text.length };
  });
  return { metadata, texts: Buffer.concat(texts) };
}

/**
 * The UTF-16 length of the UTF-8 text in `bytes`: one code unit per character, two for one
 * outside the Basic Multilingual Plane (a 4-byte sequence). Counted without decoding, so a text's
 * recorded length is checked at load without holding the text.
 */
export function utf16Length(bytes: Uint8Array): number {
  let units = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    if ((b & 0xc0) !== 0x80) units += b >= 0xf0 ? 2 : 1;
  }
  return units;
}

/** How many characters of decoded text the cache keeps (the most recently read documents): about 16 MB. */
const CACHED_CHARS = 8 * 1024 * 1024;

/**
 * The documents' texts, decoded from texts.txt when asked for and kept for the most recently
 * read documents. A library's texts held as strings would take two bytes a character (as soon
 * as one character is not Latin-1); held as UTF-8, most take one.
 */
class TextStore {
  private readonly recent = new RecentTexts<number>(CACHED_CHARS);

  constructor(
    private readonly bytes: Buffer,
    /** Byte offsets: document i's text is bytes[offsets[i], offsets[i + 1]). */
    private readonly offsets: Float64Array,
  ) {}

  text(i: number): string {
    return this.recent.get(i, () => this.bytes.toString("utf8", this.offsets[i], this.offsets[i + 1]));
  }
}

/**
 * Documents from their checked metadata and texts.txt, with each text's length in UTF-16 code
 * units. A document's `text` is read from texts.txt when it is asked for (see TextStore).
 */
export function decodeDocuments(metadata: readonly StoredDocument[], texts: Buffer): { documents: SourceDocument[]; lengths: number[] } {
  const offsets = new Float64Array(metadata.length + 1);
  let at = 0;
  const lengths = metadata.map(({ textBytes, textLength }, i) => {
    if (!Number.isSafeInteger(textBytes) || textBytes < 0 || textBytes > texts.length - at)
      throw new IndexDamage(
        "texts.txt",
        `holds ${texts.length} bytes, but document ${i}'s text of ${textBytes} bytes starts at byte ${at}`,
      );
    const bytes = texts.subarray(at, at + textBytes);
    // Counting code units is exact for well-formed UTF-8 only: other bytes decode to U+FFFD in other numbers.
    if (!isUtf8(bytes)) throw new IndexDamage("texts.txt", `document ${i}'s text is not well-formed UTF-8`);
    const counted = utf16Length(bytes);
    if (counted !== textLength)
      throw new IndexDamage("texts.txt", `document ${i}'s text is ${counted} characters long, documents.json says ${textLength}`);
    at += textBytes;
    offsets[i + 1] = at;
    return textLength;
  });
  if (at !== texts.length) throw new IndexDamage("texts.txt", `holds ${texts.length} bytes, the documents ${at}`);
  const store = new TextStore(texts, offsets);
  const documents = metadata.map(({ textBytes: _bytes, textLength: _length, ...rest }, i) => {
    const doc = { ...rest } as SourceDocument;
    // Enumerable, so that a copy ({ ...doc }) or JSON carries the text like any other field.
    Object.defineProperty(doc, "text", { get: () => store.text(i), enumerable: true, configurable: true });
    return doc;
  });
  return { documents, lengths };
}
