export { buildIndex, openIndex, type IndexOptions, type LoadedIndex, type BuildReport } from "./build.js";
export { LexicalIndex, buildLexicalIndex, bm25TermScore, idf, DEFAULT_BM25, type Bm25Params, type LexicalIndexData } from "./bm25.js";
export { tokenize, queryTerms, words, isStopWord, TOKENIZER_SETTINGS } from "./tokenizer.js";
export { loadEmbedder, downloadModel, isModelPresent, type Embedder, type DownloadProgress } from "./embedder.js";
export { fetchWithTimeouts, CONNECT_TIMEOUT_MS, DOWNLOAD_TIMEOUT_MS, type FetchTimeouts } from "./fetch.js";
export { HnswVectorIndex, BruteForceVectorIndex, cosine, type VectorIndex } from "./vectors.js";
export { readIndexData, writeIndexData, currentDataDir, type IndexData } from "./disk.js";
export { assertSeparateFolders } from "./ownership.js";
export { ManifestSchema, INDEX_FORMAT_VERSION, type Manifest } from "./manifest.js";
