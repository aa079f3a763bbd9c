// The FinalizationRegistry safety net: tensors dropped without dispose() are freed after GC and counted as leaked.
// Node-only: it needs global.gc (vitest runs workers with --expose-gc).
import { beforeAll, expect, test } from "vitest";
import { init, memoryStats, ones } from "simdgrad";

beforeAll(async () => {
  await init();
});

test("forgotten tensors are collected, freed and counted", async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(gc, "run with --expose-gc").toBeTypeOf("function");
  const before = memoryStats();
  (() => {
    for (let i = 0; i < 100; i++) ones(1000);
  })();
  expect(memoryStats().bytesInUse).toBeGreaterThan(before.bytesInUse + 100 * 4000 - 1);
  for (let i = 0; i < 20 && memoryStats().leaked < before.leaked + 100; i++) {
    gc!();
    await new Promise((r) => setTimeout(r, 10));
  }
  const after = memoryStats();
  expect(after.leaked - before.leaked).toBe(100);
  expect(after.bytesInUse).toBe(before.bytesInUse);
});
