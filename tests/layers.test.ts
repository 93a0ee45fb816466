/**
 * The README's architecture picture as a test: data flows one way (ingest → chunk → store →
 * retrieve → answer → engine → bot | cli), and a module imports only from layers to its left and
 * from the shared modules. A sideways or backwards import fails here, naming the file and import.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const SRC = path.resolve(import.meta.dirname, "../src");

type Layer =
  | "shared"
  | "net"
  | "ingest"
  | "chunk"
  | "store"
  | "retrieve"
  | "answer"
  | "check"
  | "gaps"
  | "engine"
  | "entry"
  | "cli"
  | "bot"
  | "eval"
  | "main";

/** Top-level files of src/ and their layer; anything in a folder belongs to the folder's layer. */
const TOP_LEVEL: ReadonlyMap<string, Layer> = new Map([
  // Shared by every layer: settings, errors, logging, plain data types and the questions every stage asks of a document.
  ["types.ts", "shared"],
  ["document.ts", "shared"],
  ["errors.ts", "shared"],
  ["printable.ts", "shared"],
  ["text.ts", "shared"],
  ["log.ts", "shared"],
  ["config.ts", "shared"],
  ["http-url.ts", "shared"],
  ["conversation.ts", "shared"],
  ["read-file.ts", "shared"],
  ["recent-texts.ts", "shared"],
  ["word-lists.ts", "shared"],
  // The facade front ends talk to, and the models it loads.
  ["engine.ts", "engine"],
  ["models.ts", "engine"],
  // What every command's entry point runs in (config, logger, exit status).
  ["run-command.ts", "entry"],
  ["main.ts", "main"],
]);

const FOLDERS: ReadonlySet<string> = new Set<Layer>([
  "net",
  "ingest",
  "chunk",
  "store",
  "retrieve",
  "answer",
  "check",
  "gaps",
  "cli",
  "bot",
  "eval",
]);

/** What each layer may import besides itself (values and types). */
const MAY_IMPORT: Record<Layer, readonly Layer[]> = {
  shared: [],
  net: ["shared"],
  ingest: ["shared"],
  chunk: ["shared"],
  store: ["shared", "net", "ingest", "chunk"],
  retrieve: ["shared", "store"],
  answer: ["shared", "store", "retrieve"],
  check: ["shared", "chunk", "store", "retrieve", "answer"],
  gaps: ["shared", "store"],
  engine: ["shared", "chunk", "store", "retrieve", "answer", "check"],
  entry: ["shared"],
  cli: ["shared", "net", "ingest", "answer", "check", "gaps", "engine", "entry"],
  bot: ["shared", "answer", "check", "gaps", "engine", "entry"],
  main: ["shared", "gaps", "engine", "entry", "cli", "bot"],
  // The evaluation measures the pipeline itself, but it is no front end and none imports it.
  eval: ["shared", "net", "ingest", "chunk", "store", "retrieve", "answer", "check", "gaps", "engine", "entry"],
};

/** What each layer may import for its types only (`import type`): front ends show the store's plain records (a sentence's place) but call none of it. */
const MAY_IMPORT_TYPES: Partial<Record<Layer, readonly Layer[]>> = {
  cli: ["store"],
  bot: ["store"],
  main: ["store"],
};

/** The layer of a file, by its path relative to src/; null for a file the table does not place. */
function layerOf(relative: string): Layer | null {
  const parts = relative.split(/[\\/]/u);
  if (parts.length === 1) return TOP_LEVEL.get(relative) ?? null;
  const folder = parts[0] ?? "";
  return FOLDERS.has(folder) ? (folder as Layer) : null;
}

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** Every module `source` imports or re-exports, statically or with `import()`. */
function importsOf(source: string): ImportRef[] {
  const file = ts.createSourceFile("x.ts", source, ts.ScriptTarget.Latest, false);
  const found: ImportRef[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.importClause?.isTypeOnly === true });
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = node.arguments;
      if (arg && ts.isStringLiteral(arg)) found.push({ specifier: arg.text, typeOnly: false });
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The imports of file `relative` (path under src/, holding `source`) that cross layers the wrong way, as readable lines. */
function wrongImports(relative: string, source: string): string[] {
  const from = layerOf(relative);
  if (from === null) return [`${relative}: belongs to no layer (add it to tests/layers.test.ts)`];
  const problems: string[] = [];
  for (const ref of importsOf(source)) {
    if (!ref.specifier.startsWith(".")) continue;
    const target = path.posix
      .normalize(path.posix.join(path.posix.dirname(relative.replace(/\\/gu, "/")), ref.specifier))
      .replace(/\.js$/u, ".ts");
    const to = layerOf(target);
    if (to === from) continue;
    const allowed = to !== null && (MAY_IMPORT[from].includes(to) || (ref.typeOnly && (MAY_IMPORT_TYPES[from] ?? []).includes(to)));
    if (!allowed)
      problems.push(
        `src/${relative} imports "${ref.specifier}": ${from} may not import ${to ?? "a file outside every layer"}${ref.typeOnly ? "" : " (not even a value from it)"}`,
      );
  }
  return problems;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith(".ts") ? [path.relative(SRC, full)] : [];
  });
}

const FILES = sourceFiles(SRC).sort();
const read = (relative: string) => readFileSync(path.join(SRC, relative), "utf8");

describe("the layer rule", () => {
  it("GIVEN every module under src/ THEN none imports a layer it may not", () => {
    expect(FILES.length).toBeGreaterThan(100);
    expect(FILES.flatMap((f) => wrongImports(f, read(f)))).toEqual([]);
  });

  it("GIVEN a store module importing the bot THEN the rule names the file and the import", () => {
    expect(wrongImports("store/build.ts", 'import { renderAnswer } from "../bot/render.js";\n')).toEqual([
      'src/store/build.ts imports "../bot/render.js": store may not import bot (not even a value from it)',
    ]);
  });

  it("GIVEN an answer module importing ingest THEN it is refused, and a type from the store is allowed to the cli only", () => {
    expect(wrongImports("answer/compose.ts", 'import { pageAt } from "../ingest/index.js";')).toEqual([
      'src/answer/compose.ts imports "../ingest/index.js": answer may not import ingest (not even a value from it)',
    ]);
    expect(wrongImports("cli/report.ts", 'import type { Manifest } from "../store/index.js";')).toEqual([]);
    expect(wrongImports("cli/report.ts", 'import { openIndex } from "../store/index.js";')).toEqual([
      'src/cli/report.ts imports "../store/index.js": cli may not import store (not even a value from it)',
    ]);
  });

  it("GIVEN a dynamic import and a multi-line re-export THEN both are read", () => {
    expect(
      importsOf(
        'const { startBot } = await import("./bot/start.js");\nexport {\n  a,\n  b,\n} from "./x.js";\nexport type { C } from "./y.js";',
      ),
    ).toEqual([
      { specifier: "./bot/start.js", typeOnly: false },
      { specifier: "./x.js", typeOnly: false },
      { specifier: "./y.js", typeOnly: true },
    ]);
  });
});

describe("front ends and the engine", () => {
  it("GIVEN the bot, the cli and main.ts THEN none reads the loaded index (manifest, documents, chunks) behind the engine", () => {
    const frontEnds = FILES.filter((f) => ["cli", "bot", "main"].includes(layerOf(f) ?? ""));
    const reads = frontEnds.flatMap((f) =>
      read(f)
        .split("\n")
        .flatMap((line, i) =>
          /\bindex\.(manifest|documents|chunks|lexical|vectors)\b/u.test(line) ? [`src/${f}:${i + 1}: ${line.trim()}`] : [],
        ),
    );
    expect(frontEnds.length).toBeGreaterThan(30);
    expect(reads).toEqual([]);
  });
});

describe("index.ts files", () => {
  it("GIVEN every index.ts under src/ THEN it only re-exports", () => {
    const indexes = FILES.filter((f) => path.basename(f) === "index.ts");
    const statements = indexes.flatMap((f) => {
      const file = ts.createSourceFile(f, read(f), ts.ScriptTarget.Latest, false);
      return file.statements
        .filter((s) => !(ts.isExportDeclaration(s) && s.moduleSpecifier))
        .map((s) => `src/${f}: ${s.getText(file).split("\n")[0] ?? ""}`);
    });
    expect(indexes.length).toBeGreaterThan(8);
    expect(statements).toEqual([]);
  });
});
