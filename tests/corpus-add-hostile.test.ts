/**
 * `corpus:add` against hostile and broken servers, all real, on 127.0.0.1: a body dripped one
 * byte a second, a lying Content-Length, a corrupt PDF, binary bytes served as text, hostile file
 * names, credentials and tokens in the URL, a malformed sources.json. Whatever fails leaves the
 * corpus folder and sources.json exactly as they were.
 */
import { execFile } from "node:child_process";
import { readdir, readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { createServer as createNetServer, type Server as NetServer } from "node:net";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addFile, addUrl, downloadTarget, type UrlAddOptions } from "../src/cli/corpus-add.js";
import { makePdf } from "./helpers/pdf.js";
import { memoryLogger, offlineEnv, REPO_ROOT, tempDir, writeCorpus, type TempDir } from "./helpers/fixtures.js";

const PASSWORD = "s3cret-pw";
const TOKEN = "tok987zz";
const SIGNATURE = "sig654yy";

let dir: TempDir;
let web: Server;
let liar: NetServer;
let base: string;
let liarBase: string;
let pdf: Uint8Array;
const drips = new Set<NodeJS.Timeout>();

/** A fresh corpus folder holding `files`. */
async function corpusWith(name: string, files: Record<string, string> = {}): Promise<string> {
  const corpus = path.join(dir.path, name);
  await writeCorpus(corpus, files);
  return corpus;
}

/** Every file of a folder with its bytes, to show that a failed add changed nothing. */
async function snapshot(folder: string): Promise<Record<string, string>> {
  const names = (await readdir(folder)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (n) => [n, (await readFile(path.join(folder, n))).toString("base64")] as const)),
  );
}

const options = (corpus: string, extra: Partial<UrlAddOptions> = {}): UrlAddOptions & { logger: ReturnType<typeof memoryLogger> } => ({
  corpusDir: corpus,
  maxBytes: 1024 * 1024,
  parseTimeoutMs: 30_000,
  downloadTimeoutMs: 30_000,
  meta: {},
  ...extra,
  logger: memoryLogger(),
});

const basic = `Basic ${Buffer.from(`reader:${PASSWORD}`).toString("base64")}`;

beforeAll(async () => {
  dir = await tempDir();
  pdf = await makePdf({ pages: [["Fiji handed over 77 people in 2017."]] });
  const markdown = (res: import("node:http").ServerResponse, disposition?: string) =>
    res
      .writeHead(200, { "content-type": "text/markdown", ...(disposition ? { "content-disposition": disposition } : {}) })
      .end("# Notes\n\nFox Hunt began in 2014.");
  web = createServer((req, res) => {
    const url = req.url ?? "";
    if (url.startsWith("/drip.txt")) {
      // Headers at once, then one byte a second: only an overall time limit ends this.
      res.writeHead(200, { "content-type": "text/plain", "content-length": 1000 }).flushHeaders();
      const timer = setInterval(() => res.write("a"), 1000);
      drips.add(timer);
      res.on("close", () => clearInterval(timer));
    } else if (url === "/corrupt.pdf")
      res
        .writeHead(200, { "content-type": "application/pdf" })
        .end("%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 9 0 R >>\ngarbage without xref\n");
    else if (url === "/binary.txt")
      res.writeHead(200, { "content-type": "text/plain" }).end(Buffer.from([0x46, 0x6f, 0x78, 0x00, 0x01, 0xff, 0xfe, 0x02, 0x00, 0x48]));
    else if (url === "/pdf-as.md") res.writeHead(200, { "content-type": "text/markdown" }).end(Buffer.from(pdf));
    else if (url === "/login.md")
      res.writeHead(200, { "content-type": "text/markdown" }).end("\n  <!DOCTYPE html>\n<html><body><form>Sign in</form></body></html>");
    else if (url === "/head.md")
      res.writeHead(200, { "content-type": "text/markdown" }).end("<HEAD><title>Sign in</title></HEAD><body>Access denied.</body>");
    else if (url === "/comment.txt")
      res
        .writeHead(200, { "content-type": "text/plain" })
        .end('\uFEFF<?xml version="1.0"?>\n<!-- page -->\n<body><div class="login">Sign in</div></body>');
    else if (url === "/utf16.md")
      res
        .writeHead(200, { "content-type": "text/markdown" })
        .end(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from("<!DOCTYPE html><html><body>Sign in</body></html>", "utf16le")]));
    else if (url === "/notes-on-html.md")
      res.writeHead(200, { "content-type": "text/markdown" }).end("# Notes\n\nA page starts with <html> and a <head>.\n");
    else if (url === "/body-note.md")
      res.writeHead(200, { "content-type": "text/markdown" }).end("<body> is the HTML element that holds a page's content.\n");
    else if (url === "/comments.md")
      res.writeHead(200, { "content-type": "text/markdown" }).end(`${"<!---->".repeat(10_000)}<html><body>Login</body></html>`);
    else if (url === "/odd-type") res.writeHead(200, { "content-type": "text/\u009b31mhtml" }).end("<html></html>");
    else if (url === "/empty.md") res.writeHead(200, { "content-type": "text/markdown" }).end("");
    else if (url === "/README.md" || url === "/notes.md") markdown(res);
    else if (url.startsWith("/docs/")) markdown(res);
    else if (url === "/cd/traversal") markdown(res, 'attachment; filename="../../escaped.md"');
    else if (url === "/cd/backslash") markdown(res, 'attachment; filename="..\\\\..\\\\win.md"');
    else if (url === "/cd/control") markdown(res, "attachment; filename*=UTF-8''bad%1B%5B31m%0A%07name%E2%80%AE.md");
    else if (url === "/cd/readme") markdown(res, 'attachment; filename="README.md"');
    else if (url === "/cd/device") markdown(res, 'attachment; filename="con.md"');
    else if (url === "/cd/long") markdown(res, `attachment; filename*=UTF-8''${"%C3%A9".repeat(300)}.md`);
    else if (url === "/cd/dots") markdown(res, 'attachment; filename="...."');
    else if (url.startsWith("/private.md")) {
      if (req.headers.authorization === basic) markdown(res);
      else res.writeHead(401, { "www-authenticate": 'Basic realm="r"' }).end();
    } else if (url.startsWith("/forbidden.pdf")) res.writeHead(403).end();
    else res.writeHead(404).end();
  });
  // Answers by hand, so the Content-Length can lie; closes the connection after the body.
  liar = createNetServer((socket) => {
    socket.once("data", (request) => {
      const target = request.toString("latin1").split(" ")[1] ?? "";
      const respond = (type: string, declared: number, body: Uint8Array) => {
        socket.write(`HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\nContent-Length: ${declared}\r\nConnection: close\r\n\r\n`);
        socket.end(Buffer.from(body));
      };
      if (target === "/short.pdf") respond("application/pdf", pdf.length + 4000, pdf);
      else if (target === "/short.txt") respond("text/plain", 500, Buffer.from("Fox Hunt began in 2014."));
      else if (target === "/cut.pdf") respond("application/pdf", 300, pdf);
      else respond("text/plain", 0, new Uint8Array());
    });
    socket.on("error", () => socket.destroy());
  });
  await new Promise<void>((r) => web.listen(0, "127.0.0.1", r));
  await new Promise<void>((r) => liar.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  liarBase = `http://127.0.0.1:${(liar.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const timer of drips) clearInterval(timer);
  web.closeAllConnections();
  await Promise.all([new Promise((r) => web.close(r)), new Promise((r) => liar.close(r))]);
  await dir.cleanup();
});

describe("addUrl: time limit", () => {
  it("GIVEN a server that drips one byte a second THEN the add fails at the time limit and nothing is written", async () => {
    const corpus = await corpusWith("drip", { "sources.json": '{"a.md": {"title": "A"}}\n' });
    const before = await snapshot(corpus);
    const started = Date.now();
    await expect(addUrl(new URL(`${base}/drip.txt`), options(corpus, { downloadTimeoutMs: 1500 }))).rejects.toMatchObject({
      code: "DOWNLOAD_FAILED",
      // Bytes come at 1 s, 2 s, …; the count is 1 unless the machine is very busy.
      message: expect.stringMatching(
        /^Could not download: http:\/\/127\.0\.0\.1:\d+\/drip\.txt: the download broke off after \d bytes: not finished within 1\.5 s \(DOWNLOAD_TIMEOUT_SECONDS\)$/,
      ),
    });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeGreaterThanOrEqual(1400);
    expect(elapsed).toBeLessThan(4000);
    expect(await snapshot(corpus)).toEqual(before);
  });
});

describe("addUrl: Content-Length", () => {
  it("GIVEN a body shorter than its Content-Length THEN the add fails and nothing is written", async () => {
    const corpus = await corpusWith("short");
    await expect(addUrl(new URL(`${liarBase}/short.pdf`), options(corpus))).rejects.toMatchObject({ code: "DOWNLOAD_FAILED" });
    await expect(addUrl(new URL(`${liarBase}/short.txt`), options(corpus))).rejects.toMatchObject({ code: "DOWNLOAD_FAILED" });
    expect(await readdir(corpus)).toEqual([]);
  });

  it("GIVEN a Content-Length that cuts a PDF short THEN the truncated PDF fails to parse and nothing is written", async () => {
    const corpus = await corpusWith("cut");
    await expect(addUrl(new URL(`${liarBase}/cut.pdf`), options(corpus))).rejects.toMatchObject({ code: "PDF_PARSE_FAILED" });
    expect(await readdir(corpus)).toEqual([]);
  });
});

describe("addUrl: the file is read before it is added", () => {
  it("GIVEN a corrupt PDF THEN PDF_PARSE_FAILED, and the corpus and sources.json are untouched", async () => {
    const corpus = await corpusWith("corrupt", { "a.md": "Text.", "sources.json": '{"a.md": {"title": "A"}}\n' });
    const before = await snapshot(corpus);
    await expect(addUrl(new URL(`${base}/corrupt.pdf`), options(corpus))).rejects.toMatchObject({ code: "PDF_PARSE_FAILED" });
    expect(await snapshot(corpus)).toEqual(before);
  });

  it("GIVEN Markdown whose text mentions <html> and <head>, or starts by naming the <body> element THEN it is a document, and is added", async () => {
    const corpus = await corpusWith("mentions-html");
    await expect(addUrl(new URL(`${base}/notes-on-html.md`), options(corpus))).resolves.toMatchObject({
      id: "notes-on-html.md",
      added: true,
    });
    await expect(addUrl(new URL(`${base}/body-note.md`), options(corpus))).resolves.toMatchObject({ id: "body-note.md", added: true });
  });

  it("GIVEN binary bytes served as text, a PDF or a login page served as Markdown, an empty file or a control character in the type THEN each is refused and nothing is written", async () => {
    const corpus = await corpusWith("binary");
    for (const page of ["login.md", "head.md", "comment.txt", "utf16.md", "comments.md"]) {
      await expect(addUrl(new URL(`${base}/${page}`), options(corpus))).rejects.toMatchObject({
        code: "FILE_UNSUPPORTED",
        message: expect.stringContaining("is a web page (HTML)"),
      });
    }
    await expect(addUrl(new URL(`${base}/binary.txt`), options(corpus))).rejects.toMatchObject({ code: "FILE_NOT_TEXT" });
    await expect(addUrl(new URL(`${base}/pdf-as.md`), options(corpus))).rejects.toMatchObject({
      code: "FILE_NOT_TEXT",
      message: expect.stringContaining("it is a PDF"),
    });
    await expect(addUrl(new URL(`${base}/empty.md`), options(corpus))).rejects.toMatchObject({ code: "FILE_EMPTY" });
    await expect(addUrl(new URL(`${base}/odd-type`), options(corpus))).rejects.toMatchObject({
      code: "FILE_UNSUPPORTED",
      message: `Unsupported file type: ${base}/odd-type is of another type, not a PDF, Markdown or text file (a web page or a login page?)`,
    });
    expect(await readdir(corpus)).toEqual([]);
  });

  it("GIVEN a malformed or wrong-shape sources.json THEN neither a download nor a local file is added, and sources.json is untouched", async () => {
    for (const [name, sources] of [
      ["bad-json", "{not json"],
      ["bad-shape", '{"a.md": {"titel": "typo"}}'],
      ["bad-array", "[1, 2]"],
    ] as const) {
      const corpus = await corpusWith(name, { "sources.json": sources });
      const before = await snapshot(corpus);
      await expect(addUrl(new URL(`${base}/notes.md`), options(corpus))).rejects.toMatchObject({
        code: "FILE_UNREADABLE",
        message: expect.stringContaining("sources.json"),
      });
      await writeCorpus(path.join(dir.path, "local"), { "local.md": "# Local\n\nText." });
      await expect(addFile(path.join(dir.path, "local", "local.md"), options(corpus))).rejects.toMatchObject({ code: "FILE_UNREADABLE" });
      expect(await snapshot(corpus)).toEqual(before);
    }
  });
});

describe("addUrl: sources.json", () => {
  it("GIVEN other entries, one with an ignored url THEN they are kept as written, in order, and the new entry goes last", async () => {
    const corpus = await corpusWith("keep", {
      "sources.json": '{"b.md": {"url": "javascript:alert(1)", "title": "B"}, "a.md": {"publisher": "P"}}',
    });
    await addUrl(new URL(`${base}/notes.md`), options(corpus, { meta: { title: "Notes" } }));
    expect(await readFile(path.join(corpus, "sources.json"), "utf8")).toBe(
      `${JSON.stringify({ "b.md": { url: "javascript:alert(1)", title: "B" }, "a.md": { publisher: "P" }, "notes.md": { url: `${base}/notes.md`, title: "Notes" } }, null, 2)}\n`,
    );
  });
});

describe("addUrl: hostile file names", () => {
  it("GIVEN hostile Content-Disposition and URL path names THEN each file lands at the corpus root under a safe name", async () => {
    const corpus = await corpusWith("names/deep/corpus");
    const cases: [string, string][] = [
      ["/cd/traversal", "escaped.md"],
      ["/cd/backslash", "win.md"],
      ["/docs/..%2F..%2Fencoded.md", "encoded.md"],
      ["/cd/control", "bad-31m-name.md"],
      ["/cd/readme", "README-1.md"],
      ["/README.md", "README-1.md"],
      ["/cd/device", "con-1.md"],
      ["/cd/long", `${"é".repeat(50)}.md`],
      ["/cd/dots", "document.md"],
    ];
    for (const [route, expected] of cases) {
      const result = await addUrl(new URL(`${base}${route}`), options(corpus));
      expect(result.id).toBe(expected);
    }
    expect((await readdir(corpus)).sort()).toEqual([...new Set(cases.map(([, name]) => name)), "sources.json"].sort());
    // Nothing climbed out of the corpus folder.
    expect((await readdir(path.join(dir.path, "names"))).sort()).toEqual(["deep"]);
    expect((await readdir(path.join(dir.path, "names", "deep"))).sort()).toEqual(["corpus"]);
  });

  it("GIVEN a local README.md or a local name with a control character THEN it is refused with the reason", async () => {
    const corpus = await corpusWith("local-names");
    await writeCorpus(path.join(dir.path, "local-src"), { "README.md": "# Read me\n\nText.", "a\u001b[31mb.md": "# A\n\nText." });
    await expect(addFile(path.join(dir.path, "local-src", "README.md"), options(corpus))).rejects.toMatchObject({
      code: "NAME_INVALID",
      message: expect.stringContaining("README.md at the corpus root"),
    });
    await expect(addFile(path.join(dir.path, "local-src", "a\u001b[31mb.md"), options(corpus))).rejects.toMatchObject({
      code: "NAME_INVALID",
      message: expect.stringContaining("control or formatting characters"),
    });
    expect(await readdir(corpus)).toEqual([]);
  });

  it("GIVEN a name already taken by other bytes THEN the existing file is kept and the add refused", async () => {
    const corpus = await corpusWith("taken", { "notes.md": "# Mine\n\nThe user's own notes." });
    await expect(addUrl(new URL(`${base}/notes.md`), options(corpus))).rejects.toMatchObject({ code: "FILE_EXISTS" });
    expect(await readFile(path.join(corpus, "notes.md"), "utf8")).toBe("# Mine\n\nThe user's own notes.");
    expect(await readdir(corpus)).toEqual(["notes.md"]);
  });
});

describe("addUrl: credentials and tokens", () => {
  const secretUrl = (route: string, port = base) =>
    new URL(`${port.replace("http://", `http://reader:${PASSWORD}@`)}${route}?X-Amz-Signature=${SIGNATURE}&token=${TOKEN}`);

  it("GIVEN user:pass and a signed query THEN the password is sent as Basic auth, and sources.json holds scheme, host and path only", async () => {
    const corpus = await corpusWith("secret");
    const opts = options(corpus);
    expect(await addUrl(secretUrl("/private.md"), opts)).toEqual({ id: "private.md", added: true });
    const stored = await readFile(path.join(corpus, "sources.json"), "utf8");
    expect(JSON.parse(stored)).toEqual({ "private.md": { url: `${base}/private.md` } });
    expect(opts.logger.lines).toEqual([
      `warning: The address's query string was not stored in sources.json (it may hold a token); citations link to ${base}/private.md. If that is not the document's public address, run this again with --url <public address>.`,
    ]);
  });

  it("GIVEN a redirect to another origin THEN the Basic auth header is not sent there", async () => {
    const seen: (string | undefined)[] = [];
    const other = createServer((req, res) => {
      seen.push(req.headers.authorization);
      res.writeHead(200, { "content-type": "text/markdown" }).end("# Moved\n\nText.");
    });
    await new Promise<void>((r) => other.listen(0, "127.0.0.1", r));
    const otherBase = `http://localhost:${(other.address() as AddressInfo).port}`;
    const redirect = createServer((_req, res) => res.writeHead(302, { location: `${otherBase}/moved.md` }).end());
    await new Promise<void>((r) => redirect.listen(0, "127.0.0.1", r));
    try {
      const corpus = await corpusWith("redirect");
      expect(
        (await addUrl(secretUrl("/start.md", `http://127.0.0.1:${(redirect.address() as AddressInfo).port}`), options(corpus))).id,
      ).toBe("start.md");
      expect(seen).toEqual([undefined]);
    } finally {
      await Promise.all([other, redirect].map((server) => new Promise((r) => server.close(r))));
    }
  });

  it("GIVEN --url with the add THEN that address is stored instead and no warning is given", async () => {
    const corpus = await corpusWith("secret-url");
    const opts = options(corpus, { meta: { url: "https://example.org/public.md" } });
    await addUrl(secretUrl("/private.md"), opts);
    expect(JSON.parse(await readFile(path.join(corpus, "sources.json"), "utf8"))).toEqual({
      "private.md": { url: "https://example.org/public.md" },
    });
    expect(opts.logger.lines).toEqual([]);
  });

  it("GIVEN an error status, a refused connection or a time-out THEN the message names the URL without password or query", async () => {
    const corpus = await corpusWith("secret-errors");
    const errors: string[] = [];
    for (const [url, extra] of [
      [secretUrl("/forbidden.pdf"), {}],
      [secretUrl("/x.pdf", "http://127.0.0.1:9"), {}],
      [secretUrl("/drip.txt"), { downloadTimeoutMs: 1000 }],
    ] as const) {
      const error = await addUrl(url, options(corpus, extra)).catch((e: unknown) => e as Error);
      errors.push(String((error as Error).message));
    }
    expect(errors[0]).toBe(`Could not download: ${base}/forbidden.pdf?…: the server answered 403 Forbidden`);
    expect(errors[1]).toMatch(/^Could not download: http:\/\/127\.0\.0\.1:9\/x\.pdf\?…: fetch failed/);
    expect(errors[2]).toMatch(
      /^Could not download: http:\/\/127\.0\.0\.1:\d+\/drip\.txt\?…: the download broke off after [01] bytes: not finished within 1 s \(DOWNLOAD_TIMEOUT_SECONDS\)$/,
    );
    for (const message of errors) for (const secret of [PASSWORD, TOKEN, SIGNATURE, "reader"]) expect(message).not.toContain(secret);
    expect(await readdir(corpus)).toEqual([]);
  });

  it("GIVEN npm run corpus:add with a password and a token in the URL THEN neither appears in its output nor in sources.json", async () => {
    const root = path.join(dir.path, "cli");
    await writeCorpus(path.join(root, "corpus"), { "article.md": "An article about returns." });
    const run = (url: URL) =>
      promisify(execFile)(
        path.join(REPO_ROOT, "node_modules", ".bin", "tsx"),
        [path.join(REPO_ROOT, "src", "cli", "corpus-add-cmd.ts"), url.href],
        {
          cwd: root,
          env: offlineEnv(root, { EMBED_MODEL: "none", INDEX_DIR: path.join(root, "index") }),
        },
      ).then(
        ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
        (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
      );
    const failed = await run(secretUrl("/forbidden.pdf"));
    expect(failed.code).toBe(1);
    expect(failed.stderr).toBe(`error: Could not download: ${base}/forbidden.pdf?…: the server answered 403 Forbidden\n`);
    const added = await run(secretUrl("/private.md"));
    expect(added.code).toBe(0);
    expect(added.stdout).toContain("private.md — Notes (markdown)");
    const stored = await readFile(path.join(root, "corpus", "sources.json"), "utf8");
    for (const text of [failed.stdout, failed.stderr, added.stdout, added.stderr, stored]) {
      for (const secret of [PASSWORD, TOKEN, SIGNATURE]) expect(text).not.toContain(secret);
    }
    expect(JSON.parse(stored)).toEqual({ "private.md": { url: `${base}/private.md` } });
  });
});

describe("downloadTarget", () => {
  it("GIVEN javascript:, file: or ftp: THEN URL_INVALID; a local path THEN null; http(s) THEN the URL", () => {
    for (const target of [
      "javascript:alert(1)",
      "file:///etc/passwd",
      "ftp://mirror.example/report.pdf",
      "data:text/plain,hi",
      "https://",
      "http://",
    ]) {
      expect(() => downloadTarget(target), target).toThrow(expect.objectContaining({ code: "URL_INVALID" }));
    }
    expect(downloadTarget("notes.md")).toBeNull();
    expect(downloadTarget("C:\\docs\\report.pdf")).toBeNull();
    expect(downloadTarget("./odd:name.md")).toBeNull();
    expect(downloadTarget("HTTPS://Example.org/a.pdf")?.href).toBe("https://example.org/a.pdf");
  });
});
