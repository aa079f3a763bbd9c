// Memory safety: use after dispose of every kind of handle is a clear error (never a read of recycled memory), double
// dispose is harmless, views keep their storage alive, scope frees on exceptions, and the arena cap gives a clear
// out-of-memory error that leaves the library usable with every byte back.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { F, type Tensor, init, io, manualSeed, matmul, memoryStats, nn, ones, optim, randn, scope, tensor, zeros } from "simdgrad";

beforeAll(async () => {
  await init();
});

const disposedError = /was disposed/;

describe("use after dispose", () => {
  test("a disposed tensor never reads the block that replaced it", () => {
    const t = tensor([1, 2, 3, 4]);
    t.dispose();
    const u = tensor([9, 9, 9, 9]); // reuses the freed block
    for (const use of [() => t.toArray(), () => t.dataSync(), () => t.item(), () => t.add(1), () => t.reshape([2, 2]), () => t.transpose(0, 0), () => t.detach(), () => t.float(), () => t.sum()]) {
      expect(use).toThrow(disposedError);
    }
    expect(u.toArray()).toEqual([9, 9, 9, 9]);
    u.dispose();
  });

  test("views: each handle is disposed on its own, the storage lives while any handle does", () => {
    const before = memoryStats().bytesInUse;
    const base = tensor([[1, 2, 3], [4, 5, 6]]);
    const row = base.slice(0, 0, 1);
    const t = base.transpose(0, 1), s = t.slice(0, 1, 3), r = s.reshape([4]), e = row.expand([3, 3]);
    base.dispose();
    row.dispose();
    t.dispose();
    expect(() => t.toArray()).toThrow(/toArray: tensor of shape \[3, 2\] was disposed/);
    expect(s.toArray()).toEqual([[2, 5], [3, 6]]);
    expect(r.toArray()).toEqual([2, 5, 3, 6]);
    expect(e.toArray()).toEqual([[1, 2, 3], [1, 2, 3], [1, 2, 3]]);
    s.dispose();
    r.dispose();
    expect(memoryStats().bytesInUse).toBeGreaterThan(before); // e still holds it
    e.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("saved tensors: backward works after the inputs are disposed; a freed graph is a clear error", () => {
    const before = memoryStats().bytesInUse;
    const x = tensor([1, 2, 3], { requiresGrad: true });
    const w = tensor([0.5, -1, 2]);
    const y = scope(() => x.mul(w).sigmoid().sum());
    w.dispose(); // Mul saved its own handle on w
    y.backward();
    expect(x.grad!.toArray().every(Number.isFinite)).toBe(true);
    expect(() => y.backward()).toThrow(/backward: the graph through \w+ was already freed/);
    y.dispose();
    x.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("grads: a replaced or cleared gradient is disposed; the leaf's dispose frees its gradient", () => {
    const x = ones([3], { requiresGrad: true });
    x.mul(2).sum().backward();
    const g = x.grad!;
    x.grad = zeros([3]);
    expect(() => g.toArray()).toThrow(disposedError);
    const g2 = x.grad!;
    x.dispose();
    expect(() => g2.toArray()).toThrow(disposedError);
    expect(x.grad).toBe(null);
  });

  test("optimizer state after opt.dispose(): the state tensors and the optimizer are unusable, clearly", () => {
    const before = memoryStats().bytesInUse;
    const p = ones([4], { requiresGrad: true });
    const opt = new optim.Adam([p], { lr: 0.1 });
    p.grad = ones([4]);
    opt.step();
    const state = opt.stateDict().state[0];
    opt.dispose();
    opt.dispose(); // idempotent
    expect(() => (state.expAvg as Tensor).toArray()).toThrow(disposedError);
    expect(() => opt.step()).toThrow(/Adam\.step: the optimizer was disposed/);
    expect(() => opt.stateDict()).toThrow(/Adam\.stateDict: the optimizer was disposed/);
    p.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("a disposed model: forward names the disposed parameter; dispose twice is harmless", () => {
    const before = memoryStats().bytesInUse;
    const model = new nn.Sequential(new nn.Linear(3, 2), new nn.BatchNorm1d(2));
    model.dispose();
    model.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
    expect(() => scope(() => model.forward(ones([4, 3])))).toThrow(/linear: weight: tensor of shape \[2, 3\] was disposed/);
    expect(() => io.saveSafetensors(model.stateDict())).toThrow(/saveSafetensors: stateDict\["0\.weight"\] \(shape \[2, 3\]\) was disposed/);
    expect(memoryStats().bytesInUse).toBe(before);
  });

  test("double dispose of tensors, views and gradients changes nothing", () => {
    const before = memoryStats();
    const t = ones([5], { requiresGrad: true });
    scope(() => t.mul(3).sum().backward());
    const v = t.slice(0, 1);
    for (let i = 0; i < 3; i++) {
      v.dispose();
      t.dispose();
    }
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });
});

describe("scope frees on exceptions", () => {
  test("sync: nested scopes, the error passes through, nothing stays", () => {
    const before = memoryStats();
    expect(() => scope(() => {
      ones([100]);
      scope(() => {
        const a = ones([10]).mul(2);
        a.backward(); // not requiring grad: throws
      });
    })).toThrow(/backward: tensor does not require grad/);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });

  test("async: an error after an await frees what was made before and after it", async () => {
    // a runtime of its own: during the await the finalizer may free what other files (sharing the Deno/Chromium bundle)
    // forgot, which would change the counters; in another runtime it changes neither this arena nor tensors + leaked
    await init({ maxMemoryBytes: 2 ** 30 });
    const counters = () => ({ bytesInUse: memoryStats().bytesInUse, tensors: memoryStats().tensors + memoryStats().leaked });
    const before = counters();
    await expect(scope(async () => {
      const a = ones([64]);
      await new Promise((r) => setTimeout(r, 1));
      a.mul(2);
      throw new RangeError("late");
    })).rejects.toThrow("late");
    expect(counters()).toEqual(before);
  });

  test("an op that fails half-way inside a training step leaves the arena as it was", () => {
    manualSeed(1);
    const model = new nn.Linear(4, 3);
    const before = memoryStats();
    expect(() => scope(() => {
      const out = model.forward(randn([2, 4]));
      return F.crossEntropy(out, tensor(new Int32Array([0, 5])));
    })).toThrow(/crossEntropy: target must hold class indices in \[0, 3\)/);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    model.dispose();
  });
});

describe("arena cap: init({ maxMemoryBytes })", () => {
  // a runtime of its own, capped at 32 MiB; the default one is restored afterwards
  beforeAll(async () => {
    await init({ maxMemoryBytes: 32 << 20 });
  });
  afterAll(async () => {
    await init({ maxMemoryBytes: 2 ** 31 });
  });

  const OOM = /simdgrad: out of memory: an allocation needs the arena to reach \d+ bytes, above the cap of 33554432 \(\d+ bytes in use in \d+ blocks\); dispose tensors you no longer need, use scope\(\), or raise init\(\{ maxMemoryBytes \}\)/;

  test("a matmul whose output does not fit: a clear error, every byte back, the next op right", () => {
    const a = ones([3000, 4]), b = ones([4, 3000]); // the product needs 36 MB
    const before = memoryStats();
    expect(() => matmul(a, b)).toThrow(OOM);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    const small = matmul(a.slice(0, 0, 2), b.slice(1, 0, 2));
    expect(small.toArray()).toEqual([[4, 4], [4, 4]]);
    for (const t of [small, a, b]) t.dispose();
  });

  test("out of memory half-way through an op (a temporary made, the next one not): every byte back", () => {
    // softmax over dim 0 of a 12 MB tensor: a 12 MB copy with that dim last fits, the 12 MB result beside it does not
    const x = ones([1500, 2000]);
    const before = memoryStats();
    expect(() => x.softmax(0)).toThrow(OOM);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    expect(() => scope(() => x.logSoftmax(0))).toThrow(OOM);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    const part = x.slice(0, 0, 2).slice(1, 0, 2);
    expect(scope(() => part.softmax(0).toArray())).toEqual([[0.5, 0.5], [0.5, 0.5]]);
    part.dispose();
    x.dispose();
  });

  test("out of memory in backward: a clear error, and the graph's memory comes back when it is dropped", () => {
    const before = memoryStats();
    const w = ones([1500, 1500], { requiresGrad: true }); // 9 MB; its gradient and a product's make it run out
    expect(() => scope(() => {
      const y = matmul(w, w).sum();
      y.backward();
    })).toThrow(OOM);
    expect(w.grad).toBe(null);
    w.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });

  test("allocations far beyond any arena (2^40 elements) fail the same way", () => {
    const before = memoryStats();
    expect(() => zeros([1 << 20, 1 << 20])).toThrow(OOM);
    expect(() => ones([2 ** 40])).toThrow(OOM);
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });
});
