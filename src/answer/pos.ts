/**
 * Parts of speech of a sentence's words, by wink-nlp's English model (a small statistical tagger
 * shipped as an npm package: in-process, about 0.1 ms a sentence, nothing downloaded). The
 * highlight uses them to find noun phrases and names; offsets are into the text as given.
 */
import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

/** A word and its universal part-of-speech tag ("NOUN", "PROPN", "ADJ", "VERB", …). */
export interface TaggedWord {
  start: number;
  end: number;
  pos: string;
}

/** Longer texts are not tagged: the highlight then falls back to its word lists. */
export const MAX_TAGGED_CHARS = 4000;

/** Built on first use: the model takes about 70 ms and 20 MB (measured on the 2-core machine), which a run that never answers need not pay. */
let nlp: ReturnType<typeof winkNLP> | null = null;

/**
 * The texts tagged last and their tags, oldest first: a question is tagged by the confidence and
 * by the highlight in turn, and a claim check asks for the same claim's and sentence's many times.
 */
const recent = new Map<string, readonly TaggedWord[]>();
const RECENT_TEXTS = 8;

/**
 * The tagged words of `text`, in order; empty when the text is too long to tag or the tagger
 * fails on it (the highlight then uses its word lists, and the confidence counts no nouns).
 */
export function tagWords(text: string): readonly TaggedWord[] {
  if (text.length > MAX_TAGGED_CHARS) return [];
  let words = recent.get(text);
  if (words === undefined) {
    words = tagged(text);
    recent.set(text, words);
    if (recent.size > RECENT_TEXTS) recent.delete(recent.keys().next().value as string);
  }
  return words;
}

function tagged(text: string): TaggedWord[] {
  let values: string[];
  let tags: string[];
  try {
    nlp ??= winkNLP(model, ["sbd", "pos"]);
    const doc = nlp.readDoc(text);
    values = doc.tokens().out();
    tags = doc.tokens().out(nlp.its.pos);
  } catch {
    // A tagger that fails on some odd text costs the highlight its tags and the confidence its noun count, never the answer.
    return [];
  }
  const out: TaggedWord[] = [];
  let cursor = 0;
  values.forEach((value, i) => {
    const start = text.indexOf(value, cursor);
    if (start < 0 || start - cursor > 40) return;
    out.push({ start, end: start + value.length, pos: tags[i] as string });
    cursor = start + value.length;
  });
  return out;
}
