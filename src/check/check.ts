/**
 * A claim checked against the passages retrieved for it: every sentence of those passages is
 * judged (compare.ts), and the verdict rests on the sentence that speaks to the claim best.
 * Pure: the engine retrieves, this decides, and every sentence it shows is quoted verbatim with
 * its citation.
 */
import { z } from "zod";
import { CitationSchema, citeSentences } from "../answer/index.js";
import type { Passage } from "../retrieve/index.js";
import type { SourceDocument, Span } from "../types.js";
import {
  DEFAULT_CHECK_PARAMS,
  judgeSentence,
  MAX_CLAIM_FACTS,
  type CheckParams,
  type CorpusTerms,
  type SentenceJudgement,
} from "./compare.js";
import { extractFacts, type Fact } from "./facts.js";

export const VERDICTS = ["supported", "contradicted", "not found", "nothing checkable"] as const;
export type Verdict = (typeof VERDICTS)[number];

const OffsetsSchema = z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() });

export const ClaimCheckSchema = z.object({
  claim: z.string(),
  verdict: z.enum(VERDICTS),
  /** One line a person reads first: the verdict in words. */
  summary: z.string(),
  /** Each fact of the claim, the source's words in its place (null when none), and whether they agree (null: cannot tell). */
  facts: z.array(z.object({ claimText: z.string(), sourceText: z.string().nullable(), agree: z.boolean().nullable() })),
  /** The sentences the verdict rests on, verbatim; `highlights` mark the source's facts that were compared. */
  sentences: z.array(z.object({ text: z.string(), citation: z.number().int().positive(), highlights: z.array(OffsetsSchema) })),
  citations: z.array(CitationSchema),
});

export type ClaimCheck = z.infer<typeof ClaimCheckSchema>;

/** How much better a contradicting sentence must bear on the claim (share of its words and values alike) to outweigh a supporting one. */
const OUTWEIGH = 0.1;

/** Sentences of the top passages judged per claim. */
const PASSAGES_JUDGED = 8;

interface Judged {
  passage: Passage;
  span: Span;
  text: string;
  judgement: SentenceJudgement;
}

const SUMMARIES: Record<Verdict, string> = {
  supported: "Supported: a source sentence states the same.",
  contradicted: "Contradicted: a source sentence states a different value.",
  "not found": "Not found: no source sentence states this.",
  "nothing checkable": "Nothing checkable in this claim: it states no number, date, place or name to compare.",
};

/** The sentence a verdict rests on: of those that decide it, the one that holds most of the claim's frame. */
function strongest(judged: readonly Judged[], verdict: "supported" | "contradicted"): Judged | null {
  let best: Judged | null = null;
  for (const j of judged) if (j.judgement.verdict === verdict && (!best || j.judgement.frame > best.judgement.frame)) best = j;
  return best;
}

/** A hedge the source adds ("over 30,000" for a claim of 30,000), or a value it cannot confirm, said plainly. */
function hedgeNote(f: { claim: Fact; source: Fact | null; agree: boolean | null }): string | null {
  if (!f.source) return null;
  if (f.agree === null)
    return `the closest source sentence says “${f.source.text}”, which neither confirms nor contradicts “${f.claim.text}”`;
  if (f.agree !== true || f.source.qualifier === "exact" || f.source.qualifier === f.claim.qualifier) return null;
  return `the source says “${f.source.text}”`;
}

/**
 * A claim as plain words: Markdown emphasis and link syntax, and addresses, as pasted from a chat
 * ("**88** people from _Indonesia_, see [the report](https://…)"), are not what it states.
 */
export function plainClaim(claim: string): string {
  return claim
    .replace(/\[([^[\]]{0,500})\]\([^()]{0,2000}\)/gu, "$1")
    .replace(/\b(?:https?|ftp):\/\/\S*/giu, " ")
    .replace(/[*_~`]+/gu, " ")
    .replace(/\s+/gu, " ")
    .trim();
}

/** Checks the claim as `typed` against `passages` (best first, as retrieved). */
export function checkClaim(
  typed: string,
  passages: readonly Passage[],
  documents: ReadonlyMap<string, SourceDocument>,
  corpus: CorpusTerms,
  params: CheckParams = DEFAULT_CHECK_PARAMS,
): ClaimCheck {
  const claim = plainClaim(typed);
  const claimFacts = extractFacts(claim);
  const empty = (verdict: Verdict): ClaimCheck => ({
    claim: typed,
    verdict,
    summary: SUMMARIES[verdict],
    facts: claimFacts.map((f) => ({ claimText: f.text, sourceText: null, agree: null })),
    sentences: [],
    citations: [],
  });
  // A first word that may be no name ("Growth", "History") is not enough to check.
  if (claimFacts.every((f) => f.weak)) return empty("nothing checkable");
  if (claimFacts.length > MAX_CLAIM_FACTS)
    return {
      ...empty("not found"),
      summary: `This claim states ${claimFacts.length} facts; at most ${MAX_CLAIM_FACTS} are checked at once. Check it in parts.`,
    };

  const judged: Judged[] = [];
  const seen = new Set<string>();
  for (const passage of passages.slice(0, PASSAGES_JUDGED)) {
    for (const span of passage.sentences) {
      // Overlapping passages hold the same sentences: judge each once.
      const key = `${passage.doc}\u0000${span.start}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const text = passage.text.slice(span.start - passage.start, span.end - passage.start);
      judged.push({
        passage,
        span,
        text,
        judgement: judgeSentence(claim, claimFacts, text, extractFacts(text), corpus, params, passage.text),
      });
    }
  }
  const supported = strongest(judged, "supported");
  const contradicted = strongest(judged, "contradicted");
  // A sentence that speaks to the claim better but cannot tell ("over 120" against 150) outweighs a weaker contradiction.
  const undecided = judged
    .filter(
      (j) =>
        j.judgement.verdict === null &&
        j.judgement.pairs.some((p) => p.source !== null && p.agree === null) &&
        j.judgement.pairs.every((p) => p.agree !== false),
    )
    .sort((a, b) => b.judgement.frame - a.judgement.frame)[0];
  // A sentence that contradicts the claim and speaks to it better than the one that supports it wins: a weak match elsewhere
  // ("broadcasters … at 28.5°E") does not outweigh "the analogue service … was broadcast from 19.2°E".
  // (Measured by the words and the values stated alike: a sentence whose values merely stand where the claim's do is no better for it.)
  const supports = supported && !(contradicted && contradicted.judgement.alike > supported.judgement.alike + OUTWEIGH) ? supported : null;
  const basis =
    supports ??
    (contradicted && !(undecided && undecided.judgement.frame > contradicted.judgement.frame) ? contradicted : null) ??
    (undecided && undecided.judgement.frame >= params.supportFrame ? undecided : null);
  if (!basis) return empty("not found");

  const verdict: Verdict = basis.judgement.verdict ?? "not found";
  const { numbers, citations } = citeSentences([basis], documents);
  const pairs = basis.judgement.pairs;
  const notes = pairs.map(hedgeNote).filter((n): n is string => n !== null);
  const summary = notes.length > 0 ? `${SUMMARIES[verdict]} (${notes.join("; ")})` : SUMMARIES[verdict];
  const highlights = pairs.flatMap((p) => (p.source ? [{ start: p.source.start, end: p.source.end }] : []));
  const unique = [...new Map(highlights.map((h) => [`${h.start}:${h.end}`, h])).values()].sort((a, b) => a.start - b.start);
  return {
    claim: typed,
    verdict,
    summary,
    facts: pairs.map((p) => ({ claimText: p.claim.text, sourceText: p.source?.text ?? null, agree: p.agree })),
    sentences: [{ text: basis.text, citation: numbers[0] as number, highlights: unique }],
    citations,
  };
}
