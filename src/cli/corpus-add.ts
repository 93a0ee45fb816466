/**
 * Adding a document to the corpus: a local file is copied in; a URL is downloaded (progress
 * bar, size cap, content-type check). Files land under a temporary name and are renamed into
 * place, so an interrupted download never leaves half a PDF in the corpus.
 */
import { randomUUID } from "node:crypto";
import { createWriteStream } from "node:fs";
import { copyFile, readFile, rename, rm, stat } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import { isSupported } from "../ingest/index.js";
import type { Logger } from "../log.js";
import { fetchWithConnectTimeout, CONNECT_TIMEOUT_MS } from "../store/index.js";

/** The content types accepted from a URL, and the extension each gets. */
export const CONTENT_TYPES: Record<string, string> = {
  "application/pdf": ".pdf",
  "text/markdown": ".md",
  "text/x-markdown": ".md",
  "text/plain": ".txt",
};

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";

/**
 * The file name a download is saved under: the server's Content-Disposition name, else the last
 * part of the URL path, made safe, with the extension its content type calls for.
 */
export function downloadName(url: URL, extension: string, disposition: string | null): string {
  const fromHeader = disposition ? /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1] : undefined;
  const raw = decodeURIComponent(fromHeader ?? url.pathname.split("/").filter(Boolean).at(-1) ?? "document");
  const base = path.basename(raw, path.extname(raw)).replace(/[^\w.-]+/g, "-").replace(/^[-.]+|[-.]+$/g, "") || "document";
  return `${base}${extension}`;
}

/** Whether `candidate` holds the same bytes as `existing`. */
async function sameContent(existing: string, candidate: string): Promise<boolean> {
  const [a, b] = await Promise.all([readFile(existing), readFile(candidate)]);
  return a.equals(b);
}

/**
 * Moves `temp` to `corpusDir/name`; an existing file with the same bytes is kept as it is, one
 * with other bytes is never overwritten.
 */
async function place(temp: string, corpusDir: string, name: string): Promise<{ id: string; added: boolean }> {
  const target = path.join(corpusDir, name);
  const exists = await stat(target).then(() => true, () => false);
  if (exists) {
    const same = await sameContent(target, temp);
    await rm(temp, { force: true });
    if (same) return { id: name, added: false };
    throw createError("INPUT_INVALID", `${name} already exists in ${corpusDir} with other content; rename or remove one of them first`);
  }
  await rename(temp, target);
  return { id: name, added: true };
}

/** Copies a local file into the corpus. */
export async function addFile(source: string, corpusDir: string, maxBytes: number): Promise<{ id: string; added: boolean }> {
  const name = path.basename(source);
  if (!isSupported(name)) throw createError("FILE_UNSUPPORTED", `${name}: Citebot reads .pdf, .md, .markdown and .txt files`);
  const info = await stat(source).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `${source}: ${describeError(error)}`, error);
  });
  if (info.size > maxBytes) throw createError("FILE_TOO_LARGE", `${name} is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`);
  const temp = path.join(corpusDir, `.add-${randomUUID()}.tmp`);
  await copyFile(source, temp);
  return place(temp, corpusDir, name);
}

/** Downloads a URL into the corpus. */
export async function addUrl(url: URL, corpusDir: string, maxBytes: number, logger: Logger, connectTimeoutMs = CONNECT_TIMEOUT_MS): Promise<{ id: string; added: boolean }> {
  const response = await fetchWithConnectTimeout(connectTimeoutMs)(url).catch((error: unknown) => {
    throw createError("DOWNLOAD_FAILED", `${url.href}: ${describeError(error)}`, error);
  });
  if (!response.ok || !response.body) throw createError("DOWNLOAD_FAILED", `${url.href}: the server answered ${response.status} ${response.statusText}`);
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const declared = Number(response.headers.get("content-length") ?? "0");
  const extension = CONTENT_TYPES[type] ?? (type === "application/octet-stream" || type === "" ? ".pdf" : null);
  if (extension === null) {
    await response.body.cancel();
    throw createError("FILE_UNSUPPORTED", `${url.href} is ${type}, not a PDF, Markdown or text file (a web page or a login page?)`);
  }
  if (declared > maxBytes) {
    await response.body.cancel();
    throw createError("FILE_TOO_LARGE", `${url.href} is ${(declared / 1024 / 1024).toFixed(1)} MB, over the ${Math.round(maxBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`);
  }
  const name = downloadName(url, extension, response.headers.get("content-disposition"));
  const temp = path.join(corpusDir, `.add-${randomUUID()}.tmp`);
  const out = createWriteStream(temp);
  const bar = logger.progress(`Downloading ${name}`, declared);
  let received = 0;
  let head = new Uint8Array();
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > maxBytes) throw createError("FILE_TOO_LARGE", `${url.href} is over the ${Math.round(maxBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`);
      if (head.length < 5) head = Buffer.concat([head, chunk.subarray(0, 5)]);
      if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
      bar.update(received);
    }
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
    if (extension === ".pdf" && !isPdf(head)) throw createError("FILE_UNSUPPORTED", `${url.href} does not hold a PDF (type ${type || "not given"})`);
  } catch (error) {
    out.destroy();
    await rm(temp, { force: true });
    throw error;
  } finally {
    bar.stop();
  }
  return place(temp, corpusDir, name);
}
