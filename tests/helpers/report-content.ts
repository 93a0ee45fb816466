/**
 * Deterministic content for a generated report: paragraphs that each hold facts with made-up
 * but unique names, fillers, footnotes and tables; and for every fact the question that asks
 * for it. Used by the PDF tests and by `npm run eval:pdf`.
 */
import type { Answer, Citation } from "../../src/answer/index.js";
import type { ReportBlock, ReportSpec } from "./report-pdf.js";
import { defined } from "./defined.js";

export interface Fact {
  sentence: string;
  question: string;
  /** Text the answer's first sentence must contain. */
  answer: string;
}

export interface TableFact {
  row: string;
  question: string;
  answer: string;
}

const SYLLABLES = [
  "var",
  "nol",
  "kes",
  "tri",
  "mor",
  "dan",
  "vel",
  "qui",
  "zor",
  "bel",
  "ast",
  "rin",
  "hul",
  "pex",
  "gan",
  "tor",
  "lis",
  "mab",
  "sen",
  "cov",
];
const MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];
const FILLERS = [
  "Families of the targets described repeated visits by officials.",
  "Such pressure was often applied without any judicial oversight.",
  "Several interviewees asked that their names be withheld.",
  "The pattern was consistent with earlier findings by researchers.",
  "Official statements framed these returns as voluntary.",
  "Relatives at home were warned about consequences for their jobs.",
  "Local partners documented the cases over several months.",
  "The campaign relied on informal channels as much as formal ones.",
];

function rng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A unique capitalised made-up name. */
function nameMaker(random: () => number): () => string {
  const used = new Set<string>();
  return () => {
    for (;;) {
      const n = 2 + Math.floor(random() * 2);
      const word = Array.from({ length: n }, () => SYLLABLES[Math.floor(random() * SYLLABLES.length)]).join("");
      const name = defined(word[0]).toUpperCase() + word.slice(1);
      if (!used.has(name)) {
        used.add(name);
        return name;
      }
    }
  };
}

export interface ReportContent {
  spec: ReportSpec;
  facts: Fact[];
  tableFacts: TableFact[];
}

/**
 * A report of `sections` sections, each with a heading, `paragraphsPerSection` paragraphs of
 * one or two facts among fillers, every third section a table of handovers.
 */
export function reportContent(options: { sections: number; paragraphsPerSection: number; seed?: number; columns?: 1 | 2 }): ReportContent {
  const random = rng(options.seed ?? 7);
  const name = nameMaker(random);
  const facts: Fact[] = [];
  const tableFacts: TableFact[] = [];
  const blocks: ReportBlock[] = [];
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)] as T;
  const makeFact = (): Fact => {
    const place = name();
    const year = 2014 + Math.floor(random() * 10);
    switch (Math.floor(random() * 3)) {
      case 0: {
        const n = 10 + Math.floor(random() * 9000);
        const op = pick(["Fox Hunt", "Sky Net"]);
        return {
          sentence: `In ${year}, the authorities of ${place} returned ${n.toLocaleString("en-US")} people to China under Operation ${op}.`,
          question: `How many people did the authorities of ${place} return under Operation ${op}?`,
          answer: n.toLocaleString("en-US"),
        };
      }
      case 1: {
        const org = name();
        const date = `${pick(MONTHS)} ${1 + Math.floor(random() * 28)}, ${year}`;
        return {
          sentence: `The ${org} police service station in ${place} was opened on ${date}.`,
          question: `When was the ${org} police service station in ${place} opened?`,
          answer: date,
        };
      }
      default: {
        const person = `${name()} ${name()}`;
        return {
          sentence: `${person} was taken from ${place} to Beijing after threats against relatives in ${year}.`,
          question: `Who was taken from ${place} to Beijing?`,
          answer: person,
        };
      }
    }
  };
  for (let s = 0; s < options.sections; s++) {
    blocks.push({ kind: "heading", text: `${s + 1}. Cases from region ${name()}` });
    for (let p = 0; p < options.paragraphsPerSection; p++) {
      const own = Array.from({ length: 1 + Math.floor(random() * 2) }, makeFact);
      facts.push(...own);
      const sentences = [pick(FILLERS), ...own.flatMap((f) => [f.sentence, pick(FILLERS)])];
      const withNote = p === 0 && s % 2 === 0;
      const noted = (sentences[0] as string).split(" ")[1] as string;
      blocks.push({
        kind: "paragraph",
        sentences,
        ...(withNote
          ? { footnote: { afterWord: noted, text: `Interviews for section ${s + 1} were held in ${2020 + (s % 4)}; see the annex.` } }
          : {}),
      });
    }
    if (s % 3 === 2) {
      const rows = Array.from({ length: 14 }, () => {
        const place = name();
        const year = String(2015 + Math.floor(random() * 9));
        const n = String(2 + Math.floor(random() * 400));
        tableFacts.push({
          row: `${place} | ${year} | ${n}`,
          question: `How many people were returned from ${place} in ${year}?`,
          answer: n,
        });
        return [place, year, n];
      });
      blocks.push({ kind: "table", header: ["Country", "Year", "Returned"], rows });
    }
  }
  return {
    spec: {
      title: "Involuntary Returns: a generated test report",
      runningHeader: "Generated report on forced returns | Test edition",
      frontPages: 2,
      columns: options.columns ?? 2,
      blocks,
    },
    facts,
    tableFacts,
  };
}

/** The first answer sentence of an answer and the citation it carries. */
export function firstCited(answer: Answer): { text: string | undefined; citation: Citation | undefined } {
  const first = answer.answer[0];
  return { text: first?.text, citation: answer.citations.find((c) => c.n === first?.citation) };
}
