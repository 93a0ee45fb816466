/**
 * Documents on disk: their texts once, in one UTF-8 file (texts.txt), and their metadata
 * (paragraphs, pages, links, extraction) without the text in documents.json, each with the byte
 * length of its text; the texts follow each other in document order.
 */
import type { SourceDocument } from "../../types.js";
import { IndexDamage } from "../index-damage.js";

/** A document's metadata as documents.json holds it. */
export type StoredDocument = Omit<SourceDocument, "text"> & { textBytes: number };

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
  const metadata = documents.map(({ text: _text, ...rest }, i) => ({ ...rest, textBytes: (texts[i] as Buffer).length }));
  return { metadata, texts: Buffer.concat(texts) };
}

/**
 * Documents from their checked metadata and texts.txt. Each text is decoded on its own: one
 * string of every text would be held two bytes a character as soon as one character is not Latin-1.
 */
export function decodeDocuments(metadata: readonly StoredDocument[], texts: Buffer): SourceDocument[] {
  let at = 0;
  const documents = metadata.map(({ textBytes, ...rest }, i) => {
    if (!Number.isSafeInteger(textBytes) || textBytes < 0 || textBytes > texts.length - at)
      throw new IndexDamage(
        "texts.txt",
        `holds ${texts.length} bytes, but document ${i}'s text of ${textBytes} bytes starts at byte ${at}`,
      );
    const text = texts.toString("utf8", at, at + textBytes);
    at += textBytes;
    return { ...rest, text };
  });
  if (at !== texts.length) throw new IndexDamage("texts.txt", `holds ${texts.length} bytes, the documents ${at}`);
  return documents;
}
