/**
 * Names for files added to the corpus. A name from a URL or a Content-Disposition header is
 * hostile input: it may climb out of the folder (`../../x.md`), hold control characters, be
 * longer than a file system allows, or take a name the corpus reserves (its own `README.md`).
 */
import path from "node:path";
import { decodePercent } from "../http-url.js";
import { oneOf, trimWhere } from "../text.js";

/** The longest base name kept, in UTF-8 bytes (file systems allow 255 for the whole name). */
const MAX_BASE_BYTES = 100;

/** Names Windows reserves for devices, whatever the extension. */
const DEVICE_NAME = /^(con|prn|aux|nul|com\d|lpt\d)$/i;

/**
 * Whether `name` is taken at the corpus root: `README.md` there is the folder's own notes and is
 * never indexed. Any letter case, since on a case-insensitive file system they are one file.
 */
export function isReservedRootName(name: string): boolean {
  return name.toLowerCase() === "readme.md";
}

/** The file name a Content-Disposition header gives (`filename*=` wins over `filename=`), or null. */
export function dispositionName(header: string): string | null {
  const extended = /(?:^|;)\s*filename\*\s*=\s*([^;]*)/i.exec(header)?.[1]?.trim();
  // RFC 8187: charset'language'percent-encoded value.
  const encoded = extended ? /^[\w!#$%&+^`{}~-]*'[^']*'(.*)$/.exec(extended)?.[1] : undefined;
  if (encoded) return decodePercent(encoded);
  const plain = /(?:^|;)\s*filename\s*=\s*("(?:[^"\\]|\\.)*"|[^;]*)/i.exec(header)?.[1]?.trim();
  if (!plain) return null;
  return plain.startsWith('"') ? plain.slice(1, -1).replace(/\\(.)/g, "$1") : plain;
}

/** Cuts `text` to at most `maxBytes` of UTF-8 without splitting a character. */
function truncateUtf8(text: string, maxBytes: number): string {
  let bytes = 0;
  let end = 0;
  for (const ch of text) {
    bytes += Buffer.byteLength(ch);
    if (bytes > maxBytes) break;
    end += ch.length;
  }
  return text.slice(0, end);
}

/** The name the server (Content-Disposition) or else the URL path gives a download, as given, without any folder part. */
export function givenName(url: URL, disposition: string | null): string {
  const raw = (disposition ? dispositionName(disposition) : null) ?? decodePercent(url.pathname.split("/").filter(Boolean).at(-1) ?? "");
  return raw.split(/[/\\]/).at(-1) ?? "";
}

/**
 * The file name a download is saved under at the corpus root: the server's Content-Disposition
 * name, else the last part of the URL path, with the extension its content type calls for.
 * Only letters, digits, `_`, `.` and `-` are kept (anything else, path separators and control
 * characters included, becomes `-`), leading and trailing dots and dashes are trimmed, the base
 * is cut to 100 bytes, and a reserved name (`README.md`, Windows device names) gets `-1` added.
 */
export function downloadName(url: URL, extension: string, disposition: string | null): string {
  const last = givenName(url, disposition);
  const clean = (text: string) => trimWhere(text.replace(/[^\p{L}\p{N}_.-]+/gu, "-"), oneOf("-."));
  const base = clean(truncateUtf8(clean(path.basename(last, path.extname(last)).normalize("NFC")), MAX_BASE_BYTES)) || "document";
  const reserved = DEVICE_NAME.test(base) || isReservedRootName(`${base}${extension}`);
  return `${base}${reserved ? "-1" : ""}${extension}`;
}

/**
 * Why a local file's own name cannot be used at the corpus root, or null when it can. Local
 * names are kept as they are (the user chose them), so unusable ones are refused, not changed.
 */
export function unusableLocalName(name: string): string | null {
  if (/[\p{Cc}\p{Cf}]/u.test(name)) return "its name holds control or formatting characters; rename it first";
  if (isReservedRootName(name)) return "README.md at the corpus root is the folder's own notes and is never indexed; rename it first";
  return null;
}
