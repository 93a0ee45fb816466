/**
 * The highlight chosen by a question-answering model: inside each chosen sentence, the span the
 * model reads as the answer. Where the model finds none it can place in the sentence, the
 * heuristic's highlight stays.
 */
import type { SpanReader } from "../store/index.js";
import type { Answer } from "./schema.js";

/**
 * `answer` with each sentence's highlight chosen by `reader` where it finds one. A model that
 * fails on a sentence leaves the heuristic's highlight: the answer itself never depends on it.
 * `onError` hears of each failure.
 */
export async function readSpans(answer: Answer, reader: SpanReader, onError: (error: unknown) => void = () => {}): Promise<Answer> {
  if (answer.abstained) return answer;
  const sentences = [];
  for (const s of answer.answer) {
    let span = null;
    try {
      span = await reader.answerSpan(answer.question, s.text);
    } catch (error) {
      onError(error);
    }
    sentences.push({ ...s, highlight: span ?? s.highlight });
  }
  return { ...answer, answer: sentences };
}
