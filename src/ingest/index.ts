export {
  listCorpusFiles,
  parseCorpusFile,
  readCorpusFile,
  unchangedHash,
  isSupported,
  loaderOf,
  type CorpusFile,
  type CorpusProblem,
  type KnownHash,
  type ListedFile,
} from "./corpus.js";
export { readSources, sourcesWith, writeSources, SOURCES_FILE, type DocumentMetadata } from "./sources.js";
export { parseTextDocument } from "./markdown.js";
export { parsePdf, PDF_LIMITS } from "./pdf.js";
export { parsePdfIsolated, stopPdfReader, DEFAULT_PARSE_MEMORY_MB } from "./pdf-isolated.js";
export { decodeText } from "./text-bytes.js";
export { assembleDocument, normalizeWhitespace, type ParagraphText } from "./assemble.js";
