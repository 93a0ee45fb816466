/**
 * Links in citations. A source's `url` comes from front matter or `sources.json`, which anyone who
 * can add a file controls; only http(s) addresses ever become links.
 */

/**
 * The normalised address when `url` is an absolute http: or https: URL, else null (`javascript:`,
 * `file:`, `data:`, relative or malformed addresses).
 */
export function httpLink(url: string | null | undefined): string | null {
  if (!url) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all: there is nothing to link to, which is the answer this function gives.
    return null;
  }
  return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
}

/**
 * The citation's link for a PDF page (`#page=N`, any other fragment replaced) or for the whole
 * source; null when the source has no http(s) address.
 */
export function citationLink(url: string | null | undefined, page: number | null): string | null {
  const href = httpLink(url);
  if (href === null || page === null) return href;
  const parsed = new URL(href);
  parsed.hash = `page=${page}`;
  return parsed.href;
}
