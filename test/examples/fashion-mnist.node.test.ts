// Node-only (reads the shipped files with node:fs): a short Fashion-MNIST run of the demo's code reaches a stated accuracy.
import { readFileSync } from "node:fs";
import { beforeAll, expect, test } from "vitest";
import { Generator, data, init, manualSeed, memoryStats, optim } from "simdgrad";
import { evaluate, loadFashionMnist, makeModel, trainEpoch } from "../../examples/lib/fashion-mnist";

beforeAll(async () => {
  await init();
});

const dir = new URL("../../data/fashion-mnist/", import.meta.url);

// Measured on this machine (1 epoch, first 2,000 shipped training images, batch 64, Adam 1e-3, all 2,000 test images):
// seed 0 gives 71.65% (train loss 1.146); seeds 0–7 give 66.2–73.6%. Chance is 10%. Bound with margin for other
// kernels' rounding: 60%. Takes about 1.5 s.
const MIN_ACCURACY = 0.6;

test(`MLP, 1 epoch on 2,000 shipped images: test accuracy >= ${MIN_ACCURACY * 100}%, arena flat across steps`, async () => {
  const ds = await loadFashionMnist((name) => readFileSync(new URL(`${name}.gz`, dir)), { limitTrain: 2000 });
  expect(ds.trainX.shape).toEqual([2000, 784]);
  expect(ds.testX.shape).toEqual([2000, 784]);
  manualSeed(0);
  const model = makeModel();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const loader = new data.DataLoader(new data.TensorDataset(ds.trainX, ds.trainY), { batchSize: 64, shuffle: true, generator: new Generator(0) });
  // arena use while a full batch is alive, after every step but the last (short) one: must stay flat
  const inUse = new Set<number>();
  const loss = trainEpoch(model, opt, loader, (step) => {
    if (step < loader.length) inUse.add(memoryStats().bytesInUse);
  });
  expect(inUse.size).toBe(1);
  expect(loss).toBeLessThan(1.5);
  const { accuracy, confusion } = evaluate(model, ds.testX, ds.testY);
  expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
  expect(accuracy).toBeGreaterThanOrEqual(MIN_ACCURACY);
});
