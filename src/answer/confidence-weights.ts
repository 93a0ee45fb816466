/**
 * The fitted weights of the confidence models (see confidence.ts), as `npm run eval:fit` printed
 * them. Refit after changing a feature or the sentence ranking, and paste the new output here.
 */
import type { RetrievalMode } from "../types.js";
import type { ConfidenceModel } from "./confidence.js";

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -10.676,
    weights: { coverage: 4.697, passageCoverage: 4.48, matchedShare: -6.464, matchedLog: 2.616, unknownShare: -0.268, functionShare: 7.811, bigramShare: 11.245, contentRun: -5.775, termsLog: 3.143, semantic: 0 },
  },
  hybrid: {
    bias: -10.9,
    weights: { coverage: 5.3, passageCoverage: 0, matchedShare: -2.6, matchedLog: 3.8, unknownShare: -0.4, functionShare: 3.3, bigramShare: 5.4, contentRun: -4.6, termsLog: 3.3, semantic: 0 },
  },
};
