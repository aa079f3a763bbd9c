// The bad-input harness: each row must throw a clear error (a TypeError or RangeError whose message, matched by a regex,
// names op, argument, expected and got) and leave the arena intact, so that a following valid call still gives the right
// answer. Rows live in tables (test/errors/tables/*.ts) named after the API entry they exercise, so that
// test/errors/sweep.test.ts can check that every public entry point has at least one.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { init, isGradEnabled, memoryStats, scope, tensor } from "simdgrad";

/**
 * [name, call, error]: name starts with the API entry it exercises ("F.crossEntropy: …", "nn.Linear: …",
 * "Tensor.item: …", "Adam.loadStateDict: …"; the bare name is enough where it is unique: "crossEntropy: …"); call may be
 * async (a rejected promise counts as the throw).
 */
export type BadInput = [name: string, call: () => unknown, error: RegExp];

/** A table of rows with what they need built first (objects whose kept state the arena check must not count). */
export interface BadInputTable {
  /** Runs once before the rows (after init()). */
  setup?: () => unknown;
  /** Runs once after the rows: frees what setup made. */
  teardown?: () => unknown;
  rows: BadInput[];
}

/** Registers one test per row. */
export function badInputs(rows: BadInput[]): void {
  test.each(rows)("%s", async (_name, call, error) => {
    const before = memoryStats();
    let thrown: unknown = undefined;
    try {
      const result = scope(call);
      if (result instanceof Promise) await result;
    } catch (e) {
      thrown = e;
    }
    expect(thrown, "the call did not throw").toBeDefined();
    expect(() => { throw thrown; }).toThrow(error);
    expect(thrown instanceof TypeError || thrown instanceof RangeError, `a TypeError or RangeError, got ${String(thrown)}`).toBe(true);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    expect(isGradEnabled()).toBe(true);
    expect(scope(() => tensor([1, 2]).add(tensor([3, 4])).toArray())).toEqual([4, 6]);
  });
}

/** A describe block running a table: init and setup first, the rows, then teardown. */
export function badInputTable(name: string, table: BadInputTable): void {
  describe(name, () => {
    beforeAll(async () => {
      await init();
      await table.setup?.();
    });
    afterAll(async () => {
      await table.teardown?.();
    });
    badInputs(table.rows);
  });
}
