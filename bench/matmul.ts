// Matrix-product benchmark: simdgrad's matmul against TF.js wasm (SIMD, 1 thread) and cpu, in GFLOP/s.
import { randn, scope, type Tensor } from "simdgrad";
import { tf, useBackend, type TfBackend } from "./tf";
import { timeRoundRobin, type Timing, type TimingOptions } from "./timing";

export interface Row {
  name: string;
  unit: string;
  /** Higher is better, per contender: simdgrad, TF.js wasm, TF.js cpu. */
  values: Record<string, number>;
  timings: Record<string, Timing>;
}

interface Case { n: number; transA: boolean; transB: boolean }

const CASES: Case[] = [
  ...[64, 128, 256, 512, 1024].map((n) => ({ n, transA: false, transB: false })),
  { n: 512, transA: false, transB: true },
  { n: 512, transA: true, transB: false },
];

const label = (c: Case) => `matmul ${c.n}×${c.n} ${c.transA ? "Aᵀ" : "A"}·${c.transB ? "Bᵀ" : "B"}`;

/** C = op(A)·op(B) for square N×N operands; transposes are views (simdgrad) or matMul flags (TF.js), never copies. */
export async function benchMatmul(opts: TimingOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const c of CASES) {
    const flops = 2 * c.n ** 3;
    const a = randn([c.n, c.n]), b = randn([c.n, c.n]);
    const at = c.transA ? a.transpose(0, 1) : a, bt = c.transB ? b.transpose(0, 1) : b;
    const tfInputs = new Map<TfBackend, [tf.Tensor, tf.Tensor]>();
    for (const backend of ["wasm", "cpu"] as const) {
      await useBackend(backend);
      tfInputs.set(backend, [tf.randomNormal([c.n, c.n]), tf.randomNormal([c.n, c.n])]);
    }
    const tfContender = (backend: TfBackend) => ({
      name: `tfjs-${backend}`,
      prepare: () => useBackend(backend),
      run: () => {
        const [x, y] = tfInputs.get(backend)!;
        tf.matMul(x, y, c.transA, c.transB).dispose();
      },
    });
    const timings = await timeRoundRobin([
      { name: "simdgrad", run: () => scope(() => { at.matmul(bt); }) },
      tfContender("wasm"),
      tfContender("cpu"),
    ], opts);
    rows.push({
      name: label(c),
      unit: "GFLOP/s",
      values: Object.fromEntries([...timings].map(([k, t]) => [k, flops / t.median / 1e6])),
      timings: Object.fromEntries(timings),
    });
    for (const t of [at, bt, a, b] as Tensor[]) t.dispose();
    for (const pair of tfInputs.values()) tf.dispose(pair);
  }
  return rows;
}
