import { execFile } from "node:child_process";
import { chmod, copyFile, mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { AnswerSchema, AnswerSentenceSchema, CitationSchema, PassageSchema } from "../src/answer/schema.js";
import { REPO_ROOT, tempDir } from "./helpers/fixtures.js";

const run = promisify(execFile);

/** The README's text between a heading and the next heading of the same level. */
async function readmeSection(heading: string): Promise<string> {
  const readme = await readFile(path.join(REPO_ROOT, "README.md"), "utf8");
  const start = readme.indexOf(`\n${heading}\n`);
  expect(start).toBeGreaterThan(0);
  const level = heading.split(" ")[0] ?? "##";
  const end = readme.indexOf(`\n${level} `, start + heading.length + 2);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe("README: the answer JSON", () => {
  it("GIVEN the example THEN it shows every field of the answer, its sentences, its citations and its passages", async () => {
    const example = await readmeSection("## The answer JSON");
    const fields = [AnswerSchema, AnswerSentenceSchema, CitationSchema, PassageSchema].flatMap((schema) => Object.keys(schema.shape));
    expect(fields.filter((field) => !example.includes(`"${field}":`))).toEqual([]);
  });
});

/**
 * The calls `npm run bench -- ARGS` makes: real npm, over a copy of package.json whose `tsx` (in
 * node_modules/.bin, which npm puts first on PATH) writes down the arguments of each call instead
 * of running anything.
 */
async function benchCalls(args: string[]): Promise<string[]> {
  const dir = await tempDir();
  try {
    await copyFile(path.join(REPO_ROOT, "package.json"), path.join(dir.path, "package.json"));
    const bin = path.join(dir.path, "node_modules", ".bin");
    await mkdir(bin, { recursive: true });
    const calls = path.join(dir.path, "calls.txt");
    await writeFile(path.join(bin, "tsx"), `#!/bin/sh\necho "$*" >> "${calls}"\n`);
    await chmod(path.join(bin, "tsx"), 0o755);
    await run("npm", ["run", "--silent", "bench", "--", ...args], { cwd: dir.path, timeout: 30_000 });
    return (await readFile(calls, "utf8")).split("\n");
  } finally {
    await dir.cleanup();
  }
}

describe("package.json: npm run bench -- FILE", () => {
  it("GIVEN a benchmark file after -- THEN npm passes it to the SQuAD bench and to the semantic-latency bench, and not to the Discord one", async () => {
    expect(await benchCalls(["--json", "my file.json"])).toEqual([
      "src/eval/bench.ts --json my file.json",
      "tests/bench/semantic-latency.ts --json my file.json",
      "tests/bench/discord-latency.ts",
      "",
    ]);
  });

  it("GIVEN --scale among the arguments THEN only the bench's entry runs, once, with every argument", async () => {
    expect(await benchCalls(["--max", "300k", "--scale", "my file.json"])).toEqual([
      "src/eval/bench.ts --max 300k --scale my file.json",
      "",
    ]);
  });
});
