/**
 * The SQuAD 2.0 benchmark as a Citebot corpus: one text document per article (paragraph
 * contexts separated by blank lines), and for every question the gold sentence and answers.
 */
import { existsSync } from "node:fs";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createError, describeError } from "../errors.js";
import path from "node:path";
import { z } from "zod";
import { sentenceSpans } from "../chunk/index.js";
import { normalizeWhitespace } from "../ingest/index.js";

const SquadSchema = z.object({
  data: z.array(
    z.object({
      title: z.string(),
      paragraphs: z.array(
        z.object({
          context: z.string(),
          qas: z.array(
            z.object({
              id: z.string(),
              question: z.string(),
              is_impossible: z.boolean().default(false),
              answers: z.array(z.object({ text: z.string(), answer_start: z.number().int() })),
            }),
          ),
        }),
      ),
    }),
  ),
});

export interface EvalQuestion {
  id: string;
  question: string;
  answerable: boolean;
  docId: string;
  /** Position of the question's article in the benchmark file, from 0. */
  article: number;
  /** The sentence of the gold paragraph that holds the answer, whitespace-normalised. */
  goldSentence: string | null;
  answers: string[];
}

export interface EvalSet {
  articles: { docId: string; title: string; paragraphs: string[] }[];
  questions: EvalQuestion[];
}

/** The shared benchmark file, when this checkout sits in a workplace that has it. */
export function defaultEvalFile(cwd: string): string | null {
  const candidate = path.resolve(cwd, "..", "shared", "eval", "squad2-dev-5articles.json");
  return existsSync(candidate) ? candidate : null;
}

function goldSentence(context: string, answerStart: number): string | null {
  const span = sentenceSpans(context).find((s) => answerStart >= s.start && answerStart < s.end);
  return span ? normalizeWhitespace(context.slice(span.start, span.end)) : null;
}

export async function loadSquad(file: string): Promise<EvalSet> {
  const raw = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw createError(
      "PATH_INVALID",
      `benchmark file ${file} ${error.code === "ENOENT" ? "does not exist" : `cannot be read: ${describeError(error)}`}`,
      error,
    );
  });
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    // JSON.parse quotes the text it failed on, line breaks and all: the error stays one line.
    throw createError("BENCHMARK_INVALID", `benchmark file ${file} is not JSON: ${describeError(error).replace(/\s+/g, " ")}`, error);
  }
  const checked = SquadSchema.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue && issue.path.length > 0 ? issue.path.join(".") : "the top";
    throw createError("BENCHMARK_INVALID", `benchmark file ${file}: ${issue?.message ?? "wrong shape"} at ${where}`, checked.error);
  }
  const parsed = checked.data;
  const articles: EvalSet["articles"] = [];
  const questions: EvalQuestion[] = [];
  for (const [articleIndex, article] of parsed.data.entries()) {
    const docId = `${article.title.replace(/[^\w-]+/g, "_")}.txt`;
    articles.push({ docId, title: article.title.replace(/_/g, " "), paragraphs: article.paragraphs.map((p) => p.context) });
    for (const p of article.paragraphs) {
      for (const qa of p.qas) {
        const first = qa.answers[0];
        questions.push({
          id: qa.id,
          question: qa.question,
          answerable: !qa.is_impossible && first !== undefined,
          docId,
          article: articleIndex,
          goldSentence: first && !qa.is_impossible ? goldSentence(p.context, first.answer_start) : null,
          answers: [...new Set(qa.answers.map((a) => a.text))],
        });
      }
    }
  }
  return { articles, questions };
}

/** Articles used for tuning weights and thresholds: the first three of the file. The rest are held out. */
export const TUNING_ARTICLES = 3;

/** Which part of the benchmark a question belongs to. */
export type EvalSplit = "tuning" | "held-out";

export function splitOf(q: Pick<EvalQuestion, "article">): EvalSplit {
  return q.article < TUNING_ARTICLES ? "tuning" : "held-out";
}

/** Writes the articles as `.txt` documents with front matter into `dir`. */
export async function writeSquadCorpus(set: EvalSet, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  for (const a of set.articles) {
    // Each paragraph on one line: its lines trimmed and joined (a split, not /\s*\n\s*/, which is quadratic on long runs of spaces).
    const body = a.paragraphs
      .map((p) =>
        p
          .split("\n")
          .map((line) => line.trim())
          .join(" "),
      )
      .join("\n\n");
    await writeFile(
      path.join(dir, a.docId),
      `---\ntitle: ${JSON.stringify(a.title)}\nsource: "SQuAD 2.0 dev (CC BY-SA 4.0)"\n---\n\n${body}\n`,
    );
  }
}
