import { chunkText } from "../../src/chunk/index.js";
import type { Chunk, SourceDocument } from "../../src/types.js";

/** Each chunk's text, from its document among `documents` (a chunk holds only offsets). */
export function chunkTexts(documents: Iterable<SourceDocument>, chunks: readonly Chunk[]): string[] {
  const byId = new Map([...documents].map((d) => [d.id, d]));
  return chunks.map((c) => chunkText(c, byId.get(c.docId)?.text ?? ""));
}
