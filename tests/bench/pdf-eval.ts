/**
 * `npm run eval:pdf`: how faithfully Citebot reads a report-like PDF. Generates a long report
 * (two columns, running header, page numbers, roman front matter, footnotes, hyphenation, tables
 * across pages), indexes it through the normal pipeline, asks one question per fact and per table
 * row, and reports page-citation accuracy, answer-sentence accuracy, the verbatim-check pass rate
 * and the index build time.
 */
import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseConfig } from "../../src/config.js";
import { openEngine } from "../../src/engine.js";
import { DEFAULT_PARSE_MEMORY_MB, parsePdfIsolated } from "../../src/ingest/index.js";
import { makePdf } from "../helpers/pdf.js";
import { createLogger } from "../../src/log.js";
import { firstCited, reportContent } from "../helpers/report-content.js";
import { makeReportPdf } from "../helpers/report-pdf.js";

const pct = (n: number, d: number) => (d === 0 ? "n/a" : `${((100 * n) / d).toFixed(1)}% (${n}/${d})`);

// The PDF reader's child process takes a second or two to start and load pdf.js: read a small PDF through it before timing index builds.
await parsePdfIsolated("warm-up.pdf", await makePdf({ pages: [["Warm-up."]] }), {
  title: "warm-up",
  timeoutMs: 60_000,
  memoryMb: DEFAULT_PARSE_MEMORY_MB,
});

for (const columns of [2, 1] as const) {
  const content = reportContent({ sections: 100, paragraphsPerSection: 6, seed: 2024, columns });
  const report = await makeReportPdf(content.spec);
  const root = await mkdtemp(path.join(tmpdir(), "citebot-pdf-eval-"));
  try {
    await mkdir(path.join(root, "corpus"));
    await writeFile(path.join(root, "corpus", "report.pdf"), report.bytes);
    const config = parseConfig(
      [],
      { CORPUS_DIR: path.join(root, "corpus"), INDEX_DIR: path.join(root, "index"), EMBED_MODEL: "none", LOG_LEVEL: "warn" },
      root,
    );
    const t0 = performance.now();
    const engine = await openEngine(config, createLogger("warn"));
    const buildMs = performance.now() - t0;
    const doc = engine.index.documents.get("report.pdf");
    let sentenceRight = 0;
    let pageRight = 0;
    for (const fact of content.facts) {
      const { text, citation } = firstCited(await engine.ask(fact.question));
      if (text === fact.sentence) sentenceRight++;
      if (text === fact.sentence && citation?.page === report.sentencePages.get(fact.sentence)) pageRight++;
    }
    let rowRight = 0;
    let rowPageRight = 0;
    for (const row of content.tableFacts) {
      const { text, citation } = firstCited(await engine.ask(row.question));
      if (text === row.row) rowRight++;
      if (text === row.row && citation?.page === report.rowPages.get(row.row) && citation?.quote.startsWith("Country | Year | Returned"))
        rowPageRight++;
    }
    process.stdout.write(
      `\n${columns === 2 ? "Two-column" : "One-column"} report: ${report.pages} pages (${content.spec.frontPages} front), ${(report.bytes.length / 1024).toFixed(0)} KiB, ${content.facts.length} facts, ${content.tableFacts.length} table rows\n` +
        `  extraction: ${doc?.extraction?.multiColumnPages.length} two-column pages, ${doc?.extraction?.tables} tables, ${doc?.extraction?.headerFooterLines} header/footer lines dropped, ${engine.index.chunks.length} chunks\n` +
        `  index build (parse, chunk, BM25, write)      ${buildMs.toFixed(0)} ms\n` +
        `  answer-sentence accuracy (facts)             ${pct(sentenceRight, content.facts.length)}\n` +
        `  page-citation accuracy (facts)               ${pct(pageRight, content.facts.length)}\n` +
        `  table rows quoted, right page, with header   ${pct(rowPageRight, content.tableFacts.length)} (row found: ${pct(rowRight, content.tableFacts.length)})\n` +
        `  verbatim check pass rate                     ${pct(engine.verification.passed, engine.verification.checked)}\n`,
    );
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
