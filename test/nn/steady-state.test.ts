// A training loop in scope() reaches a steady state: after warm-up the arena and the tensor count stay flat.
import { expect, test } from "vitest";
import { F, init, manualSeed, memoryStats, nn, optim, randint, randn, scope } from "simdgrad";

test("1,000 MLP training steps with Adam leave arena and tensor counts flat after warm-up", async () => {
  await init();
  manualSeed(3);
  const model = new nn.Sequential(new nn.Linear(20, 32), new nn.ReLU(), new nn.Linear(32, 5));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn(16, 20), y = randint(0, 5, [16]);
  const step = () =>
    scope(() => {
      const loss = F.crossEntropy(model.forward(x), y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      return loss.item();
    });
  for (let i = 0; i < 10; i++) step();
  const warm = memoryStats();
  let last = 0;
  for (let i = 0; i < 1000; i++) last = step();
  const after = memoryStats();
  expect(Number.isFinite(last)).toBe(true);
  expect(after.bytesInUse).toBe(warm.bytesInUse);
  expect(after.blocks).toBe(warm.blocks);
  expect(after.tensors).toBe(warm.tensors);
  expect(after.memoryBytes).toBe(warm.memoryBytes);
  expect(after.peakBytes).toBe(warm.peakBytes);
});
