// Allocation-free steady state of the benchmark MLP (Node only: needs global.gc, which vitest's --expose-gc gives):
// after warm-up, 2,000 training steps (batch 64, Adam) and 10,000 batch-1 inferences leave memoryStats() identical
// and the JS heap, measured after forced GCs, within a stated bound: 1 MiB over the 2,000 steps (measured: ±350 KiB
// of noise from V8's caches and vitest's own traffic, without a trend), so a leak of 512 bytes per step (a tensor
// handle with its shape and strides, or a graph node) fails; 256 KiB over the 10,000 inferences (26 bytes per call).
import { expect, test } from "vitest";
import { F, init, manualSeed, memoryStats, nn, noGrad, optim, randint, randn, scope } from "simdgrad";

const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => { gc!(); gc!(); return process.memoryUsage().heapUsed; };
const counters = () => {
  const m = memoryStats();
  return { bytesInUse: m.bytesInUse, blocks: m.blocks, tensors: m.tensors, peakBytes: m.peakBytes, memoryBytes: m.memoryBytes, leaked: m.leaked };
};

function mlp(): nn.Sequential {
  manualSeed(5);
  return new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
}

test("MLP training, 2,000 steps after warm-up: arena identical, JS heap within 1 MiB", async () => {
  expect(gc, "run with --expose-gc").toBeTypeOf("function");
  await init();
  const model = mlp();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([64, 784]), y = randint(0, 10, [64]);
  const step = () => scope(() => {
    const loss = F.crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
  for (let i = 0; i < 250; i++) step(); // V8 tiers up, the arena reaches its working set
  const before = counters(), heap0 = heap();
  for (let i = 0; i < 1000; i++) step();
  const heap1 = heap();
  for (let i = 0; i < 1000; i++) step();
  const heap2 = heap();
  expect(counters()).toEqual(before);
  expect(Math.max(heap1, heap2) - heap0).toBeLessThan(1 << 20);
  model.dispose();
  opt.dispose();
  x.dispose();
  y.dispose();
});

test("batch-1 inference, 10,000 calls after warm-up: arena identical, JS heap within 256 KiB", async () => {
  await init();
  const model = mlp();
  model.eval();
  const x = randn([1, 784]);
  const infer = () => noGrad(() => scope(() => { model.forward(x).dataSync(); }));
  for (let i = 0; i < 500; i++) infer();
  const before = counters(), heap0 = heap();
  for (let i = 0; i < 10_000; i++) infer();
  expect(counters()).toEqual(before);
  expect(heap() - heap0).toBeLessThan(256 << 10);
  model.dispose();
  x.dispose();
});
