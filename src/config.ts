/**
 * The one place where settings are read. Environment variables (and a `.env` file, when present)
 * and command-line flags are merged, then parsed once by a single zod schema. Nothing else in
 * Citebot reads `process.env`.
 */
import { existsSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import { parseArgs } from "node:util";
import { z } from "zod";
import { createError, describeError } from "./errors.js";
import type { FollowUpSettings } from "./conversation.js";
import { maskUrlText, PUBLIC_HTTP_URL_RULE, publicHttpUrl } from "./http-url.js";
import { oneOf, trimEndWhere } from "./text.js";

export const DEFAULT_MODEL = "Xenova/bge-small-en-v1.5";
/** The question-answering model that chooses the highlighted words, when it is in the models folder. */
export const DEFAULT_QA_MODEL = "Xenova/distilbert-base-cased-distilled-squad";

const booleanSetting = z
  .enum(["true", "false", "1", "0", "yes", "no"], { message: "expected true or false" })
  .transform((v) => v === "true" || v === "1" || v === "yes");

const integerSetting = (min: number, max: number, message = `expected a whole number from ${min} to ${max}`) =>
  z.coerce.number({ message }).int({ message }).min(min, { message }).max(max, { message });

/** Far above what any bot needs (Discord asks for a shard per 1,000-2,500 servers), low enough to catch typos. */
const MAX_SHARDS = 10_000;
const SHARD_COUNT_EXPECTED = `expected "auto" or a whole number from 1 to ${MAX_SHARDS}`;

/** An http(s) URL with a host and no user name or password (`z.url()` would take `javascript:`, `file:` and `ftp:`). */
/** An http(s) URL setting, used as parsed (`URL.href`: trimmed and normalised), never as typed. */
const httpUrlSetting = (example: string) =>
  z
    .string()
    .refine((v) => publicHttpUrl(v) !== null, { message: `${PUBLIC_HTTP_URL_RULE}${example}` })
    .transform((v) => publicHttpUrl(v) ?? v);

/** Settings whose rejected value is echoed masked: a URL may carry a password or a token. */
const URL_SETTINGS: ReadonlySet<string> = new Set(["MODEL_HOST", "DOC_URL", "DISCORD_API_BASE"]);

/** A chunk count for the scale bench: a whole number, "k" for thousands ("300k"), from 1 to a million. */
const CHUNK_COUNT = /^[1-9]\d{0,6}k?$/i;
const chunkCount = (v: string) => Number(v.replace(/k$/i, "")) * (/k$/i.test(v) ? 1000 : 1);
const chunkCountsSetting = z
  .string()
  .refine((v) => v.split(",").every((c) => CHUNK_COUNT.test(c.trim()) && chunkCount(c.trim()) <= 1_000_000), {
    message: "expected chunk counts from 1 to 1000k separated by commas, such as 1k,10k",
  })
  .transform((v) => v.split(",").map((c) => chunkCount(c.trim())));

const snowflake = z.string().regex(/^\d{1,20}$/, { message: "expected a Discord id (digits only)" });

/** Every setting, by its environment variable name. Flags are mapped onto these names. */
export const SettingsSchema = z.object({
  CORPUS_DIR: z.string().min(1).default("corpus"),
  INDEX_DIR: z.string().min(1).optional(),
  MODELS_DIR: z.string().min(1).default("models"),
  EMBED_MODEL: z
    .string()
    .regex(/^(none|[\w.-]+(\/[\w.-]+)?)$/, { message: 'expected a model id such as "Xenova/bge-small-en-v1.5", or "none"' })
    .default(DEFAULT_MODEL),
  QA_MODEL: z
    .string()
    .regex(/^(none|[\w.-]+(\/[\w.-]+)?)$/, {
      message: 'expected a model id such as "Xenova/distilbert-base-cased-distilled-squad", or "none"',
    })
    .default(DEFAULT_QA_MODEL),
  EMBED_QUERY_PREFIX: z.string().optional(),
  EMBED_POOLING: z.enum(["cls", "mean"], { message: "expected cls or mean" }).optional(),
  MODEL_DOWNLOAD: booleanSetting.default(true),
  MODEL_HOST: httpUrlSetting(" such as https://huggingface.co/").default("https://huggingface.co/"),
  TOP_K: integerSetting(1, 50).default(5),
  MAX_FILE_MB: integerSetting(1, 10_000).default(100),
  DOWNLOAD_TIMEOUT_SECONDS: integerSetting(1, 86_400).default(600),
  PARSE_TIMEOUT_SECONDS: integerSetting(1, 3600).default(60),
  BUILD_WAIT_SECONDS: integerSetting(0, 86_400).default(600),
  PARSE_MEMORY_MB: integerSetting(128, 65_536).default(1024),
  LOG_LEVEL: z
    .enum(["silent", "error", "warn", "info", "debug"], { message: "expected silent, error, warn, info or debug" })
    .default("info"),
  JSON: booleanSetting.default(false),
  BATCH: z.string().min(1).optional(),
  CHECK_BETWEEN: booleanSetting.default(false),
  REPORT: booleanSetting.default(false),
  INSPECT_PAGE: integerSetting(1, 1_000_000).optional(),
  DOC_TITLE: z.string().min(1).optional(),
  DOC_URL: httpUrlSetting("").optional(),
  DOC_PUBLISHER: z.string().min(1).optional(),
  DOC_DATE: z.string().min(1).optional(),
  DISCORD_TOKEN: z.string().min(1).optional(),
  DISCORD_APP_ID: snowflake.optional(),
  DISCORD_GUILD_ID: snowflake.optional(),
  DISCORD_API_BASE: httpUrlSetting(" such as https://discord.com/api").default("https://discord.com/api"),
  ASK_COOLDOWN_SECONDS: integerSetting(0, 3600).default(5),
  QUESTION_MAX_CHARS: integerSetting(10, 2000).default(300),
  MAX_SENTENCE_CHARS: integerSetting(100, 5000).default(600),
  MAX_CONCURRENT_ANSWERS: integerSetting(1, 64).default(4),
  LOG_QUESTIONS: booleanSetting.default(false),
  FOLLOW_UP_MINUTES: integerSetting(1, 1440).default(5),
  FOLLOW_UP_TURNS: integerSetting(0, 20).default(3),
  GAP_LIST: booleanSetting.default(true),
  /** Any value turns off bold in the terminal (https://no-color.org); unset or empty leaves it on. */
  NO_COLOR: z.string().optional(),
  SHARD_COUNT: z
    .union([z.literal("auto"), integerSetting(1, MAX_SHARDS, SHARD_COUNT_EXPECTED)], { message: SHARD_COUNT_EXPECTED })
    .optional(),
  BENCH_SCALE: booleanSetting.default(false),
  BENCH_MAX: chunkCountsSetting
    .refine((v) => v.length === 1, { message: "expected one chunk count, such as 300k" })
    .transform((v) => v[0] as number)
    .optional(),
  BENCH_SIZES: chunkCountsSetting.optional(),
  SHARD_IDS: z
    .string()
    .regex(/^\s*\d{1,5}\s*(,\s*\d{1,5}\s*)*$/, { message: "expected shard ids separated by commas, such as 0,2" })
    .transform((v) => v.split(",").map(Number))
    .optional(),
});

export type Settings = z.infer<typeof SettingsSchema>;

/** Command-line flags and the setting each one sets. */
const FLAGS = {
  corpus: { setting: "CORPUS_DIR", type: "string" },
  index: { setting: "INDEX_DIR", type: "string" },
  top: { setting: "TOP_K", type: "string" },
  json: { setting: "JSON", type: "boolean" },
  batch: { setting: "BATCH", type: "string" },
  between: { setting: "CHECK_BETWEEN", type: "boolean" },
  model: { setting: "EMBED_MODEL", type: "string" },
  report: { setting: "REPORT", type: "boolean" },
  page: { setting: "INSPECT_PAGE", type: "string" },
  title: { setting: "DOC_TITLE", type: "string" },
  url: { setting: "DOC_URL", type: "string" },
  publisher: { setting: "DOC_PUBLISHER", type: "string" },
  date: { setting: "DOC_DATE", type: "string" },
  scale: { setting: "BENCH_SCALE", type: "boolean" },
  max: { setting: "BENCH_MAX", type: "string" },
  sizes: { setting: "BENCH_SIZES", type: "string" },
} as const satisfies Record<string, { setting: keyof Settings; type: "string" | "boolean" }>;

export interface EmbeddingConfig {
  model: string;
  modelsDir: string;
  queryPrefix: string;
  pooling: "cls" | "mean";
  allowDownload: boolean;
  /** Where models are downloaded from (the Hugging Face Hub, or a mirror). */
  remoteHost: string;
  /** The longest one model file's download may take; the store's default when absent. */
  downloadTimeoutMs?: number;
}

export interface DiscordConfig {
  token: string;
  appId: string | null;
  guildId: string | null;
  apiBase: string;
  cooldownSeconds: number;
  questionMaxChars: number;
  maxConcurrentAnswers: number;
  logQuestions: boolean;
  /** How long and for how many turns follow-ups are understood; the defaults when absent. */
  followUp?: FollowUpSettings;
  /**
   * The gateway shards this process opens, out of how many in all; "auto" for as many as
   * Discord recommends, all in this process; absent or null for discord.js's default (one shard).
   */
  shards?: { ids: number[]; count: number } | "auto" | null;
}

/** The question-answering model: where it is kept and fetched from, like the embedding model. */
export type QaConfig = Pick<EmbeddingConfig, "model" | "modelsDir" | "allowDownload" | "remoteHost" | "downloadTimeoutMs">;

/** Resolved configuration: every path absolute, every default applied. */
export interface Config {
  corpusDir: string;
  indexDir: string;
  /** Null when embeddings are turned off (`EMBED_MODEL=none`). */
  embedding: EmbeddingConfig | null;
  /** Null when the highlight is left to the heuristic (`QA_MODEL=none`). */
  qa: QaConfig | null;
  topK: number;
  maxFileBytes: number;
  /** The longest one download may take, body included (`corpus:add`, each model file). */
  downloadTimeoutMs: number;
  parseTimeoutMs: number;
  /** How long an index build waits for another build of the same index to finish. */
  buildWaitMs: number;
  /** Longest question answered, in every front end (QUESTION_MAX_CHARS). */
  questionMaxChars: number;
  /** Sentences longer than this are split for chunking and answering (MAX_SENTENCE_CHARS). */
  maxSentenceChars: number;
  /** Heap limit of the child process that reads PDFs, in MB. */
  parseMemoryMb: number;
  logLevel: Settings["LOG_LEVEL"];
  /** NO_COLOR is set: no bold on a terminal either. */
  noColor: boolean;
  json: boolean;
  batch: string | null;
  /** `check --between A B`: check every fact-bearing sentence of document A against document B. */
  between: boolean;
  /** Positional arguments joined: the question for `ask`. */
  question: string | null;
  /** Positional arguments as given (the data file for `eval` and `bench`, the file or URL for `corpus:add`). */
  args: string[];
  /** `index --report`: print the extraction report. */
  report: boolean;
  /** `inspect --page N`: show only this page (1-based, as a PDF viewer numbers it). */
  page: number | null;
  /** Metadata given to `corpus:add` for `sources.json`. */
  documentMeta: { title?: string; url?: string; publisher?: string; date?: string };
  discord: DiscordConfig | null;
  /** Follow-up questions: FOLLOW_UP_MINUTES and FOLLOW_UP_TURNS. */
  followUp: FollowUpSettings;
  /** GAP_LIST: count declined questions by their content words, in the index folder's gaps file. */
  gapList: boolean;
  /** `bench --scale [--max N] [--sizes A,B]`: the scale bench instead of the SQuAD one; the chunk counts asked for, or null for its defaults. */
  benchScale: { max: number | null; sizes: number[] | null } | null;
}

/** Query instructions and pooling of the models we know; others default to no prefix and mean pooling. */
const KNOWN_MODELS: Record<string, { queryPrefix: string; pooling: "cls" | "mean" }> = {
  "Xenova/bge-small-en-v1.5": { queryPrefix: "Represent this sentence for searching relevant passages: ", pooling: "cls" },
  "Xenova/bge-base-en-v1.5": { queryPrefix: "Represent this sentence for searching relevant passages: ", pooling: "cls" },
  "Xenova/all-MiniLM-L6-v2": { queryPrefix: "", pooling: "mean" },
};

/**
 * The index folder for a corpus when none is given: `index/<name>-<hash of the absolute path>`,
 * so that two corpora never share an index.
 */
export function defaultIndexDir(corpusDir: string, cwd: string): string {
  const abs = path.resolve(cwd, corpusDir);
  const hash = createHash("sha256").update(abs).digest("hex").slice(0, 8);
  return path.join(cwd, "index", `${path.basename(abs) || "corpus"}-${hash}`);
}

function formatIssue(issue: z.core.$ZodIssue, raw: Record<string, unknown>): string {
  const key = String(issue.path[0] ?? "settings");
  const flag = Object.entries(FLAGS).find(([, f]) => f.setting === key)?.[0];
  const name = flag ? `${key} (--${flag})` : key;
  const value = raw[key];
  const got = URL_SETTINGS.has(key) && typeof value === "string" ? maskUrlText(value) : value;
  return `${name}: ${issue.message}${got === undefined ? "" : `, got ${JSON.stringify(got)}`}`;
}

/**
 * Parses flags and environment into a `Config`. Throws a `CONFIG_INVALID` error naming the
 * setting and what it accepts, or `USAGE_INVALID` for an unknown flag or one without its value.
 */
export function parseConfig(argv: readonly string[], env: Readonly<Record<string, string | undefined>>, cwd: string): Config {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof FLAGS; allowPositionals: true; strict: true; args: string[] }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: FLAGS, allowPositionals: true, strict: true });
  } catch (error) {
    // A flag that does not exist, or lacks its value, is the command line's fault, not a setting's.
    throw createError(
      "USAGE_INVALID",
      `${(error as Error).message}. Flags: ${Object.keys(FLAGS)
        .map((f) => `--${f}`)
        .join(", ")}`,
      error,
    );
  }
  const raw = Object.create(null) as Record<string, unknown>;
  for (const key of Object.keys(SettingsSchema.shape)) {
    const value = env[key];
    if (value !== undefined && value !== "") raw[key] = value;
  }
  for (const [flag, spec] of Object.entries(FLAGS)) {
    const value = parsed.values[flag as keyof typeof FLAGS];
    if (value === undefined) continue;
    raw[spec.setting] = typeof value === "boolean" ? String(value) : value;
  }
  const result = SettingsSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => formatIssue(issue, raw));
    throw createError("CONFIG_INVALID", lines.join("; "), result.error);
  }
  return resolveConfig(result.data, parsed.positionals, cwd);
}

/** SHARD_COUNT and SHARD_IDS together: the ids unique and each below the count. */
function resolveShards(s: Settings): { ids: number[]; count: number } | "auto" | null {
  const count = s.SHARD_COUNT;
  const ids = s.SHARD_IDS;
  if (count === undefined) {
    if (ids)
      throw createError(
        "CONFIG_INVALID",
        `SHARD_IDS: needs SHARD_COUNT, the number of shards in all, got ${JSON.stringify(ids.join(","))}`,
      );
    return null;
  }
  if (count === "auto") {
    if (ids)
      throw createError(
        "CONFIG_INVALID",
        "SHARD_IDS: cannot be chosen with SHARD_COUNT=auto (this process then opens every shard); give SHARD_COUNT as a number",
      );
    return "auto";
  }
  if (!ids) return { ids: Array.from({ length: count }, (_, i) => i), count };
  const tooLarge = ids.filter((id) => id >= count);
  if (tooLarge.length > 0)
    throw createError(
      "CONFIG_INVALID",
      `SHARD_IDS: expected ids from 0 to ${count - 1} (SHARD_COUNT is ${count}), got ${tooLarge.join(", ")}`,
    );
  const repeated = ids.filter((id, i) => ids.indexOf(id) !== i);
  if (repeated.length > 0)
    throw createError("CONFIG_INVALID", `SHARD_IDS: each id once, got ${[...new Set(repeated)].join(", ")} more than once`);
  return { ids, count };
}

function resolveConfig(s: Settings, positionals: string[], cwd: string): Config {
  const corpusDir = path.resolve(cwd, s.CORPUS_DIR);
  const known = KNOWN_MODELS[s.EMBED_MODEL];
  const question = positionals.join(" ").trim();
  // Where every model is kept and fetched from.
  const models = {
    modelsDir: path.resolve(cwd, s.MODELS_DIR),
    allowDownload: s.MODEL_DOWNLOAD,
    remoteHost: s.MODEL_HOST.endsWith("/") ? s.MODEL_HOST : `${s.MODEL_HOST}/`,
    downloadTimeoutMs: s.DOWNLOAD_TIMEOUT_SECONDS * 1000,
  };
  return {
    corpusDir,
    indexDir: s.INDEX_DIR ? path.resolve(cwd, s.INDEX_DIR) : defaultIndexDir(s.CORPUS_DIR, cwd),
    embedding:
      s.EMBED_MODEL === "none"
        ? null
        : {
            model: s.EMBED_MODEL,
            ...models,
            queryPrefix: s.EMBED_QUERY_PREFIX ?? known?.queryPrefix ?? "",
            pooling: s.EMBED_POOLING ?? known?.pooling ?? "mean",
          },
    qa: s.QA_MODEL === "none" ? null : { model: s.QA_MODEL, ...models },
    topK: s.TOP_K,
    maxFileBytes: s.MAX_FILE_MB * 1024 * 1024,
    downloadTimeoutMs: s.DOWNLOAD_TIMEOUT_SECONDS * 1000,
    parseTimeoutMs: s.PARSE_TIMEOUT_SECONDS * 1000,
    buildWaitMs: s.BUILD_WAIT_SECONDS * 1000,
    questionMaxChars: s.QUESTION_MAX_CHARS,
    maxSentenceChars: s.MAX_SENTENCE_CHARS,
    parseMemoryMb: s.PARSE_MEMORY_MB,
    logLevel: s.LOG_LEVEL,
    noColor: s.NO_COLOR !== undefined,
    json: s.JSON,
    batch: s.BATCH ? path.resolve(cwd, s.BATCH) : null,
    between: s.CHECK_BETWEEN,
    question: question === "" ? null : question,
    args: positionals,
    report: s.REPORT,
    page: s.INSPECT_PAGE ?? null,
    documentMeta: {
      ...(s.DOC_TITLE ? { title: s.DOC_TITLE } : {}),
      ...(s.DOC_URL ? { url: s.DOC_URL } : {}),
      ...(s.DOC_PUBLISHER ? { publisher: s.DOC_PUBLISHER } : {}),
      ...(s.DOC_DATE ? { date: s.DOC_DATE } : {}),
    },
    discord: s.DISCORD_TOKEN
      ? {
          token: s.DISCORD_TOKEN,
          appId: s.DISCORD_APP_ID ?? null,
          guildId: s.DISCORD_GUILD_ID ?? null,
          apiBase: trimEndWhere(s.DISCORD_API_BASE, oneOf("/")),
          cooldownSeconds: s.ASK_COOLDOWN_SECONDS,
          questionMaxChars: s.QUESTION_MAX_CHARS,
          maxConcurrentAnswers: s.MAX_CONCURRENT_ANSWERS,
          logQuestions: s.LOG_QUESTIONS,
          followUp: { minutes: s.FOLLOW_UP_MINUTES, turns: s.FOLLOW_UP_TURNS },
          shards: resolveShards(s),
        }
      : null,
    followUp: { minutes: s.FOLLOW_UP_MINUTES, turns: s.FOLLOW_UP_TURNS },
    gapList: s.GAP_LIST,
    benchScale: s.BENCH_SCALE ? { max: s.BENCH_MAX ?? null, sizes: s.BENCH_SIZES ?? null } : null,
  };
}

/**
 * Reads the process's configuration: `.env` in the working folder (if any) under the real
 * environment, then the flags. Call once, from an entry point.
 */
export function readConfig(argv: readonly string[] = process.argv.slice(2)): Config {
  const cwd = process.cwd();
  const envFile = path.join(cwd, ".env");
  if (existsSync(envFile)) {
    try {
      process.loadEnvFile(envFile);
    } catch (error) {
      // A .env that is a folder or unreadable by this user is a setting the user got wrong.
      throw createError("CONFIG_INVALID", `${envFile} cannot be read: ${describeError(error)}`, error);
    }
  }
  return parseConfig(argv, process.env, cwd);
}
