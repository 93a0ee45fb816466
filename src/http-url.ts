/**
 * The one rule for web addresses, shared by settings, `sources.json`, front matter and
 * `corpus:add`: only http: and https: with a host are accepted (never `javascript:`, `file:` or
 * `ftp:`), and a user name or password never goes into anything stored or shown.
 */

/** Parses `text` as an absolute http(s) URL with a host; null for anything else. */
export function parseHttpUrl(text: string): URL | null {
  let url: URL;
  try {
    url = new URL(text.trim());
  } catch {
    // Not a URL at all: the caller reports it with its own words.
    return null;
  }
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== "" ? url : null;
}

/**
 * The address as it may be stored and linked to: an http(s) URL without user name or password,
 * normalised (`URL.href`); null when `text` is not one.
 */
export function publicHttpUrl(text: string): string | null {
  const url = parseHttpUrl(text);
  return url && url.username === "" && url.password === "" ? url.href : null;
}

/** What URL settings and stored URLs must be, for messages. */
export const PUBLIC_HTTP_URL_RULE = "expected an http(s) URL without a user name or password";

/**
 * The address as it may appear in a message or log: scheme, host and path only. The user name,
 * password and query string (which may hold a signed-URL token) are left out; a query is shown as `?…`.
 */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? "?…" : ""}`;
}

/**
 * The address a downloaded document is recorded under in `sources.json`: scheme, host and path.
 * User name, password, query string and fragment are dropped, since the stored address is shown
 * in every citation and a query string often carries a token.
 */
export function storableUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * `text` with anything that looks like credentials or a query string masked, for echoing a
 * setting that failed to parse as a URL.
 */
export function maskUrlText(text: string): string {
  const url = parseHttpUrl(text);
  if (url) return displayUrl(url);
  const shown = text.replace(/\/\/[^/?#]*@/g, "//…@");
  const query = shown.indexOf("?");
  return query < 0 ? shown : `${shown.slice(0, query)}?…`;
}

/** `decodeURIComponent`, keeping the text as it is when it is not valid percent-encoding. */
export function decodePercent(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    // A stray "%" is part of the text, not an error.
    return text;
  }
}
