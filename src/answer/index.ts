export {
  citeSentences,
  composeAnswer,
  rankSentences,
  sentenceKey,
  DEFAULT_ANSWER_OPTIONS,
  type AnswerOptions,
  type Candidate,
  type ComposeInput,
  type RankContext,
} from "./compose.js";
export { CONFIDENCE_MODELS, MIN_CONFIDENCE, SEMANTIC_WEIGHT } from "./confidence-weights.js";
export {
  answerFeatures,
  confidence,
  profileQuestion,
  FEATURE_NAMES,
  type AnswerFeatures,
  type ConfidenceModel,
  type QuestionProfile,
} from "./confidence.js";
export { SentenceSimilarity, referenceSentences, meanAndSpread, type SentenceRef } from "./semantic.js";
export { AnswerSchema, CitationSchema, ABSTAIN_MESSAGE, type Answer, type Citation } from "./schema.js";
export { answerType, cleanQuestion, holdsAnswerType, questionProblem, type AnswerType } from "./question.js";
export { coverage, scoreSentence, DEFAULT_SENTENCE_PARAMS, type SentenceScoreParams } from "./scoring.js";
export { verifyAnswer, occursOnPage, type VerifiedAnswer } from "./verify.js";
export { citationLabel, PLAIN_LABEL, type LabelStyle } from "./label.js";
export { citationLink, httpLink } from "./link.js";
export {
  calibratedThreshold,
  calibrationQuestions,
  letterWords,
  pick,
  seededRandom,
  vocabularyOf,
  wordSalad,
  DEFAULT_CALIBRATION,
  type CalibrationOptions,
} from "./calibration.js";
export { understandQuestion, type Understanding } from "./follow-up.js";
export {
  highlightAnswer,
  highlightKind,
  highlightParts,
  markRanges,
  type Highlight,
  type HighlightKind,
  type HighlightParts,
} from "./highlight.js";
export { readSpans } from "./read-spans.js";
export { isEnglishWord, MONTHS } from "./english.js";
export { checkRefs } from "./check-refs.js";
