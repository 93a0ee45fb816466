import { describe, expect, it } from "vitest";
import { compareValues, extractFacts, type Fact } from "../src/check/index.js";

const facts = (text: string) =>
  extractFacts(text).map((f) => ({ kind: f.kind, text: f.text, low: f.low, high: f.high, qualifier: f.qualifier }));
const one = (text: string): Fact => extractFacts(text)[0] as Fact;

describe("extractFacts", () => {
  it("GIVEN numbers with thousands separators, decimals and scale words THEN their values", () => {
    expect(facts("It counted 230,000 people, 5.5 tonnes and 1.5 million votes.")).toEqual([
      { kind: "number", text: "230,000", low: 230000, high: 230000, qualifier: "exact" },
      { kind: "number", text: "5.5", low: 5.5, high: 5.5, qualifier: "exact" },
      { kind: "number", text: "1.5 million", low: 1500000, high: 1500000, qualifier: "exact" },
    ]);
  });

  it("GIVEN over, about, at least, fewer than THEN the hedge is part of the fact; GIVEN handed over THEN it is a verb, not a hedge", () => {
    expect(facts("over 30,000 left; about 12 came; at least 7 died; fewer than 3 stayed").map((f) => [f.text, f.qualifier])).toEqual([
      ["over 30,000", "at least"],
      ["about 12", "about"],
      ["at least 7", "at least"],
      ["fewer than 3", "at most"],
    ]);
    expect(facts("Laos handed over 164 people.").find((f) => f.kind === "number")).toMatchObject({ text: "164", qualifier: "exact" });
  });

  it("GIVEN number words THEN their values; GIVEN a bare one THEN no fact", () => {
    expect(facts("twenty-one died, seventy seven fled and two hundred stayed; one of them spoke.").map((f) => f.low)).toEqual([
      21, 77, 200,
    ]);
  });

  it("GIVEN percentages THEN percent facts", () => {
    expect(
      facts("Growth was 10.0% and unemployment 12 percent.")
        .filter((f) => f.kind !== "name")
        .map((f) => [f.kind, f.low]),
    ).toEqual([
      ["percent", 10],
      ["percent", 12],
    ]);
    // A first word that is an everyday English word is a weak name: a name only where another stands in its place.
    expect(extractFacts("Growth was 10.0%.")[0]).toMatchObject({ kind: "name", text: "Growth", weak: true });
    expect(extractFacts("Fiji deported 77 people.")[0]).toMatchObject({ kind: "name", text: "Fiji", weak: false });
  });

  it("GIVEN years, months, days and ranges THEN date facts with their first and last day", () => {
    expect(
      facts(
        "In 2017, on 5 May 2019, in March 2020, between April 2021 and July 2022, from 2014 to 2016, in 2014–2023, between September and November 2023.",
      ).map((f) => [f.text, f.low, f.high]),
    ).toEqual([
      ["2017", 20170101, 20171231],
      ["5 May 2019", 20190505, 20190505],
      ["March 2020", 20200301, 20200331],
      ["between April 2021 and July 2022", 20210401, 20220731],
      ["from 2014 to 2016", 20140101, 20161231],
      ["2014–2023", 20140101, 20231231],
      ["between September and November 2023", 20230901, 20231131],
    ]);
  });

  it("GIVEN names THEN multi-word names with their small words (not and), not months and not a capitalised first word that is no name", () => {
    const names = extractFacts("In May, the Ministry of Public Security met Safeguard Defenders in Fiji.")
      .filter((f) => f.kind === "name")
      .map((f) => f.text);
    expect(names).toEqual(["Ministry of Public Security", "Safeguard Defenders", "Fiji"]);
    // "and" joins two names more often than it stands inside one.
    expect(extractFacts("Stephen Cook and Leonid Levin proved it.").map((f) => f.text)).toEqual(["Stephen Cook", "Leonid Levin"]);
  });

  it("GIVEN hostile text THEN no error, and nothing read past the length limit", () => {
    expect(extractFacts("9".repeat(5000))).toEqual([]);
    expect(() => extractFacts("\u0000\u202e1,2,3,4 %%% $$ ((( 2014–– between and 1e999")).not.toThrow();
  });
});

describe("compareValues", () => {
  it("GIVEN the same number THEN same; GIVEN another number THEN different", () => {
    expect(compareValues(one("88 people"), one("88 individuals"))).toBe(true);
    expect(compareValues(one("98 people"), one("88 individuals"))).toBe(false);
  });

  it("GIVEN a source hedged with over THEN its value is the claim's, a lower one is contradicted, a higher one cannot be told", () => {
    expect(compareValues(one("30,000 people"), one("over 30,000 people"))).toBe(true);
    expect(compareValues(one("20,000 people"), one("over 30,000 people"))).toBe(false);
    expect(compareValues(one("35,000 people"), one("over 30,000 people"))).toBeNull();
  });

  it("GIVEN about in the source THEN a near value cannot be told and a far one differs", () => {
    expect(compareValues(one("31,000 people"), one("about 30,000 people"))).toBeNull();
    expect(compareValues(one("50,000 people"), one("about 30,000 people"))).toBe(false);
  });

  it("GIVEN dates THEN a claim saying less is true, more precise cannot be told, another range differs", () => {
    expect(compareValues(one("in 2023"), one("in November 2023"))).toBe(true);
    expect(compareValues(one("in November 2023"), one("in 2023"))).toBeNull();
    expect(compareValues(one("in 2017"), one("in 2014–2023"))).toBeNull();
    expect(compareValues(one("from 2016 to 2023"), one("from 2014 to 2023"))).toBe(false);
    expect(compareValues(one("in 2018"), one("in 2017"))).toBe(false);
  });
});
