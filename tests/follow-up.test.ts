import { describe, expect, it } from "vitest";
import { understandQuestion } from "../src/answer/index.js";
import { ConversationMemory } from "../src/conversation.js";

/** [previous question, follow-up, the follow-up as understood]. */
const FOLLOW_UPS: [string, string, string][] = [
  ["How many people did Myanmar hand over?", "and Laos?", "How many people did Laos hand over?"],
  ["How many people did Myanmar hand over to China?", "Laos?", "How many people did Laos hand over to China?"],
  ["What did Safeguard Defenders say about Myanmar?", "and laos?", "What did Safeguard Defenders say about Laos?"],
  [
    "How many individuals were handed over from Fiji in 2017?",
    "what about 2019?",
    "How many individuals were handed over from Fiji in 2019?",
  ],
  [
    "How many individuals were handed over from Fiji in 2017?",
    "how about Vanuatu in 2019?",
    "How many individuals were handed over from Vanuatu in 2019?",
  ],
  ["Which countries handed people over in 2023?", "and in 2019?", "Which countries handed people over in 2019?"],
  ["How many people did Myanmar hand over in September 2023?", "and in March?", "How many people did Myanmar hand over in March 2023?"],
  ["How many people did Myanmar hand over?", "2019?", "How many people did Myanmar hand over in 2019?"],
  ["When was Operation Fox Hunt launched?", "and in 2015?", "When was Operation Fox Hunt launched in 2015?"],
  ["When was Operation Fox Hunt launched?", "what about Sky Net?", "When was Sky Net launched?"],
  ["What did Safeguard Defenders criticize?", "and the UN?", "What did the UN criticize?"],
  ["What's the role of Safeguard Defenders?", "and Interpol?", "What's the role of Interpol?"],
  ["When was Operation Fox Hunt launched?", "who ran it?", "Who ran Operation Fox Hunt?"],
  ["When was Operation Fox Hunt launched?", "But who ran it?", "Who ran Operation Fox Hunt?"],
  ["Who wrote the report?", "when was it published?", "When was the report published?"],
  ["What is the UNODC?", "what is its role?", "What is the UNODC's role?"],
  ["How many people did Myanmar hand over?", "why did they do it?", "Why did Myanmar do it?"],
  ["How many people did Myanmar hand over?", "how many were handed over there?", "How many were handed over in Myanmar?"],
  ["How many people did Myanmar hand over?", "how many in Canada?", "How many people did Canada hand over?"],
  ["When was Operation Fox Hunt launched?", "and where?", "Where was Operation Fox Hunt launched?"],
  ["When did Fiji hand over 77 people?", "which year?", "Which year did Fiji hand over 77 people?"],
  ["How many people were persuaded to return?", "and in Laos?", "How many people were persuaded to return in Laos?"],
  // Nothing of the same kind to replace: the two are combined.
  ["How many people were persuaded to return?", "and Laos?", "As for Laos, how many people were persuaded to return?"],
  ["How many people did Myanmar hand over?", "and the victims?", "As for the victims, how many people did Myanmar hand over?"],
  ["Did Myanmar hand over people?", "how many?", "How many? (following: Did Myanmar hand over people?)"],
];

/** [previous question, a question that stands on its own]. */
const STANDALONE: [string, string][] = [
  // Talk to the bot, or about the asker, is not a question building on the last one.
  ["How many people did Myanmar hand over?", "Thanks!"],
  ["How many people did Myanmar hand over?", "Hello"],
  ["How many people did Myanmar hand over?", "Really?"],
  ["How many people did Myanmar hand over?", "what about us?"],
  // A verb in -s after "what" is not a noun the question word governs.
  ["How many people did Myanmar hand over?", "What remains unclear?"],
  ["Who wrote the report?", "Who ran Operation Fox Hunt?"],
  ["Who wrote the report?", "When was Operation Fox Hunt launched?"],
  ["Who wrote the report?", "What is the capital of Peru?"],
  ["Who wrote the report?", "Which NGO published the report?"],
  ["Who wrote the report?", "Which operation followed Fox Hunt?"],
  ["Who wrote the report?", "What happened in 2014?"],
  ["Who wrote the report?", "How many individuals were persuaded to return between April 2021 and July 2022?"],
  ["Who wrote the report?", "Tell me about Fox Hunt"],
  ["Who wrote the report?", "List the countries"],
  ["Who wrote the report?", "And when was Operation Fox Hunt launched?"],
  ["Who wrote the report?", "When did Fiji say it would help?"],
  ["Who wrote the report?", "Who wrote the report and when was it published?"],
  ["Who wrote the report?", "Is there a list of countries?"],
  ["Who wrote the report?", "Were there 77 individuals from Fiji?"],
  ["How many people did Myanmar hand over?", "the victims?"],
  ["How many people did Myanmar hand over?", "what about it?"],
  ["When was Operation Fox Hunt launched?", "who said that?"],
  // A pronoun with nothing to stand for in the previous question either.
  ["What happened in 2014?", "who ran it?"],
];

describe("understandQuestion", () => {
  it.each(FOLLOW_UPS)("GIVEN %j then %j THEN it is understood as %j", (previous, question, understood) => {
    expect(understandQuestion(question, previous)).toEqual({ question: understood, followUp: true });
  });

  it.each(STANDALONE)("GIVEN %j then %j THEN the question stands alone, unchanged", (previous, question) => {
    expect(understandQuestion(question, previous)).toEqual({ question, followUp: false });
  });

  it("GIVEN no previous question THEN even a fragment stands alone", () => {
    expect(understandQuestion("and Laos?", null)).toEqual({ question: "and Laos?", followUp: false });
    expect(understandQuestion("who ran it?", "  ")).toEqual({ question: "who ran it?", followUp: false });
  });

  it("GIVEN the understood question of a follow-up as the previous one THEN a follow-up of a follow-up builds on it", () => {
    const second = understandQuestion("and Laos?", "How many people did Myanmar hand over?").question;
    expect(understandQuestion("what about 2023?", second)).toEqual({
      question: "How many people did Laos hand over in 2023?",
      followUp: true,
    });
  });

  it("GIVEN regular-expression syntax and object-key names in both questions THEN they are only text", () => {
    expect(understandQuestion("and __proto__?", "How many people did (a+)+$ hand over?")).toEqual({
      question: "As for __proto__, how many people did (a+)+$ hand over?",
      followUp: true,
    });
    expect(understandQuestion("and Constructor?", "How many people did [Myanmar]* hand over?")).toEqual({
      question: "How many people did [Constructor]* hand over?",
      followUp: true,
    });
  });

  it("GIVEN a follow-up longer than any question may be THEN it stands alone, without being read", () => {
    const question = `and ${"Laos ".repeat(500)}?`;
    expect(understandQuestion(question, "How many people did Myanmar hand over?")).toEqual({ question, followUp: false });
  });

  it("GIVEN a 2,000-character follow-up listing names and an 8,000-character previous question full of names THEN the two combined would pass 600 characters, so it stands alone", () => {
    const previous = `How many people did ${"Myanmar, Laos, ".repeat(600)}Fiji hand over?`.slice(0, 8000);
    const question = `and ${"Vanuatu, ".repeat(220)}?`;
    expect(understandQuestion(question, previous)).toEqual({ question, followUp: false });
  });

  it("GIVEN a chain of follow-ups THEN the question understood never passes 600 characters: past that, the question stands alone", () => {
    const previous = `How many people were persuaded to return ${"and then again ".repeat(37)}between April 2021 and July 2022?`;
    expect(understandQuestion("and Laos?", previous.slice(0, 560))).toMatchObject({ followUp: true });
    expect(understandQuestion("and Laos?", previous)).toEqual({ question: "and Laos?", followUp: false });
  });
});

describe("ConversationMemory", () => {
  const answer = (question: string, understoodAs = question) => ({ question, understoodAs });

  it("GIVEN a remembered question THEN it is recalled until FOLLOW_UP_MINUTES have passed, then forgotten", () => {
    let now = 1_000_000;
    const memory = new ConversationMemory({ minutes: 5, turns: 3, now: () => now });
    memory.remember("thread:1:2", answer("When was Operation Fox Hunt launched?"), null);
    now += 5 * 60_000 - 1;
    expect(memory.recall("thread:1:2")).toEqual({ question: "When was Operation Fox Hunt launched?", depth: 0 });
    now += 1;
    expect(memory.recall("thread:1:2")).toBeNull();
    expect(memory.size).toBe(0);
  });

  it("GIVEN FOLLOW_UP_TURNS=2 THEN two follow-ups in a row build on a question, and the third question starts anew", () => {
    const memory = new ConversationMemory({ minutes: 5, turns: 2, now: () => 0 });
    memory.remember("c", answer("How many people did Myanmar hand over?"), null);
    const first = memory.recall("c");
    expect(first).toEqual({ question: "How many people did Myanmar hand over?", depth: 0 });
    memory.remember("c", answer("and Laos?", "How many people did Laos hand over?"), first);
    const second = memory.recall("c");
    expect(second).toEqual({ question: "How many people did Laos hand over?", depth: 1 });
    memory.remember("c", answer("and Fiji?", "How many people did Fiji hand over?"), second);
    expect(memory.recall("c")).toBeNull();
    // A question that stands alone starts the count again.
    memory.remember("c", answer("Who wrote the report?"), null);
    expect(memory.recall("c")).toEqual({ question: "Who wrote the report?", depth: 0 });
  });

  it("GIVEN a follow-up that was understood unchanged THEN it does not count as a turn", () => {
    const memory = new ConversationMemory({ minutes: 5, turns: 1, now: () => 0 });
    memory.remember("c", answer("Who wrote the report?"), null);
    memory.remember("c", answer("What is the capital of Peru?"), memory.recall("c"));
    expect(memory.recall("c")).toEqual({ question: "What is the capital of Peru?", depth: 0 });
  });

  it("GIVEN FOLLOW_UP_TURNS=0 THEN nothing is kept", () => {
    const memory = new ConversationMemory({ minutes: 5, turns: 0, now: () => 0 });
    memory.remember("c", answer("Who wrote the report?"), null);
    expect(memory.recall("c")).toBeNull();
    expect(memory.size).toBe(0);
  });

  it("GIVEN more conversations than its capacity THEN the least recently used is dropped first", () => {
    let now = 0;
    const memory = new ConversationMemory({ minutes: 5, turns: 3, capacity: 3, now: () => now });
    for (const key of ["a", "b", "c"]) {
      now += 1;
      memory.remember(key, answer(`question ${key}`), null);
    }
    now += 1;
    memory.remember("a", answer("question a, again"), null);
    now += 1;
    memory.remember("d", answer("question d"), null);
    expect(["a", "b", "c", "d"].map((k) => memory.recall(k)?.question ?? null)).toEqual([
      "question a, again",
      null,
      "question c",
      "question d",
    ]);
    expect(memory.size).toBe(3);
  });

  it("GIVEN keys such as __proto__ THEN they are conversations like any other", () => {
    const memory = new ConversationMemory({ minutes: 5, turns: 3, now: () => 0 });
    memory.remember("__proto__", answer("Who wrote the report?"), null);
    expect(memory.recall("__proto__")?.question).toBe("Who wrote the report?");
    expect(memory.recall("constructor")).toBeNull();
  });

  it("GIVEN prune after FOLLOW_UP_MINUTES THEN every expired question is dropped and fresh ones stay", () => {
    let now = 0;
    const memory = new ConversationMemory({ minutes: 1, turns: 3, now: () => now });
    memory.remember("old", answer("old question"), null);
    now = 30_000;
    memory.remember("fresh", answer("fresh question"), null);
    now = 60_000;
    memory.prune();
    expect(memory.size).toBe(1);
    expect(memory.recall("fresh")?.question).toBe("fresh question");
  });
});
