/**
 * Builds, updates and opens the on-disk index. A document is parsed and chunked again only when
 * its content hash or the reader fingerprint changed; unchanged documents keep their chunks and
 * vectors, and a chunk whose indexed text is unchanged keeps its vector.
 */
import { createHash } from "node:crypto";
import { lstat, rm } from "node:fs/promises";
import path from "node:path";
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS, indexedText, indexedTextIn, type ChunkOptions } from "../chunk/index.js";
import { CitebotError, createError, describeError } from "../errors.js";
import {
  DEFAULT_PARSE_MEMORY_MB,
  listCorpusFiles,
  parseCorpusFile,
  readCorpusFile,
  SOURCES_FILE,
  type CorpusFile,
  type KnownHash,
  type ListedFile,
  type CorpusProblem,
} from "../ingest/index.js";
import type { Logger } from "../log.js";
import type { Chunk, SourceDocument } from "../types.js";
import { buildLexicalIndex, LexicalIndex } from "./bm25.js";
import { readIndexData, writeIndexData, type IndexData } from "./disk.js";
import type { Embedder } from "./embedder.js";
import { readerFingerprint } from "./fingerprint.js";
import { renumberedChunk } from "./format/chunk-table.js";
import { withWellFormedText } from "./format/documents.js";
import { acquireBuildLock } from "./lock.js";
import { assertSeparateFolders, isOwnedDataDir, readCurrentPointer, removeStale } from "./ownership.js";
import { MAX_UNFINISHED_ATTEMPTS, needsJournal, ParseJournal } from "./parse-journal.js";
import {
  incompatibility,
  INDEX_FORMAT_VERSION,
  queryIncompatibility,
  sameEmbedding,
  type Manifest,
  type ManifestEmbedding,
} from "./manifest.js";
import { TOKENIZER_SETTINGS, tokenize } from "./tokenizer.js";
import { quantiseVectors } from "./quantize.js";
import { openVectorIndex, writeVectors, type VectorStoreOptions } from "./vector-store.js";
import type { VectorIndex } from "./vectors.js";

export interface IndexOptions {
  corpusDir: string;
  indexDir: string;
  maxFileBytes: number;
  /** A PDF that takes longer than this to read is skipped. */
  parseTimeoutMs: number;
  /** Heap limit of the PDF reader's child process in MB; a PDF that needs more is skipped. */
  parseMemoryMb?: number;
  /** The embedder for dense vectors, or null for a lexical-only index. */
  embedder: Embedder | null;
  /** Pooling and query prefix recorded with the vectors. */
  embedding: { pooling: string; queryPrefix: string } | null;
  logger: Logger;
  /** The reader fingerprint to record and compare; defaults to this process's (tests simulate an upgrade). */
  readerFingerprint?: string;
  /** How long a build waits for another build of the same index to finish (BUILD_WAIT_SECONDS); default 10 minutes. */
  buildWaitMs?: number;
  /** How documents are cut into chunks (MAX_SENTENCE_CHARS); recorded, and an index cut otherwise is rebuilt. */
  chunking?: ChunkOptions;
  /**
   * When a rebuild cannot be written (a full disk), answer from the out-of-date index on disk
   * with a warning (the default, for readers) rather than fail (`npm run index`, whose job is the build).
   */
  fallBackWhenUnwritable?: boolean;
  /** When vector search uses lists, and how they are made; tests force the lists onto a small corpus. */
  vectorStore?: VectorStoreOptions;
}

const DEFAULT_BUILD_WAIT_MS = 10 * 60 * 1000;

/** An index ready for queries. */
export interface LoadedIndex {
  manifest: Manifest;
  documents: Map<string, SourceDocument>;
  chunks: Chunk[];
  lexical: LexicalIndex;
  vectors: VectorIndex | null;
}

export interface BuildReport {
  rebuilt: string[];
  reused: string[];
  problems: CorpusProblem[];
}

function describeEmbedding(options: IndexOptions): ManifestEmbedding | null {
  if (!options.embedder || !options.embedding) return null;
  return { model: options.embedder.modelId, dimensions: options.embedder.dimensions, ...options.embedding };
}

/** The settings a file that failed for a limit may pass under when they change. */
interface ParseLimits {
  timeoutMs: number;
  memoryMb: number;
}

function parseLimits(options: IndexOptions): ParseLimits {
  return { timeoutMs: options.parseTimeoutMs, memoryMb: options.parseMemoryMb ?? DEFAULT_PARSE_MEMORY_MB };
}

/** The hash recorded for a file that failed for a limit: its content hash and the limits it failed under. */
function limitedHash(hash: string, limits: ParseLimits): string {
  return createHash("sha256").update(`${hash} timeout ${limits.timeoutMs} memory ${limits.memoryMb}`).digest("hex");
}

/** Why the index on disk does not serve this corpus and these settings, or null when it does. */
function staleness(
  data: IndexData,
  files: readonly ListedFile[],
  problems: readonly CorpusProblem[],
  wanted: ManifestEmbedding | null,
  reader: string,
  chunking: ChunkOptions,
  limits: ParseLimits,
): string | null {
  const why = incompatibility(data.manifest, chunking);
  if (why) return why;
  // Before the per-file checks: when the reader changed, every file is read again, changed or not.
  if (data.manifest.reader !== reader) {
    return `the reader changed since this index was built (fingerprint ${data.manifest.reader} → ${reader}): re-reading ${files.length} document${files.length === 1 ? "" : "s"}`;
  }
  if (!sameEmbedding(data.manifest.embedding, wanted)) {
    return `embedding changed (${data.manifest.embedding?.model ?? "none"} → ${wanted?.model ?? "none"})`;
  }
  const indexed = new Map(data.manifest.documents.map((d) => [d.id, d.hash]));
  const failedToParse = new Map(data.manifest.problems.flatMap((p) => (p.hash === null ? [] : [[p.id, p.hash] as const])));
  for (const f of files) {
    const failed = failedToParse.get(f.id);
    if (indexed.get(f.id) !== f.hash && failed !== f.hash && failed !== limitedHash(f.hash, limits)) return `${f.id} is new or changed`;
  }
  const listed = new Set(files.map((f) => f.id));
  for (const id of indexed.keys()) if (!listed.has(id)) return `${id} was removed or can no longer be read`;
  const unreadable = (list: readonly { id: string; hash: string | null }[]) =>
    JSON.stringify(
      list
        .filter((p) => p.hash === null)
        .map((p) => p.id)
        .sort(),
    );
  if (unreadable(data.manifest.problems) !== unreadable(problems)) return "the files that cannot be read changed";
  return null;
}

/** The vectors of `chunks`' indexed texts (`textOf`), embedded 32 at a time, with a progress bar. */
async function embedChunks(
  chunks: readonly Chunk[],
  textOf: (chunk: Chunk) => string,
  embedder: Embedder,
  logger: Logger,
): Promise<Float32Array[]> {
  const bar = logger.progress("Embedding chunks", chunks.length);
  const vectors: Float32Array[] = [];
  try {
    for (let i = 0; i < chunks.length; i += 32) {
      vectors.push(...(await embedder.embedPassages(chunks.slice(i, i + 32).map(textOf))));
      bar.update(vectors.length);
    }
  } finally {
    bar.stop();
  }
  return vectors;
}

/**
 * Parses a file with the journal around it: a file whose parsing stopped the whole process
 * MAX_UNFINISHED_ATTEMPTS times is not tried again (PARSE_INTERRUPTED) until it changes. Plain
 * text goes without (see needsJournal).
 */
async function parseJournaled(file: CorpusFile, options: IndexOptions, journal: ParseJournal): Promise<SourceDocument> {
  if (!needsJournal(file.id)) return parseCorpusFile(file, options);
  const unfinished = journal.unfinished(file.id, file.hash);
  // The entry stays: if this build fails before its manifest records the problem, the next one skips the file too.
  if (unfinished >= MAX_UNFINISHED_ATTEMPTS) {
    throw createError(
      "PARSE_INTERRUPTED",
      `reading it stopped the whole process ${unfinished} times (out of memory or a crash); it is skipped until it changes`,
    );
  }
  await journal.start(file.id, file.hash);
  try {
    return await parseCorpusFile(file, options);
  } finally {
    await journal.finish(file.id);
  }
}

type Listing = { files: ListedFile[]; problems: CorpusProblem[] };

/** The hashes an index recorded with the stamps they go with: a file whose stamp is unchanged is not read again (see unchangedHash). */
function knownHashes(manifest: Manifest | null | undefined): Map<string, KnownHash> {
  return new Map((manifest?.documents ?? []).flatMap((d) => (d.stamp ? [[d.id, { hash: d.hash, stamp: d.stamp }] as const] : [])));
}
type Built = { data: IndexData; index: LoadedIndex; report: BuildReport };

/** Runs `work` holding the index's build lock. */
async function underBuildLock<T>(options: IndexOptions, work: () => Promise<T>): Promise<T> {
  const lock = await acquireBuildLock(options.indexDir, { waitMs: options.buildWaitMs ?? DEFAULT_BUILD_WAIT_MS, logger: options.logger });
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/**
 * Builds the index for the corpus, reusing whatever the previous index holds for documents
 * unchanged and read by the same reader, and makes it current. Unreadable files are reported,
 * not fatal, unless none is left. One build at a time per index: this waits for another one.
 */
export async function buildIndex(options: IndexOptions, previous: IndexData | null = null, listing?: Listing): Promise<Built> {
  await assertSeparateFolders(options.corpusDir, options.indexDir);
  return underBuildLock(options, () => buildLocked(options, previous, listing));
}

/** Removes what crashed builds left (marked folders only); says what it leaves in place and why. */
async function tidyIndexFolder(options: IndexOptions): Promise<void> {
  const current = await readCurrentPointer(options.indexDir);
  const pointer = path.join(options.indexDir, "CURRENT");
  // readCurrentPointer has just read it, so a failure here is a CURRENT that is gone: nothing to remove.
  if (current === null && (await lstat(pointer).catch(() => null))) {
    // A damaged CURRENT beside Citebot's own data folders is Citebot's (readCurrentPointer proved
    // it): it goes before those folders are cleaned, so this build can write a new one.
    await rm(pointer, { force: true });
    options.logger.warn(`${pointer} was damaged; this build replaces it`);
  }
  const removed = await removeStale(options.indexDir, current);
  if (removed.length > 0) options.logger.info(`Removed ${removed.length} folder(s) left by earlier builds: ${removed.join(", ")}`);
  if (current !== null && !(await isOwnedDataDir(path.join(options.indexDir, current)))) {
    options.logger.info(
      `Leaving ${path.join(options.indexDir, current)} in place: it carries no Citebot marker (an index written by an older version can be deleted by hand).`,
    );
  }
}

async function buildLocked(options: IndexOptions, previous: IndexData | null, listing?: Listing): Promise<Built> {
  await tidyIndexFolder(options);
  const { files, problems: listProblems } = listing ?? (await listCorpusFiles(options.corpusDir, options, knownHashes(previous?.manifest)));
  const problems = [...listProblems];
  const embedding = describeEmbedding(options);
  const reader = options.readerFingerprint ?? readerFingerprint();
  const chunking = options.chunking ?? DEFAULT_CHUNK_OPTIONS;
  const reusable = previous && incompatibility(previous.manifest, chunking) === null ? previous : null;
  const reuseVectors = reusable !== null && embedding !== null && sameEmbedding(reusable.manifest.embedding, embedding);
  // A parsed document is only as good as the reader that parsed it: another reader, no reuse.
  const oldDocs = new Map((reusable?.manifest.reader === reader ? reusable.manifest.documents : []).map((d) => [d.id, d]));
  // A vector depends on the indexed text alone, so a re-read chunk whose text is unchanged keeps it.
  // By document, once: looking each file's document and chunks up in the whole lists is quadratic in a library.
  const oldDocuments = new Map((reusable?.documents ?? []).map((d) => [d.id, d]));
  const oldText = indexedTextIn(oldDocuments);
  // Old chunk ids by their indexed text, made when the first document is read again (often none
  // is): a library's old vectors are not all decoded, nor its texts all read, to add one file.
  let oldIdsByText: Map<string, number> | null = null;
  const storedVectors = reuseVectors ? reusable.vectors : null;
  const oldVector = (text: string): Float32Array | null => {
    if (!storedVectors || !reusable) return null;
    oldIdsByText ??= new Map(reusable.chunks.map((c) => [oldText(c), c.id]));
    const id = oldIdsByText.get(text);
    return id === undefined ? null : storedVectors.vectors.vector(id);
  };
  const oldChunks = new Map<string, Chunk[]>();
  for (const c of reusable?.chunks ?? []) {
    const list = oldChunks.get(c.docId);
    if (list) list.push(c);
    else oldChunks.set(c.docId, [c]);
  }

  const documents: SourceDocument[] = [];
  const chunks: Chunk[] = [];
  const vectors: (Float32Array | null)[] = [];
  const docEntries: Manifest["documents"] = [];
  const report: BuildReport = { rebuilt: [], reused: [], problems };
  const now = new Date().toISOString();
  const bar = options.logger.progress("Reading documents", files.length);
  const journal = await ParseJournal.open(options.indexDir, new Set(files.map((f) => f.id)), (message) => options.logger.warn(message));

  for (const [i, file] of files.entries()) {
    const old = oldDocs.get(file.id);
    let doc: SourceDocument;
    let docChunks: Chunk[];
    let docVectors: (Float32Array | null)[];
    let indexedAt = now;
    // What the manifest records: for a file read now, the hash and stamp of the bytes read, which
    // may be newer than the listing's (a file saved during the build is read again next start).
    let recorded: { hash: string; stamp: typeof file.stamp } = file;
    if (old && reusable && old.hash === file.hash) {
      doc = oldDocuments.get(file.id) as SourceDocument;
      const own = oldChunks.get(file.id) ?? [];
      docChunks = own;
      docVectors = own.map((c) => (reuseVectors ? (reusable.vectors?.vectors.vector(c.id) ?? null) : null));
      indexedAt = old.indexedAt;
      report.reused.push(file.id);
    } else {
      let read: CorpusFile | null = null;
      try {
        read = await readCorpusFile(file, options);
        recorded = read;
        doc = withWellFormedText(await parseJournaled(read, options, journal));
        if (doc.text === "") throw createError("FILE_EMPTY", "no text in it");
        // Said once, when the document is read: unreadable pages, and anything else an operator should check.
        for (const warning of doc.extraction?.warnings ?? []) options.logger.warn(warning);
      } catch (error) {
        // Recorded with the hash of the bytes that failed, so the next start skips the file until it
        // changes; a file over the time or memory limit, until it changes or the limit does. A file
        // that could not be read (gone, or being saved) has no hash: the next start tries it again.
        const overLimit = error instanceof CitebotError && (error.code === "PARSE_TIMEOUT" || error.code === "PARSE_OUT_OF_MEMORY");
        problems.push({
          id: file.id,
          reason: describeError(error),
          hash: read === null ? null : overLimit ? limitedHash(read.hash, parseLimits(options)) : read.hash,
        });
        bar.update(i + 1);
        continue;
      }
      docChunks = chunkDocuments([doc], chunking);
      docVectors = docChunks.map((c) => oldVector(indexedText(c, doc.text)));
      report.rebuilt.push(file.id);
    }
    // One by one: spreading a document of a hundred thousand chunks into push() overflows the stack.
    for (const c of docChunks) chunks.push(renumberedChunk(c, chunks.length));
    for (const v of docVectors) vectors.push(v);
    documents.push(doc);
    docEntries.push({
      id: doc.id,
      hash: recorded.hash,
      stamp: recorded.stamp,
      kind: doc.kind,
      title: doc.title,
      pages: doc.pages.length,
      chunks: docChunks.length,
      indexedAt,
    });
    bar.update(i + 1);
  }
  bar.stop();
  // sources.json is metadata, not a document: its problems are ignored entries, not a skipped file.
  for (const p of problems) options.logger.warn(p.id === SOURCES_FILE ? `${p.id}: ${p.reason}` : `skipped ${p.id}: ${p.reason}`);
  if (documents.length === 0) {
    throw createError(
      "CORPUS_EMPTY",
      `${options.corpusDir} has no readable .md, .txt or .pdf file${problems.length ? ` (${problems.length} skipped)` : ""}`,
    );
  }

  const textOf = indexedTextIn(new Map(documents.map((d) => [d.id, d])));
  let finalVectors: Float32Array[] = [];
  if (options.embedder && embedding) {
    const missing = chunks.filter((c) => vectors[c.id] === null);
    const fresh = await embedChunks(missing, textOf, options.embedder, options.logger);
    missing.forEach((c, i) => (vectors[c.id] = fresh[i] as Float32Array));
    finalVectors = vectors as Float32Array[];
  }

  const manifest: Manifest = {
    formatVersion: INDEX_FORMAT_VERSION,
    createdAt: now,
    tokenizer: { ...TOKENIZER_SETTINGS },
    chunking: { ...chunking },
    reader,
    embedding,
    chunkCount: chunks.length,
    documents: docEntries,
    problems,
  };
  const data: IndexData = {
    manifest,
    documents,
    chunks,
    lexical: buildLexicalIndex(chunkTerms(chunks, textOf)),
    vectors: null,
  };
  // Stored once, quantised (see vector-store.ts); the list count is known once they are written.
  const quantised = embedding ? quantiseVectors(finalVectors, embedding.dimensions) : null;
  let vectorIndex: VectorIndex | null = null;
  const written = await writeIndexData(options.indexDir, data, async (dir) => {
    if (!quantised) return;
    const vectorFiles = await writeVectors(dir, quantised, options.vectorStore);
    vectorIndex = vectorFiles.index;
    data.vectors = vectorFiles.stored;
  });
  // From here documents and chunks are read from the bytes written (see writeIndexData).
  data.documents = written.documents;
  data.chunks = written.chunks;
  return { data, index: toLoaded(data, vectorIndex), report };
}

/** Each chunk's terms in turn: the terms of a whole library are never held at once. */
function* chunkTerms(chunks: readonly Chunk[], textOf: (chunk: Chunk) => string): Generator<string[]> {
  for (const c of chunks) yield tokenize(textOf(c));
}

function toLoaded(data: IndexData, vectors: VectorIndex | null): LoadedIndex {
  return {
    manifest: data.manifest,
    documents: new Map(data.documents.map((d) => [d.id, d])),
    chunks: data.chunks,
    lexical: new LexicalIndex(data.lexical),
    vectors,
  };
}

/** The index on disk when it serves the corpus as it is, or why not and what of it can be reused. */
type Attempt =
  | { ready: true; index: LoadedIndex }
  | {
      ready: false;
      why: string;
      damage: string | null;
      previous: IndexData | null;
      listing: Listing;
      current: string | null;
      /** The index on disk when it is whole and can answer queries, only out of date: the fallback when a rebuild cannot be written. */
      fallback: { dir: string; data: IndexData } | null;
    };

/** Whether an index that is out of date can still answer this configuration's queries (same format, tokenizer and embedding). */
function queryable(data: IndexData, options: IndexOptions): boolean {
  return queryIncompatibility(data.manifest) === null && sameEmbedding(data.manifest.embedding, describeEmbedding(options));
}

/** An index read from `dir` made ready for queries, its vector graph loaded (throws INDEX_INVALID for a damaged graph). */
async function loadFromDisk({ dir, data }: { dir: string; data: IndexData }): Promise<LoadedIndex> {
  const vectors = data.vectors ? await openVectorIndex(dir, data.vectors) : null;
  return toLoaded(data, vectors);
}

async function tryOpen(options: IndexOptions): Promise<Attempt> {
  const current = await readCurrentPointer(options.indexDir);
  let existing: Awaited<ReturnType<typeof readIndexData>> = null;
  let outdated: string | null = null;
  let damage: string | null = null;
  try {
    existing = await readIndexData(options.indexDir);
  } catch (error) {
    // An index from another version is expected after an upgrade: a reason to rebuild, not a warning.
    if (error instanceof CitebotError && error.code === "INDEX_OUTDATED") outdated = describeError(error);
    else if (error instanceof CitebotError && error.code === "INDEX_INVALID") damage = describeError(error);
    else throw error;
  }
  const listing = await listCorpusFiles(options.corpusDir, options, knownHashes(existing?.data.manifest));
  const reader = options.readerFingerprint ?? readerFingerprint();
  const why = existing
    ? staleness(
        existing.data,
        listing.files,
        listing.problems,
        describeEmbedding(options),
        reader,
        options.chunking ?? DEFAULT_CHUNK_OPTIONS,
        parseLimits(options),
      )
    : (outdated ?? damage ?? "no index yet");
  if (existing && why === null) {
    try {
      return { ready: true, index: await loadFromDisk(existing) };
    } catch (error) {
      // The rest of the index was checked and holds: its documents and vectors are reused, the graph is rebuilt.
      return {
        ready: false,
        why: "the vector graph is damaged",
        damage: describeError(error),
        previous: existing.data,
        listing,
        current,
        fallback: null,
      };
    }
  }
  const fallback = existing && queryable(existing.data, options) ? existing : null;
  return { ready: false, why: why ?? "no index yet", damage, previous: existing?.data ?? null, listing, current, fallback };
}

/** The out-of-date index to answer from when a rebuild cannot be written (a full disk), or null when it cannot be loaded either. */
async function loadFallback(fallback: { dir: string; data: IndexData } | null): Promise<LoadedIndex | null> {
  if (!fallback) return null;
  try {
    return await loadFromDisk(fallback);
  } catch {
    // The previous graph is damaged too: there is nothing to fall back on, and the write failure is what the user needs to hear.
    return null;
  }
}

/**
 * Opens the index for the corpus, building or updating it first when it is missing, stale,
 * damaged or was built with other settings (the reason is logged; damage once, as a warning).
 * A build waits for any other build of the same index, then looks again: that build may have
 * made this one unnecessary.
 */
export async function openIndex(options: IndexOptions): Promise<{ index: LoadedIndex; report: BuildReport | null }> {
  await assertSeparateFolders(options.corpusDir, options.indexDir);
  const first = await tryOpen(options);
  if (first.ready) return { index: first.index, report: null };
  return underBuildLock(options, async () => {
    // Unless another build switched CURRENT meanwhile, the first look still holds (the corpus is not hashed twice).
    const attempt = (await readCurrentPointer(options.indexDir)) === first.current ? first : await tryOpen(options);
    if (attempt.ready) return { index: attempt.index, report: null };
    if (attempt.damage !== null) options.logger.warn(`rebuilding the index: ${attempt.damage}`);
    options.logger.info(`Indexing ${options.corpusDir} into ${options.indexDir} (${attempt.why})`);
    let built: Built;
    try {
      built = await buildLocked(options, attempt.previous, attempt.listing);
    } catch (error) {
      const unwritable = error instanceof CitebotError && error.code === "INDEX_WRITE_FAILED" && options.fallBackWhenUnwritable !== false;
      const previous = unwritable ? await loadFallback(attempt.fallback) : null;
      if (!previous) throw error;
      options.logger.warn(
        `${describeError(error)}. Answering from the index built ${previous.manifest.createdAt}, which does not hold the latest changes (${attempt.why}).`,
      );
      return { index: previous, report: null };
    }
    const { data, index, report } = built;
    options.logger.info(
      `Indexed ${data.manifest.documents.length} document(s), ${data.manifest.chunkCount} chunks (${report.rebuilt.length} read, ${report.reused.length} unchanged).`,
    );
    return { index, report };
  });
}
