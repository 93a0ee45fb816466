export { listCorpusFiles, parseCorpusFile, type CorpusFile, type CorpusProblem } from "./corpus.js";
export { parseTextDocument } from "./markdown.js";
export { parsePdf } from "./pdf.js";
export { assembleDocument, normalizeWhitespace, pageAt, type ParagraphText } from "./assemble.js";
