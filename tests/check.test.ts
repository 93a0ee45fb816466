import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseBatch } from "../src/cli/batch.js";
import { checkBetween, formatBetween } from "../src/cli/check-between.js";
import { boldRanges, formatCheck } from "../src/cli/check-format.js";
import { cleanQuestion } from "../src/answer/index.js";
import {
  ClaimCheckSchema,
  extractFacts,
  factClaims,
  judgeSentence,
  MAX_CLAIM_FACTS,
  MAX_SENTENCE_FACTS,
  plainClaim,
} from "../src/check/index.js";
import { engineOver, engineOverDocuments } from "./helpers/memory-index.js";
import { defined } from "./helpers/defined.js";

const ARTICLE = readFileSync(path.join(import.meta.dirname, "..", "corpus", "article.md"), "utf8");
const engine = engineOver("article.md", ARTICLE);

describe("engine.check on the built-in article", () => {
  it("GIVEN a paraphrased true claim THEN supported, citing the sentence verbatim with the compared values marked", async () => {
    const r = await engine.check("Fiji deported 77 people in 2017.");
    expect(ClaimCheckSchema.parse(r)).toEqual(r);
    expect(r.verdict).toBe("supported");
    expect(r.facts).toEqual([
      { claimText: "Fiji", sourceText: "Fiji", agree: true },
      { claimText: "77", sourceText: "77", agree: true },
      { claimText: "2017", sourceText: "2017", agree: true },
    ]);
    const s = defined(r.sentences[0]);
    expect(ARTICLE.replace(/\s+/g, " ")).toContain(s.text.replace(/\s+/g, " "));
    expect(s.highlights.map((h) => s.text.slice(h.start, h.end))).toEqual(["77", "Fiji", "2017"]);
    expect(r.citations[0]).toMatchObject({ n: 1, doc: "article.md", paragraph: 5 });
  });

  it("GIVEN 98 from Indonesia where the source says 88 THEN contradicted, the 88 paired with Indonesia (not the 77 of Fiji)", async () => {
    const r = await engine.check("98 people were returned from Indonesia.");
    expect(r.verdict).toBe("contradicted");
    expect(r.facts).toEqual([
      { claimText: "98", sourceText: "88", agree: false },
      { claimText: "Indonesia", sourceText: "Indonesia", agree: true },
    ]);
  });

  it("GIVEN a changed year or a changed place THEN contradicted, never supported", async () => {
    expect((await engine.check("Laos handed over 164 people in 2021.")).verdict).toBe("contradicted");
    const place = await engine.check("Vietnam handed over 77 individuals in 2017.");
    expect(place.verdict).toBe("contradicted");
    expect(place.facts[0]).toEqual({ claimText: "Vietnam", sourceText: "Fiji", agree: false });
  });

  it("GIVEN 30,000 where the source says over 30,000 THEN supported, with the source's qualifier shown", async () => {
    const r = await engine.check("Myanmar handed over 30,000 people.");
    expect(r.verdict).toBe("supported");
    expect(r.summary).toBe("Supported: a source sentence states the same. (the source says “over 30,000”)");
  });

  it("GIVEN a value the source's hedge neither confirms nor contradicts THEN not found, saying what the source says", async () => {
    const r = await engine.check("Forced returns came from 150 countries.");
    expect(r.verdict).toBe("not found");
    expect(r.summary).toContain("“over 120”");
  });

  it("GIVEN a claim about something the sources never mention THEN not found; GIVEN no number, date or name THEN nothing checkable", async () => {
    expect((await engine.check("The Eiffel Tower has 1,665 steps.")).verdict).toBe("not found");
    expect((await engine.check("Spotify was founded in 1962.")).verdict).toBe("not found");
    const none = await engine.check("The report is very long and worrying.");
    expect(none).toMatchObject({ verdict: "nothing checkable", facts: [], sentences: [], citations: [] });
  });

  it("GIVEN a hostile claim (control characters, a huge number, a prototype key) THEN a verdict and no error", async () => {
    for (const claim of [
      "\u001b[31m88\u0007 from __proto__ in 2017",
      `${"9".repeat(400)} people from Fiji`,
      "constructor toString 1e308 hasOwnProperty",
    ]) {
      const r = await engine.check(claim);
      expect(ClaimCheckSchema.parse(r).verdict).not.toBe("supported");
    }
  });
});

describe("terminal output and batch lines", () => {
  it("GIVEN a check THEN the summary, each fact, the sentence with bold values only on a terminal that wants it", async () => {
    const r = await engine.check("98 people were returned from Indonesia.");
    const plain = formatCheck(r, { bold: false });
    expect(plain).toContain("Contradicted: a source sentence states a different value.");
    expect(plain).toContain("  98 → 88 (DIFFERENT)");
    expect(plain).not.toContain("\u001b");
    expect(formatCheck(r, { bold: true })).toContain("\u001b[1m88\u001b[22m");
    // A control character inside a marked range would change what the pieces show: no bold then.
    expect(boldRanges("a \u001b[31mb c", [{ start: 2, end: 6 }], { bold: true })).not.toContain("\u001b[1m");
  });

  it("GIVEN batch lines with a check field THEN a claim item; GIVEN a non-string check THEN an error in its place", () => {
    expect(parseBatch('{"check": "88 from Indonesia"}\n{"check": 5}\nHow many?', 2000)).toEqual([
      { line: 1, claim: "88 from Indonesia" },
      { line: 2, error: expect.objectContaining({ code: "BATCH_LINE_INVALID" }) as unknown },
      { line: 3, question: "How many?" },
    ]);
  });
});

describe("check --between", () => {
  it("GIVEN an article and a report that disagree on one number THEN a table row per statement with a number or date, with the differing values", async () => {
    const report = [
      "# Mass handovers",
      "",
      "Fiji handed over 77 individuals in 2017.",
      "",
      "Indonesia handed over 88 individuals.",
      "",
      "Laos handed over 164 individuals in 2023.",
    ].join("\n");
    const article = [
      "Fiji deported 77 people in 2017.",
      "",
      "Indonesia returned 98 people.",
      "",
      "The report is long and careful.",
      "",
      "Norway returned 12 people in 1999.",
    ].join("\n");
    const both = engineOverDocuments([
      { id: "report.md", text: report },
      { id: "article.md", text: article },
    ]);
    const rows = await checkBetween(both, "article.md", "report.md");
    expect(rows.map((r) => [r.sentence, r.check.verdict])).toEqual([
      ["Fiji deported 77 people in 2017.", "supported"],
      ["Indonesia returned 98 people.", "contradicted"],
      ["Norway returned 12 people in 1999.", "not found"],
    ]);
    // Only the report is cited, never the article against itself.
    expect(rows.flatMap((r) => r.check.citations.map((c) => c.doc))).toEqual(["report.md", "report.md"]);
    const table = formatBetween(rows, "article.md", "report.md");
    expect(table).toContain("article.md says “98”, report.md “88”");
    expect(table).toContain("3 statement(s): 1 supported, 1 contradicted, 1 not found.");
  });
});

describe("engine.check: what may never be called supported", () => {
  const report = engineOverDocuments([
    {
      id: "facts.md",
      text: [
        "# Figures",
        "",
        "Mount Bogong is 1,986 m (6,516 ft) high.",
        "",
        "In February 2015, Sky bid £4.2bn for a package of 120 games.",
        "",
        "In 1081 Robert Guiscard led an army of 30,000 men in 300 ships.",
        "",
        "As of August 2010, Victoria had 1,548 public schools, 489 Catholic schools and 214 independent schools.",
        "",
        "With a population of 3,792,621, Los Angeles is the most populous city in California.",
        "",
        "San Diego lies to the south, near the border.",
        "",
        "In 2003–04, Victorian farmers produced more than 3 million tonnes of wheat and 2 million tonnes of barley.",
        "",
        "Victorian farms produce nearly 90% of Australian pears and a third of apples.",
        "",
        "ITV had increased its offer from £18m to £34m per year to keep the rights.",
        "",
        "In 1998, Sky Digital was launched by the broadcaster.",
        "",
        "These are the Très ancien coutumier (Very ancient customary), authored between 1200 and 1245; and the Grand coutumier de Normandie (Great customary of Normandy), authored between 1235 and 1245.",
        "",
        "Retention rates for the final two years were 77 per cent for public school students and 90 per cent for private school students.",
        "",
        "Is there a route of at most 2000 kilometres passing through all of Germany's 15 largest cities?",
        "",
        "The new service used the Astra 2A satellite which was located at the 28.5°E orbital position, unlike the analogue service which was broadcast from 19.2°E.",
        "",
        "Blacklipped abalone is the mainstay of the catch, bringing in A$46 million, followed by southern rock lobster worth A$13.7 million.",
      ].join("\n"),
    },
  ]);
  const verdict = async (claim: string) => (await report.check(claim)).verdict;

  it("GIVEN another unit or scale (ft for m, £4.2m for £4.2bn) THEN contradicted", async () => {
    expect(await verdict("Mount Bogong is 1,986 ft high.")).toBe("contradicted");
    expect(await verdict("Mount Bogong is 1,986 m high.")).toBe("supported");
    expect(await verdict("In February 2015 Sky bid £4.2m for 120 games.")).toBe("contradicted");
  });

  it("GIVEN two numbers swapped between their places THEN contradicted", async () => {
    expect(await verdict("In 1081 Robert Guiscard led an army of 300 men in 30,000 ships.")).toBe("contradicted");
    expect(await verdict("In 1081 Robert Guiscard led an army of 30,000 men in 300 ships.")).toBe("supported");
  });

  it("GIVEN a number moved to another item of a list (1,548 Catholic schools, 164 from Indonesia) THEN never supported", async () => {
    expect(await verdict("In August 2010 Victoria had 1,548 Catholic schools.")).toBe("contradicted");
    expect(await verdict("In August 2010 Victoria had 489 Catholic schools.")).toBe("supported");
    expect((await engine.check("164 people were handed over from Indonesia in 2023.")).verdict).toBe("contradicted");
    expect((await engine.check("88 people were handed over from Laos.")).verdict).toBe("contradicted");
  });

  it("GIVEN a value stated alike for another thing the sentence names (wheat for barley, apples for pears) THEN contradicted", async () => {
    expect(await verdict("Victorian farmers produced 2 million tonnes of wheat in 2003–04.")).toBe("contradicted");
    expect(await verdict("Victorian farmers produced 2 million tonnes of barley in 2003–04.")).toBe("supported");
    expect(await verdict("Nearly 90% of Australian apples are produced by Victorian farms.")).toBe("contradicted");
  });

  it("GIVEN the value of the neighbouring item (semicolon items, public for private) THEN contradicted", async () => {
    expect(await verdict("The Grand coutumier de Normandie was authored between 1200 and 1245.")).toBe("contradicted");
    expect(await verdict("The Grand coutumier de Normandie was authored between 1235 and 1245.")).toBe("supported");
    expect(await verdict("Retention rates for the final two years were 77 per cent for private school students.")).toBe("contradicted");
    expect(await verdict("Retention rates for the final two years were 90 per cent for private school students.")).toBe("supported");
  });

  it("GIVEN the value of another thing the sentence describes with the claim's words THEN contradicted", async () => {
    expect(await verdict("The analogue service was broadcast from 28.5°E.")).toBe("contradicted");
    expect(await verdict("The analogue service was broadcast from 19.2°E.")).toBe("supported");
    expect(await verdict("Blacklipped abalone brought in A$13.7 million.")).toBe("contradicted");
    expect(await verdict("Blacklipped abalone brought in A$46 million.")).toBe("supported");
  });

  it("GIVEN a four-digit distance THEN a number with its unit, not a year", async () => {
    expect(await verdict("Is there a route of at most 2000 miles through Germany's 15 largest cities?")).toBe("contradicted");
    expect(extractFacts("at most 2000 kilometres")).toMatchObject([{ kind: "number", low: 2000, unit: "km", qualifier: "at most" }]);
  });

  it("GIVEN two values the other way round in the same words THEN contradicted", async () => {
    expect(await verdict("ITV increased its offer from £34m to £18m per year.")).toBe("contradicted");
    expect(await verdict("ITV increased its offer from £18m to £34m per year.")).toBe("supported");
  });

  it("GIVEN a count of another thing, or another name and another value at once THEN not found, not a contradiction", async () => {
    expect(await verdict("Victoria had 52 public hospitals in August 2010.")).not.toBe("contradicted");
    expect(await verdict("Sky News was launched in 1989.")).toBe("not found");
  });

  it("GIVEN a name found only around the sentence, where the sentence gives the value to another name THEN not supported", async () => {
    expect(await verdict("San Diego has a population of 3,792,621.")).not.toBe("supported");
    expect(await verdict("Los Angeles has a population of 3,792,621.")).toBe("supported");
  });

  it("GIVEN another actor as the claim's first word, though an English word (Japan) THEN contradicted", async () => {
    const r = await engine.check("Japan launched Operation Fox Hunt in 2014.");
    expect(r.verdict).toBe("contradicted");
    expect(r.facts[0]).toEqual({ claimText: "Japan", sourceText: "People’s Republic of China", agree: false });
  });

  it("GIVEN a percentage against a count, or a year the source gives another item THEN never contradicted on that alone", async () => {
    expect((await engine.check("About 98% of returns came from Indonesia.")).verdict).not.toBe("contradicted");
    const year = await engine.check("Indonesia handed over 88 people in 2019.");
    expect(year.verdict).toBe("not found");
    expect(year.facts).toContainEqual({ claimText: "2019", sourceText: "2019", agree: null });
  });

  it("GIVEN a paraphrase whose words only share their family (persuaded, persuasion) THEN supported", async () => {
    expect((await engine.check("230,000 people were persuaded to return between April 2021 and July 2022.")).verdict).toBe("supported");
  });

  it("GIVEN a claim of more facts than are checked at once, or a sentence of too many THEN not judged, with a reason, at once", async () => {
    const digits = Array.from({ length: 150 }, (_, i) => String(i % 10)).join(" ");
    const r = await engine.check(digits);
    expect(r.verdict).toBe("not found");
    expect(r.summary).toBe(`This claim states 150 facts; at most ${MAX_CLAIM_FACTS} are checked at once. Check it in parts.`);
    const row = Array.from({ length: MAX_SENTENCE_FACTS + 1 }, (_, i) => String(i)).join(", ");
    expect(judgeSentence("3 people", extractFacts("3 people"), row, extractFacts(row), { idf: () => 1, known: () => true })).toEqual({
      verdict: null,
      frame: 0,
      alike: 0,
      pairs: [],
    });
  });

  it("GIVEN the same values about another subject THEN not found", async () => {
    expect((await engine.check("230,000 cars were sold between April 2021 and July 2022.")).verdict).toBe("not found");
  });

  it("GIVEN Markdown and a terminal colour code pasted with the claim THEN they are not read as facts", async () => {
    expect(plainClaim("**88** people from _Indonesia_, see [the report](https://example.org/x)")).toBe(
      "88 people from Indonesia , see the report",
    );
    const r = await engine.check(cleanQuestion("77 individuals were handed over from Fiji in 2017\u001b[31m"));
    expect(r.verdict).toBe("supported");
    expect(r.facts.map((f) => f.claimText)).toEqual(["77", "Fiji", "2017"]);
  });
});

describe("factClaims", () => {
  it("GIVEN a long sentence listing figures THEN one statement per clause or list item with a number or date, short clauses joined to the next", () => {
    expect(factClaims("In 2014, China launched Operation Fox Hunt, a year later followed Sky Net.")).toEqual([
      "In 2014, China launched Operation Fox Hunt",
    ]);
    expect(
      factClaims(
        "The handover of 77 individuals from Fiji in 2017, 6 from Vanuatu in 2019, 88 from Indonesia, and forced returns from over 120 countries and regions.",
      ),
    ).toEqual([
      "The handover of 77 individuals from Fiji in 2017",
      "6 from Vanuatu in 2019",
      "88 from Indonesia",
      "forced returns from over 120 countries and regions.",
    ]);
    expect(factClaims("Nothing here has a figure, only Fiji.")).toEqual([]);
  });
});
