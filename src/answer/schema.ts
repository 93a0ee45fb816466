/**
 * The answer every front end receives, defined once. `ask --json` prints exactly this shape, and
 * the README documents it.
 */
import { z } from "zod";

export const CitationSchema = z.object({
  /** The number shown as [n] after answer sentences. */
  n: z.number().int().positive(),
  doc: z.string(),
  title: z.string(),
  publisher: z.string().nullable(),
  date: z.string().nullable(),
  /** 1-based page for PDFs; null for other documents. */
  page: z.number().int().positive().nullable(),
  /** The printed page label, when the PDF defines one that differs from the page number. */
  pageLabel: z.string().nullable(),
  paragraph: z.number().int().positive().nullable(),
  /** The title of the section (Markdown heading) the quoted paragraph stands under, as the source writes it; null when none. */
  section: z.string().nullable(),
  /** The source's link, when known (with #page=N for PDFs). */
  url: z.string().nullable(),
  /** The passage the answer sentences were taken from, verbatim, as it stands on the cited page. */
  quote: z.string(),
  /** For a quote from the middle of a table: the table's header row, which the quote repeats as its first line. */
  tableHeader: z.string().nullable(),
});

export const AnswerSentenceSchema = z.object({
  /** A sentence copied verbatim from the source. */
  text: z.string(),
  /** The `n` of its citation. */
  citation: z.number().int().positive(),
  /** The words that answer the question, as character offsets into `text` (end exclusive), or null. */
  highlight: z
    .object({ start: z.number().int().nonnegative(), end: z.number().int().positive() })
    .refine((h) => h.start < h.end, { message: "a highlight ends after it starts" })
    .nullable(),
});

export const PassageSchema = z.object({
  doc: z.string(),
  title: z.string(),
  page: z.number().int().positive().nullable(),
  paragraph: z.number().int().positive().nullable(),
  text: z.string(),
  score: z.number(),
});

export const AnswerSchema = z.object({
  question: z.string(),
  /** The question as answered: a follow-up ("and Laos?") written out with the previous question; else `question`. */
  understoodAs: z.string(),
  abstained: z.boolean(),
  mode: z.enum(["hybrid", "lexical"]),
  answer: z.array(AnswerSentenceSchema),
  citations: z.array(CitationSchema),
  passages: z.array(PassageSchema),
  timingsMs: z.object({ retrieve: z.number().nonnegative(), answer: z.number().nonnegative(), total: z.number().nonnegative() }),
});

export type Answer = z.infer<typeof AnswerSchema>;
export type Citation = z.infer<typeof CitationSchema>;

/** What an abstention says, in every front end. */
export const ABSTAIN_MESSAGE = "I couldn't find this in the sources.";
