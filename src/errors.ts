/**
 * Every error Citebot raises on purpose has a code from this table, a message a user can act on,
 * and the underlying error as `cause`. Tests assert on `code`, never on message text.
 */
export const ERROR_MESSAGES = {
  CONFIG_INVALID: "Invalid setting",
  USAGE_INVALID: "Invalid command line",
  PATH_INVALID: "Path not usable",
  FILE_UNREADABLE: "Could not read file",
  FILE_UNSUPPORTED: "Unsupported file type",
  FILE_TOO_LARGE: "File is larger than the size cap",
  PDF_PARSE_FAILED: "Could not parse PDF",
  PDF_ENCRYPTED: "PDF is encrypted",
  PDF_NO_TEXT: "PDF has no text layer (scanned pages need OCR first)",
  PDF_UNREADABLE: "PDF text layer is unreadable",
  PDF_TOO_COMPLEX: "PDF is beyond what the reader accepts",
  PARSE_TIMEOUT: "Reading the file took too long",
  PARSE_OUT_OF_MEMORY: "Reading the file needed more memory than allowed",
  PARSE_CRASHED: "The reader stopped while reading the file",
  PARSE_INTERRUPTED: "An earlier attempt to read the file never finished",
  FILE_NOT_TEXT: "File is not text",
  FILE_SKIPPED: "File skipped",
  FILE_EMPTY: "File is empty",
  DOWNLOAD_FAILED: "Could not download",
  CORPUS_EMPTY: "No documents could be indexed",
  INDEX_INVALID: "The index on disk is unusable",
  INDEX_OUTDATED: "The index on disk was built by another version of Citebot",
  INDEX_BUSY: "Another build of this index is running",
  INDEX_WRITE_FAILED: "Could not write the index",
  MODEL_UNAVAILABLE: "Embedding model is not available",
  MODEL_DOWNLOAD_FAILED: "Could not download the embedding model",
  QA_MODEL_UNAVAILABLE: "Question-answering model is not available",
  QA_MODEL_DOWNLOAD_FAILED: "Could not download the question-answering model",
  QUESTION_INVALID: "Invalid question",
  URL_INVALID: "Address not usable",
  NAME_INVALID: "File name not usable",
  FILE_EXISTS: "Another file already has that name",
  FILE_NOT_INDEXED: "The file was added, but the index could not read it",
  BATCH_EMPTY: "The batch file holds no question",
  BATCH_LINE_INVALID: "Batch line not usable",
  BENCHMARK_INVALID: "Not a SQuAD 2.0 benchmark file",
  ANSWER_FAILED: "Could not answer",
  DISCORD_LOGIN_FAILED: "Could not connect to Discord",
  DISCORD_REGISTER_FAILED: "Discord did not register the commands",
} as const;

export type ErrorCode = keyof typeof ERROR_MESSAGES;

/**
 * Codes that always mean the user asked for something unusable (a flag, a setting, a path, a
 * question, an address, a name, a batch or benchmark file): the command did nothing, and ends with
 * exit status 2. Every other code ends a command with 1 (the work itself failed).
 */
export const BAD_INPUT_CODES: ReadonlySet<ErrorCode> = new Set<ErrorCode>([
  "CONFIG_INVALID",
  "USAGE_INVALID",
  "PATH_INVALID",
  "QUESTION_INVALID",
  "URL_INVALID",
  "NAME_INVALID",
  "FILE_EXISTS",
  "FILE_UNSUPPORTED",
  "BATCH_EMPTY",
  "BENCHMARK_INVALID",
]);

export class CitebotError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, detail: string, options?: { cause?: unknown }) {
    super(`${ERROR_MESSAGES[code]}: ${detail}`, options);
    this.name = "CitebotError";
    this.code = code;
  }
}

/** Builds a coded error; `detail` says what happened and, where possible, what to do about it. */
export function createError(code: ErrorCode, detail: string, cause?: unknown): CitebotError {
  return new CitebotError(code, detail, cause === undefined ? undefined : { cause });
}

/** The message of anything thrown, for logs and reports. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error instanceof CitebotError) return error.message;
  // Node's fetch says only "fetch failed"; the reason (ENOTFOUND, ECONNREFUSED, a timeout) is in the cause.
  const cause = error.cause instanceof Error ? error.cause.message : null;
  return cause && !error.message.includes(cause) ? `${error.message} (${cause})` : error.message;
}
