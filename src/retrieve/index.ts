export { retrieve, mergeChunks, type Passage, type RetrieveOptions, type RetrievalResult } from "./retriever.js";
export { reciprocalRankFusion, RRF_K } from "./fusion.js";
