import { readFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { downloadModel, isModelPresent, loadEmbedder } from "../src/store/index.js";
import { transformers } from "../src/store/transformers.js";
import { tempDir, type TempDir } from "./helpers/fixtures.js";
import { writeTinyModel } from "./helpers/tiny-model.js";

let dir: TempDir;
/** Two hubs, each serving one model from its own folder, and the paths each was asked for. */
const hubs: { server: Server; url: string; asked: string[] }[] = [];

/** A hub serving `<model>/resolve/main/<file>` from `root`. */
async function startHub(root: string): Promise<(typeof hubs)[number]> {
  const asked: string[] = [];
  const server = createServer((req, res) => {
    const url = decodeURIComponent(req.url ?? "");
    asked.push(url);
    const [model, file] = url.slice(1).split("/resolve/main/");
    readFile(path.join(root, model ?? "", file ?? "")).then(
      (body) => res.writeHead(200, { "content-length": body.length }).end(req.method === "HEAD" ? undefined : body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, asked };
}

/** The settings of transformers.js's global env that Citebot sets at start-up and must never change after. */
const envState = (env: Awaited<ReturnType<typeof transformers>>["env"]) => ({
  remoteHost: env.remoteHost,
  allowRemoteModels: env.allowRemoteModels,
  allowLocalModels: env.allowLocalModels,
  fetch: env.fetch,
  cacheDir: env.cacheDir,
  localModelPath: env.localModelPath,
});

const source = (model: string, hub: number, modelsDir: string) => ({
  model,
  modelsDir: path.join(dir.path, modelsDir),
  queryPrefix: "",
  pooling: "mean" as const,
  allowDownload: true,
  remoteHost: hubs[hub]?.url ?? "",
});

beforeAll(async () => {
  dir = await tempDir();
  await writeTinyModel(path.join(dir.path, "hub-a"), "org/model-a", { words: ["fox", "sky"] });
  await writeTinyModel(path.join(dir.path, "hub-b"), "org/model-b", { words: ["net", "hunt"] });
  hubs.push(await startHub(path.join(dir.path, "hub-a")), await startHub(path.join(dir.path, "hub-b")));
});
afterAll(async () => {
  for (const hub of hubs) hub.server.closeAllConnections();
  await Promise.all(hubs.map((hub) => new Promise((resolve) => hub.server.close(resolve))));
  await dir.cleanup();
});

describe("transformers.js's global env", () => {
  it("GIVEN no download under way THEN transformers.js's fetch refuses, so a load can never reach the network", async () => {
    const { env } = await transformers();
    // Only what this test asks counts: another test may have downloaded from this hub before it.
    const before = hubs[0]?.asked.length ?? 0;
    await expect(env.fetch(`${hubs[0]?.url}org/model-a/resolve/main/config.json`)).rejects.toThrow("no model download is under way");
    expect(hubs[0]?.asked.slice(before)).toEqual([]);
  });

  it("GIVEN two downloads from two hubs at once THEN each model comes from its own hub, and env is as start-up set it", async () => {
    const { env } = await transformers();
    const before = envState(env);
    const a = source("org/model-a", 0, "models-a");
    const b = source("org/model-b", 1, "models-b");
    await Promise.all([downloadModel(a), downloadModel(b)]);
    expect([isModelPresent(a), isModelPresent(b)]).toEqual([true, true]);
    // Each hub was asked for its own model only (a file may be asked twice: its size, then its body).
    const models = (hub: number) => [...new Set(hubs[hub]?.asked.map((p) => p.split("/resolve/main/")[0]))];
    expect([models(0), models(1)]).toEqual([["/org/model-a"], ["/org/model-b"]]);
    expect(hubs[0]?.asked).toContain("/org/model-a/resolve/main/onnx/model.onnx");
    expect(hubs[1]?.asked).toContain("/org/model-b/resolve/main/onnx/model.onnx");
    expect(envState(env)).toEqual(before);
  });

  it("GIVEN a downloaded model THEN loading it asks no hub anything, and a second download still reaches its hub", async () => {
    // Its own download first, so that it does not depend on the test above having run.
    const downloaded = source("org/model-a", 0, "models-a-own");
    await downloadModel(downloaded);
    const asked = hubs.map((hub) => hub.asked.length);
    const embedder = await loadEmbedder(downloaded);
    expect(embedder.dimensions).toBe(16);
    expect(hubs.map((hub) => hub.asked.length)).toEqual(asked);
    // Before, a finished download switched remote loading off for the whole process.
    const again = source("org/model-b", 1, "models-b-again");
    await downloadModel(again);
    expect(isModelPresent(again)).toBe(true);
  });
});
