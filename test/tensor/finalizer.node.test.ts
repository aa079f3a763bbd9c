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

test("forgotten views and a dropped autograd graph (saved tensors included) are collected and counted too", async () => {
  const gc = (globalThis as { gc?: () => void }).gc!;
  const before = memoryStats();
  let handles = 0;
  (() => {
    for (let i = 0; i < 20; i++) {
      const base = ones([256]);
      base.reshape([16, 16]).transpose(0, 1); // two views
      const x = ones([8], { requiresGrad: true });
      x.mul(base.slice(0, 0, 8)).sum(); // a graph that saved aliases of x and the slice
      handles += 9; // base, 2 views, x, slice, the product, the sum, and Mul's 2 saved aliases
    }
  })();
  for (let i = 0; i < 30 && memoryStats().leaked < before.leaked + handles; i++) {
    gc();
    await new Promise((r) => setTimeout(r, 10));
  }
  const after = memoryStats();
  expect(after.leaked - before.leaked).toBe(handles);
  expect(after.bytesInUse).toBe(before.bytesInUse);
  expect(after.tensors).toBe(before.tensors);
});
