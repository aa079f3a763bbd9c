// Normalisation layers on images against a float64 reference (every isa), long reductions far from zero, instance norm's
// running statistics and unbatched input, channel dropout, and a flat arena over training steps.
import { beforeAll, describe, expect, test } from "vitest";
import { F, Generator, type Tensor, init, memoryStats, nn, ones, randn, scope, supportedIsas, tensor } from "simdgrad";

/** float64 (x − mean)/√(var + eps) per statistics set, key(n, c) naming the set of sample n, channel c of x [N, C, …]. */
function reference(x: Tensor, key: (n: number, c: number) => number, eps = 1e-5): { y: Float64Array; mean: Map<number, number>; variance: Map<number, number> } {
  const v = x.dataSync(), [N, C] = x.shape, S = x.size / (N * C);
  const setOf = (i: number) => key(Math.floor(i / (C * S)), Math.floor(i / S) % C);
  const sum = new Map<number, number>(), count = new Map<number, number>(), sq = new Map<number, number>();
  v.forEach((xi, i) => { const k = setOf(i); sum.set(k, (sum.get(k) ?? 0) + xi); count.set(k, (count.get(k) ?? 0) + 1); });
  const mean = new Map([...sum].map(([k, s]) => [k, s / count.get(k)!]));
  v.forEach((xi, i) => { const k = setOf(i); sq.set(k, (sq.get(k) ?? 0) + (xi - mean.get(k)!) ** 2); });
  const variance = new Map([...sq].map(([k, s]) => [k, s / count.get(k)!]));
  const y = Float64Array.from(v, (xi, i) => { const k = setOf(i); return (xi - mean.get(k)!) / Math.sqrt(variance.get(k)! + eps); });
  return { y, mean, variance };
}

/** |got − want| ≤ atol elementwise, with the worst index in the message. */
function expectNear(got: Tensor, want: ArrayLike<number>, atol: number): void {
  const g = got.dataSync();
  expect(g.length).toBe(want.length);
  let worst = 0, at = 0;
  for (let i = 0; i < g.length; i++) if (!(Math.abs(g[i] - want[i]) <= worst)) { worst = Math.abs(g[i] - want[i]); at = i; }
  expect(worst, `worst |Δ| at ${at}: got ${g[at]}, want ${want[at]}`).toBeLessThanOrEqual(atol);
}

/** x·w[c] + b[c] over the channels (dim 1) of a reference result. */
const affine = (y: Float64Array, shape: readonly number[], w: Tensor, b: Tensor) => {
  const wv = w.dataSync(), bv = b.dataSync(), S = y.length / (shape[0] * shape[1]);
  return y.map((v, i) => v * wv[Math.floor(i / S) % shape[1]] + bv[Math.floor(i / S) % shape[1]]);
};
const param = (t: Tensor) => nn.Parameter(t);

for (const isa of supportedIsas()) {
  describe(`normalisation on images [${isa}]`, () => {
    beforeAll(async () => {
      await init({ isa });
    });

    test("GroupNorm, InstanceNorm2d, BatchNorm2d/3d and LayerNorm over [C, H, W] match a float64 reference", () => {
      const x = randn([3, 6, 5, 7]).mul(2).add(0.5);
      const w = randn([6]), b = randn([6]);
      const gn = new nn.GroupNorm(3, 6);
      gn.weight = param(w);
      gn.bias = param(b);
      expectNear(gn.forward(x), affine(reference(x, (n, c) => n * 3 + Math.floor(c / 2)).y, x.shape, w, b), 2e-5);
      expectNear(new nn.InstanceNorm2d(6).forward(x), reference(x, (n, c) => n * 6 + c).y, 1e-5);
      const bn = new nn.BatchNorm2d(6);
      const ref = reference(x, (_n, c) => c);
      expectNear(bn.forward(x), ref.y, 1e-5);
      // running statistics: momentum 0.1, unbiased variance (105 values per channel)
      expectNear(bn.runningMean!, [...ref.mean.values()].map((m) => 0.1 * m), 1e-6);
      expectNear(bn.runningVar!, [...ref.variance.values()].map((v) => 0.9 + 0.1 * v * (105 / 104)), 1e-6);
      expectNear(new nn.BatchNorm3d(6).forward(x.reshape([3, 6, 5, 1, 7])).reshape(x.shape), ref.y, 1e-5);
      const ln = new nn.LayerNorm([6, 5, 7]);
      expectNear(ln.forward(x), reference(x, (n) => n).y, 1e-5);
      expect(ln.weight!.shape).toEqual([6, 5, 7]);
    });

    test("long reductions far from zero keep float32 accuracy (f64 and blocked f32 sums, centred variance)", () => {
      // 25 088 values per channel around 100 (std 1): a plain float32 running sum would be off in the 3rd digit
      const x = randn([32, 3, 28, 28]).add(100);
      const ref = reference(x, (_n, c) => c);
      expectNear(F.batchNorm(x, null, null, null, null, { training: true }), ref.y, 1e-5);
      const rows = randn([2, 100_000]).mul(0.5).add(-40);
      expectNear(F.layerNorm(rows, 100_000), reference(rows.reshape([2, 1, 100_000]), (n) => n).y, 1e-5);
      // ReLU-like data: many exact zeros, the first element an outlier
      const v = randn([4, 2, 64, 64]).relu().dataSync().slice();
      v[0] = 40;
      const outlier = tensor(v, [4, 2, 64, 64]);
      expectNear(F.groupNorm(outlier, 1), reference(outlier, (n) => n).y, 1e-5);
    });

    test("backward: a constant upstream gradient gives dx ≈ 0; dweight = Σ g·x̂, dbias = Σ g", () => {
      const x = randn([4, 5, 6, 6], { requiresGrad: true });
      const w = nn.Parameter(randn([5])), b = nn.Parameter(randn([5]));
      F.groupNorm(x, 5, w, b).sum().backward();
      expect(Math.max(...Array.from(x.grad!.dataSync(), Math.abs))).toBeLessThan(1e-5);
      expectNear(b.grad!, [144, 144, 144, 144, 144], 1e-4);
      expectNear(w.grad!, [0, 0, 0, 0, 0], 1e-4);
    });
  });
}

describe("layer modules", () => {
  beforeAll(async () => {
    await init();
  });

  test("GroupNorm: per-channel parameters, options, repr; the extremes are layer and instance norm", () => {
    const gn = new nn.GroupNorm(2, 4);
    expect(gn.parameters().map((p) => p.shape)).toEqual([[4], [4]]);
    expect(Array.from(gn.weight!.dataSync())).toEqual([1, 1, 1, 1]);
    expect(new nn.GroupNorm(2, 4, { affine: false }).parameters()).toEqual([]);
    expect(gn.toString()).toBe("GroupNorm(2, 4, eps=0.00001, affine=true)");
    const x = randn([2, 4, 3, 3]);
    expectNear(new nn.GroupNorm(1, 4, { affine: false }).forward(x), F.layerNorm(x, [4, 3, 3]).dataSync(), 1e-6);
    expectNear(new nn.GroupNorm(4, 4, { affine: false }).forward(x), F.instanceNorm(x).dataSync(), 1e-6);
  });

  test("InstanceNorm: no parameters or buffers by default; tracked running statistics as PyTorch", () => {
    const plain = new nn.InstanceNorm1d(3);
    expect(plain.parameters()).toEqual([]);
    expect(Object.keys(plain.stateDict())).toEqual([]);
    expect(plain.toString()).toBe("InstanceNorm1d(3, eps=0.00001, momentum=0.1, affine=false, trackRunningStats=false)");
    // eval mode without running statistics still normalises each instance
    const x = tensor([[[1, 2, 3, 6], [10, 20, 30, 60]], [[0, 0, 4, 4], [1, 1, 1, 5]]]);
    expectNear(plain.eval().forward(x), reference(x, (n, c) => n * 2 + c).y, 1e-5);

    const tracked = new nn.InstanceNorm1d(2, { trackRunningStats: true, affine: true, momentum: 0.5 });
    expect(Object.keys(tracked.stateDict())).toEqual(["weight", "bias", "running_mean", "running_var", "num_batches_tracked"]);
    tracked.forward(x);
    // instance means 3, 30, 2, 2 and unbiased variances 14/3, 1400/3, 16/3, 4 → batch averages over N
    expectNear(tracked.runningMean!, [0.5 * 2.5, 0.5 * 16], 1e-5);
    expectNear(tracked.runningVar!, [0.5 + 0.5 * (14 / 3 + 16 / 3) / 2, 0.5 + 0.5 * (1400 / 3 + 4) / 2], 1e-4);
    expect(tracked.numBatchesTracked!.item()).toBe(0); // PyTorch's instance norm does not count batches
    // eval mode normalises with the running statistics
    const rm = tracked.runningMean!.dataSync(), rv = tracked.runningVar!.dataSync(), xv = x.dataSync();
    expectNear(tracked.eval().forward(x), Array.from(xv, (v, i) => { const c = Math.floor(i / 4) % 2; return (v - rm[c]) / Math.sqrt(rv[c] + 1e-5); }), 1e-5);
  });

  test("InstanceNorm accepts unbatched input and checks the channels it uses", () => {
    const x = randn([3, 4, 5]);
    const m = new nn.InstanceNorm2d(3, { affine: true });
    expectNear(m.forward(x), m.forward(x.reshape([1, 3, 4, 5])).reshape([3, 4, 5]).dataSync(), 0);
    expect(m.forward(x).shape).toEqual([3, 4, 5]);
    expect(() => m.forward(randn([2, 4, 4, 5]))).toThrow(/InstanceNorm2d: input has 4 channels \(dim 1\), the layer has numFeatures = 3/);
    // without affine or running statistics the channel count is not used (PyTorch 1.13 accepts it too)
    expect(new nn.InstanceNorm2d(3).forward(randn([2, 4, 4, 5])).shape).toEqual([2, 4, 4, 5]);
  });
});

describe("channel dropout", () => {
  beforeAll(async () => {
    await init();
  });

  test("Dropout2d zeroes whole feature maps and scales the rest; eval is the identity; seeded", () => {
    const x = ones([8, 64, 3, 3]);
    const d = new nn.Dropout2d(0.5, { generator: new Generator(11) });
    const y = d.forward(x).dataSync();
    let dropped = 0;
    for (let ch = 0; ch < 8 * 64; ch++) {
      const map = Array.from(y.subarray(9 * ch, 9 * ch + 9));
      expect(new Set(map).size, `channel ${ch} is not uniform`).toBe(1);
      expect([0, 2]).toContain(map[0]);
      if (map[0] === 0) dropped++;
    }
    expect(Math.abs(dropped - 256)).toBeLessThan(60); // Binomial(512, 0.5): sd ≈ 11
    expect(Array.from(new nn.Dropout2d(0.5, { generator: new Generator(11) }).forward(x).dataSync())).toEqual(Array.from(y));
    expect(Array.from(d.eval().forward(x).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(d.toString()).toBe("Dropout2d(p=0.5)");
    expect(Array.from(F.dropout2d(x, { p: 1 }).dataSync()).every((v) => v === 0)).toBe(true);
    expect(Array.from(F.dropout2d(x, { p: 0 }).dataSync())).toEqual(Array.from(x.dataSync()));
  });

  test("the gradient is the channel mask; Dropout1d and Dropout3d with and without a batch dimension", () => {
    const x = randn([2, 5, 4], { requiresGrad: true });
    const y = F.dropout1d(x, { p: 0.4, generator: new Generator(3) });
    y.sum().backward();
    const g = x.grad!.dataSync(), yv = y.dataSync(), xv = x.dataSync();
    for (let i = 0; i < g.length; i++) expect(g[i]).toBeCloseTo(yv[i] === 0 && xv[i] !== 0 ? 0 : 1 / 0.6, 5);
    for (const [m, shape] of [[new nn.Dropout1d(0.3), [5, 4]], [new nn.Dropout3d(0.3), [3, 2, 2, 2]], [new nn.Dropout3d(0.3), [2, 3, 2, 2, 2]]] as const) {
      const out = m.forward(ones([...shape])).dataSync();
      const per = shape.slice(shape.length === 2 || shape.length === 4 ? 1 : 2).reduce((a, b) => a * b, 1);
      for (let ch = 0; ch < out.length / per; ch++) expect(new Set(out.subarray(ch * per, (ch + 1) * per)).size).toBe(1);
    }
  });
});

test("training steps through every normalisation layer leave the arena flat", async () => {
  await init();
  const layers = [new nn.GroupNorm(2, 4), new nn.InstanceNorm2d(4, { affine: true, trackRunningStats: true }), new nn.BatchNorm2d(4), new nn.Dropout2d(0.3), new nn.LayerNorm([4, 3, 3])];
  const model = new nn.Sequential(...layers);
  const xb = randn([3, 4, 3, 3]);
  const step = () => scope(() => model.forward(xb).square().mean().backward());
  step();
  model.zeroGrad({ setToNone: false });
  const before = memoryStats();
  for (let i = 0; i < 4; i++) step();
  expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  expect(memoryStats().tensors).toBe(before.tensors);
  model.eval();
  scope(() => { model.forward(xb); });
  expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
});
