export { buildIndex, openIndex, type IndexOptions, type LoadedIndex, type BuildReport } from "./build.js";
export { LexicalIndex, buildLexicalIndex, bm25TermScore, idf, DEFAULT_BM25, type Bm25Params, type LexicalIndexData } from "./bm25.js";
export { tokenize, queryTerms, words, isStopWord, TOKENIZER_SETTINGS } from "./tokenizer.js";
export {
  loadEmbedder,
  downloadModel,
  isModelPresent,
  rememberingLastQuery,
  EMBEDDING_TASK,
  type Embedder,
  type DownloadProgress,
  type ModelSource,
  type ModelTask,
} from "./embedder.js";
export { loadSpanReader, locateAnswer, QA_TASK, type SpanReader } from "./span-reader.js";
export { HnswVectorIndex, BruteForceVectorIndex, cosine, type VectorIndex } from "./vectors.js";
export { readIndexData, writeIndexData, currentDataDir, indexBuilt, type IndexData } from "./disk.js";
export { assertSeparateFolders } from "./ownership.js";
export { ManifestSchema, INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
export {
  SentenceLocator,
  sentenceHash,
  SENTENCE_HASH_CHARS,
  type SentencePlace,
  type SentenceRef,
  type SentenceWhere,
} from "./sentence-locator.js";
