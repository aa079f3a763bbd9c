// The thread pool: with threads=2, GEMM (every transpose combination, tile edges, 1 row, 1 column, K = 1), the large
// elementwise kernels, reductions along an axis, softmax rows, pooling, the implicit-GEMM and depthwise convolutions and whole training runs (an MLP, a small conv net) are bit-identical to one thread. Where threads
// are impossible (a page that is not cross-origin isolated) init({ threads: 2 }) reports 1 and everything still agrees.
import { afterAll, describe, expect, test } from "vitest";
import { F, init, manualSeed, nn, optim, randn, scope, type Tensor } from "simdgrad";
import { runtime } from "../../src/backend/runtime";
import { CUTOVER } from "../../src/backend/parallel";
import { bits, trainSmallMlp } from "../train/mlp-run";

const threadsPossible = typeof SharedArrayBuffer !== "undefined" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

// All test files may share one runtime (Deno/Chromium bundle): leave it with the default thread count.
let initial = 1;
afterAll(async () => { await init({ threads: initial }); });

/** Runs fn with 1 and with 2 threads over the same runtime and returns both results. */
async function both<T>(fn: () => T): Promise<[T, T]> {
  initial = (await init()).threads;
  expect((await init({ threads: 1 })).threads).toBe(1);
  const one = fn();
  expect((await init({ threads: 2 })).threads).toBe(threadsPossible ? 2 : 1);
  expect(runtime().k.gemm !== runtime().single.gemm).toBe(threadsPossible); // the partitioned kernels are bound
  const two = fn();
  return [one, two];
}

/** The float32 bit patterns of a tensor's values, flattened: equal arrays mean bit-identical tensors. */
const bitsOf = (t: Tensor) => Array.from(new Uint32Array(Float32Array.from(t.flatten().toArray() as number[]).buffer));

/** A block of n f32 in the arena filled with values from a fixed sequence (varied signs and magnitudes). */
function block(n: number, seed: number): number {
  const r = runtime(), p = r.arena.alloc(Math.max(4, n * 4));
  const f = r.f32();
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    f[(p >> 2) + i] = (s / 2 ** 32 - 0.5) * (i % 7 === 0 ? 100 : 1);
  }
  return p;
}

/** Every shape is above the cut-over, so two threads really split it; sides at, below and above the 8-column and
 * 5/6-row tiles, a single row or column, K = 1 and K across the 256-deep slices. */
const SHAPES: [number, number, number][] = [
  [1, 8191, 9], [1, 4099, 33], [8193, 1, 9], [1030, 1, 70], [300, 257, 1], [257, 300, 1],
  [64, 64, 16], [37, 259, 7], [259, 37, 7], [130, 67, 300], [67, 130, 300], [5, 1601, 9], [1601, 6, 9],
  [121, 520, 257], [241, 33, 520], [9, 1030, 270], [17, 23, 600],
];

describe("gemm with two threads", () => {
  test("is bit-identical to one thread: every shape, transpose and accumulate combination", async () => {
    for (const [m, n, k] of SHAPES) expect(m * n * k).toBeGreaterThanOrEqual(CUTOVER.gemmMacs);
    const [one, two] = await both(() => {
      const r = runtime(), out: number[][] = [];
      for (const [m, n, k] of SHAPES) {
        for (let combo = 0; combo < 8; combo++) {
          const ta = combo & 1, tb = (combo >> 1) & 1, acc = combo >> 2;
          const lda = (ta ? m : k) + 3, ldb = (tb ? k : n) + 1, ldc = n + 2; // padded leading dimensions
          const a = block((ta ? k : m) * lda, 11 + m), b = block((tb ? n : k) * ldb, 29 + n), c = block(m * ldc, 5 + k);
          const wsBytes = r.k.gemmWorkspace(m, n, k), ws = wsBytes ? r.arena.alloc(wsBytes) : 0;
          r.k.gemm(m, n, k, a, lda, ta, b, ldb, tb, c, ldc, acc, ws);
          out.push(Array.from(new Uint32Array(r.f32().buffer, c, m * ldc)));
          for (const p of [a, b, c, ws]) if (p) r.arena.release(p);
        }
      }
      return out;
    });
    expect(two.length).toBe(one.length);
    for (let i = 0; i < one.length; i++) {
      if (one[i].some((v, j) => v !== two[i][j])) throw new Error(`gemm case ${i} (shape ${SHAPES[i >> 3]}, combo ${i & 7}) differs between 1 and 2 threads`);
    }
  });
});

describe("elementwise kernels with two threads", () => {
  test("are bit-identical to one thread (odd sizes, transcendental and cheap ones, in place)", async () => {
    const [one, two] = await both(() => scope(() => {
      manualSeed(3);
      const out: number[][] = [];
      for (const n of [65537, 100003, 8195]) {
        const x = randn([n]), y = randn([n]);
        for (const t of [x.add(y), x.mul(y).sub(1.5), x.exp(), x.tanh(), F.gelu(x), F.softplus(y), x.relu(), x.sigmoid(), x.abs().pow(y)]) {
          out.push(bitsOf(t));
        }
      }
      return out;
    }));
    expect(two).toEqual(one);
  });
});

describe("row-wise kernels with two threads", () => {
  test("reductions along an axis, softmax and log-softmax (forward and backward) are bit-identical to one thread", async () => {
    const [one, two] = await both(() => scope(() => {
      manualSeed(5);
      const out: number[][] = [];
      const keep = (t: Tensor) => out.push(bitsOf(t));
      for (const shape of [[129, 517], [3, 4099, 7], [1031, 67], [2, 65541]]) {
        const x = randn(shape, { requiresGrad: true });
        for (const t of [x.sum(-1), x.sum(0), x.max(-1).values, x.max(0).indices.float(), x.min(1).values, x.mean(1)]) keep(t);
        const s = F.softmax(x, -1), l = F.logSoftmax(x, -1);
        keep(s);
        keep(l);
        s.mul(randn(shape)).sum().add(l.mul(randn(shape)).sum()).backward();
        keep(x.grad!);
      }
      return out;
    }));
    expect(two).toEqual(one);
  });

  test("the split row-wise kernels are bound, with the implicit-GEMM convolution of the extension module", async () => {
    await both(() => 0); // leaves the runtime on two threads
    const r = runtime();
    for (const key of ["sumAxis", "maxAxis", "softmax", "logSoftmaxBwd", "convImplicit", "dwconv", "dwconvDx", "maxPool", "avgPoolBwd"] as const) expect(r.k[key] !== r.single[key], key).toBe(threadsPossible);
  });
});

describe("pooling with two threads", () => {
  test("max, average and adaptive pooling (split by planes), forward and backward, are bit-identical to one thread", async () => {
    const [one, two] = await both(() => scope(() => {
      manualSeed(13);
      const out: number[][] = [];
      const keep = (t: Tensor) => out.push(bitsOf(t));
      const x = randn([7, 9, 41, 37], { requiresGrad: true }); // every call above the cut-over
      const ys = [
        F.maxPool2d(x, 3, { stride: 2, padding: 1 }), F.maxPool2d(x, 2, { ceilMode: true, dilation: 2 }),
        F.avgPool2d(x, 3, { stride: 2, padding: 1, countIncludePad: false }), F.adaptiveAvgPool2d(x, [5, 7]), F.adaptiveMaxPool2d(x, 4),
        F.maxPool3d(x.reshape([7, 9, 1, 41, 37]), [1, 3, 3]), F.avgPool1d(x.reshape([63, 41, 37]), 4),
      ];
      let loss = ys[0].sum();
      for (const y of ys) {
        keep(y);
        loss = loss.add(y.mul(randn(y.shape)).sum());
      }
      loss.backward();
      keep(x.grad!);
      return out;
    }));
    expect(two).toEqual(one);
  });
});

describe("convolution with two threads", () => {
  test("conv2d and conv3d forward (implicit GEMM, direct depthwise; split by images) and the depthwise input gradient are bit-identical to one thread", async () => {
    const [one, two] = await both(() => scope(() => {
      manualSeed(11);
      const out: number[][] = [];
      for (const [x, w, opts] of [
        [randn([9, 3, 17, 13]), randn([10, 3, 3, 3]), { padding: 1 }],
        [randn([4, 6, 14, 14]), randn([16, 6, 5, 5]), {}],
        [randn([6, 5, 21, 22]), randn([7, 5, 3, 2]), { stride: 2, dilation: [1, 2] }],
      ] as [Tensor, Tensor, object][]) out.push(bitsOf(F.conv2d(x, w, null, opts)));
      out.push(bitsOf(F.conv3d(randn([5, 2, 6, 7, 8]), randn([4, 2, 3, 3, 3]), null, { padding: 1 })));
      // the direct depthwise kernels (one input channel, as LeNet's first layer; depthwise with a multiplier), with the
      // input gradient
      for (const [x, w, opts] of [
        [randn([8, 1, 28, 28], { requiresGrad: true }), randn([6, 1, 5, 5]), { padding: 2 }],
        [randn([5, 6, 15, 13], { requiresGrad: true }), randn([12, 1, 3, 3]), { padding: 1, groups: 6, stride: [1, 2] }],
      ] as [Tensor, Tensor, object][]) {
        const y = F.conv2d(x, w, null, opts);
        y.mul(y).sum().backward();
        out.push(bitsOf(y), bitsOf(x.grad!));
      }
      return out;
    }));
    expect(two).toEqual(one);
    const posted = runtime().poolCounts().posted;
    scope(() => F.conv2d(randn([4, 6, 14, 14]), randn([16, 6, 5, 5])));
    expect(runtime().poolCounts().posted > posted).toBe(threadsPossible); // the worker was given a share
  });
});

/** `steps` full-batch cross-entropy steps of model on (x, y); the losses. Disposes model, optimizer and data. */
function trainSteps(model: nn.Module, opt: optim.Optimizer, x: Tensor, y: Tensor, steps: number): number[] {
  const losses: number[] = [];
  try {
    for (let s = 0; s < steps; s++) {
      losses.push(scope(() => {
        const loss = F.crossEntropy(model.forward(x) as Tensor, y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return loss.item();
      }));
    }
  } finally {
    model.dispose();
    opt.dispose();
    x.dispose();
    y.dispose();
  }
  return losses;
}

/** A small conv net (conv, pool, batch norm, linear) trained a few steps with Adam; returns the losses. */
function trainConvNet(steps: number): number[] {
  manualSeed(99);
  const model = new nn.Sequential(
    new nn.Conv2d(3, 16, 3, { padding: 1 }), new nn.BatchNorm2d(16), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(16, 32, 3, { padding: 1 }), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(), new nn.Linear(32 * 4 * 4, 10),
  );
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([16, 3, 16, 16]);
  const y = scope(() => x.mean([2, 3]).argmax(1));
  return trainSteps(model, opt, x, y, steps);
}

/** An MLP on 784 features (the GEMMs and the optimizer updates split) trained a few steps with SGD + momentum or AdamW. */
function trainWideMlp(steps: number, adam: boolean): number[] {
  manualSeed(7);
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 10));
  const opt = adam ? new optim.AdamW(model.parameters(), { lr: 1e-3, amsgrad: true })
    : new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-4 });
  const x = randn([64, 784]);
  const y = scope(() => x.slice(1, 0, 10).argmax(1));
  return trainSteps(model, opt, x, y, steps);
}

describe("training with two threads", () => {
  test("an MLP gives bit-identical losses", async () => {
    const [one, two] = await both(() => [...trainWideMlp(3, false), ...trainWideMlp(3, true), ...trainSmallMlp(6)]);
    expect(bits(two)).toEqual(bits(one));
  });

  test("a small conv net gives bit-identical losses", async () => {
    const [one, two] = await both(() => trainConvNet(3));
    expect(bits(two)).toEqual(bits(one));
  });
});
