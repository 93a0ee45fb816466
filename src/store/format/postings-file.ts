/**
 * lexical.bin: the BM25 parameters, chunk lengths, the sorted vocabulary and the postings.
 *
 * Layout (little-endian, each part padded to four bytes): magic, chunk count n, term count t,
 * posting count p, vocabulary bytes, document-id bytes, frequency bytes (32-bit each); k1, b
 * (64-bit floats); lengths[n], posting offsets[t + 1] (32-bit); the terms in UTF-8, one per line;
 * each term's chunk ids as varints, the first whole and the rest as the gap from the one before;
 * the frequencies as varints.
 */
import { MAX_TERM_FREQUENCY, type LexicalIndexData } from "../bm25.js";
import { ByteReader, ByteWriter, decodeVarints } from "./bytes.js";

const FILE = "lexical.bin";
const MAGIC = 0x31_58_45_4c; // "LEX1"

/** The bytes of lexical.bin for `data`. */
export function encodeLexical(data: LexicalIndexData): Buffer {
  const { offsets, docs, tfs, lengths } = data.postings;
  const vocabulary = Buffer.from(data.terms.join("\n"), "utf8");
  const ids = new ByteWriter();
  for (let t = 0; t < data.terms.length; t++) {
    let previous = 0;
    for (let i = offsets[t] as number; i < (offsets[t + 1] as number); i++) {
      const doc = docs[i] as number;
      ids.varint(i === offsets[t] ? doc : doc - previous);
      previous = doc;
    }
  }
  const frequencies = new ByteWriter();
  for (const tf of tfs) frequencies.varint(tf);
  const out = new ByteWriter();
  for (const value of [MAGIC, lengths.length, data.terms.length, docs.length, vocabulary.length, ids.size, frequencies.size])
    out.u32(value);
  out.f64(data.params.k1);
  out.f64(data.params.b);
  out.array(lengths);
  out.array(offsets);
  out.raw(vocabulary);
  out.raw(ids.finish());
  out.raw(frequencies.finish());
  return out.finish();
}

/** The vocabulary: `count` distinct non-empty terms in ascending order. */
function readTerms(r: ByteReader, bytes: Buffer, count: number): string[] {
  const terms = count === 0 && bytes.length === 0 ? [] : bytes.toString("utf8").split("\n");
  if (terms.length !== count) throw r.fail(`holds ${terms.length} terms, its header ${count}`);
  terms.forEach((term, i) => {
    if (term === "") throw r.fail(`term ${i} is empty`);
    if (i > 0 && !((terms[i - 1] as string) < term)) throw r.fail(`term ${i} is not after term ${i - 1}: the vocabulary is not sorted`);
  });
  return terms;
}

/**
 * The lexical index of lexical.bin, after checking every number: counts against the bytes there
 * are, non-empty posting lists, chunk ids ascending and in range, frequencies from 1 to
 * MAX_TERM_FREQUENCY adding up to each chunk's length. Throws IndexDamage naming lexical.bin.
 */
export function decodeLexical(bytes: Buffer, chunkCount: number): LexicalIndexData {
  const r = new ByteReader(bytes, FILE);
  if (r.u32("the magic number") !== MAGIC) throw r.fail("is not a lexical index");
  const n = r.u32("the chunk count");
  if (n !== chunkCount) throw r.fail(`has lengths for ${n} chunks, not ${chunkCount}`);
  const [termCount, postingCount, vocabularyBytes, idBytes, tfBytes] = ["terms", "postings", "vocabulary", "ids", "frequencies"].map((w) =>
    r.u32(`the ${w} count`),
  ) as [number, number, number, number, number];
  const params = { k1: r.f64("k1"), b: r.f64("b") };
  if (!(Number.isFinite(params.k1) && params.k1 > 0)) throw r.fail(`k1 is ${params.k1}, not a positive number`);
  if (!(params.b >= 0 && params.b <= 1)) throw r.fail(`b is ${params.b}, not from 0 to 1`);
  const lengths = r.u32s(n, "the lengths");
  const offsets = r.u32s(termCount + 1, "the posting offsets");
  const terms = readTerms(r, r.raw(vocabularyBytes, "the vocabulary"), termCount);
  const idBlob = r.raw(idBytes, "the chunk ids");
  const tfBlob = r.raw(tfBytes, "the frequencies");
  r.done();
  // A varint takes a byte at least: a larger count is a lie, refused before it is allocated.
  if (postingCount > idBytes || postingCount > tfBytes) throw r.fail(`counts ${postingCount} postings in fewer bytes`);
  if (offsets[0] !== 0 || offsets[termCount] !== postingCount) throw r.fail(`its posting offsets do not run from 0 to ${postingCount}`);
  const docs = new Uint32Array(postingCount);
  // The gaps first, made chunk ids term by term below.
  decodeVarints(idBlob, docs, 0xffffffff, FILE);
  // Through a 32-bit array: one decoder for one array type keeps its loop monomorphic, and fast.
  const wide = new Uint32Array(postingCount);
  decodeVarints(tfBlob, wide, MAX_TERM_FREQUENCY, FILE);
  const tfs = new Uint16Array(wide);
  const fail = (t: number, problem: string) => r.fail(`the postings of ${JSON.stringify(terms[t]?.slice(0, 40))} ${problem}`);
  const totals = new Float64Array(n);
  const capped = new Uint8Array(n);
  for (let t = 0; t < termCount; t++) {
    const from = offsets[t] as number;
    const to = offsets[t + 1] as number;
    if (from >= to || to > postingCount) throw fail(t, `run ${from}–${to} of ${postingCount}: none, backwards or past the end`);
    let doc = docs[from] as number;
    for (let i = from; ;) {
      if (doc >= n) throw fail(t, `name chunk ${doc} (of ${n})`);
      const tf = wide[i] as number;
      if (tf === 0) throw fail(t, `give chunk ${doc} a count of 0`);
      totals[doc] = (totals[doc] as number) + tf;
      if (tf === MAX_TERM_FREQUENCY) capped[doc] = 1;
      if (++i === to) break;
      const gap = docs[i] as number;
      if (gap === 0) throw fail(t, `name chunk ${doc} twice`);
      doc += gap;
      docs[i] = doc;
    }
  }
  // A capped count is less than the term's true count, so that chunk's counts may add up to less.
  const wrong = lengths.findIndex((length, c) => (capped[c] ? (totals[c] as number) > length : totals[c] !== length));
  if (wrong >= 0) throw r.fail(`chunk ${wrong} has ${lengths[wrong]} terms but its postings count ${totals[wrong]}`);
  return { params, terms, postings: { offsets, docs, tfs, lengths } };
}
