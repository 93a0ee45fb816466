import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openEngine, type Engine } from "../src/engine.js";
import { pageAt } from "../src/document.js";
import { memoryLogger, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";
import { firstCited, reportContent, type ReportContent } from "./helpers/report-content.js";
import { makeReportPdf, type ReportPdf } from "./helpers/report-pdf.js";
import { defined } from "./helpers/defined.js";

let dir: TempDir;
let content: ReportContent;
let report: ReportPdf;
let engine: Engine;

beforeAll(async () => {
  dir = await tempDir();
  content = reportContent({ sections: 6, paragraphsPerSection: 4, seed: 11 });
  report = await makeReportPdf(content.spec);
  await writeCorpus(path.join(dir.path, "corpus"), { "report.pdf": report.bytes });
  engine = await openEngine(testConfig(dir.path, { EMBED_MODEL: "none" }), memoryLogger());
});
afterAll(() => dir.cleanup());

describe("a generated two-column report", () => {
  it("GIVEN the report THEN extraction finds its columns, tables, running header and page numbers", () => {
    const doc = defined(engine.index.documents.get("report.pdf"));
    expect(doc.pages).toHaveLength(report.pages);
    expect(doc.extraction?.multiColumnPages.length).toBe(report.pages - content.spec.frontPages);
    expect(doc.extraction?.tables).toBe(2);
    expect(doc.extraction?.headerFooterLines).toBe(2 * (report.pages - content.spec.frontPages));
    expect(doc.text).not.toContain("Generated report on forced returns");
    expect(doc.pages.map((p) => p.label)).toEqual(["i", "ii", ...Array.from({ length: report.pages - 2 }, (_, i) => String(i + 1))]);
  });

  it("GIVEN a question about any fact THEN the answer quotes its sentence exactly and cites the page where it starts", async () => {
    const wrong: string[] = [];
    for (const fact of content.facts) {
      const { text, citation } = firstCited(await engine.ask(fact.question));
      const page = report.sentencePages.get(fact.sentence);
      if (text !== fact.sentence || citation?.page !== page || citation?.pageLabel !== String(defined(page) - 2)) {
        wrong.push(`${fact.question} → ${text} (p. ${citation?.page}, want p. ${page})`);
      }
    }
    expect(wrong).toEqual([]);
    expect(content.facts.length).toBeGreaterThan(30);
  });

  it("GIVEN a question about a table row THEN the row is quoted with the table's header and its own page", async () => {
    const wrong: string[] = [];
    for (const row of content.tableFacts) {
      const { text, citation } = firstCited(await engine.ask(row.question));
      const headed = citation?.quote.startsWith("Country | Year | Returned\n");
      if (text !== row.row || citation?.page !== report.rowPages.get(row.row) || !headed)
        wrong.push(`${row.question} → ${text} p. ${citation?.page}`);
    }
    expect(wrong).toEqual([]);
  });

  it("GIVEN every fact and table row asked THEN every sentence and quote passed the verbatim check", async () => {
    // The engine's counters add up over its life: only what this test's own questions add is counted, so other tests (and their order) do not matter.
    const before = { ...engine.verification };
    let shown = 0;
    for (const question of [...content.facts, ...content.tableFacts].map((f) => f.question)) {
      const answer = await engine.ask(question);
      expect(answer.abstained, question).toBe(false);
      shown += answer.answer.length + answer.citations.length;
    }
    const checked = engine.verification.checked - before.checked;
    // Each sentence and each quote shown was checked once, and held.
    expect(checked).toBe(shown);
    expect(checked).toBeGreaterThan(100);
    expect(engine.verification.passed - before.passed).toBe(checked);
  });

  it("GIVEN footnotes THEN the marker stays apart from its word and the note stays on its page", () => {
    const doc = defined(engine.index.documents.get("report.pdf"));
    const noted = content.spec.blocks.flatMap((b) => (b.kind === "paragraph" && b.footnote ? [b] : []));
    expect(noted.length).toBeGreaterThan(1);
    for (const block of noted) {
      const [first, word] = (block.sentences[0] as string).split(" ");
      const marker = doc.text.indexOf(`${first} ${word}¹ `);
      const note = doc.text.indexOf(`1 ${defined(block.footnote).text}`);
      expect(marker).toBeGreaterThan(0);
      expect(note).toBeGreaterThan(0);
      expect(pageAt(doc, note)).toBe(pageAt(doc, marker));
    }
  });
});
