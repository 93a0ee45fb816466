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
export const MIN_CONFIDENCE: Readonly<Record<RetrievalMode, number>> = { lexical: 0.15, hybrid: 0.35 };

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0.08;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -10.502,
    weights: {
      coverage: -0.407,
      passageCoverage: 4.611,
      matchedShare: -0.647,
      matchedLog: 1.926,
      unknownShare: 1.004,
      strangeShare: -0.85,
      unknownNouns: -3.916,
      numbersMissing: -7.179,
      functionShare: 7.551,
      bigramShare: 11.327,
      contentRun: -3.652,
      termsLog: 2.483,
      semantic: 0,
    },
  },
  hybrid: {
    bias: -9.442,
    weights: {
      coverage: -0.889,
      passageCoverage: 1.978,
      matchedShare: 1.083,
      matchedLog: 1.674,
      unknownShare: -0.677,
      strangeShare: -2.466,
      unknownNouns: -3.238,
      numbersMissing: -3.122,
      functionShare: 7.031,
      bigramShare: 9.663,
      contentRun: -3.163,
      termsLog: 2.214,
      semantic: 0.634,
    },
  },
};
