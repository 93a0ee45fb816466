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

/** A checkpoint every this many UTF-16 code units of a text that is not ASCII: a span's bytes are found by walking from the one before it. */
const CHECKPOINT_UNITS = 512;
/**
 * A shorter text has no checkpoints: its spans are found by walking from its start, which takes
 * microseconds. Checkpoints thus take at most about 1/256 of the texts' size in UTF-8 (8 bytes
 * per 512 code units, and the arrays' own overhead over 8,192), however many documents there are.
 */
const CHECKPOINTS_FROM_UNITS = 8192;

/** Where a text's UTF-8 bytes stand for its code units: a checkpoint (code unit, byte) every CHECKPOINT_UNITS units or so, each at a character's start. */
interface Checkpoints {
  units: Uint32Array;
  bytes: Uint32Array;
}

/** Checkpoints over well-formed UTF-8 `bytes`; one falls a unit early where a pair of surrogates would split. */
function checkpointsOf(bytes: Uint8Array, length: number): Checkpoints {
  const count = Math.floor(length / CHECKPOINT_UNITS) + 1;
  const units = new Uint32Array(count);
  const at = new Uint32Array(count);
  let unit = 0;
  let k = 1;
  for (let b = 0; b < bytes.length && k < count; b++) {
    const lead = bytes[b] as number;
    if ((lead & 0xc0) === 0x80) continue;
    const width = lead >= 0xf0 ? 2 : 1;
    if (unit + width > k * CHECKPOINT_UNITS) {
      units[k] = unit;
      at[k] = b;
      k++;
    }
    unit += width;
  }
  for (; k < count; k++) [units[k], at[k]] = [unit, bytes.length];
  return { units, bytes: at };
}

/** The byte at which code unit `target` starts in `bytes`, walking from its checkpoint; -1 when it is the second half of a surrogate pair. */
function byteOfUnit(bytes: Uint8Array, checkpoints: Checkpoints, target: number): number {
  const k = Math.min(Math.floor(target / CHECKPOINT_UNITS), checkpoints.units.length - 1);
  let unit = checkpoints.units[k] as number;
  let b = checkpoints.bytes[k] as number;
  while (unit < target && b < bytes.length) {
    const lead = bytes[b] as number;
    unit += lead >= 0xf0 ? 2 : 1;
    b += lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
  }
  return unit === target ? b : -1;
}

/** No checkpoint but the start: for texts too short to need more. */
const FROM_START: Checkpoints = { units: Uint32Array.of(0), bytes: Uint32Array.of(0) };

/** A `slice` bound as String.prototype.slice reads it: negative counts from the end, then clamped to [0, length]. */
function sliceBound(at: number, length: number): number {
  const whole = Math.trunc(at) || 0;
  return whole < 0 ? Math.max(length + whole, 0) : Math.min(whole, length);
}

/**
 * The documents' texts, decoded from texts.txt when asked for and kept for the most recently
 * read documents. A library's texts held as strings would take two bytes a character (as soon
 * as one character is not Latin-1); held as UTF-8, most take one. A span is decoded alone
 * (`span`): answering a question quotes a few sentences of many documents, and decoding each
 * of them whole would make (and soon drop) megabytes of text per question.
 */
class TextStore {
  private readonly recent = new RecentTexts<number>(CACHED_CHARS);
  private readonly checkpoints = new Map<number, Checkpoints>();

  constructor(
    private readonly bytes: Buffer,
    /** Byte offsets: document i's text is bytes[offsets[i], offsets[i + 1]). */
    private readonly offsets: Float64Array,
    /** Document i's text length in UTF-16 code units. */
    private readonly lengths: readonly number[],
  ) {}

  text(i: number): string {
    return this.recent.get(i, () => this.bytes.toString("utf8", this.offsets[i], this.offsets[i + 1]));
  }

  /** `text(i).slice(start, end)`, decoding only the span's bytes. */
  span(i: number, start: number, end: number): string {
    const length = this.lengths[i] as number;
    const from = sliceBound(start, length);
    const to = sliceBound(end, length);
    if (to <= from) return "";
    const first = this.offsets[i] as number;
    const textBytes = this.bytes.subarray(first, this.offsets[i + 1]);
    // One byte a code unit: the text is ASCII, and the offsets are byte offsets.
    if (textBytes.length === length) return textBytes.toString("latin1", from, to);
    let checkpoints = this.checkpoints.get(i) ?? FROM_START;
    if (checkpoints === FROM_START && length >= CHECKPOINTS_FROM_UNITS)
      this.checkpoints.set(i, (checkpoints = checkpointsOf(textBytes, length)));
    const fromByte = byteOfUnit(textBytes, checkpoints, from);
    const toByte = byteOfUnit(textBytes, checkpoints, to);
    if (fromByte >= 0 && toByte >= 0) return textBytes.toString("utf8", fromByte, toByte);
    // A bound inside a pair of surrogates cuts a character that UTF-8 cannot: decode the whole
    // characters around the span, then cut the code units off (so no view of the whole text is kept).
    const [wideFrom, wideTo] = [fromByte < 0 ? from - 1 : from, toByte < 0 ? to + 1 : to];
    const wide = textBytes.toString("utf8", byteOfUnit(textBytes, checkpoints, wideFrom), byteOfUnit(textBytes, checkpoints, wideTo));
    return wide.slice(from - wideFrom, wide.length - (wideTo - to));
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
  const store = new TextStore(texts, offsets, lengths);
  const documents = metadata.map(({ textBytes: _bytes, textLength: _length, ...rest }, i) => {
    const doc = { ...rest } as SourceDocument;
    // Enumerable, so that a copy ({ ...doc }) or JSON carries the text like any other field.
    Object.defineProperty(doc, "text", { get: () => store.text(i), enumerable: true, configurable: true });
    Object.defineProperty(doc, "readSpan", { value: (start: number, end: number) => store.span(i, start, end), configurable: true });
    return doc;
  });
  return { documents, lengths };
}
