/**
 * `check --between A B`: every clause or list item of document A that states a number or a date,
 * checked against document B alone, and the table of verdicts. This is how a researcher sees where an
 * article and the report it presents disagree.
 */
import { citationLabel } from "../answer/index.js";
import { documentClaims, type ClaimCheck } from "../check/index.js";
import type { EngineView } from "../engine.js";
import { createError } from "../errors.js";
import { printableLine } from "../printable.js";

/** Claims (clauses of document A with a number or a date) checked by `--between` at most: a whole book against an article stays bounded. */
export const MAX_BETWEEN_SENTENCES = 2000;

/** The indexed document `name` names: its id ("article.md") or a path ending in it ("corpus/article.md"). */
export function documentNamed(engine: EngineView, name: string): string {
  const ids = engine.sources().map((s) => s.doc);
  const wanted = name.replace(/\\/g, "/");
  const found = ids.find((id) => id === wanted) ?? ids.find((id) => wanted.endsWith(`/${id}`));
  if (found === undefined)
    throw createError(
      "USAGE_INVALID",
      `no indexed document is named ${JSON.stringify(name)}; the documents are: ${ids.map((id) => JSON.stringify(id)).join(", ")}`,
    );
  return found;
}

/** One row of the `--between` table. */
export interface BetweenRow {
  sentence: string;
  check: ClaimCheck;
}

/** Checks each clause of `from` that states a number or a date (see check/split.ts) against document `against`. */
export async function checkBetween(engine: EngineView, from: string, against: string): Promise<BetweenRow[]> {
  const doc = engine.document(from);
  if (!doc) throw createError("USAGE_INVALID", `document ${JSON.stringify(from)} is not in the index`);
  const rows: BetweenRow[] = [];
  // Each clause or list item with a number or a date is checked alone: one differing figure in a long sentence shows.
  for (const claim of documentClaims(doc.text, MAX_BETWEEN_SENTENCES))
    rows.push({ sentence: claim, check: await engine.check(claim, { doc: against }) });
  return rows;
}

const cut = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/** The `--between` table for a terminal: one row per sentence, its verdict, the differing values, and the source cited. */
export function formatBetween(rows: readonly BetweenRow[], from: string, against: string): string {
  const lines = [
    `Statements of ${printableLine(from)} with a number or a date (one row per clause or list item), checked against ${printableLine(against)}:`,
    "",
  ];
  lines.push(`${"#".padEnd(4)}${"verdict".padEnd(19)}${"statement".padEnd(72)}source`);
  rows.forEach((r, i) => {
    const source = r.check.citations[0] ? `${citationLabel(r.check.citations[0])}` : "—";
    lines.push(
      `${String(i + 1).padEnd(4)}${r.check.verdict.padEnd(19)}${printableLine(cut(r.sentence, 70)).padEnd(72)}${printableLine(source)}`,
    );
    for (const f of r.check.facts)
      if (f.agree === false)
        lines.push(
          `${"".padEnd(23)}${printableLine(from)} says “${printableLine(f.claimText)}”, ${printableLine(against)} “${printableLine(f.sourceText ?? "")}”`,
        );
  });
  const count = (v: string) => rows.filter((r) => r.check.verdict === v).length;
  const unchecked = count("nothing checkable");
  lines.push(
    "",
    `${rows.length} statement(s): ${count("supported")} supported, ${count("contradicted")} contradicted, ${count("not found")} not found${unchecked > 0 ? `, ${unchecked} with nothing checkable` : ""}.`,
  );
  return `${lines.join("\n")}\n`;
}
