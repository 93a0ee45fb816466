import { execFile, execFileSync } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerSchema } from "../src/answer/index.js";
import { ClaimCheckSchema } from "../src/check/index.js";
import { ERROR_MESSAGES } from "../src/errors.js";
import { offlineEnv, REPO_ROOT, tempDir, writeCorpus, type TempDir } from "./helpers/fixtures.js";

const run = promisify(execFile);
const TSX = path.join(REPO_ROOT, "node_modules", ".bin", "tsx");
let dir: TempDir;

beforeAll(async () => {
  dir = await tempDir();
});
afterAll(() => dir.cleanup());

/** Runs a command as `npm run --silent` would, with the built-in corpus and a private index folder. */
async function cli(script: string, args: string[], options: { input?: string; env?: Record<string, string> } = {}) {
  const env = offlineEnv(dir.path, { INDEX_DIR: path.join(dir.path, "index"), ...options.env });
  const child = run(TSX, [path.join(REPO_ROOT, "src", script), ...args], { cwd: REPO_ROOT, env, timeout: 60_000 });
  if (options.input !== undefined) {
    child.child.stdin?.end(options.input);
  }
  return child.then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

describe("ask --json on the built-in article", () => {
  it("GIVEN the 230,000 question THEN stdout is only the JSON answer, quoting the sentence and citing article.md", async () => {
    const { code, stdout, stderr } = await cli("cli/ask-cmd.ts", [
      "--json",
      "How many people were persuaded to return between April 2021 and July 2022?",
    ]);
    expect(code).toBe(0);
    const answer = AnswerSchema.parse(JSON.parse(stdout));
    expect(answer.abstained).toBe(false);
    expect(answer.mode).toBe("lexical");
    expect(answer.answer[0]?.text).toContain("230,000");
    expect(answer.citations[0]).toMatchObject({ n: 1, doc: "article.md", page: null, paragraph: 5 });
    const first = answer.answer[0];
    expect(first?.highlight && first.text.slice(first.highlight.start, first.highlight.end)).toBe("230,000");
    expect(stderr).toContain("LEXICAL retrieval only");
  });

  it("GIVEN an off-topic question THEN it abstains", async () => {
    const { code, stdout } = await cli("cli/ask-cmd.ts", ["--json", "What is the capital of Peru?"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toMatchObject({ abstained: true, answer: [], citations: [] });
  });

  it("GIVEN --top 2 THEN two passages are listed", async () => {
    const { stdout } = await cli("cli/ask-cmd.ts", ["--json", "--top", "2", "Which countries handed people over?"]);
    expect(JSON.parse(stdout).passages).toHaveLength(2);
  });

  it("GIVEN a bad --top THEN one line names the setting and the exit status is 2", async () => {
    const { code, stderr, stdout } = await cli("cli/ask-cmd.ts", ["--top", "zero", "question"]);
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr.trim().split("\n")).toHaveLength(1);
    expect(stderr).toContain("TOP_K (--top): expected a whole number from 1 to 50");
  });
});

describe("ask --batch", () => {
  it("GIVEN plain and JSON lines THEN one JSON answer per question, in order", async () => {
    const batch = path.join(dir.path, "questions.jsonl");
    await writeCorpus(dir.path, {
      "questions.jsonl": 'How many individuals were handed over from Fiji?\n\n{"q": "What is the capital of Peru?"}\n',
    });
    const { code, stdout } = await cli("cli/ask-cmd.ts", ["--batch", batch, "--json"]);
    expect(code).toBe(0);
    const answers = stdout
      .trim()
      .split("\n")
      .map((l) => AnswerSchema.parse(JSON.parse(l)));
    expect(answers.map((a) => [a.question, a.abstained])).toEqual([
      ["How many individuals were handed over from Fiji?", false],
      ["What is the capital of Peru?", true],
    ]);
    expect(answers[0]?.answer[0]?.text).toContain("77 individuals from Fiji");
  });

  it("GIVEN a named pipe as the batch file THEN it is read as it comes", async () => {
    const fifo = path.join(dir.path, "questions.fifo");
    execFileSync("mkfifo", [fifo]);
    const writer = writeFile(fifo, "How many individuals were handed over from Fiji?\n");
    const { code, stdout } = await cli("cli/ask-cmd.ts", ["--batch", fifo, "--json"]);
    await writer;
    expect(code).toBe(0);
    expect(
      stdout
        .trim()
        .split("\n")
        .map((l) => AnswerSchema.parse(JSON.parse(l)).question),
    ).toEqual(["How many individuals were handed over from Fiji?"]);
  });

  it("GIVEN inspect of a named pipe or of a link to /dev/zero THEN it is refused at once with exit status 2", async () => {
    const fifo = path.join(dir.path, "pipe.md");
    const zero = path.join(dir.path, "zero.pdf");
    execFileSync("mkfifo", [fifo]);
    execFileSync("ln", ["-s", "/dev/zero", zero]);
    for (const file of [fifo, zero]) {
      const { code, stdout, stderr } = await cli("cli/inspect-cmd.ts", [file]);
      expect({ code, stdout, stderr }).toEqual({
        code: 2,
        stdout: "",
        stderr: `error: Path not usable: file ${file} is not a regular file (a pipe or a device)\n`,
      });
    }
  });

  it("GIVEN /dev/zero as the batch file THEN it stops at MAX_FILE_MB with FILE_TOO_LARGE instead of filling memory", async () => {
    const { code, stdout, stderr } = await cli("cli/ask-cmd.ts", ["--batch", "/dev/zero", "--json"], { env: { MAX_FILE_MB: "1" } });
    expect({ code, stdout, stderr }).toEqual({
      code: 1,
      stdout: "",
      stderr: "error: File is larger than the size cap: batch file (--batch) /dev/zero is over the 1 MB cap (MAX_FILE_MB)\n",
    });
  });
});

describe("ask --batch with conversations", () => {
  it("GIVEN two interleaved conversations and a plain line THEN each follow-up is read with its own conversation's previous question", async () => {
    const batch = path.join(dir.path, "conversations.jsonl");
    await writeCorpus(dir.path, {
      "conversations.jsonl": [
        '{"q": "How many individuals were handed over from Fiji?", "conversation": "a"}',
        '{"q": "When was Operation Fox Hunt launched?", "conversation": "b"}',
        '{"q": "and Laos?", "conversation": "a"}',
        '{"q": "who ran it?", "conversation": "b"}',
        "who ran it?",
        '{"q": "what about Vanuatu?", "conversation": "a"}',
      ].join("\n"),
    });
    const { code, stdout } = await cli("cli/ask-cmd.ts", ["--batch", batch, "--json"]);
    expect(code).toBe(0);
    const answers = stdout
      .trim()
      .split("\n")
      .map((l) => AnswerSchema.parse(JSON.parse(l)));
    expect(answers.map((a) => [a.question, a.understoodAs, a.abstained])).toEqual([
      ["How many individuals were handed over from Fiji?", "How many individuals were handed over from Fiji?", false],
      ["When was Operation Fox Hunt launched?", "When was Operation Fox Hunt launched?", false],
      ["and Laos?", "How many individuals were handed over from Laos?", false],
      ["who ran it?", "Who ran Operation Fox Hunt?", false],
      ["who ran it?", "who ran it?", true],
      ["what about Vanuatu?", "How many individuals were handed over from Vanuatu?", false],
    ]);
    expect(answers[3]?.answer[0]?.text).toBe(
      "In 2014, the People’s Republic of China launched so-called Operation ‘Fox Hunt’, a year later followed ‘Operation Sky Net’.",
    );
  });
});

describe("ask --batch with bad lines", () => {
  it("GIVEN malformed JSON, an empty question and a blank line THEN one output line per non-blank line, errors in place with their line numbers, exit 1", async () => {
    const batch = path.join(dir.path, "mixed.jsonl");
    await writeCorpus(dir.path, {
      "mixed.jsonl": 'How many individuals were handed over from Fiji?\n{"q": broken\n\n{"q": ""}\nWhat is the capital of Peru?\n',
    });
    const { code, stdout, stderr } = await cli("cli/ask-cmd.ts", ["--batch", batch, "--json"]);
    expect(code).toBe(1);
    const lines = stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(4);
    expect(AnswerSchema.parse(lines[0]).answer[0]?.text).toContain("77 individuals from Fiji");
    expect(lines[1]).toMatchObject({ line: 2, code: "BATCH_LINE_INVALID" });
    expect(lines[2]).toMatchObject({ line: 4, code: "QUESTION_INVALID" });
    expect(AnswerSchema.parse(lines[3])).toMatchObject({ question: "What is the capital of Peru?", abstained: true });
    expect(stderr).toContain("2 line(s) of the batch could not be answered");
  });

  it("GIVEN a question over QUESTION_MAX_CHARS THEN ask refuses it as bad input, exit 2, and prints no answer", async () => {
    const { code, stdout, stderr } = await cli("cli/ask-cmd.ts", ["--json", "why ".repeat(100)], { env: { QUESTION_MAX_CHARS: "50" } });
    expect(code).toBe(2);
    expect(stdout).toBe("");
    expect(stderr).toContain("Invalid question: the question has 399 characters, over the 50 of QUESTION_MAX_CHARS");
  });
});

describe("ask on a source holding terminal escapes", () => {
  it("GIVEN an OSC-8 link and colour codes in a source THEN the printed answer has no escape, and the JSON keeps the text verbatim", async () => {
    const corpus = path.join(dir.path, "hostile");
    const osc = "\u001b]8;;https://evil.example/login\u001b\\official notice\u001b]8;;\u001b\\";
    await writeCorpus(corpus, {
      "notice.md": `---\ntitle: "Notice \u001b[31mred"\n---\n\nThe ministry published an ${osc} about returns in 2014.\n`,
    });
    const args = ["--corpus", corpus, "--index", path.join(dir.path, "hostile-index")];
    const text = await cli("cli/ask-cmd.ts", [...args, "When was the notice about returns published?"]);
    expect(text.code).toBe(0);
    expect(text.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/);
    expect(text.stdout).toContain("“The ministry published an official notice about returns in 2014.” [1]");
    expect(text.stdout).toContain("[1] Notice red, ¶ 1 (notice.md)");
    const json = await cli("cli/ask-cmd.ts", [...args, "--json", "When was the notice about returns published?"]);
    expect(JSON.parse(json.stdout).answer[0].text).toBe(`The ministry published an ${osc} about returns in 2014.`);
  });
});

describe("npm start without DISCORD_TOKEN (terminal chat, piped)", () => {
  it("GIVEN two questions on stdin THEN it answers each with quotes and sources, then exits at end of input", async () => {
    const { code, stdout } = await cli("main.ts", [], { input: "When was Operation Fox Hunt launched?\nWhat is the capital of Peru?\n" });
    expect(code).toBe(0);
    expect(stdout).toContain("Q: When was Operation Fox Hunt launched?");
    expect(stdout).toContain(
      "“In 2014, the People’s Republic of China launched so-called Operation ‘Fox Hunt’, a year later followed ‘Operation Sky Net’.” [1]",
    );
    expect(stdout).toContain("[1] Article: Safeguard Defenders report on forced returns to China, 2014-2023, ¶ 3 (article.md)");
    expect(stdout).toContain("Q: What is the capital of Peru?\nI couldn't find this in the sources.");
    // Piped output is plain: the highlight's bold is for terminals only.
    expect(stdout).not.toContain("\u001b");
  });
});

describe("npm start without DISCORD_TOKEN (terminal chat, piped), with follow-ups", () => {
  const input = "When was Operation Fox Hunt launched?\nwho ran it?\n";

  it("GIVEN a question then a short one THEN the second is read with the first, and the chat shows how it understood it", async () => {
    const { code, stdout } = await cli("main.ts", [], { input });
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Q: who ran it?\nUnderstood as: Who ran Operation Fox Hunt?\n  “In 2014, the People’s Republic of China launched so-called Operation ‘Fox Hunt’",
    );
  });

  it("GIVEN FOLLOW_UP_TURNS=0 THEN the short question stands alone", async () => {
    const { code, stdout } = await cli("main.ts", [], { input, env: { FOLLOW_UP_TURNS: "0" } });
    expect(code).toBe(0);
    expect(stdout).toContain("Q: who ran it?\nI couldn't find this in the sources.");
  });
});

describe("npm start, piped, with a question over QUESTION_MAX_CHARS", () => {
  it("GIVEN a 400-character question then a normal one THEN the first is refused with the reason and the second answered", async () => {
    const { code, stdout } = await cli("main.ts", [], { input: `${"x".repeat(400)}\nWhen was Operation Fox Hunt launched?\n` });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `Q: ${"x".repeat(80)}…\nCannot answer: the question has 400 characters, over the 300 of QUESTION_MAX_CHARS.\n`,
    );
    expect(stdout).toContain("Q: When was Operation Fox Hunt launched?\n  “In 2014");
  });
});

describe("npm run index", () => {
  it("GIVEN another corpus THEN it indexes it and reports files it could not read", async () => {
    await writeCorpus(path.join(dir.path, "other"), { "notes.md": "# Notes\n\nSome notes.", "broken.pdf": "not a pdf" });
    const { code, stderr } = await cli("cli/index-cmd.ts", [
      "--corpus",
      path.join(dir.path, "other"),
      "--index",
      path.join(dir.path, "other-index"),
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain("notes.md: Notes (markdown, 2 chunks)");
    expect(stderr).toMatch(/skipped broken\.pdf: Could not parse PDF: Invalid PDF structure/);
  });
});

describe("exit statuses: usage and path errors exit 2 with one line, whatever LOG_LEVEL", () => {
  const missing = () => path.join(dir.path, "no-such-thing");
  const aFile = () => path.join(dir.path, "questions.jsonl");

  it.each([
    [
      "ask with a missing --corpus",
      "cli/ask-cmd.ts",
      () => ["--corpus", missing(), "q"],
      () => `error: Path not usable: corpus folder (CORPUS_DIR, --corpus) ${missing()} does not exist`,
    ],
    [
      "index with a missing --corpus",
      "cli/index-cmd.ts",
      () => ["--corpus", missing()],
      () => `error: Path not usable: corpus folder (CORPUS_DIR, --corpus) ${missing()} does not exist`,
    ],
    [
      "npm start with a missing corpus",
      "main.ts",
      () => ["--corpus", missing()],
      () => `error: Path not usable: corpus folder (CORPUS_DIR, --corpus) ${missing()} does not exist`,
    ],
    [
      "ask with --index inside a file",
      "cli/ask-cmd.ts",
      () => ["--index", path.join(aFile(), "index"), "q"],
      () => `error: Path not usable: index folder (INDEX_DIR, --index) ${path.join(aFile(), "index")}: ${aFile()} is a file, not a folder`,
    ],
    // Node's recursive mkdir loops for ever on /proc; the folder is made one level at a time instead.
    [
      "ask with --index where no folder can be made",
      "cli/ask-cmd.ts",
      () => ["--index", "/proc/citebot-index", "q"],
      () =>
        "error: Path not usable: index folder (INDEX_DIR, --index) /proc/citebot-index cannot be created: ENOENT: no such file or directory, mkdir '/proc/citebot-index'",
    ],
    [
      "ask with a missing --batch file",
      "cli/ask-cmd.ts",
      () => ["--batch", missing(), "--json"],
      () => `error: Path not usable: batch file (--batch) ${missing()} does not exist`,
    ],
    [
      "ask with a folder as --batch file",
      "cli/ask-cmd.ts",
      () => ["--batch", dir.path, "--json"],
      () => `error: Path not usable: batch file (--batch) ${dir.path} is a folder, not a file`,
    ],
    [
      "inspect of a missing file",
      "cli/inspect-cmd.ts",
      () => [`${missing()}.pdf`],
      () => `error: Path not usable: file ${missing()}.pdf does not exist`,
    ],
    [
      "corpus:add of a missing file",
      "cli/corpus-add-cmd.ts",
      () => [`${missing()}.md`, "--corpus", path.join(dir.path, "add-corpus")],
      () => `error: Path not usable: file ${missing()}.md does not exist`,
    ],
    [
      "ask without a question",
      "cli/ask-cmd.ts",
      () => [],
      () => 'error: Invalid command line: no question given: npm run ask -- "your question" (or --batch FILE)',
    ],
    [
      "inspect without a file",
      "cli/inspect-cmd.ts",
      () => [],
      () => "error: Invalid command line: usage: npm run inspect -- FILE [--json] [--page N]",
    ],
    [
      "eval of a missing benchmark file",
      "eval/run.ts",
      () => [missing()],
      () => `error: Path not usable: benchmark file ${missing()} does not exist`,
    ],
    [
      "bench of a missing benchmark file",
      "eval/bench.ts",
      () => [missing()],
      () => `error: Path not usable: benchmark file ${missing()} does not exist`,
    ],
  ])("GIVEN %s and LOG_LEVEL=silent THEN exit status 2 and the one error line on stderr", async (_case, script, args, line) => {
    await writeCorpus(dir.path, { "questions.jsonl": "When was Operation Fox Hunt launched?\n" });
    const { code, stdout, stderr } = await cli(script, args(), { env: { LOG_LEVEL: "silent" } });
    expect({ code, stdout, stderr }).toEqual({ code: 2, stdout: "", stderr: `${line()}\n` });
  });

  it.each([
    ["ask --batch of blank lines only", "BATCH_EMPTY", "cli/ask-cmd.ts", () => ["--batch", path.join(dir.path, "blank.txt"), "--json"]],
    [
      "corpus:add of an ftp: address",
      "URL_INVALID",
      "cli/corpus-add-cmd.ts",
      () => ["ftp://example.org/report.pdf", "--corpus", path.join(dir.path, "add-corpus")],
    ],
    [
      "corpus:add of a local README.md",
      "NAME_INVALID",
      "cli/corpus-add-cmd.ts",
      () => [path.join(dir.path, "local", "README.md"), "--corpus", path.join(dir.path, "add-corpus")],
    ],
    [
      "corpus:add of a .docx file",
      "FILE_UNSUPPORTED",
      "cli/corpus-add-cmd.ts",
      () => [path.join(dir.path, "local", "notes.docx"), "--corpus", path.join(dir.path, "add-corpus")],
    ],
    [
      "inspect --page past the last page",
      "USAGE_INVALID",
      "cli/inspect-cmd.ts",
      () => [path.join(dir.path, "local", "notes.md"), "--page", "9"],
    ],
    ["eval of a file that is not JSON", "BENCHMARK_INVALID", "eval/run.ts", () => [path.join(dir.path, "local", "notes.md")]],
    ["bench of JSON that is not SQuAD", "BENCHMARK_INVALID", "eval/bench.ts", () => [path.join(dir.path, "local", "other.json")]],
  ] as const)("GIVEN %s THEN %s, exit status 2 and one line on stderr", async (_case, errorCode, script, args) => {
    await writeCorpus(dir.path, {
      "blank.txt": "\n  \n",
      "local/README.md": "# Notes\n",
      "local/notes.docx": "PK",
      "local/notes.md": "One page of notes.\n",
      "local/other.json": '{"data": 5}',
    });
    const { code, stdout, stderr } = await cli(script, args(), { env: { LOG_LEVEL: "silent" } });
    expect({ code, stdout, lines: stderr.split("\n").length }).toEqual({ code: 2, stdout: "", lines: 2 });
    expect(stderr.startsWith(`error: ${ERROR_MESSAGES[errorCode]}: `)).toBe(true);
  });

  it("GIVEN a corpus with nothing readable and LOG_LEVEL=silent THEN the fatal error still reaches stderr, with exit status 1", async () => {
    await writeCorpus(path.join(dir.path, "unreadable"), { "broken.pdf": "not a pdf" });
    const { code, stderr } = await cli(
      "cli/index-cmd.ts",
      ["--corpus", path.join(dir.path, "unreadable"), "--index", path.join(dir.path, "unreadable-index")],
      { env: { LOG_LEVEL: "silent" } },
    );
    expect({ code, stderr }).toEqual({
      code: 1,
      stderr: `error: No documents could be indexed: ${path.join(dir.path, "unreadable")} has no readable .md, .txt or .pdf file (1 skipped)\n`,
    });
  });
});

describe("npm run check", () => {
  it("GIVEN a claim with --json THEN stdout is only the check JSON; GIVEN none THEN a usage error", async () => {
    const { code, stdout } = await cli("cli/check-cmd.ts", ["--json", "98 people were returned from Indonesia"]);
    expect(code).toBe(0);
    const check = ClaimCheckSchema.parse(JSON.parse(stdout));
    expect(check).toMatchObject({
      verdict: "contradicted",
      facts: [
        { claimText: "98", sourceText: "88", agree: false },
        { claimText: "Indonesia", sourceText: "Indonesia", agree: true },
      ],
    });
    const none = await cli("cli/check-cmd.ts", []);
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no claim given");
  });

  it("GIVEN --between the built-in article and another corpus document THEN a table of its statements with a number or date, and verdicts", async () => {
    const corpus = path.join(dir.path, "between-corpus");
    await writeCorpus(corpus, {
      "article.md": await readFile(path.join(REPO_ROOT, "corpus", "article.md"), "utf8"),
      "report.md":
        "# Handovers\n\nFiji handed over 77 individuals in 2017.\n\nIndonesia handed over 98 individuals.\n\nOperation Fox Hunt began in 2014.\n",
    });
    const env = { CORPUS_DIR: corpus, INDEX_DIR: path.join(dir.path, "between-index") };
    const { code, stdout } = await cli("cli/check-cmd.ts", ["--between", "article.md", path.join(corpus, "report.md")], { env });
    expect(code).toBe(0);
    expect(stdout).toContain(
      "Statements of article.md with a number or a date (one row per clause or list item), checked against report.md:",
    );
    expect(stdout).toMatch(/^\d+ +supported +of 77 individuals from Fiji in 2017 +Handovers, ¶ 2, under \*Handovers\*$/m);
    expect(stdout).toMatch(
      /^\d+ +contradicted +88 from Indonesia +Handovers, ¶ 3, under \*Handovers\*\n +article\.md says “88”, report\.md “98”$/m,
    );
    expect(stdout).toMatch(/^8 statement\(s\): 1 supported, 1 contradicted, 6 not found\.$/m);
    const wrong = await cli("cli/check-cmd.ts", ["--between", "article.md", "nothing.pdf"], { env });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('no indexed document is named "nothing.pdf"');
  });
});
