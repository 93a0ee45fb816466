/**
 * The fitted weights of the confidence models (see confidence.ts), as `npm run eval:fit` printed
 * them. Refit after changing a feature or the sentence ranking, and paste the new output here.
 */
import type { RetrievalMode } from "../types.js";
import type { ConfidenceModel } from "./confidence.js";

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0.08;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -5.963,
    weights: { coverage: 1.182, passageCoverage: 3.638, matchedShare: -3.073, matchedLog: 2.253, unknownShare: 1.064, functionShare: 8.776, bigramShare: 13.225, contentRun: -5.366, termsLog: 0.325, semantic: 0 },
  },
  hybrid: {
    bias: -10.313,
    weights: { coverage: 1.448, passageCoverage: 1.738, matchedShare: -1.54, matchedLog: 2.285, unknownShare: -0.725, functionShare: 7.898, bigramShare: 10.285, contentRun: -6.406, termsLog: 2.97, semantic: 1.119 },
  },
};
