// PyTorch golden cases for layers: layer/batch norm and embedding (functions and modules), initialiser and dropout specs.
import { F, type Tensor, manualSeed, nn, zeros } from "simdgrad";
import { expect } from "vitest";
import { type GoldenCase, type GoldenFile, goldenOp, goldenEach } from "../helpers/golden";
import batchNormJ from "./batch_norm.json";
import dropoutJ from "./dropout.json";
import embeddingJ from "./embedding.json";
import initJ from "./init.json";
import layerNormJ from "./layer_norm.json";

const g = (j: unknown) => j as GoldenFile;
/** The same file under another name, for a second line over the same cases (modules instead of functions). */
const as = (j: unknown, name: string) => ({ ...g(j), file: name });

goldenOp(g(layerNormJ), ({ x, weight, bias }, p) => F.layerNorm(x, p.normalized_shape, weight ?? null, bias ?? null, { eps: p.eps }));
goldenOp(as(layerNormJ, "layer_norm (nn.LayerNorm)"), ({ x, weight, bias }, p) => {
  const m = new nn.LayerNorm(p.normalized_shape, { eps: p.eps, elementwiseAffine: weight !== undefined });
  if (weight) m.weight = nn.Parameter(weight);
  if (bias) m.bias = nn.Parameter(bias);
  return m.forward(x);
});

goldenOp(g(batchNormJ), ({ x, weight, bias, running_mean, running_var }, p) => {
  const out = F.batchNorm(x, running_mean, running_var, weight ?? null, bias ?? null, { training: p.training, momentum: p.momentum, eps: p.eps });
  return p.training ? { out, running_mean, running_var } : out;
});
// the modules: BatchNorm1d for [N, C] and [N, C, L], BatchNorm2d for images; mode from train()/eval()
goldenOp(as(batchNormJ, "batch_norm (nn.BatchNormNd)"), ({ x, weight, bias, running_mean, running_var }, p) => {
  const Layer = x.ndim === 4 ? nn.BatchNorm2d : nn.BatchNorm1d;
  const m = new Layer(x.shape[1], { eps: p.eps, momentum: p.momentum, affine: weight !== undefined }).train(p.training);
  if (weight) m.weight = nn.Parameter(weight);
  if (bias) m.bias = nn.Parameter(bias);
  m.loadStateDict({ running_mean, running_var }, { strict: false });
  const out = m.forward(x);
  if (p.training) expect(m.numBatchesTracked!.item()).toBe(1);
  return p.training ? { out, running_mean: m.runningMean!, running_var: m.runningVar! } : out;
});

goldenOp(g(embeddingJ), ({ indices, weight }, p) => F.embedding(indices, weight, { paddingIdx: p.padding_idx }));
goldenOp(as(embeddingJ, "embedding (nn.Embedding)"), ({ indices, weight }, p) => {
  const m = new nn.Embedding(weight.shape[0], weight.shape[1], { paddingIdx: p.padding_idx });
  m.weight = nn.Parameter(weight);
  return m.forward(indices);
});

// ---- spec cases: statistical recipes over large samples -------------------------------------------------------

const camel = (s: string) => s.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

interface Stats { n: number; mean: number; std: number; min: number; max: number }
function stats(t: Tensor | Float32Array | Int32Array): Stats {
  const v = t instanceof Float32Array || t instanceof Int32Array ? t : t.dataSync();
  let s = 0, min = Infinity, max = -Infinity;
  for (const x of v) { s += x; min = Math.min(min, x); max = Math.max(max, x); }
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { n: v.length, mean, std: Math.sqrt(ss / (v.length - 1)), min, max };
}

/** The init recipe: |v| ≤ bound (uniform), |std/expected − 1| ≤ stdRelTol, |mean| ≤ 5·std/√n. */
function expectDistribution(what: string, s: Stats, want: { std: number; bound?: number; stdRelTol: number }): void {
  if (want.bound !== undefined) expect(Math.max(-s.min, s.max), `${what}: max |v|`).toBeLessThanOrEqual(want.bound);
  expect(Math.abs(s.std / want.std - 1), `${what}: std ${s.std} vs ${want.std}`).toBeLessThanOrEqual(want.stdRelTol);
  expect(Math.abs(s.mean), `${what}: mean`).toBeLessThanOrEqual((5 * want.std) / Math.sqrt(s.n));
}

const INIT: Record<string, (t: Tensor, p: Record<string, any>) => Tensor> = {
  xavier_uniform: (t, p) => nn.init.xavierUniform(t, { gain: p.gain }),
  xavier_normal: (t, p) => nn.init.xavierNormal(t, { gain: p.gain }),
  kaiming_uniform: (t, p) => nn.init.kaimingUniform(t, { a: p.a, mode: camel(p.mode) as "fanIn", nonlinearity: camel(p.nonlinearity) as "relu" }),
  kaiming_normal: (t, p) => nn.init.kaimingNormal(t, { a: p.a, mode: camel(p.mode) as "fanIn", nonlinearity: camel(p.nonlinearity) as "relu" }),
};

function checkInit(c: GoldenCase): void {
  const e = c.expected as Record<string, any>, tol = (c.test as Record<string, any>).std_rel_tol as number;
  manualSeed(1234);
  if (c.op in INIT) {
    const t = INIT[c.op](zeros(c.params.shape), c.params);
    expectDistribution(c.op, stats(t), { std: e.std, bound: e.bound, stdRelTol: tol });
  } else if (c.op === "default_Linear") {
    const k = c.params.kwargs;
    const m = new nn.Linear(k.in_features, k.out_features);
    expect(m.weight.shape).toEqual(e.weight_shape);
    expectDistribution("Linear.weight", stats(m.weight), { std: e.weight_std, bound: e.weight_bound, stdRelTol: tol });
    expect(Math.max(...m.bias!.dataSync().map(Math.abs))).toBeLessThanOrEqual(e.bias_bound);
  } else if (/^default_Conv/.test(c.op)) {
    // "construct the layer; all |w| <= weight_bound, all |b| <= bias_bound; |std(w)/weight_std - 1| <= std_rel_tol"
    const k = c.params.kwargs;
    const Layer = nn[c.params.module as "Conv1d" | "Conv2d" | "Conv3d" | "ConvTranspose1d" | "ConvTranspose2d" | "ConvTranspose3d"];
    const m = new Layer(k.in_channels, k.out_channels, k.kernel_size, { groups: k.groups ?? 1 });
    expect(m.weight.shape).toEqual(e.weight_shape);
    expectDistribution(`${c.params.module}.weight`, stats(m.weight), { std: e.weight_std, bound: e.weight_bound, stdRelTol: tol });
    expect(Math.max(...m.bias!.dataSync().map(Math.abs))).toBeLessThanOrEqual(e.bias_bound);
  } else if (c.op === "default_Embedding") {
    // "mean/std statistical check": 5-sigma bounds for N(0, 1) over 64,000 samples; the padding row is exactly 0
    const m = new nn.Embedding(1001, 64, { paddingIdx: 1000 });
    const w = m.weight.dataSync();
    const n = 1000 * 64;
    expectDistribution("Embedding.weight", stats(w.subarray(0, n)), { std: e.std, stdRelTol: 5 / Math.sqrt(2 * n) });
    expect(Array.from(w.subarray(n))).toEqual(new Array(64).fill(0));
  } else if (c.op === "default_BatchNorm") {
    for (const m of [new nn.BatchNorm1d(7), new nn.BatchNorm2d(7), new nn.LayerNorm([7])]) {
      expect(Array.from(m.weight!.dataSync())).toEqual(new Array(7).fill(e.weight));
      expect(Array.from(m.bias!.dataSync())).toEqual(new Array(7).fill(e.bias));
      if (m instanceof nn.LayerNorm) continue;
      expect(Array.from(m.runningMean!.dataSync())).toEqual(new Array(7).fill(e.running_mean));
      expect(Array.from(m.runningVar!.dataSync())).toEqual(new Array(7).fill(e.running_var));
      expect(m.numBatchesTracked!.item()).toBe(0);
    }
  } else if (c.op === "default_LSTM_GRU") {
    // all |v| ≤ 1/√hidden for every weight and bias of every recurrent module, spread like U(±bound) (std bound/√3,
    // 5-sigma: the sample std of n uniforms has relative sd √(0.2/n))
    const H = c.params.hidden_size;
    const modules = [new nn.LSTM(10, H, { numLayers: 2, bidirectional: true }), new nn.GRU(10, H, { numLayers: 2 }), new nn.RNN(10, H),
      new nn.LSTMCell(10, H), new nn.GRUCell(10, H), new nn.RNNCell(10, H, { nonlinearity: "relu" })];
    for (const m of modules) {
      const ps = m.parameters();
      const all = new Float32Array(ps.reduce((n, p) => n + p.size, 0));
      ps.reduce((at, p) => (all.set(p.dataSync(), at), at + p.size), 0);
      expectDistribution(m.constructor.name, stats(all), { std: e.bound / Math.sqrt(3), bound: e.bound, stdRelTol: 5 * Math.sqrt(0.2 / all.length) });
      m.dispose();
    }
  } else throw new Error(`no check for ${c.op}`);
}

goldenEach(g(initJ), checkInit);

goldenEach(g(dropoutJ), (c) => {
  const { p } = c.params, e = c.expected as Record<string, any>, t = c.test as Record<string, any>;
  manualSeed(99);
  const x = zeros([t.n]).add(1).detach();
  x.requiresGrad = true;
  const y = F.dropout(x, { p, training: true });
  const v = y.dataSync();
  const zero = v.filter((a) => a === 0).length;
  expect(Math.abs(zero / t.n - p), "zero fraction").toBeLessThanOrEqual(t.zero_fraction_tol);
  const kept = v.filter((a) => a !== 0);
  const scale = 1 / (1 - p);
  expect(kept.every((a) => Math.abs(a - scale) <= 1e-6 * scale), "kept values are 1/(1-p)").toBe(true);
  expect(Math.abs(stats(v).mean - e.output_mean_over_input_mean), "mean").toBeLessThanOrEqual(t.mean_tol);
  // backward uses the same mask: for x = 1, dx = y
  y.backward(zeros([t.n]).add(1));
  expect(Array.from(x.grad!.dataSync())).toEqual(Array.from(v));
  // eval mode: identity
  expect(Array.from(F.dropout(x, { p, training: false }).dataSync())).toEqual(Array.from(x.dataSync()));
  expect(Array.from(new nn.Dropout(p).eval().forward(x).dataSync())).toEqual(Array.from(x.dataSync()));
});
