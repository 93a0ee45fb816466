/**
 * fetch with the two limits every download needs: a connect timeout (no answer at all) and an
 * overall one (a server that answers, then sends one byte a second, must not hold us for ever).
 */

/** How long a download may wait for the server's first answer before it gives up. */
export const CONNECT_TIMEOUT_MS = 10_000;

/** The longest one download may take, body included, unless a setting says otherwise. */
export const DOWNLOAD_TIMEOUT_MS = 600_000;

export interface FetchTimeouts {
  /** Until the response headers arrive. */
  connectMs: number;
  /** Until the body has been read to its end; reading it after this fails with the timeout's reason. */
  totalMs: number;
}

/**
 * fetch that aborts when no response has started within `connectMs`, and aborts the request and
 * its body when it has not finished within `totalMs`.
 */
export function fetchWithTimeouts(timeouts: Partial<FetchTimeouts> = {}): typeof fetch {
  const { connectMs = CONNECT_TIMEOUT_MS, totalMs = DOWNLOAD_TIMEOUT_MS } = timeouts;
  return async (input, init) => {
    const controller = new AbortController();
    const connect = setTimeout(() => controller.abort(new Error(`no answer within ${connectMs / 1000} s`)), connectMs);
    // Left running after the headers arrive, so that it can still stop a dripping body. Unref'd:
    // firing after the body has been read is harmless, and it must not keep the process alive.
    const total = setTimeout(
      () => controller.abort(new Error(`not finished within ${totalMs / 1000} s (DOWNLOAD_TIMEOUT_SECONDS)`)),
      totalMs,
    );
    total.unref();
    const signal = init?.signal ? AbortSignal.any([init.signal, controller.signal]) : controller.signal;
    try {
      return await fetch(input, { ...init, signal });
    } catch (error) {
      clearTimeout(total);
      throw error;
    } finally {
      clearTimeout(connect);
    }
  };
}
