/**
 * The terminal chat: an interactive prompt on a TTY; with piped input, one answer per line,
 * ending at the end of input.
 */
import { createInterface } from "node:readline/promises";
import { cleanQuestion, questionProblem } from "../answer/index.js";
import { ConversationMemory, DEFAULT_FOLLOW_UP, type FollowUpSettings } from "../conversation.js";
import type { EngineView } from "../engine.js";
import type { GapList } from "../gaps/index.js";
import { printableLine } from "../printable.js";
import { formatAnswer, formatExchange, type TerminalStyle } from "./format.js";

export interface ChatIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
  interactive: boolean;
  /** Longer questions are refused with a message (QUESTION_MAX_CHARS). */
  questionMaxChars: number;
  /** When aborted, the chat stops reading; an answer being written is finished first. */
  signal?: AbortSignal;
  /** Follow-ups are read with the previous question for this long and this many turns. */
  followUp?: FollowUpSettings;
  /** Bold highlights (see `terminalStyle`); plain when absent. */
  style?: TerminalStyle;
  /** Counts declined questions (GAP_LIST); the caller closes it. */
  gaps?: GapList | null;
}

/** The chat has one member in one place: one conversation. */
const CHAT = "chat";

export async function runChat(engine: EngineView, io: ChatIO): Promise<void> {
  const memory = new ConversationMemory(io.followUp ?? DEFAULT_FOLLOW_UP);
  const rl = createInterface({ input: io.input, output: io.output, terminal: io.interactive });
  const write = (text: string) => io.output.write(`${text}\n`);
  const close = () => rl.close();
  io.signal?.addEventListener("abort", close, { once: true });
  // On a terminal, readline takes Ctrl-C itself instead of letting it raise SIGINT: quit on it.
  if (io.interactive) rl.on("SIGINT", close);
  if (io.interactive) {
    write(`Citebot — answers quoted from ${engine.sources().length} document(s), mode ${engine.mode}. Empty line or Ctrl-D to quit.`);
    rl.setPrompt("ask> ");
    rl.prompt();
  }
  for await (const line of rl) {
    if (line.trim() === "") {
      if (io.interactive) break;
      continue;
    }
    const question = cleanQuestion(line);
    const problem = questionProblem(question, io.questionMaxChars);
    if (problem) {
      const shown = question.length > 80 ? `${question.slice(0, 80)}…` : question;
      write(io.interactive ? `Cannot answer: ${problem}.` : `Q: ${printableLine(shown)}\nCannot answer: ${problem}.\n`);
    } else {
      const context = memory.recall(CHAT);
      const answer = await engine.ask(question, { previous: context?.question ?? null });
      memory.remember(CHAT, answer, context);
      io.gaps?.count(answer);
      write(io.interactive ? formatAnswer(answer, io.style) : formatExchange(question, answer, io.style));
    }
    if (io.interactive) rl.prompt();
  }
  io.signal?.removeEventListener("abort", close);
  rl.close();
}
