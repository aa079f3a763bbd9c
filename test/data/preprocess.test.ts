// trainTestSplit and normalisation.
import { beforeAll, describe, expect, test } from "vitest";
import { Generator, arange, data, init, memoryStats, scope, tensor } from "simdgrad";
import { type BadInput, badInputs } from "../helpers/errors";

let fitted: data.Normalizer;
beforeAll(async () => {
  await init();
  fitted = data.Normalizer.fit(tensor([[1, 2], [3, 4]]));
});

describe("trainTestSplit", () => {
  test("splits every tensor the same way, deterministically, covering all samples once", () => {
    const x = arange(10).reshape([10, 1]).mul(10), y = tensor(Int32Array.from({ length: 10 }, (_, i) => i));
    const [xTr, xTe, yTr, yTe] = data.trainTestSplit([x, y], { testSize: 0.3, generator: new Generator(5) });
    expect(xTr.shape).toEqual([7, 1]);
    expect(xTe.shape).toEqual([3, 1]);
    const all = [...yTr.dataSync(), ...yTe.dataSync()].sort((a, b) => a - b);
    expect(all).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(Array.from(xTe.dataSync())).toEqual(Array.from(yTe.dataSync(), (v) => v * 10));
    const again = data.trainTestSplit([y], { testSize: 0.3, generator: new Generator(5) });
    expect(Array.from(again[1].dataSync())).toEqual(Array.from(yTe.dataSync()));
    const ordered = data.trainTestSplit([y], { testSize: 2, shuffle: false });
    expect(ordered[1].toArray()).toEqual([0, 1]);
  });
});

describe("normalize", () => {
  test("z-score per feature uses the population std; constant features are only centred", () => {
    const x = tensor([[1, 5, 7], [3, 5, 7], [5, 5, 7]]);
    const z = data.normalize(x);
    const s = Math.sqrt(8 / 3);
    const want = [[-2 / s, 0, 0], [0, 0, 0], [2 / s, 0, 0]];
    z.toArray().forEach((row: any, i: number) => row.forEach((v: number, j: number) => expect(v).toBeCloseTo(want[i][j], 5)));
  });

  test("min-max maps the training range to [0, 1] and applies the same statistics to new data", () => {
    const before = memoryStats().bytesInUse;
    scope(() => {
      const train = tensor([[0, 10], [2, 20], [4, 30]]);
      const norm = data.Normalizer.fit(train, { method: "minmax" });
      expect(norm.transform(train).toArray()).toEqual([[0, 0], [0.5, 0.5], [1, 1]]);
      expect(norm.transform(tensor([[8, 0]])).toArray()).toEqual([[2, -0.5]]);
      norm.dispose();
    });
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("statistics over all dimensions", () => {
    expect(data.normalize(tensor([[0, 2], [4, 6]]), { method: "minmax", dims: null }).toArray()).toEqual([[0, Math.fround(1 / 3)], [Math.fround(2 / 3), 1]]);
  });
});

const rows: BadInput[] = [
  ["trainTestSplit: testSize", () => data.trainTestSplit([arange(4)], { testSize: 1.5 }), /trainTestSplit: testSize must be a fraction in \(0, 1\) or a whole number below 4, got 1.5/],
  ["trainTestSplit: lengths", () => data.trainTestSplit([arange(4), arange(5)]), /trainTestSplit: tensors\[1\] has first dimension 5, tensors\[0\] has 4/],
  ["trainTestSplit: empty", () => data.trainTestSplit([]), /trainTestSplit: tensors must be a non-empty array/],
  ["normalize: method", () => data.normalize(arange(4), { method: "robust" as never }), /Normalizer.fit: method must be "zscore" or "minmax", got "robust"/],
  ["Normalizer.transform: shape", () => fitted.transform(tensor([[1, 2, 3]])),
    /Normalizer.transform: input \[1, 3\] does not fit statistics of shape \[1, 2\]/],
];
describe("bad inputs", () => badInputs(rows));
