/**
 * An extractive question-answering model (transformers.js's `question-answering` pipeline, such
 * as a DistilBERT trained on SQuAD) behind the small `SpanReader` interface: given a question and
 * one sentence, the words of the sentence that answer it. Loaded from the models folder through
 * the embedder's own loading path, never from the network at query time.
 */
import { loadLocalPipeline, type ModelSource, type ModelTask } from "./embedder.js";

export interface SpanReader {
  readonly modelId: string;
  /** Character offsets into `context` of the span the model reads as the answer, or null. */
  answerSpan(question: string, context: string): Promise<{ start: number; end: number } | null>;
}

export const QA_TASK: ModelTask = {
  task: "question-answering",
  unavailable: "QA_MODEL_UNAVAILABLE",
  downloadFailed: "QA_MODEL_DOWNLOAD_FAILED",
};

/** Folded for comparison: compatibility forms, no accents, lower case (what an uncased tokenizer does). */
function fold(char: string): string {
  return char.normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase();
}

/**
 * Where `answer`, as the model's tokenizer decodes it, stands in `context`: the first place
 * whose characters, white space aside and folded, are the answer's. The decoder puts spaces
 * around punctuation ("30 , 000") and an uncased model lower-cases, so the text is compared
 * without them. Plain string search: the answer is never a pattern. Null when it is not found.
 */
export function locateAnswer(context: string, answer: string): { start: number; end: number } | null {
  let folded = "";
  const origin: number[] = [];
  for (let i = 0; i < context.length;) {
    const char = String.fromCodePoint(context.codePointAt(i) as number);
    if (!/\s/u.test(char)) {
      for (const f of fold(char)) {
        folded += f;
        origin.push(i);
      }
    }
    i += char.length;
  }
  const wanted = [...answer]
    .filter((c) => !/\s/u.test(c))
    .map(fold)
    .join("");
  if (wanted === "") return null;
  // The first place where the answer starts and ends on word boundaries ("30" is not the "30" of "1930").
  const isWordChar = (i: number) => i >= 0 && i < context.length && /[\p{L}\p{N}]/u.test(context[i] as string);
  for (let at = folded.indexOf(wanted); at >= 0; at = folded.indexOf(wanted, at + 1)) {
    const start = origin[at] as number;
    const last = origin[at + wanted.length - 1] as number;
    const end = last + String.fromCodePoint(context.codePointAt(last) as number).length;
    const startsWord = !isWordChar(start) || !isWordChar(start - 1);
    const endsWord = !isWordChar(end - 1) || !isWordChar(end);
    if (startsWord && endsWord) return { start, end };
  }
  return null;
}

type Answerer = (question: string, context: string) => Promise<{ answer: string; score: number }>;

/**
 * Loads the question-answering model from the models folder (never from the network). Throws
 * `QA_MODEL_UNAVAILABLE` when it is missing or does not load.
 */
export async function loadSpanReader(config: ModelSource): Promise<SpanReader> {
  const answerer = (await loadLocalPipeline(config, QA_TASK)) as Answerer;
  return {
    modelId: config.model,
    async answerSpan(question, context) {
      const { answer } = await answerer(question, context);
      return locateAnswer(context, answer);
    },
  };
}
