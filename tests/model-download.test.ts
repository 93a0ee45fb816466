import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fetchWithTimeouts } from "../src/net/index.js";
import { downloadModel, isModelPresent, loadEmbedder, type DownloadProgress } from "../src/store/index.js";
import { tempDir, type TempDir } from "./helpers/fixtures.js";
import { writeTinyModel } from "./helpers/tiny-model.js";

const MODEL = "citebot-test/hub-model";
let dir: TempDir;
let hub: Server;
let silent: Server;
let drip: Server;
let hubUrl: string;
let silentUrl: string;
let dripUrl: string;
const drips = new Set<NodeJS.Timeout>();
const requests: string[] = [];

const listen = (server: Server) =>
  new Promise<string>((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`)),
  );

beforeAll(async () => {
  dir = await tempDir();
  await writeTinyModel(path.join(dir.path, "hub"), MODEL, { words: ["fox", "hunt", "sky", "net"] });
  // A stand-in for the model hub: serves /<model>/resolve/main/<file> from the generated files.
  // The handler's promise is handled inside it (every path answers the request); the server ignores what it returns.
  // eslint-disable-next-line @typescript-eslint/no-misused-promises
  hub = createServer(async (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    const match = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ""));
    const file = match ? path.join(dir.path, "hub", match[1] as string, match[2] as string) : null;
    const info = file ? await stat(file).catch(() => null) : null;
    if (!file || !info?.isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-length": info.size, "content-type": "application/octet-stream" });
    if (req.method === "HEAD") res.end();
    else createReadStream(file).pipe(res);
  });
  // A server that accepts connections and never answers.
  silent = createServer(() => {});
  // A hub that answers at once, then sends every file one byte a second.
  drip = createServer((_req, res) => {
    res.writeHead(200, { "content-length": 100_000, "content-type": "application/octet-stream" }).flushHeaders();
    const timer = setInterval(() => res.write("{"), 1000);
    drips.add(timer);
    res.on("close", () => clearInterval(timer));
  });
  hubUrl = await listen(hub);
  silentUrl = await listen(silent);
  dripUrl = await listen(drip);
});
afterAll(async () => {
  for (const timer of drips) clearInterval(timer);
  for (const server of [hub, silent, drip]) server.closeAllConnections();
  await Promise.all([hub, silent, drip].map((server) => new Promise((r) => server.close(r))));
  await dir.cleanup();
});

describe("downloadModel", () => {
  it("GIVEN a reachable hub THEN the model lands in the models folder with progress reported, and loads offline", async () => {
    const config = {
      model: MODEL,
      modelsDir: path.join(dir.path, "models"),
      queryPrefix: "",
      pooling: "mean" as const,
      allowDownload: true,
      remoteHost: hubUrl,
    };
    const progress: DownloadProgress[] = [];
    await downloadModel(config, (p) => progress.push(p));
    expect(isModelPresent(config)).toBe(true);
    expect(progress.some((p) => p.file === "onnx/model.onnx" && p.total > 0)).toBe(true);
    expect(requests.some((r) => r.includes(`/${MODEL}/resolve/main/onnx/model.onnx`))).toBe(true);
    const embedder = await loadEmbedder({ ...config, allowDownload: false, remoteHost: "http://127.0.0.1:9/" });
    expect(embedder.dimensions).toBe(16);
  });

  it("GIVEN a hub that never answers THEN it gives up within the connect timeout with MODEL_DOWNLOAD_FAILED", async () => {
    const config = {
      model: MODEL,
      modelsDir: path.join(dir.path, "models-silent"),
      queryPrefix: "",
      pooling: "mean" as const,
      allowDownload: true,
      remoteHost: silentUrl,
    };
    const started = Date.now();
    await expect(downloadModel(config, () => {}, 300)).rejects.toMatchObject({ code: "MODEL_DOWNLOAD_FAILED" });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isModelPresent(config)).toBe(false);
  });
});

describe("downloadModel: time limit", () => {
  it("GIVEN a hub that sends one byte a second THEN it gives up at DOWNLOAD_TIMEOUT_SECONDS with MODEL_DOWNLOAD_FAILED", async () => {
    const config = {
      model: MODEL,
      modelsDir: path.join(dir.path, "models-drip"),
      queryPrefix: "",
      pooling: "mean" as const,
      allowDownload: true,
      remoteHost: dripUrl,
      downloadTimeoutMs: 1500,
    };
    const started = Date.now();
    await expect(downloadModel(config)).rejects.toMatchObject({
      code: "MODEL_DOWNLOAD_FAILED",
      message: expect.stringContaining("not finished within 1.5 s (DOWNLOAD_TIMEOUT_SECONDS)"),
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(isModelPresent(config)).toBe(false);
  });
});

describe("fetchWithTimeouts", () => {
  it("GIVEN no answer within the connect timeout THEN the request is aborted", async () => {
    await expect(fetchWithTimeouts({ connectMs: 200 })(silentUrl)).rejects.toThrow("no answer within 0.2 s");
  });

  it("GIVEN a body that drips THEN reading it fails at the overall limit", async () => {
    const response = await fetchWithTimeouts({ connectMs: 1000, totalMs: 700 })(dripUrl);
    const started = Date.now();
    await expect(response.arrayBuffer()).rejects.toThrow("not finished within 0.7 s (DOWNLOAD_TIMEOUT_SECONDS)");
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
