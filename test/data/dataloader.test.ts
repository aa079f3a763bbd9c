// TensorDataset, DataLoader (batching, seeded shuffling, dropLast, validation, batch lifetimes) and oneHot.
import { beforeAll, describe, expect, test } from "vitest";
import { F, Generator, type Tensor, arange, data, init, keep, manualSeed, memoryStats, nn, optim, randn, scope, tensor } from "simdgrad";

beforeAll(async () => {
  await init();
});

/** x [n, 2] with rows [i, 10i], y int32 [n] with y[i] = i: every batch says which samples it holds. */
function numbered(n: number): [Tensor, Tensor] {
  const x = tensor(Float32Array.from({ length: 2 * n }, (_, j) => (j % 2 ? 10 : 1) * Math.floor(j / 2)), [n, 2]);
  const y = tensor(Int32Array.from({ length: n }, (_, i) => i));
  return [x, y];
}

/** The y values of every batch of one epoch. */
const epoch = (loader: data.DataLoader<Tensor[]>) => Array.from(loader, ([, yb]) => Array.from(yb.dataSync()));

describe("TensorDataset", () => {
  test("length and get(i) views", () => {
    const [x, y] = numbered(5);
    const ds = new data.TensorDataset(x, y);
    expect(ds.length).toBe(5);
    const [xi, yi] = ds.get(3);
    expect(xi.shape).toEqual([2]);
    expect(xi.toArray()).toEqual([3, 30]);
    expect(yi.shape).toEqual([]);
    expect(yi.dtype).toBe("int32");
    expect(yi.item()).toBe(3);
    expect(ds.getItems(Int32Array.from([4, 0])).map((t) => t.toArray())).toEqual([[[4, 40], [0, 0]], [4, 0]]);
  });

  test("bad arguments are clear errors", () => {
    const [x, y] = numbered(5);
    expect(() => new data.TensorDataset()).toThrow(/TensorDataset: expected at least one tensor, got none/);
    expect(() => new data.TensorDataset(x, tensor([1, 2, 3]))).toThrow(/same size in dimension 0; tensors\[0\] has 5, tensors\[1\] has 3 \(shape \[3\]\)/);
    expect(() => new data.TensorDataset(x, tensor(1))).toThrow(/tensors\[1\] must have a first \(sample\) dimension, got a 0-d tensor/);
    expect(() => new data.TensorDataset(x, [1, 2] as unknown as Tensor)).toThrow(/TensorDataset: tensors\[1\] must be a Tensor, got array of length 2/);
    const ds = new data.TensorDataset(x, y);
    expect(() => ds.get(5)).toThrow(/TensorDataset.get: index must be an integer in \[0, 5\), got 5/);
    expect(() => ds.get(-1)).toThrow(RangeError);
    expect(() => ds.get(1.5)).toThrow(RangeError);
  });
});

describe("DataLoader", () => {
  test("batches in order, the last one short; length", () => {
    const [x, y] = numbered(10);
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 4 });
    expect(loader.length).toBe(3);
    const shapes: number[][][] = [];
    const xs: unknown[] = [];
    for (const [xb, yb] of loader) {
      shapes.push([xb.shape.slice(), yb.shape.slice()]);
      xs.push(xb.toArray());
    }
    expect(shapes).toEqual([[[4, 2], [4]], [[4, 2], [4]], [[2, 2], [2]]]);
    expect(xs[2]).toEqual([[8, 80], [9, 90]]);
    expect(epoch(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  test("dropLast drops the short batch; default batchSize is 1", () => {
    const [x, y] = numbered(10);
    const ds = new data.TensorDataset(x, y);
    const loader = new data.DataLoader(ds, { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(epoch(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(new data.DataLoader(ds, { batchSize: 5, dropLast: true }).length).toBe(2);
    expect(new data.DataLoader(ds, { batchSize: 11, dropLast: true }).length).toBe(0);
    expect(epoch(new data.DataLoader(ds, { batchSize: 11, dropLast: true }))).toEqual([]);
    const single = new data.DataLoader(ds);
    expect(single.length).toBe(10);
    expect(epoch(single)[9]).toEqual([9]);
  });

  test("shuffle: a seeded Fisher–Yates permutation, the same on every runtime, new each epoch", () => {
    // Pinned values: Node, Deno and Chromium must all produce exactly these.
    expect(Array.from(data.randperm(10, new Generator(42)))).toEqual([2, 8, 3, 4, 9, 7, 5, 0, 1, 6]);
    const [x, y] = numbered(10);
    const ds = new data.TensorDataset(x, y);
    const a = new data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(7) });
    const b = new data.DataLoader(ds, { batchSize: 3, shuffle: true, generator: new Generator(7) });
    const a1 = epoch(a), a2 = epoch(a);
    expect(a1).toEqual([[0, 5, 6], [8, 9, 7], [1, 3, 4], [2]]);
    expect(a2).toEqual([[3, 8, 4], [0, 1, 6], [7, 9, 5], [2]]);
    expect(epoch(b)).toEqual(a1);
    expect(epoch(b)).toEqual(a2);
    expect(a1.flat().sort((p, q) => p - q)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    // rows stay paired with their labels
    for (const [xb, yb] of a) expect(xb.toArray()).toEqual(Array.from(yb.dataSync(), (i) => [i, 10 * i]));
  });

  test("without a generator, shuffling follows manualSeed", () => {
    const [x, y] = numbered(20);
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 20, shuffle: true });
    manualSeed(3);
    const first = epoch(loader);
    manualSeed(3);
    expect(epoch(loader)).toEqual(first);
    expect(first[0]).not.toEqual(Array.from({ length: 20 }, (_, i) => i));
  });

  test("datasets without getItems are collated by stacking get(i)", () => {
    const single: data.Dataset<Tensor> = { length: 5, get: (i) => tensor([i, -i]) };
    expect(Array.from(new data.DataLoader(single, { batchSize: 2 }), (b) => b.toArray())).toEqual([[[0, -0], [1, -1]], [[2, -2], [3, -3]], [[4, -4]]]);
    const pairs: data.Dataset<Tensor[]> = { length: 3, get: (i) => [tensor([i]), tensor(i * 2, { dtype: "int32" })] };
    const batches = Array.from(new data.DataLoader(pairs, { batchSize: 3 }), ([u, v]) => [u.toArray(), v.toArray(), v.dtype]);
    expect(batches).toEqual([[[[0], [1], [2]], [0, 2, 4], "int32"]]);
    const bad = { length: 2, get: () => 7 } as unknown as data.Dataset;
    expect(() => [...new data.DataLoader(bad)]).toThrow(/DataLoader: dataset.get must return a Tensor or an array of Tensors, got 7/);
  });

  test("options and dataset are validated", () => {
    const [x, y] = numbered(4);
    const ds = new data.TensorDataset(x, y);
    const make = (o: unknown) => () => new data.DataLoader(ds, o as data.DataLoaderOptions);
    expect(make({ batch_size: 4 })).toThrow(/DataLoader: unknown option "batch_size" \(expected batchSize, shuffle, dropLast, generator\)/);
    expect(make({ batchSize: 0 })).toThrow(/DataLoader: batchSize must be a positive integer, got 0/);
    expect(make({ batchSize: -2 })).toThrow(RangeError);
    expect(make({ batchSize: 2.5 })).toThrow(/got 2.5/);
    expect(make({ shuffle: "yes" })).toThrow(/DataLoader: shuffle must be a boolean, got "yes"/);
    expect(make({ dropLast: 1 })).toThrow(/DataLoader: dropLast must be a boolean, got 1/);
    expect(make({ generator: 42 })).toThrow(/DataLoader: generator must be a Generator, got 42/);
    expect(make(5)).toThrow(/DataLoader: options must be an object, got 5/);
    expect(() => new data.DataLoader(x as unknown as data.Dataset)).toThrow(/DataLoader: dataset must have an integer length >= 0 and a get\(i\) method, got Tensor of shape \[4, 2\]/);
    expect(() => data.randperm(-1)).toThrow(/randperm: n must be a non-negative integer, got -1/);
  });

  test("a batch lives until the next is drawn; break releases it; kept batches survive", () => {
    const [x, y] = numbered(6);
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 2 });
    const it = loader[Symbol.iterator]();
    const first = it.next().value as Tensor[];
    expect(first[0].isDisposed).toBe(false);
    const second = it.next().value as Tensor[];
    expect(first.map((t) => t.isDisposed)).toEqual([true, true]);
    it.return!();
    expect(second.map((t) => t.isDisposed)).toEqual([true, true]);

    let held: Tensor[] = [];
    for (const batch of loader) {
      held = batch;
      break;
    }
    expect(held[0].isDisposed).toBe(true);

    const kept: Tensor[] = [];
    for (const [xb] of loader) kept.push(keep(xb));
    expect(kept.map((t) => t.toArray())).toEqual([[[0, 0], [1, 10]], [[2, 20], [3, 30]], [[4, 40], [5, 50]]]);
    for (const t of kept) t.dispose();
    expect(x.isDisposed || y.isDisposed).toBe(false);
  });

  test("training over epochs with scope() per step: no arena growth, no tensor growth", () => {
    manualSeed(1);
    const x = randn(100, 8);
    const y = tensor(Int32Array.from({ length: 100 }, (_, i) => i % 3));
    const model = new nn.Sequential(new nn.Linear(8, 16), new nn.ReLU(), new nn.Linear(16, 3));
    const opt = new optim.Adam(model.parameters(), { lr: 1e-2 });
    const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16, shuffle: true, generator: new Generator(0) });
    const stats: [number, number][] = [];
    for (let e = 0; e < 4; e++) {
      for (const [xb, yb] of loader) {
        scope(() => {
          const loss = F.crossEntropy(model.forward(xb), yb);
          opt.zeroGrad();
          loss.backward();
          opt.step();
        });
      }
      const m = memoryStats();
      stats.push([m.bytesInUse, m.tensors]);
    }
    // Adam's state appears in the first epoch; after that nothing may grow.
    expect(stats[3]).toEqual(stats[1]);
    expect(stats[2]).toEqual(stats[1]);
  });
});

describe("oneHot", () => {
  test("values, shape and inferred class count", () => {
    const idx = tensor(Int32Array.from([0, 2, 1, 2]), [2, 2]);
    const h = data.oneHot(idx, 3);
    expect([h.shape, h.dtype]).toEqual([[2, 2, 3], "int32"]);
    expect(h.toArray()).toEqual([[[1, 0, 0], [0, 0, 1]], [[0, 1, 0], [0, 0, 1]]]);
    expect(data.oneHot(tensor(Int32Array.from([1, 3]))).toArray()).toEqual([[0, 1, 0, 0], [0, 0, 0, 1]]);
    expect(data.oneHot(arange(3, undefined, 1, { dtype: "int32" }), 3).float().sum().item()).toBe(3);
  });

  test("bad arguments", () => {
    expect(() => data.oneHot(tensor([0, 1]), 2)).toThrow(/oneHot: indices must be an int32 tensor/);
    expect(() => data.oneHot(tensor(Int32Array.from([0, 3])), 3)).toThrow(/oneHot: indices must lie in \[0, 3\), got 3 at flat position 1/);
    expect(() => data.oneHot(tensor(Int32Array.from([-1])), 3)).toThrow(/got -1 at flat position 0/);
    expect(() => data.oneHot(tensor(Int32Array.from([0])), 0)).toThrow(/numClasses must be a positive integer or -1 \(infer\), got 0/);
    expect(() => data.oneHot(tensor(new Int32Array(0)))).toThrow(/cannot infer numClasses from an empty tensor/);
  });
});
