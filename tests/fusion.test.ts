import { describe, expect, it } from "vitest";
import { mergeChunks, reciprocalRankFusion } from "../src/retrieve/index.js";
import type { Chunk } from "../src/types.js";

describe("reciprocalRankFusion", () => {
  it("GIVEN two lists THEN an id ranked well in both beats one ranked first in only one", () => {
    const fused = reciprocalRankFusion([
      [
        [1, 12.5],
        [2, 9.1],
        [3, 1.0],
      ],
      [
        [2, 0.91],
        [4, 0.88],
        [1, 0.2],
      ],
    ]);
    expect(fused.map(([id]) => id)).toEqual([2, 1, 4, 3]);
    expect(fused[0]?.[1]).toBeCloseTo(1 / 62 + 1 / 61, 10);
  });

  it("GIVEN raw scores on different scales THEN only ranks matter", () => {
    const a = reciprocalRankFusion([
      [
        [1, 1000],
        [2, 999],
      ],
      [
        [2, 0.5],
        [1, 0.1],
      ],
    ]);
    const b = reciprocalRankFusion([
      [
        [1, 2],
        [2, 1],
      ],
      [
        [2, 0.99],
        [1, 0.98],
      ],
    ]);
    expect(a).toEqual(b);
  });
});

describe("mergeChunks", () => {
  const text = "A one. B two. C three. D four.";
  const chunk = (id: number, start: number, end: number, paragraph = 1): Chunk => ({
    id,
    docId: "d.md",
    start,
    end,
    page: null,
    paragraph,
    sentences: [{ start, end }],
    header: null,
  });

  it("GIVEN overlapping chunks of one paragraph THEN they become one wider passage", () => {
    const passages = mergeChunks(
      [
        [chunk(0, 0, 13), 3],
        [chunk(1, 7, 22), 2],
        [chunk(2, 23, 30, 2), 1],
      ],
      5,
      () => "D",
      (_doc, start, end) => text.slice(start, end),
    );
    expect(passages.map((p) => [p.text, p.score])).toEqual([
      ["A one. B two. C three.", 3],
      ["D four.", 1],
    ]);
  });

  it("GIVEN more chunks than the limit THEN only the first passages are kept", () => {
    expect(
      mergeChunks(
        [
          [chunk(0, 0, 6), 3],
          [chunk(1, 14, 22, 2), 2],
        ],
        1,
        () => "D",
        (_doc, start, end) => text.slice(start, end),
      ),
    ).toHaveLength(1);
  });
});
