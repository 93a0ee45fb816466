/**
 * Runs inside the PDF worker thread: reads each PDF it is sent and posts back the parsed
 * `SourceDocument` (plain data) or the coded error. The main thread enforces the time and memory
 * limits by terminating this thread, so a hostile file cannot take the process down.
 */
import { parentPort } from "node:worker_threads";
import { CitebotError, describeError, ERROR_MESSAGES } from "../errors.js";
import { parsePdf } from "./pdf.js";
import type { PdfJob, PdfReply } from "./pdf-isolated.js";

const port = parentPort;
if (!port) throw new Error("pdf-worker-main.ts runs only as a worker thread");

/** The error as plain data: its code and the detail after the code's own message. */
function toReply(job: number, error: unknown): PdfReply {
  if (error instanceof CitebotError) {
    const prefix = `${ERROR_MESSAGES[error.code]}: `;
    return { job, ok: false, code: error.code, detail: error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message };
  }
  return { job, ok: false, code: "PDF_PARSE_FAILED", detail: describeError(error) };
}

port.on("message", (message: PdfJob) => {
  parsePdf(message.id, message.data, { title: message.title, source: null, url: null, timeoutMs: message.timeoutMs }).then(
    (doc) => port.postMessage({ job: message.job, ok: true, doc } satisfies PdfReply),
    (error: unknown) => port.postMessage(toReply(message.job, error)),
  );
});

// pdf.js is loaded before the worker says it is ready, so that the first file's time limit is spent on the file.
await import("pdfjs-dist/legacy/build/pdf.mjs");
port.postMessage("ready");
