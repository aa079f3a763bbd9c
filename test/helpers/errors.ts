// The bad-input harness: each row must throw a clear error (matched by a regex naming op, argument, expected and got)
// and leave the arena intact, so that a following valid call still gives the right answer.
import { expect, test } from "vitest";
import { memoryStats, scope, tensor } from "simdgrad";

export type BadInput = [name: string, call: () => unknown, error: RegExp];

export function badInputs(rows: BadInput[]): void {
  test.each(rows)("%s", (_name, call, error) => {
    const before = memoryStats();
    expect(() => scope(call)).toThrow(error);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    expect(scope(() => tensor([1, 2]).add(tensor([3, 4])).toArray())).toEqual([4, 6]);
  });
}
