/**
 * Runs in the child process that reads PDFs: reads each PDF it is sent and sends back the parsed
 * `SourceDocument` (plain data) or the coded error. The parent enforces the time and memory
 * limits by killing this process, so a hostile file cannot take Citebot down.
 */
import { CitebotError, describeError, ERROR_MESSAGES } from "../errors.js";
import { parsePdf } from "./pdf.js";
import type { PdfJob, PdfReply } from "./pdf-isolated.js";

const send = process.send?.bind(process);
if (!send) throw new Error("pdf-worker-main.ts runs only as a child process with an IPC channel");

/** The error as plain data: its code and the detail after the code's own message. */
function toReply(job: number, error: unknown): PdfReply {
  if (error instanceof CitebotError) {
    const prefix = `${ERROR_MESSAGES[error.code]}: `;
    return {
      job,
      ok: false,
      code: error.code,
      detail: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message,
    };
  }
  return { job, ok: false, code: "PDF_PARSE_FAILED", detail: describeError(error) };
}

process.on("message", (message: PdfJob) => {
  parsePdf(message.id, message.data, { title: message.title, source: null, url: null, timeoutMs: message.timeoutMs }).then(
    (doc) => send({ job: message.job, ok: true, doc } satisfies PdfReply),
    (error: unknown) => send(toReply(message.job, error)),
  );
});
// The parent is gone (it exited, or was killed): nothing will ask for more, so this process ends too.
process.on("disconnect", () => process.exit(0));

// pdf.js is loaded before the child says it is ready, so that the first file's time limit is spent on the file.
await import("pdfjs-dist/legacy/build/pdf.mjs");
send("ready");
