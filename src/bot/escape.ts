/**
 * Source text in Discord messages: shown as written, never as markup. Discord renders Markdown in
 * message content and in embed descriptions and field values, so a source holding
 * `[official notice](https://evil.example/login)`, a bare address, `<@123>`, `# Heading` or `-# x`
 * would otherwise become a link, a mention pill or a heading. The only links in a message are the
 * ones the bot writes itself with `maskedLink`.
 */
import { printable } from "../printable.js";

/*
 * Every ASCII character Discord's Markdown gives a meaning to, plus ":" (so no "scheme://" is
 * auto-linked) and "@" (so "@everyone" is plainly text, on top of allowed_mentions being empty).
 * Discord, like CommonMark, shows "\" followed by punctuation as the punctuation alone, so the
 * reader sees the source's text unchanged.
 */
const MARKUP = /[\\*_~`|>#\-[\]()<:@]/g;

/**
 * `text` with every Markdown character escaped and terminal controls and bidi overrides removed:
 * it renders in Discord as the same characters, with no link, mention, heading or formatting.
 */
export function escapeDiscord(text: string): string {
  return printable(text).replace(MARKUP, "\\$&");
}

/** Characters that would end or confuse a `(<…>)` link target, percent-encoded. */
const TARGET_UNSAFE = /[()<>\s"'`\\|*_~[\]]/g;

/**
 * A masked link `[label](<url>)` the bot writes itself: the label is escaped, and the target is
 * an http(s) URL (the caller checks that) with every character that could end it percent-encoded.
 * The angle brackets keep Discord from adding a preview of the page.
 */
export function maskedLink(label: string, url: string): string {
  const target = url.replace(TARGET_UNSAFE, (c) =>
    encodeURIComponent(c) === c ? `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")}` : encodeURIComponent(c),
  );
  return `[${escapeDiscord(label)}](<${target}>)`;
}
