export { listCorpusFiles, parseCorpusFile, isSupported, LOADERS, type CorpusFile, type CorpusProblem } from "./corpus.js";
export { readSources, sourcesWith, writeSources, SOURCES_FILE, type DocumentMetadata } from "./sources.js";
export { parseTextDocument } from "./markdown.js";
export { parsePdf } from "./pdf.js";
export { assembleDocument, normalizeWhitespace, pageAt, tableHeaderAt, withTableHeader, type ParagraphText } from "./assemble.js";
