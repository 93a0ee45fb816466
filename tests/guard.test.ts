import { describe, expect, it } from "vitest";
import { checkQuestion, ConcurrencyGate, Cooldown } from "../src/bot/index.js";
import { defined } from "./helpers/defined.js";

describe("checkQuestion", () => {
  it("GIVEN control characters and runs of spaces THEN they are folded away", () => {
    expect(checkQuestion("  When\u0000 did\n\tit   start? ", 300)).toEqual({ ok: true, question: "When did it start?" });
  });

  it("GIVEN an empty or over-long question THEN it is refused with the reason", () => {
    expect(checkQuestion(" \u0007 ", 300).ok).toBe(false);
    expect(checkQuestion("x".repeat(301), 300)).toEqual({
      ok: false,
      reason: "Questions can be at most 300 characters long (yours has 301). Please shorten it.",
    });
  });
});

describe("Cooldown", () => {
  it("GIVEN a question at t=0 and a 5 s cooldown THEN the member waits until t=5 s, others do not", () => {
    const cooldown = new Cooldown(5);
    cooldown.record("a", 0);
    expect(cooldown.remaining("a", 1_000)).toBe(4);
    expect(cooldown.remaining("a", 4_001)).toBe(1);
    expect(cooldown.remaining("a", 5_000)).toBe(0);
    expect(cooldown.remaining("b", 1_000)).toBe(0);
  });
});

describe("ConcurrencyGate", () => {
  it("GIVEN two slots THEN a third entry is refused until one is released, and releasing twice counts once", () => {
    const gate = new ConcurrencyGate(2);
    const one = gate.tryEnter();
    const two = gate.tryEnter();
    expect(gate.tryEnter()).toBeNull();
    one?.();
    one?.();
    expect(gate.inFlight).toBe(1);
    expect(gate.tryEnter()).not.toBeNull();
    expect(two).not.toBeNull();
  });

  it("GIVEN work in flight THEN idle() resolves when it ends, or false at the timeout", async () => {
    const gate = new ConcurrencyGate(1);
    const release = defined(gate.tryEnter());
    expect(await gate.idle(10)).toBe(false);
    const idle = gate.idle(1000);
    release();
    expect(await idle).toBe(true);
  });
});
