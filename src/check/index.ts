export { checkClaim, ClaimCheckSchema, plainClaim, VERDICTS, type ClaimCheck, type Verdict } from "./check.js";
export {
  judgeSentence,
  DEFAULT_CHECK_PARAMS,
  MAX_CLAIM_FACTS,
  MAX_SENTENCE_FACTS,
  type CheckParams,
  type CorpusTerms,
  type FactPair,
  type SentenceJudgement,
} from "./compare.js";
export { compareValues, type Agreement } from "./values.js";
export { documentClaims, factClaims } from "./split.js";
export { extractFacts, MAX_FACT_TEXT, type Fact, type FactKind, type Qualifier } from "./facts.js";
