// Optimizer-update benchmark: one Adam and one SGD-momentum step over a 1M-parameter model (three tensors), simdgrad
// (one fused kernel per tensor) against TF.js wasm and cpu (tf.train.adam / tf.train.momentum applyGradients), in
// parameters per second. Gradients are fixed tensors: only the update is timed.
import { type Tensor, manualSeed, optim, randn } from "simdgrad";
import { tf, useBackend, type TfBackend } from "./tf";
import { timeRoundRobin, type TimingOptions } from "./timing";
import type { Row } from "./matmul";

/** An MLP's 784 → 1000 → 215 layers without the last bias: 784000 + 1000 + 215000 = 1,000,000 parameters. */
const SHAPES = [[1000, 784], [1000], [215, 1000]];
const COUNT = SHAPES.reduce((s, sh) => s + sh.reduce((a, b) => a * b, 1), 0);

interface Case { name: string; ours: (p: Tensor[]) => optim.Optimizer; theirs: () => tf.Optimizer }
const CASES: Case[] = [
  { name: "Adam", ours: (p) => new optim.Adam(p, { lr: 1e-3 }), theirs: () => tf.train.adam(1e-3, 0.9, 0.999, 1e-8) },
  { name: "SGD momentum 0.9", ours: (p) => new optim.SGD(p, { lr: 1e-3, momentum: 0.9 }), theirs: () => tf.train.momentum(1e-3, 0.9) },
];

/** TF.js variables and fixed gradients of the same shapes on `backend`; the step applies the gradients once. */
async function tfStep(backend: TfBackend, c: Case, tag: string): Promise<{ run: () => void; dispose: () => void }> {
  await useBackend(backend);
  const vars = SHAPES.map((s, i) => tf.variable(tf.randomNormal(s), true, `bench_optim_${tag}_${backend}_${i}`));
  const grads = SHAPES.map((s) => tf.randomNormal(s));
  const named = vars.map((v, i) => ({ name: v.name, tensor: grads[i] }));
  const opt = c.theirs();
  return {
    run: () => tf.tidy(() => opt.applyGradients(named)),
    dispose: () => {
      opt.dispose();
      tf.dispose([...vars, ...grads]);
    },
  };
}

export async function benchOptim(opts: TimingOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const [i, c] of CASES.entries()) {
    manualSeed(0);
    const params = SHAPES.map((s) => randn(s, { requiresGrad: true }));
    for (const p of params) p.grad = randn(p.shape);
    const ours = c.ours(params);
    const wasm = await tfStep("wasm", c, String(i)), cpu = await tfStep("cpu", c, String(i));
    const timings = await timeRoundRobin([
      { name: "simdgrad", run: () => ours.step() },
      { name: "tfjs-wasm", prepare: () => useBackend("wasm"), run: wasm.run },
      { name: "tfjs-cpu", prepare: () => useBackend("cpu"), run: cpu.run },
    ], opts);
    rows.push({
      name: `${c.name} update, ${(COUNT / 1e6).toFixed(0)}M parameters in ${SHAPES.length} tensors`,
      unit: "M params/s",
      values: Object.fromEntries([...timings].map(([k, t]) => [k, COUNT / t.median / 1e3])),
      timings: Object.fromEntries(timings),
    });
    ours.dispose();
    for (const p of params) p.dispose();
    wasm.dispose();
    cpu.dispose();
  }
  return rows;
}
