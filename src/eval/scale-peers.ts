/**
 * The peers the scale bench compares Citebot with, each measured alone in a child process over the
 * very chunk texts Citebot indexed, with the same questions and the same 50 results asked for.
 *
 * Both are given Citebot's own analyser (`tokenize`: lower case, stop words out, Porter stems), so
 * that every engine ranks over the same terms: the comparison is of the engines, not of their
 * default analysers (MiniSearch's default keeps stop words, so every question would score nearly
 * every chunk for "the" and "of"; that would handicap it).
 * - MiniSearch 7: one field, `text`; its default search, BM25 (k 1.2, b 0.7, d 0.5) with OR
 *   combination, no prefix or fuzzy matching; it ranks every match, and the first 50 are kept.
 * - FlexSearch 0.8: an `Index` with `tokenize: "strict"` (whole terms, as BM25 indexes them),
 *   the default `resolution` 9 (its relevance by term position), and search with `limit: 50` and
 *   `suggest: true`, so that a chunk missing some of the question's terms is still returned (OR, as
 *   BM25 ranks; without it FlexSearch returns only chunks that hold every term).
 */
import { Index } from "flexsearch";
import MiniSearch from "minisearch";
import { performance } from "node:perf_hooks";
import { tokenize } from "../store/index.js";
import { memoryNow, RESULTS, timeQueries, type Latency } from "./scale-measure.js";

export type PeerName = "MiniSearch" | "FlexSearch";

export const PEERS: readonly PeerName[] = ["MiniSearch", "FlexSearch"];

/** A peer's index over the chunk texts: add them all, then search. */
interface PeerIndex {
  add(id: number, text: string): void;
  search(question: string): unknown;
}

function miniSearch(): PeerIndex {
  const index = new MiniSearch<{ id: number; text: string }>({
    fields: ["text"],
    tokenize: (text) => tokenize(text),
    processTerm: (term) => term,
    searchOptions: { combineWith: "OR", prefix: false, fuzzy: false },
  });
  return {
    add: (id, text) => index.add({ id, text }),
    search: (question) => index.search(question).slice(0, RESULTS),
  };
}

function flexSearch(): PeerIndex {
  const index = new Index({ tokenize: "strict", resolution: 9, encode: (text: string) => tokenize(text) });
  return {
    add: (id, text) => index.add(id, text),
    search: (question) => index.search(question, { limit: RESULTS, suggest: true }),
  };
}

export interface PeerFigures {
  buildMs: number;
  /** Peak resident memory of the process that indexed and searched (the chunk texts it read included). */
  peakRssMb: number;
  /** Resident after searching, after a collection. */
  rssMb: number;
  query: Latency;
}

/** Indexes `texts` (chunk id = position) with the peer and times its search for each question. */
export async function measurePeer(peer: PeerName, texts: readonly string[], questions: readonly string[]): Promise<PeerFigures> {
  const t0 = performance.now();
  const index = peer === "MiniSearch" ? miniSearch() : flexSearch();
  texts.forEach((text, id) => index.add(id, text));
  const buildMs = performance.now() - t0;
  const [query] = await timeQueries(questions, [(q) => index.search(q)]);
  const { rssMb, peakRssMb } = memoryNow();
  return { buildMs, peakRssMb, rssMb, query: query as Latency };
}
