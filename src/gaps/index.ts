export { GapList, openGapList, MAX_TOPICS, FLUSH_DELAY_MS, type GapListOptions, type CountableAnswer } from "./gap-list.js";
export {
  GAPS_FILE,
  MAX_GAPS_FILE_BYTES,
  gapsFileWarning,
  readGapsFile,
  serializeGaps,
  tallyOf,
  writeGapsFile,
  type GapsFileState,
  type GapsWriter,
} from "./file.js";
export { dayOf, firstDay, mostAsked, type GapTopic, type Tally } from "./tally.js";
export { topicOf, TOPIC_LIMITS, type Topic } from "./topic.js";
