/** `value`, or a thrown error naming what was missing: a checked access for tests, where `!` would let undefined through. */
export function defined<T>(value: T | null | undefined, what = "a value"): T {
  if (value === null || value === undefined) throw new Error(`expected ${what}, got ${String(value)}`);
  return value;
}
