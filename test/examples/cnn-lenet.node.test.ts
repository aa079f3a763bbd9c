// Node-only (reads the shipped files with node:fs): the LeNet-5 example's code, plain and with BatchNorm, learns
// Fashion-MNIST in one short epoch, keeps the arena flat, and its safetensors checkpoint restores the same predictions.
import { readFileSync } from "node:fs";
import { Generator, type Tensor, data, init, io, manualSeed, memoryStats, noGrad, optim, scope, tensor } from "simdgrad";
import { beforeAll, describe, expect, test } from "vitest";
import { type FashionMnist, loadFashionMnist, trainEpoch } from "../../examples/lib/fashion-mnist";
import { FlipDataset, asImages, evaluateImages, makeLeNet } from "../../examples/lib/lenet";

const dir = new URL("../../data/fashion-mnist/", import.meta.url);
let ds: FashionMnist, trainX: Tensor, testX: Tensor;

beforeAll(async () => {
  await init();
  ds = await loadFashionMnist((name) => readFileSync(new URL(`${name}.gz`, dir)), { limitTrain: 4000 });
  trainX = asImages(ds.trainX);
  testX = asImages(ds.testX);
});

// Measured on this machine (1 epoch over the first 4,000 shipped training images with random flips, batch 32, Adam,
// all 2,000 test images), seeds 0–5: plain (lr 1e-3) 65.5–69.9% (seed 0: 65.5%, train loss 1.29), BatchNorm
// (lr 2e-3) 75.5–78.4% (seed 0: 76.9%, loss 0.89). Chance is 10%. Bounds with margin: 55% and 65%. About 1 s each.
const CASES = [
  { batchNorm: false, lr: 1e-3, minAccuracy: 0.55 },
  { batchNorm: true, lr: 2e-3, minAccuracy: 0.65 },
];

describe.each(CASES)("LeNet-5 (batchNorm $batchNorm)", ({ batchNorm, lr, minAccuracy }) => {
  test(`1 epoch on 4,000 shipped images: test accuracy >= ${Math.round(minAccuracy * 100)}%, arena flat; the checkpoint restores it`, () => {
    manualSeed(0);
    const model = makeLeNet({ batchNorm });
    const opt = new optim.Adam(model.parameters(), { lr });
    const loader = new data.DataLoader(new FlipDataset(trainX, ds.trainY, new Generator(1)), { batchSize: 32, shuffle: true, generator: new Generator(0) });
    const inUse = new Set<number>();
    trainEpoch(model, opt, loader, (step) => {
      if (step > 1 && step < loader.length) inUse.add(memoryStats().bytesInUse);
    });
    expect(inUse.size).toBe(1);
    const { accuracy, confusion } = evaluateImages(model, testX, ds.testY);
    expect(model.training).toBe(true);
    expect(confusion.flat().reduce((a, b) => a + b, 0)).toBe(2000);
    expect(accuracy).toBeGreaterThanOrEqual(minAccuracy);

    // safetensors round trip into a freshly initialised model: the same logits (BatchNorm buffers included)
    const bytes = io.saveSafetensors(model.stateDict());
    manualSeed(1);
    const restored = makeLeNet({ batchNorm });
    const loaded = io.loadSafetensors(bytes);
    restored.loadStateDict(loaded);
    for (const t of Object.values(loaded)) t.dispose();
    model.eval();
    restored.eval();
    const batch = testX.slice(0, 0, 100);
    const [a, b] = noGrad(() => scope(() => [model.forward(batch).dataSync(), restored.forward(batch).dataSync()]));
    expect(Array.from(b)).toEqual(Array.from(a));
    for (const t of [batch, model, restored, opt]) t.dispose();
  });
});

test("FlipDataset mirrors about half the images of a batch left–right and leaves the others and the labels alone", () => {
  const x = tensor(Float32Array.from({ length: 64 * 2 * 3 * 4 }, (_, i) => i), [64, 2, 3, 4]);
  const y = tensor(Int32Array.from({ length: 64 }, (_, i) => i));
  const flips = new FlipDataset(x, y, new Generator(5));
  const indices = Int32Array.from({ length: 64 }, (_, i) => 63 - i);
  const [xb, yb] = flips.getItems(indices);
  expect(xb.shape).toEqual([64, 2, 3, 4]);
  expect(Array.from(yb.dataSync())).toEqual(Array.from(indices));
  const px = xb.dataSync();
  let flipped = 0;
  indices.forEach((src, i) => {
    const img = Array.from(px.subarray(i * 24, (i + 1) * 24));
    const orig = Array.from({ length: 24 }, (_, j) => src * 24 + j);
    const mirrored = orig.map((_, j) => orig[j - (j % 4) + 3 - (j % 4)]);
    if (img.every((v, j) => v === mirrored[j])) flipped++;
    else expect(img).toEqual(orig);
  });
  expect(flipped).toBeGreaterThan(16);
  expect(flipped).toBeLessThan(48);
  for (const t of [x, y, xb, yb]) t.dispose();
});
