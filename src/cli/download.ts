/**
 * One download, bounded in every way a hostile or broken server could stretch it: a connect
 * timeout, an overall time limit, a size cap checked while streaming, and the body checked
 * against its Content-Length. Credentials in the URL are sent as HTTP Basic auth and never appear
 * in a message, nor does the query string (it may hold a signed-URL token).
 */
import { CitebotError, createError, describeError } from "../errors.js";
import { decodePercent, displayUrl } from "../http-url.js";
import type { Logger } from "../log.js";
import { fetchWithTimeouts } from "../net/index.js";

export interface DownloadOptions {
  maxBytes: number;
  connectTimeoutMs?: number;
  totalTimeoutMs?: number;
  logger: Logger;
  /** Called with the response's bare content type (`application/pdf`) before the body is read; throws to refuse it. */
  accept?: (type: string) => void;
}

export interface Downloaded {
  bytes: Buffer;
  /** The bare content type, lower case; "" when the server gave none. */
  type: string;
  disposition: string | null;
}

const megabytes = (bytes: number) => Math.round(bytes / 1024 / 1024);

/** `text` with the URL's password, user name and query string masked, for messages built from lower-level errors. */
function scrub(text: string, url: URL): string {
  let out = text;
  for (const secret of [url.href, url.search, url.password, decodePercent(url.password), url.username, decodePercent(url.username)]) {
    if (secret.length > 0) out = out.split(secret).join("…");
  }
  return out;
}

/** The URL fetch is given (no user info: Node's fetch refuses it and echoes it), and the Basic auth header for it. */
function withoutCredentials(url: URL): { target: URL; headers: Record<string, string> } {
  if (url.username === "" && url.password === "") return { target: url, headers: {} };
  const target = new URL(url.href);
  target.username = "";
  target.password = "";
  const basic = Buffer.from(`${decodePercent(url.username)}:${decodePercent(url.password)}`).toString("base64");
  return { target, headers: { authorization: `Basic ${basic}` } };
}

/** The declared Content-Length when it is a plain number; null when absent or meaningless. */
function declaredLength(response: Response): number | null {
  const value = response.headers.get("content-length");
  return value !== null && /^\d{1,15}$/.test(value.trim()) ? Number(value.trim()) : null;
}

/**
 * Downloads `url` into memory (it is parsed before anything is written, and the size cap bounds
 * it). Throws DOWNLOAD_FAILED (no answer, an error status, a broken-off or short body, the time
 * limit) or FILE_TOO_LARGE; errors name the URL without user info or query.
 */
export async function download(url: URL, options: DownloadOptions): Promise<Downloaded> {
  const shown = displayUrl(url);
  const failed = (detail: string, cause?: unknown): CitebotError =>
    createError("DOWNLOAD_FAILED", `${shown}: ${scrub(detail, url)}`, cause);
  const tooLarge = (size: string) =>
    createError("FILE_TOO_LARGE", `${shown} is ${size} the ${megabytes(options.maxBytes)} MB cap (MAX_FILE_MB)`);
  const { target, headers } = withoutCredentials(url);
  const timeouts = {
    ...(options.connectTimeoutMs ? { connectMs: options.connectTimeoutMs } : {}),
    ...(options.totalTimeoutMs ? { totalMs: options.totalTimeoutMs } : {}),
  };
  const response = await fetchWithTimeouts(timeouts)(target, { headers }).catch((error: unknown) => {
    throw failed(describeError(error), error);
  });
  const body = response.body;
  if (!response.ok || !body) {
    await body?.cancel();
    throw failed(`the server answered ${response.status} ${response.statusText}`);
  }
  const type = (response.headers.get("content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  const declared = declaredLength(response);
  try {
    options.accept?.(type);
    if (declared !== null && declared > options.maxBytes) throw tooLarge(`${(declared / 1024 / 1024).toFixed(1)} MB, over`);
  } catch (error) {
    await body.cancel();
    throw error;
  }
  const chunks: Buffer[] = [];
  let received = 0;
  const bar = options.logger.progress(`Downloading ${shown}`, declared ?? 0);
  try {
    // Leaving the loop by a throw cancels the stream, so an oversized body is not read on.
    for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > options.maxBytes) throw tooLarge("over");
      chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength));
      bar.update(received);
    }
  } catch (error) {
    if (error instanceof CitebotError) throw error;
    throw failed(`the download broke off after ${received} bytes: ${describeError(error)}`, error);
  } finally {
    bar.stop();
  }
  // Node's fetch already fails a body that ends short ("terminated"); checked again so the rule
  // does not rest on one fetch implementation. With a content encoding (gzip), Content-Length
  // counts the compressed bytes, not these. A body longer than announced is cut at the announced
  // length by fetch and cannot be told from a whole one here: parsing catches a cut PDF.
  const encoded = (response.headers.get("content-encoding") ?? "identity").trim().toLowerCase() !== "identity";
  if (declared !== null && !encoded && received !== declared) {
    throw failed(`received ${received} bytes where the server announced ${declared} (Content-Length): the file is incomplete`);
  }
  return { bytes: Buffer.concat(chunks, received), type, disposition: response.headers.get("content-disposition") };
}
