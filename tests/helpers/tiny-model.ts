/**
 * Writes a tiny BERT-shaped feature-extraction model that transformers.js loads like any other:
 * `config.json`, a WordPiece `tokenizer.json`, `tokenizer_config.json` and `onnx/model.onnx`.
 * The ONNX graph is an embedding lookup masked by the attention mask, so mean pooling gives the
 * average of the word vectors. Words listed together in `synonyms` share one vector: the dense
 * path can then find a passage that has none of the question's words.
 */
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import onnxProto from "onnx-proto";

const { onnx } = onnxProto;

const SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];

/** A deterministic pseudo-random vector (mulberry32) for a seed. */
function vectorFor(seed: number, dim: number): number[] {
  let a = seed * 2654435761;
  const next = () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296 - 0.5;
  };
  return Array.from({ length: dim }, next);
}

export interface TinyModelOptions {
  /** Plain words of the vocabulary (lower case). */
  words: string[];
  /** Groups of words that get the same vector. */
  synonyms?: string[][];
  dimensions?: number;
  /** Given vectors for some words (of `dimensions` numbers each), instead of generated ones. */
  vectors?: ReadonlyMap<string, readonly number[]>;
}

function tokenizerJson(vocab: Record<string, number>) {
  const special = (content: string) => ({
    id: vocab[content],
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: "1.0",
    truncation: null,
    padding: null,
    added_tokens: SPECIAL.map(special),
    normalizer: { type: "BertNormalizer", clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: "BertPreTokenizer" },
    post_processor: {
      type: "TemplateProcessing",
      single: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: "[CLS]", type_id: 0 } },
        { Sequence: { id: "A", type_id: 0 } },
        { SpecialToken: { id: "[SEP]", type_id: 0 } },
        { Sequence: { id: "B", type_id: 1 } },
        { SpecialToken: { id: "[SEP]", type_id: 1 } },
      ],
      special_tokens: {
        "[CLS]": { id: "[CLS]", ids: [vocab["[CLS]"]], tokens: ["[CLS]"] },
        "[SEP]": { id: "[SEP]", ids: [vocab["[SEP]"]], tokens: ["[SEP]"] },
      },
    },
    decoder: { type: "WordPiece", prefix: "##", cleanup: true },
    model: { type: "WordPiece", unk_token: "[UNK]", continuing_subword_prefix: "##", max_input_chars_per_word: 100, vocab },
  };
}

const T = onnx.TensorProto.DataType;
const INT = onnx.AttributeProto.AttributeType.INT;
const tensorType = (elemType: number, dims: (string | number)[]) => ({
  tensorType: { elemType, shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) } },
});

/**
 * The graph both tiny models share: each token's row of `weights` (vocabSize × dim), zeroed where
 * the attention mask is 0, as `masked` [batch, sequence, dim]. The caller adds the outputs.
 */
function lookupGraph(
  name: string,
  vocabSize: number,
  dim: number,
  weights: number[],
  outputs: { name: string; dims: (string | number)[] }[],
  extra: { nodes: ReturnType<typeof onnx.NodeProto.create>[]; initializers: ReturnType<typeof onnx.TensorProto.create>[] },
): Uint8Array {
  const graph = onnx.GraphProto.create({
    name,
    input: [
      onnx.ValueInfoProto.create({ name: "input_ids", type: tensorType(T.INT64, ["batch", "sequence"]) }),
      onnx.ValueInfoProto.create({ name: "attention_mask", type: tensorType(T.INT64, ["batch", "sequence"]) }),
    ],
    output: outputs.map((o) => onnx.ValueInfoProto.create({ name: o.name, type: tensorType(T.FLOAT, o.dims) })),
    initializer: [
      onnx.TensorProto.create({ name: "embeddings", dims: [vocabSize, dim], dataType: T.FLOAT, floatData: weights }),
      onnx.TensorProto.create({ name: "last_axis", dims: [1], dataType: T.INT64, int64Data: [-1] }),
      ...extra.initializers,
    ],
    node: [
      onnx.NodeProto.create({
        opType: "Gather",
        input: ["embeddings", "input_ids"],
        output: ["gathered"],
        attribute: [onnx.AttributeProto.create({ name: "axis", type: INT, i: 0 })],
      }),
      onnx.NodeProto.create({
        opType: "Cast",
        input: ["attention_mask"],
        output: ["mask_float"],
        attribute: [onnx.AttributeProto.create({ name: "to", type: INT, i: T.FLOAT })],
      }),
      onnx.NodeProto.create({ opType: "Unsqueeze", input: ["mask_float", "last_axis"], output: ["mask_3d"] }),
      onnx.NodeProto.create({ opType: "Mul", input: ["gathered", "mask_3d"], output: ["masked"] }),
      ...extra.nodes,
    ],
  });
  const model = onnx.ModelProto.create({ irVersion: 8, producerName: "citebot-tests", opsetImport: [{ domain: "", version: 13 }], graph });
  return onnx.ModelProto.encode(model).finish();
}

function modelProto(vocabSize: number, dim: number, weights: number[]): Uint8Array {
  return lookupGraph("tiny-embedding", vocabSize, dim, weights, [{ name: "last_hidden_state", dims: ["batch", "sequence", dim] }], {
    initializers: [],
    nodes: [onnx.NodeProto.create({ opType: "Identity", input: ["masked"], output: ["last_hidden_state"] })],
  });
}

/** Two columns per token (start and end logit), split into `start_logits` and `end_logits` [batch, sequence]. */
function qaModelProto(vocabSize: number, weights: number[]): Uint8Array {
  const column = (name: string, i: number) => onnx.TensorProto.create({ name, dims: [], dataType: T.INT64, int64Data: [i] });
  const pick = (index: string, output: string) =>
    onnx.NodeProto.create({
      opType: "Gather",
      input: ["masked", index],
      output: [output],
      attribute: [onnx.AttributeProto.create({ name: "axis", type: INT, i: 2 })],
    });
  return lookupGraph(
    "tiny-question-answering",
    vocabSize,
    2,
    weights,
    [
      { name: "start_logits", dims: ["batch", "sequence"] },
      { name: "end_logits", dims: ["batch", "sequence"] },
    ],
    {
      initializers: [column("start_column", 0), column("end_column", 1)],
      nodes: [pick("start_column", "start_logits"), pick("end_column", "end_logits")],
    },
  );
}

/**
 * Writes the tokenizer files for a vocabulary of the special tokens, then the words in lower case;
 * returns the tokens in id order (an object's keys would put number-like words such as "77" first).
 */
async function writeTokenizer(dir: string, words: readonly string[]): Promise<string[]> {
  const tokens = [...SPECIAL, ...new Set(words.map((w) => w.toLowerCase()))];
  const vocab: Record<string, number> = Object.fromEntries(tokens.map((t, i) => [t, i]));
  await mkdir(path.join(dir, "onnx"), { recursive: true });
  await writeFile(path.join(dir, "tokenizer.json"), JSON.stringify(tokenizerJson(vocab)));
  await writeFile(
    path.join(dir, "tokenizer_config.json"),
    JSON.stringify({
      tokenizer_class: "BertTokenizer",
      do_lower_case: true,
      model_max_length: 512,
      cls_token: "[CLS]",
      sep_token: "[SEP]",
      pad_token: "[PAD]",
      unk_token: "[UNK]",
      mask_token: "[MASK]",
    }),
  );
  return tokens;
}

function bertConfig(architecture: string, dim: number, vocabSize: number): string {
  return JSON.stringify({
    model_type: "bert",
    architectures: [architecture],
    hidden_size: dim,
    vocab_size: vocabSize,
    max_position_embeddings: 512,
    num_attention_heads: 1,
    num_hidden_layers: 1,
  });
}

/**
 * Writes the model under `modelsDir/<modelId>/` and returns its vocabulary size.
 */
export async function writeTinyModel(
  modelsDir: string,
  modelId: string,
  options: TinyModelOptions,
): Promise<{ vocabSize: number; dimensions: number }> {
  const dim = options.dimensions ?? 16;
  const dir = path.join(modelsDir, modelId);
  const tokens = await writeTokenizer(dir, options.words);
  const groupOf = new Map<string, number>();
  (options.synonyms ?? []).forEach((group, g) => group.forEach((w) => groupOf.set(w.toLowerCase(), g)));
  const weights = tokens.flatMap((t, i) => {
    if (i < SPECIAL.length && t !== "[UNK]") return new Array<number>(dim).fill(0);
    return options.vectors?.get(t) ?? vectorFor(groupOf.has(t) ? 100_000 + (groupOf.get(t) as number) : i + 1, dim);
  });
  await writeFile(path.join(dir, "onnx", "model.onnx"), modelProto(tokens.length, dim, weights));
  await writeFile(path.join(dir, "config.json"), bertConfig("BertModel", dim, tokens.length));
  return { vocabSize: tokens.length, dimensions: dim };
}

export interface TinyQaModelOptions {
  /** Plain words of the vocabulary (lower case). */
  words: string[];
  /** Words whose token the model reads as where an answer starts, and where it ends. */
  start: string[];
  end: string[];
}

/**
 * Writes a tiny BERT question-answering model under `modelsDir/<modelId>/`, loaded by the real
 * `question-answering` pipeline: its start logit is 10 for the `start` words and 0 for the others,
 * its end logit likewise, so the answer it reads runs from a start word to an end word.
 */
export async function writeTinyQaModel(modelsDir: string, modelId: string, options: TinyQaModelOptions): Promise<void> {
  const dir = path.join(modelsDir, modelId);
  const tokens = await writeTokenizer(dir, [...options.words, ...options.start, ...options.end]);
  const starts = new Set(options.start.map((w) => w.toLowerCase()));
  const ends = new Set(options.end.map((w) => w.toLowerCase()));
  const weights = tokens.flatMap((t) => [starts.has(t) ? 10 : 0, ends.has(t) ? 10 : 0]);
  await writeFile(path.join(dir, "onnx", "model.onnx"), qaModelProto(tokens.length, weights));
  await writeFile(path.join(dir, "config.json"), bertConfig("BertForQuestionAnswering", 2, tokens.length));
}
