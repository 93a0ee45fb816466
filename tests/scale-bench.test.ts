/**
 * The scale bench's pure parts: the corpus generator (deterministic, exact chunk count, verbatim
 * sentences), the choice of sizes and questions, the flags, and the report's table, ratios,
 * growth and targets. No timing is asserted: the figures are made up here.
 */
import { readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { chunkDocuments } from "../src/chunk/index.js";
import { parseConfig } from "../src/config.js";
import { CitebotError } from "../src/errors.js";
import { parseTextDocument } from "../src/ingest/index.js";
import { documentText, scaleDocuments, sentenceSource, writeScaleCorpus, type ScaleDocument } from "../src/eval/scale-corpus.js";
import { scaleSizes, spread } from "../src/eval/scale-bench.js";
import { timeQueries } from "../src/eval/scale-measure.js";
import { formatMs, formatScaleReport, growth, peerRatios, sizeLabel, targetChecks, type SizeFigures } from "../src/eval/scale-table.js";
import { defined } from "./helpers/defined.js";
import { tempDir } from "./helpers/fixtures.js";

/** Source paragraphs: sentences of different lengths, so paragraphs make one chunk or two. */
const PARAGRAPHS = [
  "Fox Hunt began in 2014. It reached many countries across three continents. The programme was run from Beijing.",
  `Sky Net followed in 2015. ${"Officials in several ministries described the campaign as a success in every report they wrote that year. ".repeat(3)}`,
  "Fiji handed over 77 people in 2017.",
  "The  report was\npublished in May. Its authors asked for an inquiry. Nobody answered them. The inquiry never met.",
];

const SOURCE = sentenceSource(PARAGRAPHS);

/** The chunks the real reader and chunker make of a generated document. */
const realChunks = (doc: ScaleDocument) => chunkDocuments([parseTextDocument(doc.id, documentText(doc), "text")]).length;

describe("sentenceSource", () => {
  it("GIVEN paragraphs with a double space and a line break THEN their sentences, whitespace-normalised, and each paragraph's sentence count", () => {
    expect(sentenceSource(["Fox Hunt began in 2014. It reached many countries.", "The  report was\npublished in May."])).toEqual({
      sentences: ["Fox Hunt began in 2014.", "It reached many countries.", "The report was published in May."],
      paragraphSizes: [2, 1],
    });
  });

  it("GIVEN only blank paragraphs THEN BENCHMARK_INVALID", () => {
    expect(() => sentenceSource(["", "  \n "])).toThrow(expect.objectContaining({ code: "BENCHMARK_INVALID" }) as CitebotError);
  });
});

describe("scaleDocuments", () => {
  it("GIVEN the same seed twice THEN the same documents; GIVEN another seed THEN other documents", () => {
    const run = (seed: number) => [...scaleDocuments(SOURCE, { chunks: 120, seed, chunksPerDocument: 30 })];
    expect(run(7)).toEqual(run(7));
    expect(run(8).map(documentText)).not.toEqual(run(7).map(documentText));
  });

  it("GIVEN 250 chunks at 40 a document THEN 250 chunks as the real chunker counts them, each document's count right, all but the last at 40 or a little over", () => {
    const docs = [...scaleDocuments(SOURCE, { chunks: 250, seed: 1, chunksPerDocument: 40 })];
    expect(docs.reduce((n, d) => n + realChunks(d), 0)).toBe(250);
    expect(docs.map((d) => d.chunks)).toEqual(docs.map(realChunks));
    for (const d of docs.slice(0, -1)) expect(d.chunks >= 40 && d.chunks <= 42).toBe(true);
    expect(docs.map((d) => d.id).slice(0, 2)).toEqual(["scale-1.txt", "scale-2.txt"]);
  });

  it("GIVEN any count and seed THEN exactly that many chunks, every sentence verbatim from the source, paragraph sizes from the source's or one", () => {
    const sentences = new Set(SOURCE.sentences);
    const sizes = new Set([...SOURCE.paragraphSizes, 1]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 60 }), fc.integer({ min: 0, max: 2 ** 31 }), (chunks, seed) => {
        const docs = [...scaleDocuments(SOURCE, { chunks, seed, chunksPerDocument: 15 })];
        expect(docs.reduce((n, d) => n + realChunks(d), 0)).toBe(chunks);
        for (const p of docs.flatMap((d) => d.paragraphs)) {
          expect(p.filter((s) => !sentences.has(s))).toEqual([]);
          expect(sizes.has(p.length)).toBe(true);
        }
      }),
      { numRuns: 40 },
    );
  });
});

describe("writeScaleCorpus", () => {
  it("GIVEN a fresh folder THEN one .txt a document, paragraphs separated by blank lines, and its size", async () => {
    const dir = await tempDir();
    try {
      const corpus = path.join(dir.path, "corpus");
      const written = await writeScaleCorpus(corpus, SOURCE, { chunks: 50, seed: 3, chunksPerDocument: 20 });
      const docs = [...scaleDocuments(SOURCE, { chunks: 50, seed: 3, chunksPerDocument: 20 })];
      expect((await readdir(corpus)).sort()).toEqual(docs.map((d) => d.id));
      const first = defined(docs[0]);
      expect(await readFile(path.join(corpus, first.id), "utf8")).toBe(documentText(first));
      expect(documentText({ paragraphs: [["A b.", "C d."], ["E f."]] })).toBe("A b. C d.\n\nE f.\n");
      expect(written).toEqual({
        documents: docs.length,
        chunks: 50,
        bytes: docs.reduce((n, d) => n + Buffer.byteLength(documentText(d)), 0),
      });
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a folder already holding a file of the same name THEN it is not overwritten and the write fails", async () => {
    const dir = await tempDir();
    try {
      await writeFile(path.join(dir.path, "scale-1.txt"), "mine");
      await expect(writeScaleCorpus(dir.path, SOURCE, { chunks: 5, seed: 3 })).rejects.toThrow(/EEXIST/);
      expect(await readFile(path.join(dir.path, "scale-1.txt"), "utf8")).toBe("mine");
    } finally {
      await dir.cleanup();
    }
  });
});

describe("scaleSizes and spread", () => {
  it("GIVEN no flag, --max 300k, --max 50k, --sizes THEN the default ladder, up to 300k, up to 50k, the sizes listed sorted once", () => {
    expect(scaleSizes({ max: null, sizes: null })).toEqual([1000, 10_000, 100_000]);
    expect(scaleSizes({ max: 300_000, sizes: null })).toEqual([1000, 10_000, 100_000, 300_000]);
    expect(scaleSizes({ max: 50_000, sizes: null })).toEqual([1000, 10_000, 50_000]);
    expect(scaleSizes({ max: 300_000, sizes: [10_000, 1000, 10_000] })).toEqual([1000, 10_000]);
  });

  it("GIVEN 10 items and 4 wanted THEN 4 spread evenly from the first; GIVEN fewer than wanted THEN all", () => {
    expect(spread([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 4)).toEqual([0, 2, 5, 7]);
    expect(spread(["a", "b"], 500)).toEqual(["a", "b"]);
  });
});

describe("the bench flags", () => {
  it("GIVEN --scale --max 300k --sizes 1k,10k THEN the scale bench with both; GIVEN no --scale THEN none", () => {
    expect(parseConfig(["--scale", "--max", "300k", "--sizes", "1k, 10k,2500"], {}, "/srv").benchScale).toEqual({
      max: 300_000,
      sizes: [1000, 10_000, 2500],
    });
    expect(parseConfig(["--scale"], {}, "/srv").benchScale).toEqual({ max: null, sizes: null });
    expect(parseConfig([], {}, "/srv").benchScale).toBeNull();
  });

  it("GIVEN a size of 0, of 2000k, a list to --max, or words THEN CONFIG_INVALID", () => {
    for (const argv of [
      ["--scale", "--sizes", "0k"],
      ["--scale", "--sizes", "2000k"],
      ["--scale", "--max", "1k,10k"],
      ["--scale", "--max", "lots"],
    ])
      expect(() => parseConfig(argv, {}, "/srv")).toThrow(expect.objectContaining({ code: "CONFIG_INVALID" }) as CitebotError);
  });
});

/** Figures for one size, from a few numbers: the rest follow from them. */
function figures(chunks: number, lexicalP95: number, x: number): SizeFigures {
  return {
    chunks,
    build: { ms: 1500 * x, peakRssMb: 200 * x, diskMb: 10 * x, documents: chunks / 100, chunks },
    answer: {
      startRssMb: 150,
      loadMs: 500 * x,
      calibrateMs: 100,
      lexical: { p50: lexicalP95 / 4, p95: lexicalP95 },
      exhaustive: { p50: lexicalP95 / 2, p95: lexicalP95 * 2 },
      answer: { p50: 6, p95: 20 * x },
      mismatches: 0,
      rssMb: 180 * x,
      peakRssMb: 190 * x,
    },
    peers: {
      MiniSearch: { buildMs: 3000 * x, peakRssMb: 220 * x, rssMb: 210 * x, query: { p50: 7, p95: lexicalP95 * 4 } },
      FlexSearch: { buildMs: 2000 * x, peakRssMb: 180 * x, rssMb: 170 * x, query: { p50: 0.5, p95: lexicalP95 / 2 } },
    },
  };
}

const TEN_K = figures(10_000, 1.2, 1);
const HUNDRED_K = figures(100_000, 4, 2);

describe("the report's numbers", () => {
  it("GIVEN milliseconds and sizes THEN at most 3 significant figures, and sizes in k", () => {
    expect([0.3921, 5.714, 17.24, 264.4].map(formatMs)).toEqual(["0.39", "5.71", "17.2", "264"]);
    expect([999, 1000, 2500, 100_000].map(sizeLabel)).toEqual(["999", "1k", "2.5k", "100k"]);
  });

  it("GIVEN two sizes THEN Citebot's p95 over each peer's, and each figure's growth from 10k", () => {
    expect(peerRatios([HUNDRED_K])).toEqual([
      { chunks: 100_000, peer: "exhaustive BM25", ratio: 0.5 },
      { chunks: 100_000, peer: "MiniSearch", ratio: 0.25 },
      { chunks: 100_000, peer: "FlexSearch", ratio: 2 },
    ]);
    expect(growth([TEN_K, HUNDRED_K])).toEqual({
      from: 10_000,
      to: 100_000,
      factors: [
        { figure: "build time", factor: 2 },
        { figure: "build peak resident", factor: 2 },
        { figure: "index on disk", factor: 2 },
        { figure: "load time", factor: 2 },
        { figure: "calibration", factor: 1 },
        { figure: "lexical p50", factor: 4 / 1.2 },
        { figure: "lexical p95", factor: 4 / 1.2 },
        { figure: "full answer p95", factor: 2 },
        { figure: "answering peak resident", factor: 2 },
      ],
    });
    expect(growth([TEN_K])).toBeNull();
    expect(growth([HUNDRED_K])).toBeNull();
  });

  it("GIVEN 100k figures THEN each target of the issue with pass or fail, the peer check against the fastest peer", () => {
    expect(targetChecks([TEN_K, HUNDRED_K])).toEqual([
      { chunks: 100_000, figure: "answering, peak resident", measured: "380 MB", limit: "≤ 350 MB", pass: false },
      { chunks: 100_000, figure: "index on disk", measured: "20 MB", limit: "≤ 100 MB", pass: true },
      { chunks: 100_000, figure: "load", measured: "1.00 s", limit: "≤ 1.00 s", pass: true },
      { chunks: 100_000, figure: "lexical p95", measured: "4.00 ms", limit: "≤ 5.00 ms", pass: true },
      { chunks: 100_000, figure: "build", measured: "3.00 s", limit: "≤ 8.00 s", pass: true },
      { chunks: 100_000, figure: "lexical p95 below every peer's", measured: "4.00 ms", limit: "< 2.00 ms", pass: false },
    ]);
  });

  it("GIVEN two sizes THEN the table, the ratios, the growth and the targets as text", () => {
    expect(formatScaleReport([TEN_K, HUNDRED_K], { questions: 500, results: 50 }).split("\n")).toEqual([
      "Scale bench, lexical mode: 500 SQuAD questions, 50 results each, on recombined SQuAD sentences",
      "",
      "chunks                                  10k              100k",
      "documents / chunks indexed              100 / 10000      1000 / 100000",
      "Citebot build                           1.50 s           3.00 s",
      "Citebot build, peak resident            200 MB           400 MB",
      "Citebot index on disk                   10 MB            20 MB",
      "Citebot load (openIndex)                0.50 s           1.00 s",
      "Citebot calibration, before 1st answer  0.10 s           0.10 s",
      "Citebot lexical p50 / p95, ms           0.30 / 1.20      1.00 / 4.00",
      "exhaustive BM25 p50 / p95, ms           0.60 / 2.40      2.00 / 8.00",
      "MiniSearch p50 / p95, ms                7.00 / 4.80      7.00 / 16.0",
      "FlexSearch p50 / p95, ms                0.50 / 0.60      0.50 / 2.00",
      "Citebot full answer p50 / p95, ms       6.00 / 20.0      6.00 / 40.0",
      "Citebot answering: resident / peak      180 MB / 190 MB  360 MB / 380 MB",
      "  of which the process before loading   150 MB           150 MB",
      "MiniSearch build / peak resident        3.00 s / 220 MB  6.00 s / 440 MB",
      "FlexSearch build / peak resident        2.00 s / 180 MB  4.00 s / 360 MB",
      "",
      "Citebot lexical p95 ÷ peer p95 (below 1: Citebot is faster)",
      "                 10k    100k",
      "exhaustive BM25  0.50×  0.50×",
      "MiniSearch       0.25×  0.25×",
      "FlexSearch       2.00×  2.00×",
      "",
      "Growth of Citebot's figures from 10k to 100k chunks (×10 the chunks)",
      "build time               ×2.0",
      "build peak resident      ×2.0",
      "index on disk            ×2.0",
      "load time                ×2.0",
      "calibration              ×1.0",
      "lexical p50              ×3.3",
      "lexical p95              ×3.3",
      "full answer p95          ×2.0",
      "answering peak resident  ×2.0",
      "",
      "Issue 12 targets",
      "100k  answering, peak resident        380 MB   ≤ 350 MB   FAIL",
      "100k  index on disk                   20 MB    ≤ 100 MB   pass",
      "100k  load                            1.00 s   ≤ 1.00 s   pass",
      "100k  lexical p95                     4.00 ms  ≤ 5.00 ms  pass",
      "100k  build                           3.00 s   ≤ 8.00 s   pass",
      "100k  lexical p95 below every peer's  4.00 ms  < 2.00 ms  FAIL",
      "",
    ]);
  });

  it("GIVEN a size whose pruned top 50 differ from the exhaustive one THEN a warning under the table", () => {
    const off = { ...TEN_K, answer: { ...TEN_K.answer, mismatches: 3 } };
    expect(formatScaleReport([off], { questions: 500, results: 50 })).toContain(
      "WARNING at 10k: 3 questions' top 50 differ from exhaustive BM25\n",
    );
  });
});

describe("timeQueries", () => {
  it("GIVEN two engines and three questions THEN each warms up on the first questions alone, then they take turns, the first to go alternating", async () => {
    const calls: string[] = [];
    const ask = (engine: string) => (q: string) => void calls.push(`${engine}:${q}`);
    const latencies = await timeQueries(["q1", "q2", "q3"], [ask("a"), ask("b")]);
    expect(calls).toEqual(["a:q1", "a:q2", "a:q3", "b:q1", "b:q2", "b:q3", "a:q1", "b:q1", "b:q2", "a:q2", "a:q3", "b:q3"]);
    expect(latencies.length).toBe(2);
  });
});
