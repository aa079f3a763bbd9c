// Lifetimes: dispose, views, scope (sync, async, on exceptions), keep, and autograd's use of freed graphs.
import { beforeAll, describe, expect, test } from "vitest";
import { init, keep, memoryStats, noGrad, ones, scope, tensor, zeros } from "simdgrad";

beforeAll(async () => {
  await init();
});

describe("lifetimes", () => {
  test("dispose frees the block, is idempotent, and use afterwards is a clear error", () => {
    const before = memoryStats();
    const t = zeros(1000);
    expect(memoryStats().bytesInUse).toBeGreaterThan(before.bytesInUse);
    t.dispose();
    t.dispose();
    expect(t.isDisposed).toBe(true);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(() => t.add(1)).toThrow(/add: input: tensor of shape \[1000\] was disposed/);
    expect(() => t.toArray()).toThrow(/was disposed/);
  });

  test("views keep their storage alive", () => {
    const before = memoryStats().bytesInUse;
    const t = tensor([[1, 2], [3, 4]]);
    const v = t.transpose(0, 1);
    t.dispose();
    expect(v.toArray()).toEqual([[1, 3], [2, 4]]);
    v.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("scope frees what it created and did not return", () => {
    const before = memoryStats();
    const kept = scope(() => {
      const a = ones(100);
      const b = a.mul(3).add(1);
      return { b, n: 1 };
    });
    expect(kept.b.dataSync()[0]).toBe(4);
    expect(memoryStats().tensors).toBe(before.tensors + 1);
    kept.b.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });

  test("scope frees on exceptions too, and nested scopes hand results outward", () => {
    const before = memoryStats();
    expect(() => scope(() => { ones(10); throw new Error("boom"); })).toThrow("boom");
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    const outer = scope(() => {
      const inner = scope(() => ones(3).mul(2));
      return inner.add(1);
    });
    expect(outer.toArray()).toEqual([3, 3, 3]);
    outer.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });

  test("async scope closes when the promise settles", async () => {
    // a fresh runtime: across the awaits below, the finalizer may free tensors other tests forgot in the old one
    await init({ maxMemoryBytes: 1 << 28 });
    const before = memoryStats();
    const out = await scope(async () => {
      const a = ones(8);
      await new Promise((r) => setTimeout(r, 1));
      return a.mul(5);
    });
    expect(out.dataSync()[0]).toBe(5);
    out.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    await expect(scope(async () => { ones(8); throw new Error("late"); })).rejects.toThrow("late");
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });

  test("keep exempts a tensor from scopes", () => {
    const k = scope(() => {
      keep(ones(2));
      ones(3);
      return 0;
    }) === 0;
    expect(k).toBe(true);
  });

  test("a training step in a scope leaves the arena flat", () => {
    const w = tensor([[0.5, -0.2], [0.1, 0.3]], { requiresGrad: true });
    const x = tensor([[1, 2], [3, 4], [5, 6]]);
    const step = () => scope(() => {
      const loss = x.matmul(w).tanh().square().mean();
      w.grad = null;
      loss.backward();
      return loss.item();
    });
    step();
    const before = memoryStats();
    for (let i = 0; i < 50; i++) step();
    const after = memoryStats();
    expect(after.bytesInUse).toBe(before.bytesInUse);
    expect(after.tensors).toBe(before.tensors);
  });
});

describe("autograd errors and modes", () => {
  test("backward twice through a freed graph is a clear error; retainGraph allows it", () => {
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const y = x.mul(x).sum();
    y.backward();
    expect(x.grad!.toArray()).toEqual([2, 4, 6]);
    expect(() => y.backward()).toThrow(/already freed by an earlier backward\(\)/);
    const z = x.exp().sum();
    z.backward(null, { retainGraph: true });
    z.backward();
    expect(x.grad!.dataSync()[0]).toBeCloseTo(2 + 2 * Math.E, 4);
  });

  test("backward of a non-scalar needs a gradient; of a tensor without grad is an error", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    expect(() => x.mul(2).backward()).toThrow(/only for one-element outputs, got shape \[2\]/);
    expect(() => tensor([1]).backward()).toThrow(/does not require grad/);
    expect(() => x.mul(2).backward(tensor([1, 2, 3]))).toThrow(/grad must have the output's shape \[2\], got \[3\]/);
    x.mul(2).backward(tensor([1, 10]));
    expect(x.grad!.toArray()).toEqual([2, 20]);
  });

  test("gradients accumulate until cleared; noGrad records nothing; detach cuts the graph", () => {
    const x = tensor([3], { requiresGrad: true });
    x.mul(2).sum().backward();
    x.mul(5).sum().backward();
    expect(x.grad!.item()).toBe(7);
    const y = noGrad(() => x.mul(2));
    expect(y.requiresGrad).toBe(false);
    expect(x.detach().requiresGrad).toBe(false);
    x.grad = null;
    expect(x.grad).toBeNull();
  });

  test("a scope that returns a loss keeps the graph for backward outside it", () => {
    const x = tensor([1, 2], { requiresGrad: true });
    const loss = scope(() => x.mul(x).mul(3).sum());
    loss.backward();
    expect(x.grad!.toArray()).toEqual([6, 12]);
  });
});
