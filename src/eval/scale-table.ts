/**
 * The scale bench's report, as pure functions of the figures: one table with a column per corpus
 * size, the ratios (Citebot's p95 against each peer's, and how each Citebot figure grows from 10k
 * chunks to the largest size), and the targets with pass or fail.
 */
import type { AnswerFigures, BuildFigures } from "./scale-measure.js";
import type { PeerFigures, PeerName } from "./scale-peers.js";

/** Everything measured at one corpus size. */
export interface SizeFigures {
  chunks: number;
  build: BuildFigures;
  answer: AnswerFigures;
  peers: Readonly<Record<PeerName, PeerFigures>>;
}

/** Milliseconds to 3 significant figures at most (0.392, 5.71, 17.2, 264). */
export function formatMs(ms: number): string {
  if (ms >= 100) return String(Math.round(ms));
  return ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const mb = (x: number) => `${Math.round(x)} MB`;
const latency = (l: { p50: number; p95: number }) => `${formatMs(l.p50)} / ${formatMs(l.p95)}`;

/** A size as written in the table's head: 1k, 10k, 100k, 2.5k; 999 stays 999. */
export function sizeLabel(chunks: number): string {
  return chunks >= 1000 ? `${Number((chunks / 1000).toFixed(1))}k` : String(chunks);
}

/** The table's rows: a name, and the cell of a size. */
const ROWS: readonly [string, (s: SizeFigures) => string][] = [
  ["documents / chunks indexed", (s) => `${s.build.documents} / ${s.build.chunks}`],
  ["Citebot build", (s) => seconds(s.build.ms)],
  ["Citebot build, peak resident", (s) => mb(s.build.peakRssMb)],
  ["Citebot index on disk", (s) => mb(s.build.diskMb)],
  ["Citebot load (openIndex)", (s) => seconds(s.answer.loadMs)],
  ["Citebot calibration, before 1st answer", (s) => seconds(s.answer.calibrateMs)],
  ["Citebot lexical p50 / p95, ms", (s) => latency(s.answer.lexical)],
  ["exhaustive BM25 p50 / p95, ms", (s) => latency(s.answer.exhaustive)],
  ["MiniSearch p50 / p95, ms", (s) => latency(s.peers.MiniSearch.query)],
  ["FlexSearch p50 / p95, ms", (s) => latency(s.peers.FlexSearch.query)],
  ["Citebot full answer p50 / p95, ms", (s) => latency(s.answer.answer)],
  ["Citebot answering: resident / peak", (s) => `${mb(s.answer.rssMb)} / ${mb(s.answer.peakRssMb)}`],
  ["  of which the process before loading", (s) => mb(s.answer.startRssMb)],
  ["MiniSearch build / peak resident", (s) => `${seconds(s.peers.MiniSearch.buildMs)} / ${mb(s.peers.MiniSearch.peakRssMb)}`],
  ["FlexSearch build / peak resident", (s) => `${seconds(s.peers.FlexSearch.buildMs)} / ${mb(s.peers.FlexSearch.peakRssMb)}`],
];

/** Lines of a table: the first column padded to its widest cell, the others likewise. */
function layout(rows: readonly (readonly string[])[]): string[] {
  const widths = (rows[0] ?? []).map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r
      .map((cell, i) => cell.padEnd(widths[i] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

/** Citebot's lexical p95 divided by each peer's, by size: below 1 Citebot is the faster. */
export function peerRatios(sizes: readonly SizeFigures[]): { chunks: number; peer: PeerName | "exhaustive BM25"; ratio: number }[] {
  return sizes.flatMap((s) => [
    { chunks: s.chunks, peer: "exhaustive BM25" as const, ratio: s.answer.lexical.p95 / s.answer.exhaustive.p95 },
    ...(Object.keys(s.peers) as PeerName[]).map((peer) => ({
      chunks: s.chunks,
      peer,
      ratio: s.answer.lexical.p95 / s.peers[peer].query.p95,
    })),
  ]);
}

/** The Citebot figures whose growth with the corpus is reported. */
const GROWING: readonly [string, (s: SizeFigures) => number][] = [
  ["build time", (s) => s.build.ms],
  ["build peak resident", (s) => s.build.peakRssMb],
  ["index on disk", (s) => s.build.diskMb],
  ["load time", (s) => s.answer.loadMs],
  ["calibration", (s) => s.answer.calibrateMs],
  ["lexical p50", (s) => s.answer.lexical.p50],
  ["lexical p95", (s) => s.answer.lexical.p95],
  ["full answer p95", (s) => s.answer.answer.p95],
  ["answering peak resident", (s) => s.answer.peakRssMb],
];

/** How much each Citebot figure grows from the 10k size to the largest, or null without a 10k size and a larger one. */
export function growth(sizes: readonly SizeFigures[]): { from: number; to: number; factors: { figure: string; factor: number }[] } | null {
  const from = sizes.find((s) => s.chunks === 10_000);
  const to = sizes.reduce<SizeFigures | undefined>((a, s) => (a === undefined || s.chunks > a.chunks ? s : a), undefined);
  if (!from || !to || to.chunks <= from.chunks) return null;
  return { from: from.chunks, to: to.chunks, factors: GROWING.map(([figure, of]) => ({ figure, factor: of(to) / of(from) })) };
}

/** A figure of the "done when", checked against a size's measurement. */
export interface TargetCheck {
  chunks: number;
  figure: string;
  measured: string;
  limit: string;
  pass: boolean;
}

interface Target {
  chunks: number;
  figure: string;
  unit: "MB" | "s" | "ms";
  limit: number;
  of: (s: SizeFigures) => number;
}

/** The targets (issue 12, "Done when"); memory is judged on the answering process's peak, the figure a small server must hold. */
const TARGETS: readonly Target[] = [
  { chunks: 100_000, figure: "answering, peak resident", unit: "MB", limit: 350, of: (s) => s.answer.peakRssMb },
  { chunks: 100_000, figure: "index on disk", unit: "MB", limit: 100, of: (s) => s.build.diskMb },
  { chunks: 100_000, figure: "load", unit: "s", limit: 1, of: (s) => s.answer.loadMs / 1000 },
  { chunks: 100_000, figure: "lexical p95", unit: "ms", limit: 5, of: (s) => s.answer.lexical.p95 },
  { chunks: 100_000, figure: "build", unit: "s", limit: 8, of: (s) => s.build.ms / 1000 },
  { chunks: 300_000, figure: "answering, peak resident", unit: "MB", limit: 1024, of: (s) => s.answer.peakRssMb },
  { chunks: 300_000, figure: "load", unit: "s", limit: 2.5, of: (s) => s.answer.loadMs / 1000 },
  { chunks: 300_000, figure: "lexical p95", unit: "ms", limit: 15, of: (s) => s.answer.lexical.p95 },
  { chunks: 300_000, figure: "build", unit: "s", limit: 25, of: (s) => s.build.ms / 1000 },
];

const withUnit = (x: number, unit: Target["unit"]) =>
  unit === "ms" ? `${formatMs(x)} ms` : unit === "s" ? `${x.toFixed(2)} s` : `${Math.round(x)} MB`;

/** The targets of the sizes measured, and at 100k whether Citebot's lexical p95 beats every peer's. */
export function targetChecks(sizes: readonly SizeFigures[]): TargetCheck[] {
  return sizes.flatMap((s) => {
    const checks = TARGETS.filter((t) => t.chunks === s.chunks).map((t) => ({
      chunks: s.chunks,
      figure: t.figure,
      measured: withUnit(t.of(s), t.unit),
      limit: `≤ ${withUnit(t.limit, t.unit)}`,
      pass: t.of(s) <= t.limit,
    }));
    if (s.chunks !== 100_000) return checks;
    const fastest = Object.values(s.peers).reduce((a, p) => Math.min(a, p.query.p95), Infinity);
    checks.push({
      chunks: s.chunks,
      figure: "lexical p95 below every peer's",
      measured: `${formatMs(s.answer.lexical.p95)} ms`,
      limit: `< ${formatMs(fastest)} ms`,
      pass: s.answer.lexical.p95 < fastest,
    });
    return checks;
  });
}

/** The whole report as text: the table, the ratios, the growth and the targets. */
export function formatScaleReport(sizes: readonly SizeFigures[], asked: { questions: number; results: number }): string {
  const out = [
    `Scale bench, lexical mode: ${asked.questions} SQuAD questions, ${asked.results} results each, on recombined SQuAD sentences`,
    "",
  ];
  out.push(...layout([["chunks", ...sizes.map((s) => sizeLabel(s.chunks))], ...ROWS.map(([name, cell]) => [name, ...sizes.map(cell)])]));
  const mismatched = sizes.filter((s) => s.answer.mismatches > 0);
  for (const s of mismatched)
    out.push(`WARNING at ${sizeLabel(s.chunks)}: ${s.answer.mismatches} questions' top 50 differ from exhaustive BM25`);
  out.push("", "Citebot lexical p95 ÷ peer p95 (below 1: Citebot is faster)");
  const ratios = peerRatios(sizes);
  const peers = [...new Set(ratios.map((r) => r.peer))];
  out.push(
    ...layout([
      ["", ...sizes.map((s) => sizeLabel(s.chunks))],
      ...peers.map((peer) => [
        peer,
        ...sizes.map((s) => {
          const r = ratios.find((x) => x.peer === peer && x.chunks === s.chunks);
          return r ? `${r.ratio.toFixed(2)}×` : "–";
        }),
      ]),
    ]),
  );
  const grown = growth(sizes);
  if (grown) {
    out.push(
      "",
      `Growth of Citebot's figures from ${sizeLabel(grown.from)} to ${sizeLabel(grown.to)} chunks (×${grown.to / grown.from} the chunks)`,
    );
    out.push(...layout(grown.factors.map((f) => [f.figure, `×${f.factor.toFixed(1)}`])));
  }
  const checks = targetChecks(sizes);
  if (checks.length > 0) {
    out.push("", "Issue 12 targets");
    out.push(...layout(checks.map((c) => [sizeLabel(c.chunks), c.figure, c.measured, c.limit, c.pass ? "pass" : "FAIL"])));
  }
  return `${out.join("\n")}\n`;
}
