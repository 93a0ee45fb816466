/**
 * Part of `npm run bench`: answer latency as Discord sees it. The real discord.js client of the
 * product talks to the fake Discord on 127.0.0.1; for each /ask we time the dispatch of the
 * interaction to the deferral (must be well under Discord's 3 s) and to the edited answer.
 */
import path from "node:path";
import { runBot } from "../../src/bot/index.js";
import { readConfig } from "../../src/config.js";
import { openEngine } from "../../src/engine.js";
import { createLogger } from "../../src/log.js";
import { percentile } from "../../src/eval/percentile.js";
import { IDS, startFakeDiscord, type RecordedRequest } from "../helpers/fake-discord.js";

const QUESTIONS = [
  "How many people were persuaded to return between April 2021 and July 2022?",
  "When was Operation Fox Hunt launched?",
  "Which operation followed Fox Hunt?",
  "How many individuals were handed over from Fiji?",
  "What did Safeguard Defenders criticize about UNODC?",
  "How many countries did forced returns come from?",
  "How many people were handed over from Myanmar?",
  "What is persuade to return?",
  "Who published the report?",
  "What is the capital of Peru?",
];
const ROUNDS = 6;

const config = readConfig([]);
const logger = createLogger("warn");
const engine = await openEngine({ ...config, embedding: config.embedding && { ...config.embedding, allowDownload: false } }, logger);
const fake = await startFakeDiscord();
const bot = await runBot(
  engine,
  {
    token: "test-token",
    appId: IDS.app,
    guildId: null,
    apiBase: fake.apiBase,
    cooldownSeconds: 5,
    questionMaxChars: 300,
    maxConcurrentAnswers: 4,
    logQuestions: false,
  },
  logger,
);
const defer: number[] = [];
const total: number[] = [];
try {
  for (let i = 0; i < QUESTIONS.length * ROUNDS; i++) {
    const question = QUESTIONS[i % QUESTIONS.length] as string;
    const { id, token, sentAt } = fake.command("ask", [{ name: "question", type: 3, value: question }], {
      id: String(500000000000000000n + BigInt(i)),
      username: `user${i}`,
    });
    const deferred = await fake.waitFor((r: RecordedRequest) => r.method === "POST" && r.path.startsWith(`/interactions/${id}/`));
    const edited = await fake.waitFor(
      (r: RecordedRequest) => r.method === "PATCH" && r.path === `/webhooks/${IDS.app}/${token}/messages/@original`,
    );
    defer.push(deferred.at - sentAt);
    total.push(edited.at - sentAt);
  }
} finally {
  await bot.stop(1000);
  await fake.close();
}
defer.sort((a, b) => a - b);
total.sort((a, b) => a - b);
const f = (x: number) => x.toFixed(1);
process.stdout.write(
  `\nDiscord /ask through the fake Discord on 127.0.0.1 (${engine.mode}, ${path.basename(config.corpusDir)}/, ${total.length} questions)\n` +
    `  dispatch → deferral   p50 ${f(percentile(defer, 0.5))} ms, p95 ${f(percentile(defer, 0.95))} ms, max ${f(defer.at(-1) ?? 0)} ms\n` +
    `  dispatch → answer     p50 ${f(percentile(total, 0.5))} ms, p95 ${f(percentile(total, 0.95))} ms, max ${f(total.at(-1) ?? 0)} ms\n`,
);
process.exit(0);
