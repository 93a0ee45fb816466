import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFile, addUrl, type UrlAddOptions } from "../src/cli/corpus-add.js";
import { downloadName } from "../src/cli/file-name.js";
import { extractionReport } from "../src/cli/report.js";
import { openEngine } from "../src/engine.js";
import { makePdf } from "./helpers/pdf.js";
import { memoryLogger, offlineEnv, REPO_ROOT, tempDir, testConfig, writeCorpus, type TempDir } from "./helpers/fixtures.js";

let dir: TempDir;
let server: Server;
let base: string;
let pdf: Uint8Array;

/** Options for adding into `corpus` with a cap of `maxBytes`. */
const opts = (corpus: string, maxBytes = 10 * 1024 * 1024): UrlAddOptions => ({
  corpusDir: corpus,
  maxBytes,
  parseTimeoutMs: 30_000,
  downloadTimeoutMs: 30_000,
  meta: {},
  logger: memoryLogger(),
});

beforeAll(async () => {
  dir = await tempDir();
  pdf = await makePdf({
    header: "Handover Report",
    footer: "Page {n}",
    pages: [["Fiji handed over 77 people in 2017."], ["Laos handed over 164 people in 2023."]],
  });
  // Serves the PDF with various headers, as real servers do.
  server = createServer((req, res) => {
    const url = req.url ?? "";
    if (url === "/reports/handovers.pdf")
      res.writeHead(200, { "content-type": "application/pdf", "content-length": pdf.length }).end(Buffer.from(pdf));
    else if (url === "/download?id=7")
      res
        .writeHead(200, {
          "content-type": "application/octet-stream",
          "content-disposition": 'attachment; filename="Annual Report 2024.pdf"',
        })
        .end(Buffer.from(pdf));
    else if (url === "/page.html") res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end("<html>login</html>");
    else if (url === "/fake.pdf") res.writeHead(200, { "content-type": "application/pdf" }).end("<html>not a pdf</html>");
    else if (url === "/big.pdf")
      res.writeHead(200, { "content-type": "application/pdf", "content-length": 5 * 1024 * 1024 }).end(Buffer.alloc(5 * 1024 * 1024));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  await dir.cleanup();
});

describe("downloadName", () => {
  it("GIVEN a Content-Disposition name THEN it is used, made safe, with the type's extension", () => {
    expect(downloadName(new URL("https://x.org/download?id=7"), ".pdf", 'attachment; filename="Annual Report 2024.pdf"')).toBe(
      "Annual-Report-2024.pdf",
    );
    expect(downloadName(new URL("https://x.org/a/b/report%20final.PDF"), ".pdf", null)).toBe("report-final.pdf");
    expect(downloadName(new URL("https://x.org/"), ".md", null)).toBe("document.md");
  });
});

describe("addUrl", () => {
  it("GIVEN a PDF URL THEN it is saved under its name with its address in sources.json, and no temporary file is left", async () => {
    const corpus = path.join(dir.path, "c1");
    await writeCorpus(corpus, {});
    expect(await addUrl(new URL(`${base}/reports/handovers.pdf`), opts(corpus))).toEqual({ id: "handovers.pdf", added: true });
    expect(Buffer.from(await readFile(path.join(corpus, "handovers.pdf"))).equals(Buffer.from(pdf))).toBe(true);
    expect(await addUrl(new URL(`${base}/reports/handovers.pdf`), opts(corpus))).toEqual({ id: "handovers.pdf", added: false });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(corpus)).toEqual(["handovers.pdf", "sources.json"]);
    expect(JSON.parse(await readFile(path.join(corpus, "sources.json"), "utf8"))).toEqual({
      "handovers.pdf": { url: `${base}/reports/handovers.pdf` },
    });
  });

  it("GIVEN an octet-stream with a file name THEN the bytes are checked to be a PDF and kept", async () => {
    const corpus = path.join(dir.path, "c2");
    await writeCorpus(corpus, {});
    expect((await addUrl(new URL(`${base}/download?id=7`), opts(corpus))).id).toBe("Annual-Report-2024.pdf");
  });

  it("GIVEN a web page, a fake PDF, a file over the cap or a missing file THEN each is refused with its reason", async () => {
    const corpus = path.join(dir.path, "c3");
    await writeCorpus(corpus, {});
    const cap = 1024 * 1024;
    await expect(addUrl(new URL(`${base}/page.html`), opts(corpus, cap))).rejects.toMatchObject({
      code: "FILE_UNSUPPORTED",
      message: expect.stringContaining("text/html"),
    });
    await expect(addUrl(new URL(`${base}/fake.pdf`), opts(corpus, cap))).rejects.toMatchObject({
      code: "FILE_UNSUPPORTED",
      message: expect.stringContaining("does not hold a PDF"),
    });
    await expect(addUrl(new URL(`${base}/big.pdf`), opts(corpus, cap))).rejects.toMatchObject({ code: "FILE_TOO_LARGE" });
    await expect(addUrl(new URL(`${base}/missing.pdf`), opts(corpus, cap))).rejects.toMatchObject({
      code: "DOWNLOAD_FAILED",
      message: expect.stringContaining("404"),
    });
    const { readdir } = await import("node:fs/promises");
    expect(await readdir(corpus)).toEqual([]);
  });
});

describe("addFile", () => {
  it("GIVEN a local file THEN it is copied; an unsupported type or a different file of the same name is refused", async () => {
    const corpus = path.join(dir.path, "c4");
    await writeCorpus(dir.path, { "notes.md": "# Notes\n\nText.", "other/notes.md": "# Other\n\nDifferent.", "image.png": "x" });
    await writeCorpus(corpus, {});
    expect(await addFile(path.join(dir.path, "notes.md"), opts(corpus, 1024 * 1024))).toEqual({ id: "notes.md", added: true });
    await expect(addFile(path.join(dir.path, "other", "notes.md"), opts(corpus, 1024 * 1024))).rejects.toMatchObject({
      code: "FILE_EXISTS",
    });
    await expect(addFile(path.join(dir.path, "image.png"), opts(corpus, 1024 * 1024))).rejects.toMatchObject({ code: "FILE_UNSUPPORTED" });
  });
});

describe("npm run corpus:add", () => {
  it("GIVEN a URL and metadata THEN the file, its sources.json entry and the index are updated, and citations use them", async () => {
    const root = path.join(dir.path, "cli");
    await writeCorpus(path.join(root, "corpus"), { "article.md": "An article about returns." });
    const { stdout } = await promisify(execFile)(
      path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
      [
        path.join(REPO_ROOT, "src", "cli", "corpus-add-cmd.ts"),
        `${base}/reports/handovers.pdf`,
        "--title",
        "Handovers 2014-2023",
        "--publisher",
        "Safeguard Defenders",
        "--date",
        "2024-01",
      ],
      { cwd: root, env: offlineEnv(root, { EMBED_MODEL: "none", INDEX_DIR: path.join(root, "index") }) },
    );
    expect(stdout).toContain("handovers.pdf — Handovers 2014-2023 (pdf)");
    expect(stdout).toContain("pages 2; characters per page min");
    expect(JSON.parse(await readFile(path.join(root, "corpus", "sources.json"), "utf8"))).toEqual({
      "handovers.pdf": {
        url: `${base}/reports/handovers.pdf`,
        title: "Handovers 2014-2023",
        publisher: "Safeguard Defenders",
        date: "2024-01",
      },
    });
    const engine = await openEngine(testConfig(root, { EMBED_MODEL: "none" }), memoryLogger());
    const answer = await engine.ask("How many people did Laos hand over?");
    expect(answer.citations[0]).toMatchObject({
      doc: "handovers.pdf",
      title: "Handovers 2014-2023",
      publisher: "Safeguard Defenders",
      date: "2024-01",
      page: 2,
      url: `${base}/reports/handovers.pdf#page=2`,
    });
  });
});

describe("extractionReport", () => {
  it("GIVEN a PDF, a text document and a sources.json url that is not http(s) THEN per-document figures, the files not indexed, and the metadata warning apart", async () => {
    const root = path.join(dir.path, "report");
    await writeCorpus(path.join(root, "corpus"), {
      "r.pdf": pdf,
      "a.md": "# A\n\nOne paragraph.",
      "bad.pdf": "nonsense",
      "sources.json": '{"a.md": {"title": "A", "url": "javascript:alert(1)"}}',
    });
    const engine = await openEngine(testConfig(root, { EMBED_MODEL: "none" }), memoryLogger());
    const lines = extractionReport([...engine.index.documents.values()], engine.index.manifest);
    expect(lines).toEqual([
      "a.md — A (markdown)",
      "  paragraphs 2; characters 17",
      expect.stringMatching(/^  chunks 2; indexed \d{4}-/),
      "r.pdf — r (pdf)",
      "  pages 2; characters per page min 35, median 35",
      "  pages with no text: none",
      "  multi-column pages: 0; header/footer lines removed: 4; tables: 0",
      "  unreadable pages (not indexed): none",
      expect.stringMatching(/^  chunks 2; indexed /),
      "Not indexed:",
      "  bad.pdf: Could not parse PDF: Invalid PDF structure.",
      "Metadata warnings:",
      expect.stringMatching(/^  sources\.json: .*a\.md/),
    ]);
  });
});
