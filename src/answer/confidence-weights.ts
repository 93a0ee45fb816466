/**
 * The fitted weights of the confidence models (see confidence.ts), as `npm run eval:fit` printed
 * them. Refit after changing a feature or the sentence ranking, and paste the new output here.
 */
import type { RetrievalMode } from "../types.js";
import type { ConfidenceModel } from "./confidence.js";

/**
 * The confidence an answer needs in each mode before calibration (which may raise it for a small
 * corpus): the lowest that declines 98.5% of the made-up questions `eval:fit` fits on.
 */
export const MIN_CONFIDENCE: Readonly<Record<RetrievalMode, number>> = { lexical: 0.25, hybrid: 0.55 };

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0.08;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -6.208,
    weights: { coverage: 0.552, passageCoverage: 4.172, matchedShare: -3.258, matchedLog: 2.314, unknownShare: 0.862, numbersMissing: -7.842, functionShare: 9.292, bigramShare: 11.065, contentRun: -5.127, termsLog: 0.369, semantic: 0 },
  },
  hybrid: {
    bias: -9.354,
    weights: { coverage: -1.188, passageCoverage: 2.027, matchedShare: 0.737, matchedLog: 1.943, unknownShare: -1.451, numbersMissing: -7.015, functionShare: 9.924, bigramShare: 8.163, contentRun: -4.864, termsLog: 1.267, semantic: 1.387 },
  },
};
