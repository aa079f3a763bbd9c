// Batch-1 inference latency of MLP 784-256-128-10 (same weights everywhere): simdgrad (noGrad + eval, in a scope),
// TF.js wasm and cpu (fused matMul + bias + relu in tf.tidy), ONNX Runtime Web (wasm backend in Node, 1 thread). Each
// call is timed on its own and includes reading the 10 outputs back into JS; p50 and p99 over all timed calls.
import { F, type Tensor, manualSeed, nn, noGrad, randn, scope } from "simdgrad";
import * as ort from "onnxruntime-web";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { type DenseLayer, mlpToOnnx } from "./onnx";
import { tf, useBackend } from "./tf";
import { median } from "./timing";

const SIZES = [784, 256, 128, 10];

export interface LatencyRow {
  name: string;
  /** Milliseconds per inference: median and 99th percentile of individually timed calls, and the mean. */
  p50: number;
  p99: number;
  mean: number;
  calls: number;
  /** The first output row, to check that every contender computes the same function. */
  output: Float32Array;
}

interface LatencyContender {
  name: string;
  prepare?: () => Promise<void> | void;
  /** One inference returning the outputs as a JS array (sync or async). */
  run: () => Float32Array | Promise<Float32Array>;
}

/** The simdgrad MLP (seeded), its layers' weights for the others, and one input row. */
function simdgradModel(): { infer: () => Float32Array; layers: DenseLayer[]; input: Float32Array; dispose: () => void } {
  manualSeed(0);
  const linears: nn.Linear[] = [];
  const mods: nn.Module[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    const l = new nn.Linear(SIZES[i], SIZES[i + 1]);
    linears.push(l);
    mods.push(l);
    if (i + 2 < SIZES.length) mods.push(new nn.ReLU());
  }
  const model = new nn.Sequential(...mods);
  model.eval();
  const x = randn([1, SIZES[0]]);
  const layers = linears.map((l) => ({
    weight: l.weight.dataSync() as Float32Array, bias: (l.bias as Tensor).dataSync() as Float32Array,
    inFeatures: l.inFeatures, outFeatures: l.outFeatures,
  }));
  const infer = () => noGrad(() => scope(() => model.forward(x).dataSync() as Float32Array));
  return { infer, layers, input: x.dataSync() as Float32Array, dispose: () => { model.dispose(); x.dispose(); } };
}

/** The same MLP in TF.js on `backend`: weights transposed once to [in, out], tf.fused.matMul with bias and relu. */
async function tfModel(backend: "wasm" | "cpu", layers: DenseLayer[], input: Float32Array): Promise<() => Float32Array> {
  await useBackend(backend);
  const ws = layers.map((l) => tf.tidy(() => tf.transpose(tf.tensor2d(l.weight, [l.outFeatures, l.inFeatures]))));
  const bs = layers.map((l) => tf.tensor1d(l.bias));
  const x = tf.tensor2d(input, [1, input.length]);
  return () => tf.tidy(() => {
    let h: tf.Tensor2D = x;
    for (let i = 0; i < ws.length; i++) {
      h = tf.fused.matMul({ a: h, b: ws[i] as tf.Tensor2D, bias: bs[i], activation: i + 1 < ws.length ? "relu" : "linear" }) as tf.Tensor2D;
    }
    return h.dataSync() as Float32Array;
  });
}

/** ONNX Runtime Web's installed version. */
export function ortVersion(): string {
  // its exports map hides package.json: resolve the entry (dist/…) and read the manifest beside dist/
  const entry = createRequire(import.meta.url).resolve("onnxruntime-web");
  const manifest = resolve(dirname(entry), "..", "package.json");
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/** The MLP as an ONNX model in ONNX Runtime Web's wasm backend, one thread, all graph optimizations. */
async function ortModel(layers: DenseLayer[], input: Float32Array): Promise<() => Promise<Float32Array>> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  ort.env.logLevel = "error";
  const session = await ort.InferenceSession.create(mlpToOnnx(layers, 1), { executionProviders: ["wasm"], graphOptimizationLevel: "all" });
  const feeds = { x: new ort.Tensor("float32", input, [1, input.length]) };
  return async () => (await session.run(feeds)).y.data as Float32Array;
}

/**
 * Times every contender round-robin: after warm-up, `rounds` rounds of `perRound` individually timed calls each, so
 * load from other processes spreads over all of them.
 */
async function timeCalls(contenders: LatencyContender[], rounds: number, perRound: number): Promise<LatencyRow[]> {
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  const outputs = new Map<string, Float32Array>();
  for (const c of contenders) {
    await c.prepare?.();
    const t0 = performance.now();
    for (let i = 0; i < 200 || performance.now() - t0 < 500; i++) outputs.set(c.name, Float32Array.from(await c.run()));
  }
  for (let r = 0; r < rounds; r++) {
    for (const c of contenders) {
      await c.prepare?.();
      const s = samples.get(c.name)!;
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        await c.run();
        s.push(performance.now() - t);
      }
    }
  }
  return contenders.map((c) => {
    const s = samples.get(c.name)!.sort((a, b) => a - b);
    return { name: c.name, p50: median(s), p99: s[Math.min(s.length - 1, Math.floor(s.length * 0.99))], mean: s.reduce((a, b) => a + b, 0) / s.length, calls: s.length, output: outputs.get(c.name)! };
  });
}

/** The seeded benchmark MLP as ONNX bytes (for the cold-start children). */
export function onnxMlp(): Uint8Array {
  const m = simdgradModel();
  m.dispose();
  return mlpToOnnx(m.layers, 1);
}

/** Runs the latency comparison; every contender's output must match simdgrad's (relative 1e-4). */
export async function benchLatency(rounds = 20, perRound = 500): Promise<LatencyRow[]> {
  const ours = simdgradModel();
  const wasm = await tfModel("wasm", ours.layers, ours.input);
  const cpu = await tfModel("cpu", ours.layers, ours.input);
  const onnx = await ortModel(ours.layers, ours.input);
  // simdgrad's sync call is awaited like the others: the same await overhead on every contender
  const rows = await timeCalls([
    { name: "simdgrad", run: ours.infer },
    { name: "TF.js wasm", prepare: () => useBackend("wasm"), run: wasm },
    { name: "TF.js cpu", prepare: () => useBackend("cpu"), run: cpu },
    { name: "ONNX Runtime Web (wasm)", run: onnx },
  ], rounds, perRound);
  ours.dispose();
  const ref = rows[0].output;
  for (const r of rows) {
    const scale = Math.max(...ref.map(Math.abs));
    const err = Math.max(...r.output.map((v, i) => Math.abs(v - ref[i])));
    if (!(err <= 1e-4 * scale)) throw new Error(`latency: ${r.name} computes another function (max |Δ| ${err} vs simdgrad)`);
  }
  return rows;
}

/** The rows as a markdown table, in µs, with each contender's p50 over simdgrad's. */
export function latencyTable(rows: LatencyRow[]): string {
  const us = (ms: number) => (ms * 1000).toFixed(1);
  const base = rows[0].p50;
  return [
    "| batch-1 MLP 784-256-128-10 inference | p50 µs | p99 µs | mean µs | calls | p50 ÷ simdgrad's |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows.map((r) => `| ${r.name} | ${us(r.p50)} | ${us(r.p99)} | ${us(r.mean)} | ${r.calls} | ${(r.p50 / base).toFixed(2)}× |`),
  ].join("\n");
}

/**
 * Per-op dispatch overhead: µs per call of ops on one-element tensors (the kernels' work is nil), ten calls per
 * scope(); without grad (inference) and with the graph recorded (an input requires grad). The median of 9 batches.
 */
export function benchOpOverhead(): { name: string; us: number }[] {
  const a = randn([1]), b = randn([1]), w = randn([1, 1]), g = randn([1], { requiresGrad: true });
  const cases: [string, () => unknown][] = [
    ["relu(x), no grad", () => noGrad(() => scope(() => { for (let i = 0; i < 10; i++) F.relu(a); }))],
    ["a.add(b), no grad", () => noGrad(() => scope(() => { for (let i = 0; i < 10; i++) a.add(b); }))],
    ["linear(x, w), no grad", () => noGrad(() => scope(() => { for (let i = 0; i < 10; i++) F.linear(a, w); }))],
    ["a.mul(b), recording the graph", () => scope(() => { for (let i = 0; i < 10; i++) g.mul(b); })],
  ];
  const rows = cases.map(([name, run]) => {
    for (let i = 0; i < 20000; i++) run();
    const reps: number[] = [];
    for (let r = 0; r < 9; r++) {
      const t = performance.now();
      for (let i = 0; i < 5000; i++) run();
      reps.push((performance.now() - t) / 50000 * 1000);
    }
    return { name, us: median(reps) };
  });
  for (const t of [a, b, w, g]) t.dispose();
  return rows;
}

/** The per-op rows as a markdown table. */
export function opOverheadTable(rows: { name: string; us: number }[]): string {
  return ["| per-op overhead (one-element tensors, 10 ops per scope) | µs per op |", "|---|--:|", ...rows.map((r) => `| ${r.name} | ${r.us.toFixed(2)} |`)].join("\n");
}
