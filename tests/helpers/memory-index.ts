/**
 * An engine over in-memory documents, lexical only: the real chunker, BM25, retrieval,
 * composition and verification, without files.
 */
import { chunkDocuments, DEFAULT_CHUNK_OPTIONS, indexedTextIn, type ChunkOptions } from "../../src/chunk/index.js";
import { createEngine, type Engine } from "../../src/engine.js";
import { parseTextDocument } from "../../src/ingest/index.js";
import { buildLexicalIndex, LexicalIndex, tokenize, type LoadedIndex } from "../../src/store/index.js";
import type { SourceDocument } from "../../src/types.js";

/** The engine for `text` read as the Markdown (or plain text) file `id`. */
export function engineOver(id: string, text: string, chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Engine {
  return engineOverDocuments([{ id, text }], chunking);
}

/** The engine for several in-memory documents, each read as Markdown (or plain text for `.txt`). */
export function engineOverDocuments(
  files: readonly { id: string; text: string }[],
  chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Engine {
  return engineOverRead(
    files.map(({ id, text }) => parseTextDocument(id, text, id.endsWith(".txt") ? "text" : "markdown")),
    chunking,
  );
}

/** The engine for documents already read (tests make PDF-like ones, with pages, by `assembleDocument`). */
export function engineOverRead(docs: readonly SourceDocument[], chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): Engine {
  return createEngine(indexOverRead(docs, chunking), null, null, 5);
}

/** The lexical index of documents already read, in memory: what an engine answers from. */
export function indexOverRead(docs: readonly SourceDocument[], chunking: ChunkOptions = DEFAULT_CHUNK_OPTIONS): LoadedIndex {
  const chunks = chunkDocuments(docs, chunking);
  const documents = new Map(docs.map((doc) => [doc.id, doc]));
  const textOf = indexedTextIn(documents);
  return {
    manifest: {
      formatVersion: 0,
      createdAt: "",
      tokenizer: {},
      chunking,
      reader: "",
      embedding: null,
      chunkCount: chunks.length,
      documents: docs.map((doc) => ({
        id: doc.id,
        hash: "",
        kind: doc.kind,
        title: doc.title,
        pages: doc.pages.length,
        chunks: chunks.filter((c) => c.docId === doc.id).length,
        indexedAt: "",
      })),
      problems: [],
    },
    documents,
    chunks,
    lexical: new LexicalIndex(buildLexicalIndex(chunks.map((c) => tokenize(textOf(c))))),
    vectors: null,
  };
}
