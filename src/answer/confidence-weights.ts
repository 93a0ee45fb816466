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
export const MIN_CONFIDENCE: Readonly<Record<RetrievalMode, number>> = { lexical: 0.15, hybrid: 0.25 };

/** Weight of semantic similarity (standard deviations) in the ranking score of a sentence, hybrid mode. */
export const SEMANTIC_WEIGHT = 0.08;

export const CONFIDENCE_MODELS: Readonly<Record<RetrievalMode, ConfidenceModel>> = {
  lexical: {
    bias: -10.629,
    weights: {
      coverage: -0.672,
      passageCoverage: 4.888,
      matchedShare: -0.538,
      matchedLog: 2.043,
      unknownShare: -0.411,
      strangeShare: -3.139,
      numbersMissing: -7.139,
      functionShare: 7.507,
      bigramShare: 11.532,
      contentRun: -3.675,
      termsLog: 2.395,
      semantic: 0,
    },
  },
  hybrid: {
    bias: -10.991,
    weights: {
      coverage: -1.368,
      passageCoverage: 2.308,
      matchedShare: 0.997,
      matchedLog: 2.04,
      unknownShare: -1.482,
      strangeShare: -5.104,
      numbersMissing: -4.819,
      functionShare: 8.315,
      bigramShare: 10.026,
      contentRun: -2.722,
      termsLog: 2.257,
      semantic: 0.78,
    },
  },
};
