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
    bias: -9.011,
    weights: { coverage: 2.983, passageCoverage: 3.959, matchedShare: -5.507, matchedLog: 3.176, unknownShare: 1.195, unknownNames: -3.273, functionShare: 8.229, bigramShare: 10.77, contentRun: -6.323, termsLog: 2.177, semantic: 0 },
  },
  hybrid: {
    bias: -10.313,
    weights: { coverage: 1.448, passageCoverage: 1.738, matchedShare: -1.54, matchedLog: 2.285, unknownShare: -0.725, unknownNames: -4.709, functionShare: 7.898, bigramShare: 10.285, contentRun: -6.406, termsLog: 2.97, semantic: 1.119 },
  },
};
