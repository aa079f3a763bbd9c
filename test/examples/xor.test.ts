// The XOR example's network (examples/lib/xor.ts) reaches loss < 0.01 within a stated number of steps.
import { beforeAll, expect, test } from "vitest";
import { init, memoryStats } from "simdgrad";
import { XOR_TARGETS, trainXor } from "../../examples/lib/xor";

beforeAll(async () => {
  await init();
});

// Measured: seed 0 reaches loss < 0.01 at step 116; seeds 0–11 all within 116–154 steps. Bound with margin: 300.
const MAX_STEPS = 300;

test(`XOR 2-8-1 MLP (Adam lr 0.01) reaches MSE < 0.01 within ${MAX_STEPS} steps`, () => {
  const before = memoryStats();
  const { losses, stepsToTarget, predictions } = trainXor({ seed: 0, lr: 0.01, target: 0.01, maxSteps: MAX_STEPS });
  expect(stepsToTarget).not.toBeNull();
  expect(stepsToTarget!).toBeLessThanOrEqual(MAX_STEPS);
  expect(losses[losses.length - 1]).toBeLessThan(0.01);
  expect(losses[0]).toBeGreaterThan(0.2); // it really started from chance
  expect(predictions.map((p) => (p > 0.5 ? 1 : 0))).toEqual(XOR_TARGETS);
  predictions.forEach((p, i) => expect(Math.abs(p - XOR_TARGETS[i])).toBeLessThan(0.2));
  // the example frees everything it made: model, optimizer state and data
  expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  expect(memoryStats().tensors).toBe(before.tensors);
});

test("other seeds converge too", () => {
  for (const seed of [1, 2, 3]) expect(trainXor({ seed, maxSteps: MAX_STEPS }).stepsToTarget).not.toBeNull();
});
