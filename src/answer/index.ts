export { composeAnswer, rankSentences, DEFAULT_ANSWER_OPTIONS, type AnswerOptions, type ComposeInput } from "./compose.js";
export { AnswerSchema, CitationSchema, ABSTAIN_MESSAGE, type Answer, type Citation } from "./schema.js";
export { answerType, cleanQuestion, holdsAnswerType, questionProblem, type AnswerType } from "./question.js";
export { coverage, scoreSentence, DEFAULT_SENTENCE_PARAMS, type SentenceScoreParams } from "./scoring.js";
export { verifyAnswer, occursOnPage, type VerifiedAnswer } from "./verify.js";
export { citationLabel, PLAIN_LABEL, type LabelStyle } from "./label.js";
export { citationLink, httpLink } from "./link.js";
