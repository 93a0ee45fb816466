/**
 * chunks.bin: the chunks as offsets into their documents' texts, in typed arrays. A chunk's text is
 * always its document's text between its offsets (see chunk/chunker.ts), so it is not stored: on
 * load it is a slice of the document's text, which V8 keeps as a view, not a copy.
 *
 * Layout (little-endian 32-bit numbers, each array padded to four bytes):
 * magic, chunk count n, sentence count s, header count h, header bytes;
 * document index[n], start[n], end[n], page[n] (-1: none), paragraph[n] (-1: none),
 * header[n] (index into the header table, -1: none), first sentence[n + 1];
 * sentence start[s], sentence end[s]; header offsets[h + 1] (bytes), header UTF-8 bytes.
 */
import type { Chunk, SourceDocument, Span } from "../../types.js";
import { ByteReader, ByteWriter } from "./bytes.js";

const FILE = "chunks.bin";
const MAGIC = 0x31_4b_48_43; // "CHK1"
const NONE = -1;

/** The bytes of chunks.bin for `chunks` of `documents` (chunk ids are positions, documents in order). */
export function encodeChunks(documents: readonly SourceDocument[], chunks: readonly Chunk[]): Buffer {
  const docIndex = new Map(documents.map((d, i) => [d.id, i]));
  const headers = new Map<string, number>();
  const n = chunks.length;
  const columns = {
    doc: new Uint32Array(n),
    start: new Uint32Array(n),
    end: new Uint32Array(n),
    page: new Int32Array(n),
    paragraph: new Int32Array(n),
    header: new Int32Array(n),
    firstSentence: new Uint32Array(n + 1),
  };
  let sentences = 0;
  chunks.forEach((c, i) => {
    columns.doc[i] = docIndex.get(c.docId) ?? NONE;
    columns.start[i] = c.start;
    columns.end[i] = c.end;
    columns.page[i] = c.page ?? NONE;
    columns.paragraph[i] = c.paragraph ?? NONE;
    if (c.header !== null && !headers.has(c.header)) headers.set(c.header, headers.size);
    columns.header[i] = c.header === null ? NONE : (headers.get(c.header) as number);
    sentences += c.sentences.length;
    columns.firstSentence[i + 1] = sentences;
  });
  const sentenceStart = new Uint32Array(sentences);
  const sentenceEnd = new Uint32Array(sentences);
  let s = 0;
  for (const c of chunks) {
    for (const span of c.sentences) {
      sentenceStart[s] = span.start;
      sentenceEnd[s++] = span.end;
    }
  }
  const headerBytes = [...headers.keys()].map((h) => Buffer.from(h, "utf8"));
  const headerOffsets = new Uint32Array(headerBytes.length + 1);
  headerBytes.forEach((b, i) => (headerOffsets[i + 1] = (headerOffsets[i] as number) + b.length));
  const out = new ByteWriter();
  for (const value of [MAGIC, n, sentences, headerBytes.length, headerOffsets[headerBytes.length] as number]) out.u32(value);
  for (const column of Object.values(columns)) out.array(column);
  out.array(sentenceStart);
  out.array(sentenceEnd);
  out.array(headerOffsets);
  out.raw(Buffer.concat(headerBytes));
  return out.finish();
}

/** The columns of chunks.bin, their counts and offsets checked against each other. */
function readColumns(bytes: Buffer, chunkCount: number) {
  const r = new ByteReader(bytes, FILE);
  if (r.u32("the magic number") !== MAGIC) throw r.fail("is not a chunk table");
  const n = r.u32("the chunk count");
  if (n !== chunkCount) throw r.fail(`holds ${n} chunks, the manifest ${chunkCount}`);
  const sentenceCount = r.u32("the sentence count");
  const headerCount = r.u32("the header count");
  const headerByteCount = r.u32("the header size");
  const columns = {
    doc: r.u32s(n, "the documents"),
    start: r.u32s(n, "the starts"),
    end: r.u32s(n, "the ends"),
    page: r.i32s(n, "the pages"),
    paragraph: r.i32s(n, "the paragraphs"),
    header: r.i32s(n, "the headers"),
    firstSentence: r.u32s(n + 1, "the sentence index"),
    sentenceStart: r.u32s(sentenceCount, "the sentence starts"),
    sentenceEnd: r.u32s(sentenceCount, "the sentence ends"),
  };
  const headerOffsets = r.u32s(headerCount + 1, "the header offsets");
  const headerBlob = r.raw(headerByteCount, "the headers");
  r.done();
  if (columns.firstSentence[0] !== 0 || columns.firstSentence[n] !== sentenceCount)
    throw r.fail(`its sentence index runs ${columns.firstSentence[0]}–${columns.firstSentence[n]}, not 0–${sentenceCount}`);
  if (headerOffsets[0] !== 0 || headerOffsets[headerCount] !== headerByteCount) throw r.fail("its header offsets do not span the headers");
  const headers: string[] = [];
  for (let h = 0; h < headerCount; h++) {
    const [a, b] = [headerOffsets[h] as number, headerOffsets[h + 1] as number];
    if (a > b) throw r.fail(`header ${h} runs backwards`);
    headers.push(headerBlob.toString("utf8", a, b));
  }
  return { r, columns, headers };
}

/** A span with its end after `limit`, or before its start, or before `floor`: out of place. */
const misplaced = (start: number, end: number, floor: number, limit: number) => start < floor || start > end || end > limit;

/** Every chunk's sentence spans, as chunks.bin holds them: chunk i's are entries firstSentence[i] to firstSentence[i + 1]. */
interface SentenceColumns {
  firstSentence: Uint32Array;
  sentenceStart: Uint32Array;
  sentenceEnd: Uint32Array;
}

/**
 * The class of the chunks of one chunks.bin: a chunk's sentence spans are made from the file's
 * columns when asked for (a getter on the shared prototype), so a library's hundreds of
 * thousands of spans are not each an object for as long as the index is open. A copy of such a
 * chunk must name `sentences` (a spread copies own fields only): see `renumberedChunk`.
 */
function chunkClass(columns: SentenceColumns) {
  return class StoredChunk implements Chunk {
    constructor(
      readonly id: number,
      readonly docId: string,
      readonly start: number,
      readonly end: number,
      readonly page: number | null,
      readonly paragraph: number | null,
      readonly header: string | null,
    ) {}

    get sentences(): Span[] {
      const spans: Span[] = [];
      const last = columns.firstSentence[this.id + 1] as number;
      for (let s = columns.firstSentence[this.id] as number; s < last; s++)
        spans.push({ start: columns.sentenceStart[s] as number, end: columns.sentenceEnd[s] as number });
      return spans;
    }
  };
}

/** A plain copy of `chunk` with another id: every field named, for a chunk read from chunks.bin keeps its sentences on its prototype. */
export function renumberedChunk(chunk: Chunk, id: number): Chunk {
  const { docId, start, end, page, paragraph, sentences, header } = chunk;
  return { id, docId, start, end, page, paragraph, sentences, header };
}

/**
 * The chunks of chunks.bin, rebuilt over the documents' texts, after checking every number:
 * document indexes in order, spans inside the document, sentences in order inside their chunk,
 * pages and paragraphs that exist, a header that is its paragraph's table header.
 * Throws IndexDamage naming chunks.bin and the first problem.
 */
export function decodeChunks(
  bytes: Buffer,
  documents: readonly SourceDocument[],
  textLengths: readonly number[],
  chunkCount: number,
): Chunk[] {
  const { r, columns: c, headers } = readColumns(bytes, chunkCount);
  // Only the sentence columns: the class keeps what it holds for as long as the index is open.
  const StoredChunk = chunkClass({ firstSentence: c.firstSentence, sentenceStart: c.sentenceStart, sentenceEnd: c.sentenceEnd });
  const chunks: Chunk[] = [];
  let previousDoc = 0;
  for (let i = 0; i < chunkCount; i++) {
    const fail = (problem: string) => r.fail(`chunk ${i}: ${problem}`);
    const d = c.doc[i] as number;
    const doc = documents[d];
    if (doc === undefined || d < previousDoc) throw fail(`its document is number ${d} of ${documents.length}, after ${previousDoc}`);
    previousDoc = d;
    const [start, end, page, paragraphN, header] = [c.start[i], c.end[i], c.page[i], c.paragraph[i], c.header[i]] as number[] as [
      number,
      number,
      number,
      number,
      number,
    ];
    const length = textLengths[d] as number;
    if (misplaced(start, end, 0, length)) throw fail(`it spans ${start}–${end} of a text of ${length} characters`);
    if (page !== NONE && (page < 1 || page > doc.pages.length)) throw fail(`it is on page ${page} of ${doc.pages.length}`);
    if (paragraphN !== NONE && (paragraphN < 1 || paragraphN > doc.paragraphs.length))
      throw fail(`it is in paragraph ${paragraphN} of ${doc.paragraphs.length}`);
    const paragraph = paragraphN === NONE ? null : doc.paragraphs[paragraphN - 1];
    if (header !== NONE && (headers[header] === undefined || headers[header] !== paragraph?.table?.header))
      throw fail("its table header is not its paragraph's");
    const [first, last] = [c.firstSentence[i] as number, c.firstSentence[i + 1] as number];
    if (first >= last) throw fail(`its sentences run ${first}–${last}`);
    let floor = start;
    for (let s = first; s < last; s++) {
      const [sentenceStart, sentenceEnd] = [c.sentenceStart[s] as number, c.sentenceEnd[s] as number];
      if (misplaced(sentenceStart, sentenceEnd, floor, end))
        throw fail(`a sentence spans ${sentenceStart}–${sentenceEnd}, outside ${start}–${end} or out of order`);
      floor = sentenceStart;
    }
    chunks.push(
      new StoredChunk(
        i,
        doc.id,
        start,
        end,
        page === NONE ? null : page,
        paragraphN === NONE ? null : paragraphN,
        header === NONE ? null : (headers[header] as string),
      ),
    );
  }
  return chunks;
}
