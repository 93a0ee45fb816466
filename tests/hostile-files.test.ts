/**
 * Hostile PDFs: absurd page boxes, numbers too long to be finite, structures nested thousands
 * deep, pages of more text items than the reader accepts, files that take too long or need too
 * much memory. Each must fail with a code, or be read, in the reader's child process, while this process
 * and the other files carry on; an index build records each as a problem and skips it at the
 * next start.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { listCorpusFiles, parsePdfIsolated, PDF_LIMITS, stopPdfReader } from "../src/ingest/index.js";
import { buildIndex, openIndex } from "../src/store/index.js";
import { readJournal, writeJournal } from "../src/store/parse-journal.js";
import { indexOptions, offlineEnv, REPO_ROOT, tempDir, writeCorpus } from "./helpers/fixtures.js";
import { inflatingPdf, manyItems, pagesPdf } from "./helpers/raw-pdf.js";

const limits = { title: "T", timeoutMs: 30_000, memoryMb: 1024 };
const text = (content: string) => `BT /F1 12 Tf ${content} Tj ET`;
/** A one-page PDF whose text is `sentence`, at a usual place on a usual page. */
const plainPdf = (sentence: string) => pagesPdf([{ content: text(`72 700 Td (${sentence})`) }]);
/** A PDF that pdf.js takes well over a second to read: one string of a million words, compressed to a few kilobytes. */
const heavyPdf = (words: number) => pagesPdf([{ compress: true, content: text(`72 700 Td (${"word ".repeat(words)})`) }]);
/** A page dictionary entry of arrays nested `depth` deep. */
const nested = (depth: number) => `/Deep ${"[".repeat(depth)}${"]".repeat(depth)}`;

afterAll(() => stopPdfReader());

describe("parsePdfIsolated: absurd geometry", () => {
  it("GIVEN a page of 1e9 × 1e9 points THEN the text at both corners is read", async () => {
    const data = pagesPdf([
      {
        box: "0 0 1000000000 1000000000",
        content: `${text("72 700 Td (Text near the corner.)")} ${text("999999000 999999000 Td (Text at the far corner.)")}`,
      },
    ]);
    const doc = await parsePdfIsolated("huge.pdf", data, limits);
    expect(doc.text).toBe("Text at the far corner.\n\nText near the corner.");
    expect(doc.pages).toHaveLength(1);
  });

  it("GIVEN a page 1e7 points wide THEN the text at both ends is read, left first", async () => {
    const data = pagesPdf([
      {
        box: "0 0 10000000 792",
        content: `${text("72 700 Td (Left end of the page.)")} ${text("9999000 400 Td (Right end of the page.)")}`,
      },
    ]);
    const doc = await parsePdfIsolated("wide.pdf", data, limits);
    expect(doc.text).toBe("Left end of the page.\n\nRight end of the page.");
  });

  it("GIVEN a coordinate written with 400 digits (not a finite number) THEN the rest of the page is read unharmed", async () => {
    const data = pagesPdf([{ content: `${text("72 700 Td (Finite text.)")} ${text(`1${"0".repeat(400)} 5 Td (Far text.)`)}` }]);
    const doc = await parsePdfIsolated("infinite.pdf", data, limits);
    expect(doc.text.slice(doc.paragraphs[0]?.start, doc.paragraphs[0]?.end)).toBe("Finite text.");
    expect(doc.paragraphs).toHaveLength(2);
  });
});

describe("parsePdfIsolated: huge item counts and deep structures", () => {
  it(`GIVEN a page of more than ${PDF_LIMITS.itemsPerPage} text items THEN PDF_TOO_COMPLEX names the page and the limit`, async () => {
    const data = pagesPdf([{ compress: true, content: manyItems(PDF_LIMITS.itemsPerPage + 1000) }]);
    await expect(parsePdfIsolated("items.pdf", data, limits)).rejects.toMatchObject({
      code: "PDF_TOO_COMPLEX",
      message: `PDF is beyond what the reader accepts: page 1 holds ${PDF_LIMITS.itemsPerPage + 1000} text items; at most ${PDF_LIMITS.itemsPerPage} per page are read`,
    });
  });

  it("GIVEN arrays nested 200,000 deep in the page dictionary THEN PDF_PARSE_FAILED, and the next file is read", async () => {
    const data = pagesPdf([{ content: text("72 700 Td (Hello.)"), extra: nested(200_000) }]);
    await expect(parsePdfIsolated("deep.pdf", data, limits)).rejects.toMatchObject({
      code: "PDF_PARSE_FAILED",
      message: "Could not parse PDF: Maximum call stack size exceeded",
    });
    expect((await parsePdfIsolated("next.pdf", plainPdf("Still reading."), limits)).text).toBe("Still reading.");
  });

  it("GIVEN arrays nested 200,000 deep among the page's text operators THEN the page's text is read", async () => {
    const data = pagesPdf([{ content: `BT /F1 12 Tf 72 700 Td (Hello deep.) Tj ${"[".repeat(200_000)}${"]".repeat(200_000)} TJ ET` }]);
    expect((await parsePdfIsolated("deep-content.pdf", data, limits)).text).toBe("Hello deep.");
  });
});

describe("parsePdfIsolated: time and memory limits", { timeout: 120_000 }, () => {
  it("GIVEN a time limit shorter than reading takes THEN PARSE_TIMEOUT, and the next file is read by a fresh reader", async () => {
    await expect(parsePdfIsolated("slow.pdf", heavyPdf(1_000_000), { ...limits, timeoutMs: 50 })).rejects.toMatchObject({
      code: "PARSE_TIMEOUT",
    });
    expect((await parsePdfIsolated("next.pdf", plainPdf("After the timeout."), limits)).text).toBe("After the timeout.");
  });

  it("GIVEN a reader that has not reported by the time limit THEN Citebot stops it, and the next file is read", async () => {
    // 99,000 runs on one line of a page 1e6 points wide take pdf.js and layout several seconds;
    // layout runs synchronously, where no timer of the reader's own can fire. Citebot's stop is
    // made to come 1.5 s in, well before the reader's own 6 s timer, so that it is this stop, and
    // not the reader's timer, that ends the file.
    const line = ["BT /F1 10 Tf 72 700 Td", ...Array.from({ length: 99_000 }, () => "6 0 Td (ab) Tj"), "ET"].join("\n");
    const data = pagesPdf([{ box: "0 0 1000000 792", compress: true, content: line }]);
    await expect(parsePdfIsolated("one-long-line.pdf", data, { ...limits, timeoutMs: 6000, graceMs: -4500 })).rejects.toMatchObject({
      code: "PARSE_TIMEOUT",
      message: "Reading the file took too long: it took longer than 6 s (PARSE_TIMEOUT_SECONDS); the reader was stopped",
    });
    expect((await parsePdfIsolated("next.pdf", plainPdf("After the stop."), limits)).text).toBe("After the stop.");
  });

  it("GIVEN a heap limit the file needs more than THEN PARSE_OUT_OF_MEMORY, the process carries on and the next file is read", async () => {
    await expect(parsePdfIsolated("greedy.pdf", heavyPdf(1_000_000), { ...limits, memoryMb: 192 })).rejects.toMatchObject({
      code: "PARSE_OUT_OF_MEMORY",
      message: "Reading the file needed more memory than allowed: it needed more than 192 MB (PARSE_MEMORY_MB)",
    });
    expect((await parsePdfIsolated("next.pdf", plainPdf("After running out."), limits)).text).toBe("After running out.");
  });

  it("GIVEN a 1 MB stream that inflates to a gigabyte (outside the JavaScript heap) THEN PARSE_OUT_OF_MEMORY, and the next file is read", async () => {
    const bomb = await inflatingPdf(1024);
    expect(bomb.length).toBeLessThan(1.1 * 1024 * 1024);
    await expect(parsePdfIsolated("bomb.pdf", bomb, { ...limits, memoryMb: 256 })).rejects.toMatchObject({
      code: "PARSE_OUT_OF_MEMORY",
      message: "Reading the file needed more memory than allowed: it needed more than 256 MB (PARSE_MEMORY_MB)",
    });
    expect((await parsePdfIsolated("next.pdf", plainPdf("After the bomb."), limits)).text).toBe("After the bomb.");
  });

  it("GIVEN several files at once THEN one reader reads them in turn and each gets its own text", async () => {
    const docs = await Promise.all(["One.", "Two.", "Three."].map((s, i) => parsePdfIsolated(`${i}.pdf`, plainPdf(s), limits)));
    expect(docs.map((d) => [d.id, d.text])).toEqual([
      ["0.pdf", "One."],
      ["1.pdf", "Two."],
      ["2.pdf", "Three."],
    ]);
  });
});

describe("buildIndex and openIndex with hostile PDFs", { timeout: 180_000 }, () => {
  it("GIVEN hostile PDFs beside a good document THEN each is a problem with its code, the good one is indexed, and the next start reads nothing again", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(path.join(dir.path, "corpus"), {
        "good.md": "Fox Hunt began in 2014.",
        "huge-page.pdf": pagesPdf([{ box: "0 0 1000000000 1000000000", content: text("72 700 Td (Sky Net followed in 2015.)") }]),
        "items.pdf": pagesPdf([{ compress: true, content: manyItems(PDF_LIMITS.itemsPerPage + 1) }]),
        "deep.pdf": pagesPdf([{ content: text("72 700 Td (Hello.)"), extra: nested(200_000) }]),
        "greedy.pdf": heavyPdf(1_000_000),
      });
      const options = indexOptions(dir.path, null, undefined, { parseMemoryMb: 192 });
      const first = await openIndex(options);
      expect([...first.index.documents.keys()]).toEqual(["good.md", "huge-page.pdf"]);
      expect(first.report?.problems.map((p) => [p.id, p.reason.split(":")[0]])).toEqual([
        ["deep.pdf", "Could not parse PDF"],
        ["greedy.pdf", "Reading the file needed more memory than allowed"],
        ["items.pdf", "PDF is beyond what the reader accepts"],
      ]);
      const second = await openIndex(options);
      expect(second.report).toBeNull();
      // A higher memory limit is a reason to try the file that ran out again (and only that one).
      const third = await openIndex({ ...options, parseMemoryMb: 1024 });
      expect(third.report?.rebuilt).toEqual(["greedy.pdf"]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a PDF over the time limit THEN it is a PARSE_TIMEOUT problem, skipped at the next start, and read once the limit is raised", async () => {
    const dir = await tempDir();
    try {
      await writeCorpus(path.join(dir.path, "corpus"), { "good.md": "Fox Hunt began in 2014.", "slow.pdf": heavyPdf(1_000_000) });
      const options = indexOptions(dir.path, null, undefined, { parseTimeoutMs: 50 });
      const first = await openIndex(options);
      expect(first.report?.problems.map((p) => [p.id, p.reason.split(":")[0]])).toEqual([["slow.pdf", "Reading the file took too long"]]);
      expect((await openIndex(options)).report).toBeNull();
      const raised = await openIndex({ ...options, parseTimeoutMs: 60_000 });
      expect(raised.report?.rebuilt).toEqual(["slow.pdf"]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("the parse journal", () => {
  /** The corpus of a crashing file and a good one, with the journal as a crash would leave it. */
  async function afterCrashes(attempts: number) {
    const dir = await tempDir();
    await writeCorpus(path.join(dir.path, "corpus"), { "crash.pdf": plainPdf("It crashed before."), "good.md": "Fox Hunt began in 2014." });
    const options = indexOptions(dir.path, null);
    const listing = await listCorpusFiles(options.corpusDir, options);
    const crash = listing.files.find((f) => f.id === "crash.pdf");
    await writeJournal(options.indexDir, [{ id: "crash.pdf", hash: crash?.hash ?? "", attempts }]);
    return { dir, options };
  }

  it("GIVEN a file whose reading stopped the process twice THEN it is skipped with PARSE_INTERRUPTED and the rest is indexed", async () => {
    const { dir, options } = await afterCrashes(2);
    try {
      const { index, report } = await buildIndex(options);
      expect([...index.documents.keys()]).toEqual(["good.md"]);
      expect(report.problems).toEqual([
        {
          id: "crash.pdf",
          reason:
            "An earlier attempt to read the file never finished: reading it stopped the whole process 2 times (out of memory or a crash); it is skipped until it changes",
          hash: expect.any(String),
        },
      ]);
      // Recorded in the index, so the next start does not try it either.
      expect((await openIndex(options)).report).toBeNull();
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a file whose reading stopped the process once THEN it is tried again, read, and the journal is left empty", async () => {
    const { dir, options } = await afterCrashes(1);
    try {
      const { index } = await buildIndex(options);
      expect([...index.documents.keys()]).toEqual(["crash.pdf", "good.md"]);
      expect(await readJournal(options.indexDir)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });

  it("GIVEN a changed file THEN an old journal entry for it does not count", async () => {
    const { dir, options } = await afterCrashes(2);
    try {
      await writeCorpus(options.corpusDir, { "crash.pdf": plainPdf("It was fixed.") });
      const { index } = await buildIndex(options);
      expect(index.documents.get("crash.pdf")?.text).toBe("It was fixed.");
      expect(await readJournal(options.indexDir)).toEqual([]);
    } finally {
      await dir.cleanup();
    }
  });
});

describe("the parse journal after real crashes", { timeout: 180_000 }, () => {
  /** Starts `index` as one node process (no tsx wrapper process that a SIGKILL would orphan) and kills it once it is reading `id` for the `attempt`th time. */
  async function killWhileReading(root: string, id: string, attempt: number): Promise<void> {
    const indexDir = path.join(root, "index");
    const env = offlineEnv(root, { CORPUS_DIR: path.join(root, "corpus"), INDEX_DIR: indexDir, EMBED_MODEL: "none", LOG_LEVEL: "silent" });
    const child = spawn(process.execPath, ["--import", "tsx", path.join(REPO_ROOT, "src", "cli", "index-cmd.ts")], {
      cwd: REPO_ROOT,
      env,
      stdio: "ignore",
    });
    const exited = once(child, "exit");
    try {
      const deadline = Date.now() + 90_000;
      while (!(await readJournal(indexDir)).some((e) => e.id === id && e.attempts === attempt)) {
        if (Date.now() > deadline || child.exitCode !== null) throw new Error(`index never started reading ${id}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      child.kill("SIGKILL");
      await exited;
    }
  }

  it("GIVEN an index build killed twice while reading one PDF THEN the third start skips it with PARSE_INTERRUPTED and indexes the rest", async () => {
    const dir = await tempDir();
    try {
      // A PDF that takes seconds to lay out: time enough to kill the build in the middle of it.
      const line = ["BT /F1 10 Tf 72 700 Td", ...Array.from({ length: 99_000 }, () => "6 0 Td (ab) Tj"), "ET"].join("\n");
      await writeCorpus(path.join(dir.path, "corpus"), {
        "good.md": "Fox Hunt began in 2014.",
        "slow.pdf": pagesPdf([{ box: "0 0 1000000 792", compress: true, content: line }]),
      });
      await killWhileReading(dir.path, "slow.pdf", 1);
      expect((await readJournal(path.join(dir.path, "index"))).map((e) => [e.id, e.attempts])).toEqual([["slow.pdf", 1]]);
      await killWhileReading(dir.path, "slow.pdf", 2);
      expect((await readJournal(path.join(dir.path, "index"))).map((e) => [e.id, e.attempts])).toEqual([["slow.pdf", 2]]);
      const { index, report } = await buildIndex(indexOptions(dir.path, null));
      expect([...index.documents.keys()]).toEqual(["good.md"]);
      expect(report.problems.map((p) => [p.id, p.reason.split(":")[0]])).toEqual([
        ["slow.pdf", "An earlier attempt to read the file never finished"],
      ]);
    } finally {
      await dir.cleanup();
    }
  });
});
