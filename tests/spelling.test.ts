import { describe, expect, it } from "vitest";
import { tokenize } from "../src/store/index.js";
import { americanSpelling } from "../src/store/spelling.js";

describe("British and American spellings", () => {
  it.each([
    ["Which organisation wrote it?", "Which organization wrote it?"],
    ["They were organised in cells.", "They were organized in cells."],
    ["We analysed the cases.", "We analyzed the cases."],
    ["The colour of the labourers' flags", "The color of the laborers' flags"],
    ["a detention centre 30 kilometres away", "a detention center 30 kilometers away"],
    ["the ministry of defence", "the ministry of defense"],
  ])("GIVEN %j THEN it has the index terms of %j", (british, american) => {
    expect(tokenize(british)).toEqual(tokenize(american));
  });

  it("GIVEN words the patterns match but that are spelled alike in both THEN they keep their own terms, apart from the words they resemble", () => {
    expect(tokenize("paradise")).not.toEqual(tokenize("parade"));
    expect(tokenize("timbre")).not.toEqual(tokenize("timber"));
    expect(tokenize("Notre Dame")).not.toEqual(tokenize("noter dame"));
    for (const word of ["promise", "exercise", "four", "hour", "flour", "genre", "acre", "rise", "wise", "analyses", "crisis"])
      expect(americanSpelling(word)).toBe(word);
  });

  it("GIVEN any word THEN the rewriting is idempotent: an American spelling is left as it is", () => {
    for (const word of ["organization", "analyze", "color", "center", "meters", "defense", "realized", "behaviors"])
      expect(americanSpelling(word)).toBe(word);
    for (const word of ["organisation", "analyse", "colour", "centre", "metres", "defence", "realised", "behaviours"])
      expect(americanSpelling(americanSpelling(word))).toBe(americanSpelling(word));
  });
});
