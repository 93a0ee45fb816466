/**
 * Adding a document to the corpus: a local file is copied in; a URL is downloaded (bounded in
 * time and size, see download.ts). Nothing is written to the corpus folder or `sources.json`
 * until the file has been read the way the index reads it; then the file goes in through a
 * temporary name and a hard link, so it appears whole or not at all and never replaces a file.
 */
import { randomUUID } from "node:crypto";
import { constants } from "node:fs";
import { copyFile, link, readFile, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { createError, describeError } from "../errors.js";
import { displayUrl, parseHttpUrl, storableUrl } from "../http-url.js";
import {
  decodeText,
  isSupported,
  parseCorpusFile,
  readSources,
  sourcesWith,
  writeSources,
  type DocumentMetadata,
} from "../ingest/index.js";
import type { Logger } from "../log.js";
import { download } from "./download.js";
import { downloadName, givenName, unusableLocalName } from "./file-name.js";

/** The content types accepted from a URL, and the extension each gets. */
export const CONTENT_TYPES: ReadonlyMap<string, string> = new Map([
  ["application/pdf", ".pdf"],
  ["text/markdown", ".md"],
  ["text/x-markdown", ".md"],
  ["text/plain", ".txt"],
]);

/** Types that say nothing about the content: the file name's extension, else PDF, is assumed and checked. */
const UNTYPED = new Set(["application/octet-stream", "binary/octet-stream", ""]);

/**
 * Whether a body (decoded as the index decodes it, byte-order mark dropped) is an HTML page:
 * after white space, XML declarations and comments (skipped by a linear scan, however many), it opens with a doctype or
 * an <html> tag, or with <head> or <body> and closes such a tag somewhere (a note that begins by
 * naming the <body> element is text). A server may label its error or login page as Markdown or
 * text; the body says what it is.
 */
function isHtmlPage(text: string): boolean {
  let at = 0;
  for (;;) {
    while (at < text.length && /\s/.test(text.charAt(at))) at++;
    const [open, close] = text.startsWith("<!--", at) ? ["<!--", "-->"] : text.startsWith("<?xml", at) ? ["<?xml", "?>"] : [null, null];
    if (open === null || close === null) break;
    const end = text.indexOf(close, at + open.length);
    if (end < 0) return false;
    at = end + close.length;
  }
  const start = text.slice(at, at + 32);
  if (/^<(?:!doctype\s+html|html)[\s>/]/i.test(start)) return true;
  return /^<(?:head|body)[\s>/]/i.test(start) && /<\/(?:head|body|html)\s*>/i.test(text);
}

const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString("latin1") === "%PDF-";

export interface AddOptions {
  corpusDir: string;
  maxBytes: number;
  parseTimeoutMs: number;
  /** The PDF reader's heap limit in MB (PARSE_MEMORY_MB). */
  parseMemoryMb?: number;
  /** Metadata for `sources.json` given by the user (`--title`, `--url`, …). */
  meta: DocumentMetadata;
  logger: Logger;
}

export interface UrlAddOptions extends AddOptions {
  downloadTimeoutMs: number;
  connectTimeoutMs?: number;
}

export interface AddResult {
  id: string;
  /** False when the corpus already held the same bytes under this name. */
  added: boolean;
}

/**
 * Reads the file the way the index will, so that a file that would not be indexed is never
 * added: empty, binary bytes in a text file, a corrupt or text-less PDF.
 */
async function checkReadable(name: string, bytes: Buffer, options: AddOptions): Promise<void> {
  if (bytes.length === 0) throw createError("FILE_EMPTY", `${name}: 0 bytes`);
  const doc = await parseCorpusFile(
    { id: name, bytes, meta: {} },
    {
      parseTimeoutMs: options.parseTimeoutMs,
      ...(options.parseMemoryMb === undefined ? {} : { parseMemoryMb: options.parseMemoryMb }),
      logger: options.logger,
    },
  );
  if (doc.text === "") throw createError("FILE_EMPTY", `${name}: no text in it`);
}

const exists = (name: string, corpusDir: string) =>
  createError(
    "FILE_EXISTS",
    `${name} already exists in ${corpusDir} with other content; it was left as it is. Rename or remove one of them first`,
  );

/** Creates `target` from `temp` without ever replacing an existing file. */
async function linkNew(temp: string, target: string, name: string, corpusDir: string): Promise<void> {
  try {
    await link(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EEXIST") throw exists(name, corpusDir);
    if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EOPNOTSUPP" && code !== "ENOSYS") throw error;
    // A file system without hard links: an exclusive copy still never replaces a file, though a
    // crash during it could leave part of one.
    await copyFile(temp, target, constants.COPYFILE_EXCL).catch((copyError: NodeJS.ErrnoException) => {
      throw copyError.code === "EEXIST" ? exists(name, corpusDir) : copyError;
    });
  }
}

/**
 * Puts checked bytes into the corpus root under `name`, and `meta` into `sources.json`. The same
 * bytes already there count as added before; other bytes under the name are never replaced.
 */
async function commit(name: string, bytes: Buffer, meta: DocumentMetadata, options: AddOptions): Promise<AddResult> {
  const corpusDir = path.resolve(options.corpusDir);
  const target = path.join(corpusDir, name);
  // Names are made safe before they get here; this is the last guard against leaving the folder.
  if (path.dirname(target) !== corpusDir || path.basename(target) !== name)
    throw createError("NAME_INVALID", `${JSON.stringify(name)} is not a plain file name`);
  const sources = Object.keys(meta).length > 0 ? await sourcesWith(corpusDir, name, meta) : null;
  const current = await readFile(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw createError("FILE_UNREADABLE", `${target}: ${describeError(error)}`, error);
  });
  if (current !== null) {
    if (!current.equals(bytes)) throw exists(name, corpusDir);
    if (sources !== null) await writeSources(corpusDir, sources);
    return { id: name, added: false };
  }
  const temp = path.join(corpusDir, `.add-${randomUUID()}.tmp`);
  try {
    await writeFile(temp, bytes, { flag: "wx" });
    await linkNew(temp, target, name, corpusDir);
    if (sources !== null) {
      await writeSources(corpusDir, sources).catch(async (error: unknown) => {
        // The file without its metadata would be cited without its address: take it back out.
        await rm(target, { force: true });
        throw error;
      });
    }
  } finally {
    await rm(temp, { force: true });
  }
  return { id: name, added: true };
}

/**
 * The URL `corpus:add` should download, or null when `target` is a local path. Any scheme other
 * than http(s) (`file:`, `ftp:`, `javascript:`) is refused; a scheme has two letters at least,
 * so that `C:\…` stays a path.
 */
export function downloadTarget(target: string): URL | null {
  if (!/^[a-z][a-z\d+.-]+:/i.test(target)) return null;
  const url = parseHttpUrl(target);
  if (!url)
    throw createError(
      "URL_INVALID",
      "only http and https addresses can be downloaded; give a local file by its path (./name when its name holds a colon)",
    );
  return url;
}

/** Copies a local file into the corpus, under its own name. */
export async function addFile(source: string, options: AddOptions): Promise<AddResult> {
  await readSources(options.corpusDir);
  const name = path.basename(source);
  if (!isSupported(name))
    throw createError("FILE_UNSUPPORTED", `${JSON.stringify(name)}: Citebot reads .pdf, .md, .markdown and .txt files`);
  const unusable = unusableLocalName(name);
  if (unusable) throw createError("NAME_INVALID", `${JSON.stringify(name)}: ${unusable}`);
  const info = await stat(source).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `${source}: ${describeError(error)}`, error);
  });
  if (info.size > options.maxBytes) {
    throw createError(
      "FILE_TOO_LARGE",
      `${name} is ${(info.size / 1024 / 1024).toFixed(1)} MB, over the ${Math.round(options.maxBytes / 1024 / 1024)} MB cap (MAX_FILE_MB)`,
    );
  }
  const bytes = await readFile(source).catch((error: unknown) => {
    throw createError("FILE_UNREADABLE", `${source}: ${describeError(error)}`, error);
  });
  await checkReadable(name, bytes, options);
  return commit(name, bytes, options.meta, options);
}

/** The extension a download is saved with: from its content type, or for untyped bytes from the name the server or URL gives. */
function extensionFor(type: string, url: URL, disposition: string | null): string {
  const typed = CONTENT_TYPES.get(type);
  if (typed) return typed;
  const named = path.extname(givenName(url, disposition)).toLowerCase();
  return isSupported(`x${named}`) ? named : ".pdf";
}

/**
 * Downloads a URL into the corpus. `sources.json` records where it came from as scheme, host and
 * path: never a user name, password or query string (see `storableUrl`); `--url` overrides it.
 */
export async function addUrl(url: URL, options: UrlAddOptions): Promise<AddResult> {
  await readSources(options.corpusDir);
  const shown = displayUrl(url);
  const got = await download(url, {
    maxBytes: options.maxBytes,
    totalTimeoutMs: options.downloadTimeoutMs,
    ...(options.connectTimeoutMs ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    logger: options.logger,
    accept: (type) => {
      if (!CONTENT_TYPES.has(type) && !UNTYPED.has(type)) {
        // The type is the server's text: shown only when it has the shape of a media type.
        const named = /^[\w.+-]+\/[\w.+-]+$/.test(type) ? type : "of another type";
        throw createError("FILE_UNSUPPORTED", `${shown} is ${named}, not a PDF, Markdown or text file (a web page or a login page?)`);
      }
    },
  });
  const extension = extensionFor(got.type, url, got.disposition);
  const name = downloadName(url, extension, got.disposition);
  if (extension === ".pdf" && !isPdf(got.bytes))
    throw createError("FILE_UNSUPPORTED", `${shown} does not hold a PDF (type ${got.type || "not given"})`);
  if (extension !== ".pdf" && isHtmlPage(decodeText(got.bytes)))
    throw createError("FILE_UNSUPPORTED", `${shown} is a web page (HTML), not a Markdown or text file (an error or login page?)`);
  await checkReadable(name, got.bytes, options);
  const result = await commit(name, got.bytes, { url: storableUrl(url), ...options.meta }, options);
  if (url.search && !options.meta.url) {
    options.logger.warn(
      `The address's query string was not stored in sources.json (it may hold a token); citations link to ${storableUrl(url)}. If that is not the document's public address, run this again with --url <public address>.`,
    );
  }
  return result;
}
