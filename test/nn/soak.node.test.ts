// The CI-sized soak's JS heap (Node only: it needs global.gc, which vitest's --expose-gc provides): after warm-up,
// 3,000 more steps may not grow the heap beyond what V8's own caches take (a leak of one small object per step would
// show as ~100 KB per 1,000 steps and more; a tensor handle per step far more).
import { expect, test } from "vitest";
import { init } from "simdgrad";
import { BATCHES_PER_EPOCH, createSoak, sample } from "../../bench/soak-loop";

test("3,000 soak steps after warm-up: the JS heap is flat", async () => {
  const gc = (globalThis as { gc?: () => void }).gc;
  expect(gc, "run with --expose-gc").toBeTypeOf("function");
  const heap = () => { gc!(); gc!(); return process.memoryUsage().heapUsed; };
  await init();
  const soak = createSoak(3);
  const every = 125 * BATCHES_PER_EPOCH;
  for (let i = 0; i < every; i++) soak.step(); // warm-up: V8 compiles and caches, the arena's pools fill
  const heaps: number[] = [];
  for (let r = 0; r < 3; r++) {
    for (let i = 0; i < every; i++) soak.step();
    heaps.push(sample((r + 2) * every, heap).heapUsed!);
  }
  soak.dispose();
  // 1 MiB of slack for V8's caches; a leak proportional to steps grows every interval
  expect(Math.max(...heaps) - heaps[0]).toBeLessThan(1 << 20);
  expect(heaps[2] - heaps[1]).toBeLessThan(512 << 10);
});
