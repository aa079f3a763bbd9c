// Tensor creation, read-back, dtypes and the seeded generator.
import { beforeAll, describe, expect, test } from "vitest";
import { Generator, arange, eye, full, init, linspace, manualSeed, ones, rand, randint, randn, tensor, zeros } from "simdgrad";

beforeAll(async () => {
  await init();
});

describe("creation", () => {
  test("tensor from nested arrays, typed arrays with a shape, scalars", () => {
    const t = tensor([[1, 2, 3], [4, 5, 6]]);
    expect(t.shape).toEqual([2, 3]);
    expect(t.ndim).toBe(2);
    expect(t.size).toBe(6);
    expect(t.dtype).toBe("float32");
    expect(t.toArray()).toEqual([[1, 2, 3], [4, 5, 6]]);
    expect(tensor(new Float32Array([1, 2, 3, 4]), [2, 2]).toArray()).toEqual([[1, 2], [3, 4]]);
    const s = tensor(3.5);
    expect(s.shape).toEqual([]);
    expect(s.item()).toBe(3.5);
    expect(s.toArray()).toBe(3.5);
    expect(tensor([]).shape).toEqual([0]);
  });

  test("int32 tensors from Int32Array or dtype", () => {
    const a = tensor(new Int32Array([1, -2, 3]));
    expect(a.dtype).toBe("int32");
    expect(a.toArray()).toEqual([1, -2, 3]);
    const b = tensor([[1, 2]], { dtype: "int32" });
    expect(b.dtype).toBe("int32");
    expect(Array.from(b.dataSync())).toEqual([1, 2]);
    expect(() => tensor([1.5], { dtype: "int32" })).toThrow(/int32 data must be integers in \[-2147483648, 2147483647\], got 1.5/);
  });

  test("requiresGrad from options", () => {
    expect(tensor([1, 2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(tensor(new Float32Array(2), [2], { requiresGrad: true }).requiresGrad).toBe(true);
    expect(() => tensor(new Int32Array(2), { requiresGrad: true })).toThrow(/only float32 tensors can require grad/);
  });

  test("constant fills, ranges and identity", () => {
    expect(zeros(2, 3).toArray()).toEqual([[0, 0, 0], [0, 0, 0]]);
    expect(ones([2]).toArray()).toEqual([1, 1]);
    expect(full([2, 2], 7).toArray()).toEqual([[7, 7], [7, 7]]);
    expect(full([3], 2, { dtype: "int32" }).dtype).toBe("int32");
    expect(arange(5).toArray()).toEqual([0, 1, 2, 3, 4]);
    expect(arange(1, 4).toArray()).toEqual([1, 2, 3]);
    expect(arange(0, 1, 0.25).toArray()).toEqual([0, 0.25, 0.5, 0.75]);
    expect(linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1]);
    expect(eye(2, 3).toArray()).toEqual([[1, 0, 0], [0, 1, 0]]);
  });

  test("toString looks like PyTorch's", () => {
    expect(tensor([[1, 2], [3, 4]]).toString()).toBe("tensor([[1., 2.],\n        [3., 4.]])");
    expect(tensor([0.5], { requiresGrad: true }).toString()).toBe("tensor([0.5], requiresGrad=true)");
    expect(tensor(new Int32Array([3])).toString()).toBe("tensor([3], dtype=int32)");
  });
});

describe("random", () => {
  test("xoshiro128** matches the reference implementation's output for state {1, 2, 3, 4}", () => {
    const g = new Generator();
    Object.assign(g, { s0: 1, s1: 2, s2: 3, s3: 4 });
    expect(Array.from({ length: 5 }, () => g.nextU32())).toEqual([11520, 0, 5927040, 70819200, 2031721883]);
  });

  test("manualSeed makes rand/randn/randint reproducible (the same values on every runtime)", () => {
    manualSeed(42);
    const a = [rand(4).dataSync(), randn(4).dataSync(), randint(0, 10, [6]).dataSync()].map((v) => Array.from(v));
    manualSeed(42);
    const b = [rand(4).dataSync(), randn(4).dataSync(), randint(0, 10, [6]).dataSync()].map((v) => Array.from(v));
    expect(a).toEqual(b);
    expect(a[0]).toEqual([0.6606156826019287, 0.12688004970550537, 0.11170190572738647, 0.8149393796920776]);
    expect(a[1]).toEqual([0.4004286229610443, 0.06690870970487595, -0.009860883466899395, 0.17479945719242096]);
    expect(a[2]).toEqual([8, 3, 1, 4, 9, 9]);
  });

  test("distributions have the right moments", () => {
    manualSeed(7);
    const n = 100_000;
    const u = rand(n).dataSync(), z = randn(n).dataSync(), k = randint(-3, 4, [n]).dataSync();
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((a, b) => a + b, 0) / v.length;
    expect(mean(u)).toBeCloseTo(0.5, 2);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...u)).toBeLessThan(1);
    expect(mean(z)).toBeCloseTo(0, 1);
    expect(mean(Array.from(z, (x) => x * x))).toBeCloseTo(1, 1);
    expect(Math.min(...k)).toBe(-3);
    expect(Math.max(...k)).toBe(3);
  });
});

describe("typed-array sources", () => {
  test("Uint8Array pixels and Float64Array become float32; int32 on request", async () => {
    await init();
    expect(tensor(new Uint8Array([0, 128, 255]), [3]).toArray()).toEqual([0, 128, 255]);
    expect(tensor(new Float64Array([0.5, 1.5])).dtype).toBe("float32");
    const t = tensor(new Uint8Array([1, 2]), { dtype: "int32" });
    expect(t.dtype).toBe("int32");
    expect(t.toArray()).toEqual([1, 2]);
  });
});
