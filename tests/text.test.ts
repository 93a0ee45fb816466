import { describe, expect, it } from "vitest";
import { oneOf, trimEndWhere, trimWhere } from "../src/text.js";

describe("trimWhere and trimEndWhere", () => {
  it("GIVEN characters to strip at the edges THEN they go, the inside stays; GIVEN only such characters THEN empty", () => {
    expect(trimWhere("--.report-2024.--", oneOf("-."))).toBe("report-2024");
    expect(trimEndWhere("https://discord.example///", oneOf("/"))).toBe("https://discord.example");
    expect(trimWhere("----", oneOf("-"))).toBe("");
    expect(trimWhere("", oneOf("-"))).toBe("");
  });

  it("GIVEN a long run of strippable characters that does not end the text THEN the text is unchanged (a linear scan, where /[-.]+$/ backtracks)", () => {
    const text = `${"-".repeat(200_000)}x`;
    expect(trimEndWhere(text, oneOf("-"))).toBe(text);
    expect(trimWhere(text, oneOf("-"))).toBe("x");
  });
});
