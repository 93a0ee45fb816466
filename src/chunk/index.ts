export { chunkDocuments, indexedText, rowSpans, sentenceWindows, DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from "./chunker.js";
export { sentenceSpans } from "./sentences.js";
