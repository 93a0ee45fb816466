/**
 * The parse journal: before a file is parsed, its id and hash are written to a small file in the
 * index folder; when parsing ends, however it ends, they are taken out again. A file still listed
 * at the next build is one whose parsing took the whole process down (the kernel's out-of-memory
 * killer striking Citebot itself, a native crash, a power cut), which the PDF reader's child
 * process cannot catch. Such a file
 * is given one more try, since the first stop may have been an operator's Ctrl-C; after a second
 * unfinished attempt it is skipped, as a problem with its hash, until it changes.
 */
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { readIndexFile } from "./index-file.js";
import { describeError } from "../errors.js";
import { loaderOf } from "../ingest/index.js";

export const PARSE_JOURNAL_FILE = "parse-journal.json";
/** Attempts that never finished before a file is skipped. */
export const MAX_UNFINISHED_ATTEMPTS = 2;

/**
 * Whether reading this file needs a journal entry. A plain-text file is decoded and split into
 * paragraphs in linear time and memory bounded by MAX_FILE_MB, far less than chunking it takes
 * afterwards, so its reading cannot be what stops the process; journalling it cost two small
 * files written per file, a tenth of a large build. Markdown (a syntax tree) and PDF (a child
 * process whose result comes back whole) keep their entries. Unknown kinds are journalled.
 */
export function needsJournal(id: string): boolean {
  return loaderOf(id) !== "text";
}

const JournalSchema = z.array(z.object({ id: z.string(), hash: z.string(), attempts: z.number().int().min(1) }));
export type JournalEntry = z.infer<typeof JournalSchema>[number];

/** The journal's entries; a missing or damaged journal is an empty one. */
export async function readJournal(indexDir: string): Promise<JournalEntry[]> {
  // A journal is a few entries: a link, a pipe or a huge file in its place is a damaged one.
  // Missing or unreadable, it knows nothing of earlier attempts: every file is tried again, which is
  // the safe side (a file that stops Citebot is caught by the next journal written).
  const raw = await readIndexFile(path.join(indexDir, PARSE_JOURNAL_FILE), 1024 * 1024).then(
    (bytes) => bytes.toString("utf8"),
    () => null,
  );
  if (raw === null) return [];
  try {
    const parsed = JournalSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : [];
  } catch {
    // Unparseable JSON (a write cut short): nothing is known about earlier attempts.
    return [];
  }
}

/** Writes the journal (to a temporary file, then renamed, so it is never half written). */
export async function writeJournal(indexDir: string, entries: readonly JournalEntry[]): Promise<void> {
  await mkdir(indexDir, { recursive: true });
  const file = path.join(indexDir, PARSE_JOURNAL_FILE);
  // The temporary file is Citebot's own name: whatever holds it (a write cut short, a pipe that
  // would block the write) is replaced, and the new file is created, never opened as found.
  await rm(`${file}.tmp`, { force: true });
  await writeFile(`${file}.tmp`, JSON.stringify(entries), { flag: "wx" });
  await rename(`${file}.tmp`, file);
}

/**
 * The journal of one build. Its writes are best effort: a journal that cannot be written (a
 * read-only or full disk) costs only the protection, and is said once through `warn`.
 */
export class ParseJournal {
  private warned = false;

  private constructor(
    private readonly indexDir: string,
    private entries: JournalEntry[],
    private readonly warn: (message: string) => void,
  ) {}

  /** Opens the journal, keeping the entries of files still in the corpus (`ids`). */
  static async open(indexDir: string, ids: ReadonlySet<string>, warn: (message: string) => void): Promise<ParseJournal> {
    const entries = (await readJournal(indexDir)).filter((e) => ids.has(e.id));
    return new ParseJournal(indexDir, entries, warn);
  }

  /** Earlier attempts at this very file (same id and content hash) that never finished. */
  unfinished(id: string, hash: string): number {
    return this.entries.find((e) => e.id === id && e.hash === hash)?.attempts ?? 0;
  }

  /** Records that parsing of the file starts now. */
  async start(id: string, hash: string): Promise<void> {
    const attempts = this.unfinished(id, hash) + 1;
    this.entries = [...this.entries.filter((e) => e.id !== id), { id, hash, attempts }];
    await this.save();
  }

  /** Records that the file's parsing ended (read, refused or skipped): it is no longer in question. */
  async finish(id: string): Promise<void> {
    if (!this.entries.some((e) => e.id === id)) return;
    this.entries = this.entries.filter((e) => e.id !== id);
    await this.save();
  }

  private async save(): Promise<void> {
    try {
      await writeJournal(this.indexDir, this.entries);
    } catch (error) {
      if (!this.warned)
        this.warn(
          `the parse journal in ${this.indexDir} cannot be written (${describeError(error)}); a file that stops the process may stop it again at the next start`,
        );
      this.warned = true;
    }
  }
}
