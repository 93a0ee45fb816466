import path from "node:path";
import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runChat } from "../src/cli/chat.js";
import { openEngine, type Engine } from "../src/engine.js";
import { memoryLogger, REPO_ROOT, tempDir, testConfig, type TempDir } from "./helpers/fixtures.js";

let dir: TempDir;
let engine: Engine;

beforeAll(async () => {
  dir = await tempDir();
  engine = await openEngine(testConfig(dir.path, { CORPUS_DIR: path.join(REPO_ROOT, "corpus"), EMBED_MODEL: "none" }), memoryLogger());
});
afterAll(() => dir?.cleanup());

/** Runs the chat over `lines` as a terminal would type them; returns what it printed. */
async function chat(lines: string[], followUp = { minutes: 5, turns: 3 }): Promise<string> {
  const input = new PassThrough();
  const output = new PassThrough();
  let printed = "";
  output.on("data", (c: Buffer) => (printed += c.toString("utf8")));
  const done = runChat(engine, { input, output, interactive: true, questionMaxChars: 300, followUp });
  input.end(`${lines.join("\n")}\n`);
  await done;
  return printed;
}

describe("the interactive terminal chat", () => {
  it("GIVEN a question then a short one THEN the second is answered as the question understood, shown first", async () => {
    const printed = await chat(["When was Operation Fox Hunt launched?", "who ran it?", ""]);
    expect(printed).toContain(
      "Understood as: Who ran Operation Fox Hunt?\n  “In 2014, the People’s Republic of China launched so-called Operation ‘Fox Hunt’",
    );
  });

  it("GIVEN FOLLOW_UP_TURNS=1 THEN a second follow-up in a row stands alone", async () => {
    const printed = await chat(["How many individuals were handed over from Fiji?", "and Laos?", "what about Vanuatu?", ""], {
      minutes: 5,
      turns: 1,
    });
    expect(printed).toContain("Understood as: How many individuals were handed over from Laos?");
    expect(printed.match(/Understood as: .*/g)).toEqual(["Understood as: How many individuals were handed over from Laos?"]);
  });
});
