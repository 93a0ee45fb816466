import { describe, expect, it } from "vitest";
import { parseBatch, type BatchItem } from "../src/cli/batch.js";

/** Items as plain data: an error as its code, so that tests assert on codes rather than wording. */
const byCode = (items: BatchItem[]) => items.map((item) => ("error" in item ? { line: item.line, code: item.error.code } : item));

describe("parseBatch", () => {
  it("GIVEN plain lines, JSON lines, blank lines and bad lines THEN one item per non-blank line, numbered from 1, in order", () => {
    const content = [
      "When did Fox Hunt start?", // 1
      "", // 2: blank, skipped
      '{"q": "How many returned?"}', // 3
      '{"q": "broken', // 4
      "   \t ", // 5: blank, skipped
      '{"q": ""}', // 6
      '{"question": "  Who   wrote it? "}', // 7
      '{"text": "no q"}', // 8
      "[1, 2]", // 9: a plain question that happens to look like JSON
      '{"q": 42}', // 10
      "\u0007", // 11: only a control character
      `{"q": "${"x".repeat(301)}"}`, // 12
      '["q"]', // 13
      '{"__proto__": {"q": "polluted"}}', // 14
    ].join("\r\n");
    expect(byCode(parseBatch(content, 300))).toEqual([
      { line: 1, question: "When did Fox Hunt start?" },
      { line: 3, question: "How many returned?" },
      { line: 4, code: "BATCH_LINE_INVALID" },
      { line: 6, code: "QUESTION_INVALID" },
      { line: 7, question: "Who wrote it?" },
      { line: 8, code: "BATCH_LINE_INVALID" },
      { line: 9, question: "[1, 2]" },
      { line: 10, code: "BATCH_LINE_INVALID" },
      { line: 11, code: "QUESTION_INVALID" },
      { line: 12, code: "QUESTION_INVALID" },
      { line: 13, question: '["q"]' },
      { line: 14, code: "BATCH_LINE_INVALID" },
    ]);
  });

  it("GIVEN JSON lines with a conversation value THEN each item carries it as a key that keeps its type; a bad value is an error in its place", () => {
    const content = [
      '{"q": "How many people did Myanmar hand over?", "conversation": "a"}',
      '{"q": "and Laos?", "conversation": 7}',
      "and Fiji?",
      '{"q": "and Vanuatu?", "conversation": {"id": 1}}',
      '{"q": "and Laos?", "conversation": null}',
      '{"q": "Who wrote it?", "conversation": "__proto__"}',
      '{"q": "and Fiji?", "conversation": "7"}',
    ].join("\n");
    expect(byCode(parseBatch(content, 300))).toEqual([
      { line: 1, question: "How many people did Myanmar hand over?", conversation: "s:a" },
      { line: 2, question: "and Laos?", conversation: "n:7" },
      { line: 3, question: "and Fiji?" },
      { line: 4, code: "BATCH_LINE_INVALID" },
      { line: 5, code: "BATCH_LINE_INVALID" },
      { line: 6, question: "Who wrote it?", conversation: "s:__proto__" },
      { line: 7, question: "and Fiji?", conversation: "s:7" },
    ]);
  });

  it("GIVEN only blank lines THEN no item", () => {
    expect(parseBatch("\n  \n\r\n", 300)).toEqual([]);
  });

  it("GIVEN a line of a megabyte THEN it is refused by length, not answered", () => {
    expect(byCode(parseBatch(`${"why ".repeat(262_144)}\n{"q": "ok?"}`, 300))).toEqual([
      { line: 1, code: "QUESTION_INVALID" },
      { line: 2, question: "ok?" },
    ]);
  });
});
