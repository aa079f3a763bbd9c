// Matmul per instruction set (`npm run bench -- isas`): each build simdgrad can run here (relaxed, simd, scalar) on
// 1 thread, N = 64…2048, against TF.js wasm (SIMD, 1 thread) in the same round-robin; ratios are medians of
// per-round ratios. The main table runs the default build; this one shows what each build reaches.
import { init, randn, scope, supportedIsas, type Isa } from "simdgrad";
import { tf, useBackend } from "./tf";
import { median, speedup, timeRoundRobin, type TimingOptions } from "./timing";

const SIZES = [64, 128, 256, 512, 1024, 2048];
/** The scalar build is timed up to this size (at ~10 GFLOP/s a 2048³ product takes a second per call). */
const SCALAR_MAX = 512;

export interface IsaRow {
  n: number;
  /** GFLOP/s per build (absent: not run), TF.js wasm's over every round, and each build's ratio to TF.js wasm. */
  gflops: Partial<Record<Isa, number>>;
  tfWasm: number;
  ratio: Partial<Record<Isa, number>>;
}

/** Runs every size for every build; leaves simdgrad initialised with `restore` (the build the other groups use). */
export async function benchIsas(restore: Isa, opts: TimingOptions = {}): Promise<IsaRow[]> {
  const isas = supportedIsas();
  const rows: IsaRow[] = SIZES.map((n) => ({ n, gflops: {}, tfWasm: 0, ratio: {} }));
  const tfSamples = new Map<number, number[]>(SIZES.map((n) => [n, []]));
  for (const isa of isas) {
    await init({ isa, threads: 1 }); // a new runtime: every tensor of the previous build is gone
    for (const row of rows) {
      if (isa === "scalar" && row.n > SCALAR_MAX) continue;
      const flops = 2 * row.n ** 3;
      const a = randn([row.n, row.n]), b = randn([row.n, row.n]);
      await useBackend("wasm");
      const x = tf.randomNormal([row.n, row.n]), y = tf.randomNormal([row.n, row.n]);
      const t = await timeRoundRobin([
        { name: "simdgrad", run: () => scope(() => { a.matmul(b); }) },
        { name: "tfjs-wasm", prepare: () => useBackend("wasm"), run: () => tf.matMul(x, y).dispose() },
      ], opts);
      row.gflops[isa] = flops / t.get("simdgrad")!.median / 1e6;
      row.ratio[isa] = speedup(t.get("simdgrad")!, t.get("tfjs-wasm")!);
      tfSamples.get(row.n)!.push(...t.get("tfjs-wasm")!.samples);
      row.tfWasm = flops / median(tfSamples.get(row.n)!) / 1e6;
      a.dispose();
      b.dispose();
      tf.dispose([x, y]);
    }
  }
  await init({ isa: restore, threads: 1 });
  return rows;
}

/** The rows as a markdown table. */
export function isasTable(rows: IsaRow[]): string {
  const isas = supportedIsas();
  const fmt = (v: number | undefined, unit = "") => (v === undefined ? "n/a" : `${v.toFixed(v >= 100 ? 0 : v >= 10 ? 1 : 2)}${unit}`);
  return [
    `| matmul N×N A·B, 1 thread | ${isas.map((i) => `${i} GFLOP/s`).join(" | ")} | TF.js wasm GFLOP/s | ${isas.map((i) => `${i} ÷ wasm`).join(" | ")} |`,
    `|---|${isas.map(() => "--:|").join("")}--:|${isas.map(() => "--:|").join("")}`,
    ...rows.map((r) => `| ${r.n} | ${isas.map((i) => fmt(r.gflops[i])).join(" | ")} | ${fmt(r.tfWasm)} | ${isas.map((i) => fmt(r.ratio[i], "×")).join(" | ")} |`),
  ].join("\n");
}
