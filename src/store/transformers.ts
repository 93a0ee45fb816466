/**
 * transformers.js, configured once. Its `env` is global to the process, so a setting that differs
 * per call (the models folder, the hub, a download's time limits) written there would leak into
 * every other load, and a load running beside a download could fetch from the network. So `env`
 * is set once, on first use, and never touched again: loads pass `local_files_only` and the model's
 * own folder per call, and remote files go through one fetch that serves only a download under
 * way (an AsyncLocalStorage holds that download's hub and limits) and refuses everything else.
 */
import { AsyncLocalStorage } from "node:async_hooks";

export type Transformers = typeof import("@huggingface/transformers");

/** What one download fetches with: the hub to ask and a fetch with that download's time limits. */
export interface HubAccess {
  remoteHost: string;
  fetch: typeof fetch;
}

/** The host transformers.js builds remote URLs with; the download under way maps it to its own hub. `.invalid` never resolves. */
const PLACEHOLDER_HOST = "https://hub.citebot.invalid/";

const downloads = new AsyncLocalStorage<HubAccess>();

let loaded: Promise<Transformers> | null = null;

function urlOf(input: Parameters<typeof fetch>[0]): string {
  if (typeof input === "string") return input;
  return input instanceof URL ? input.href : input.url;
}

/** The only fetch transformers.js has: the download under way's, to its hub; outside a download, an error. */
const hubFetch: typeof fetch = async (input, init) => {
  const access = downloads.getStore();
  const url = urlOf(input);
  if (!access) throw new Error(`no model download is under way, so ${url} is not fetched`);
  const host = access.remoteHost.endsWith("/") ? access.remoteHost : `${access.remoteHost}/`;
  return access.fetch(url.startsWith(PLACEHOLDER_HOST) ? host + url.slice(PLACEHOLDER_HOST.length) : url, init);
};

/** transformers.js, with its global `env` set the first time (and only then). */
export function transformers(): Promise<Transformers> {
  loaded ??= import("@huggingface/transformers").then((t) => {
    t.env.allowLocalModels = true;
    // Remote loading stays possible for downloads; loads pass local_files_only, and hubFetch refuses outside a download.
    t.env.allowRemoteModels = true;
    t.env.remoteHost = PLACEHOLDER_HOST;
    t.env.fetch = hubFetch;
    return t;
  });
  return loaded;
}

/** Runs `download` with `access` as the hub every remote file it asks for comes from. */
export function withHub<T>(access: HubAccess, download: () => Promise<T>): Promise<T> {
  return downloads.run(access, download);
}
