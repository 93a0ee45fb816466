/**
 * The text a browser shows of a raw HTML block in Markdown: tags left out, the text between them
 * kept; comments, and the content of `<script>`, `<style>` and `<textarea>` (not prose a reader
 * sees as such), left out too. One pass of `indexOf` calls that only move forward, so linear in
 * the block's length whatever it holds (a lazy regex over unclosed `<!--` would be quadratic).
 */

/** Elements whose content is not shown as text, lower case. */
const HIDDEN = ["script", "style", "textarea"];

/**
 * The element whose content is not shown that the tag starting at `at` in `lower` (lower case)
 * opens, or null: `<script>`, `<style type=…>`, but not `<scripts>`.
 */
export function hiddenElementAt(lower: string, at: number): string | null {
  return HIDDEN.find((name) => lower.startsWith(name, at + 1) && !/[a-z0-9-]/.test(lower[at + 1 + name.length] ?? "")) ?? null;
}

/** The visible text of `html`, tags and comments removed (entities are left as written). */
export function htmlText(html: string): string {
  const lower = html.toLowerCase();
  let text = "";
  let at = 0;
  while (at < html.length) {
    const open = html.indexOf("<", at);
    if (open < 0) {
      text += html.slice(at);
      break;
    }
    text += `${html.slice(at, open)} `;
    if (html.startsWith("<!--", open)) {
      const close = html.indexOf("-->", open + 4);
      at = close < 0 ? html.length : close + 3;
      continue;
    }
    const end = html.indexOf(">", open + 1);
    if (end < 0) break;
    const hidden = hiddenElementAt(lower, open);
    if (hidden !== null) {
      const close = lower.indexOf(`</${hidden}`, end + 1);
      const closeEnd = close < 0 ? -1 : html.indexOf(">", close);
      at = closeEnd < 0 ? html.length : closeEnd + 1;
      continue;
    }
    at = end + 1;
  }
  return text;
}
