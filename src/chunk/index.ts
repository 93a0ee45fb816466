export {
  chunkDocuments,
  chunkText,
  indexedText,
  indexedTextIn,
  rowSpans,
  sentenceWindows,
  DEFAULT_CHUNK_OPTIONS,
  type ChunkOptions,
} from "./chunker.js";
export { sentenceSpans, splitLongSpan, DEFAULT_MAX_SENTENCE_CHARS } from "./sentences.js";
