/**
 * The fitted weights of the confidence models (see confidence.ts), as `npm run eval:fit` printed
 * them. Refit after changing a feature or the sentence ranking, and paste the new output here.
 */
import type { RetrievalMode } from "../types.js";
import type { ConfidenceModel } from "./confidence.js";

/**
 * The confidence an answer needs in each mode before calibration (which may raise it for a small
 * corpus): the lowest that declines 99% of the made-up questions `eval:fit` fits on.
 */
export const MIN_CONFIDENCE: Readonly<Record<RetrievalMode, number>> = { lexical: 0.3, hybrid: 0.6 };

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0.08;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -5.963,
    weights: { coverage: 1.182, passageCoverage: 3.638, matchedShare: -3.073, matchedLog: 2.253, unknownShare: 1.064, functionShare: 8.776, bigramShare: 13.225, contentRun: -5.366, termsLog: 0.325, semantic: 0 },
  },
  hybrid: {
    bias: -9.722,
    weights: { coverage: 0.214, passageCoverage: 0.978, matchedShare: 0.994, matchedLog: 1.977, unknownShare: -1.039, functionShare: 9.499, bigramShare: 11.076, contentRun: -5.12, termsLog: 1.384, semantic: 1.4 },
  },
};
