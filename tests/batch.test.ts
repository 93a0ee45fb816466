import { describe, expect, it } from "vitest";
import { parseBatch } from "../src/cli/batch.js";

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
    expect(parseBatch(content, 300)).toEqual([
      { line: 1, question: "When did Fox Hunt start?" },
      { line: 3, question: "How many returned?" },
      { line: 4, error: expect.stringMatching(/^not valid JSON \(/) as unknown as string },
      { line: 6, error: "the question is empty" },
      { line: 7, question: "Who wrote it?" },
      { line: 8, error: 'expected a string "q" field' },
      { line: 9, question: "[1, 2]" },
      { line: 10, error: 'expected a string "q" field' },
      { line: 11, error: "the question is empty" },
      { line: 12, error: "the question has 301 characters, over the 300 of QUESTION_MAX_CHARS" },
      { line: 13, question: '["q"]' },
      { line: 14, error: 'expected a string "q" field' },
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
    expect(parseBatch(content, 300)).toEqual([
      { line: 1, question: "How many people did Myanmar hand over?", conversation: "s:a" },
      { line: 2, question: "and Laos?", conversation: "n:7" },
      { line: 3, question: "and Fiji?" },
      { line: 4, error: 'expected "conversation" to be a string or a number' },
      { line: 5, error: 'expected "conversation" to be a string or a number' },
      { line: 6, question: "Who wrote it?", conversation: "s:__proto__" },
      { line: 7, question: "and Fiji?", conversation: "s:7" },
    ]);
  });

  it("GIVEN only blank lines THEN no item", () => {
    expect(parseBatch("\n  \n\r\n", 300)).toEqual([]);
  });

  it("GIVEN a line of a megabyte THEN it is refused by length, not answered", () => {
    expect(parseBatch(`${"why ".repeat(262_144)}\n{"q": "ok?"}`, 300)).toEqual([
      { line: 1, error: "the question has 1048575 characters, over the 300 of QUESTION_MAX_CHARS" },
      { line: 2, question: "ok?" },
    ]);
  });
});
