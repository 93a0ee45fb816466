/**
 * The check data of an answer in its embed footer, so that it survives in the message itself when
 * pinned: ` · check: article.md:¶5:9f86d081884c report.pdf:p12:3e23e8160039`, one token per
 * quoted sentence (document, `p` page or `¶` paragraph, the sentence's hash). Read back strictly:
 * anything else (another bot's footer, an edited or damaged one, a huge string) reads as no data.
 */
import { z } from "zod";
import type { SentenceRef } from "../store/index.js";
import { printableLine } from "../printable.js";
import { DISCORD_LIMITS } from "./limits.js";

const PREFIX = "check: ";
const SEPARATOR = " · ";
/** An answer quotes at most a few sentences; more tokens than this are not ours. */
export const MAX_CHECK_TOKENS = 10;
/** Room the check data may take in a footer: more (very long file names) and the answer carries none. */
export const MAX_CHECK_CHARS = 1000;
const MAX_DOC_CHARS = 512;
const MAX_PLACE = 10_000_000;

/** Characters a document id keeps as written in a token; anything else (":", spaces, "%", non-ASCII) is percent-encoded. */
const KEPT = /[^A-Za-z0-9._~/-]/gu;

function encodeDoc(doc: string): string {
  return doc.replace(KEPT, (c) => encodeURIComponent(c).replace(/[!'()*]/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`));
}

const CheckRefSchema = z.object({
  doc: z
    .string()
    .min(1)
    .max(MAX_DOC_CHARS)
    .refine((d) => printableLine(d) === d, { message: "a document id has no control characters" }),
  at: z.object({ kind: z.enum(["page", "paragraph"]), n: z.number().int().positive().max(MAX_PLACE) }),
  hash: z.string().regex(/^[0-9a-f]{12}$/),
});

const CheckRefsSchema = z.array(CheckRefSchema).min(1).max(MAX_CHECK_TOKENS);

/** One token: document (percent-encoded), place, hash. Linear: no quantifier nests another. */
const TOKEN = /^([^\s:]{1,1600}):(p|¶)([1-9][0-9]{0,7}):([0-9a-f]{12})$/u;

/**
 * The footer segment for `refs`, such as `check: article.md:¶5:9f86d081884c`; null when there
 * is nothing to check or it would take more than MAX_CHECK_CHARS.
 */
export function formatCheck(refs: readonly SentenceRef[] | null): string | null {
  // What could not be read back (an id over 512 characters, a control character in it) is not written.
  if (refs === null || !CheckRefsSchema.safeParse(refs).success) return null;
  let tokens: string[];
  try {
    tokens = refs.map((r) => `${encodeDoc(r.doc)}:${r.at.kind === "page" ? "p" : "¶"}${r.at.n}:${r.hash}`);
  } catch {
    // encodeURIComponent throws on a lone surrogate: such an id cannot be written, so the answer carries no check data.
    return null;
  }
  const text = `${PREFIX}${tokens.join(" ")}`;
  return text.length <= MAX_CHECK_CHARS ? text : null;
}

/** `base` (shortened by the caller to leave room) followed by the check segment, which is always last. */
export function withCheck(base: string, check: string | null): string {
  return check === null ? base : `${base}${SEPARATOR}${check}`;
}

/** Room left for the rest of a footer that ends with `check`. */
export function footerRoom(check: string | null): number {
  return DISCORD_LIMITS.footerText - (check === null ? 0 : check.length + SEPARATOR.length);
}

function parseToken(token: string): unknown {
  const m = TOKEN.exec(token);
  if (!m) return null;
  const [, encoded = "", kind, n = "", hash] = m;
  let doc: string;
  try {
    doc = decodeURIComponent(encoded);
  } catch {
    // Not valid percent-encoding: no token Citebot writes, so the footer reads as no check data.
    return null;
  }
  // Only the one spelling formatCheck writes: an edited token that decodes to the same id is still not ours.
  if (encodeDoc(doc) !== encoded) return null;
  return { doc, at: { kind: kind === "p" ? "page" : "paragraph", n: Number(n) }, hash };
}

/**
 * The check data in a footer's text, or null when there is none or it is not exactly what
 * `formatCheck` writes. Never throws, whatever `text` is.
 */
export function parseCheckFooter(text: unknown): SentenceRef[] | null {
  if (typeof text !== "string" || text.length > DISCORD_LIMITS.footerText) return null;
  const cut = text.lastIndexOf(SEPARATOR);
  if (cut < 0) return null;
  const segment = text.slice(cut + SEPARATOR.length);
  if (!segment.startsWith(PREFIX)) return null;
  const tokens = segment.slice(PREFIX.length).split(" ");
  if (tokens.length > MAX_CHECK_TOKENS) return null;
  const parsed = CheckRefsSchema.safeParse(tokens.map(parseToken));
  return parsed.success ? parsed.data : null;
}
