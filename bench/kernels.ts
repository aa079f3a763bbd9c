// Kernel variants head to head (scalar vs simd, and relaxed where the runtime has it): Gelem/s and GB/s at n = 4096 and 1M.
// Run: node scripts/run-ts.mjs bench/kernels.ts  (Deno, for relaxed SIMD: run the bundle it writes, .cache/kernels.mjs).
// Each timing is a batch of calls lasting ~25 ms; the variants are timed back to back in each of 9 rounds, and the table
// gives the median rate and the median of the per-round speedups (robust to load that drifts: the machine is shared).
// Uses the backend directly: this measures kernels, not the public API.
import { init } from "simdgrad";
import { currentRuntime } from "../src/backend/runtime";
import { kernelVariants } from "../src/backend/kernels";
import { supportedIsas } from "../src/backend/features";
import { withScalarReference } from "../test/helpers/scalar-reference";

const SIZES = [4096, 1 << 20];
const ROUNDS = 9;

/** A benchmark: `bytes` moved per call (reads + writes, for GB/s) and the call on fresh buffers. */
interface Bench { family: string; bytes: (n: number) => number; call: (f: Function, n: number, buf: (i: number) => number) => () => void }
const B: Bench[] = [
  { family: "f32_fill", bytes: (n) => 4 * n, call: (f, n, b) => () => f(n, b(0), 1.5) },
  { family: "x32_copy_strided", bytes: (n) => 8 * n, call: (f, n, b) => () => f(b(3), b(0), b(1)) }, // desc at b(3): contiguous [n]
  { family: "f32_add", bytes: (n) => 12 * n, call: (f, n, b) => () => f(n, b(0), b(1), b(2)) },
  { family: "f32_mulc", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), 0.5, b(2)) },
  { family: "f32_relu", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), b(2)) },
  { family: "f32_exp", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), b(2)) },
  { family: "f32_sigmoid", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), b(2)) },
  { family: "f32_tanh", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), b(2)) },
  { family: "f32_gelu", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n, b(0), b(2)) },
  { family: "f32_gelu_bwd", bytes: (n) => 12 * n, call: (f, n, b) => () => f(n, b(0), b(1), b(2)) },
  { family: "f32_sum_axis", bytes: (n) => 4 * n, call: (f, n, b) => () => f(n / 256, 256, 1, b(0), b(2)) }, // rows of 256
  { family: "f32_max_axis", bytes: (n) => 4 * n, call: (f, n, b) => () => f(n / 256, 256, 1, b(0), b(2), b(1)) },
  { family: "f32_softmax", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n / 1024, 1024, b(0), b(2)) }, // rows of 1024
  { family: "f32_log_softmax", bytes: (n) => 8 * n, call: (f, n, b) => () => f(n / 1024, 1024, b(0), b(2)) },
  { family: "f32_adam", bytes: (n) => 28 * n, call: (f, n, b) => () => f(n, b(2), b(0), b(4), b(5), 0, 0.9, 0.999, 0.1, 1e-3, 1e-8, 0, 1, 1e-3, 0.03, 0) },
];

const median = (a: number[]) => [...a].sort((x, y) => x - y)[a.length >> 1];

async function main(): Promise<void> {
  const isas = supportedIsas();
  const best = isas[0];
  await init({ isa: best });
  const rt = currentRuntime()!;
  // the scalar column is the scalar build's kernel, loaded beside this build (which ships only the variants it binds)
  const families = kernelVariants(await withScalarReference(rt));
  const maxN = Math.max(...SIZES);
  const bufs = [0, 1, 2, 3, 4, 5].map(() => rt.arena.alloc(4 * maxN + 64));
  const f32 = rt.f32(), i32 = rt.i32();
  for (const p of bufs) for (let i = 0; i < maxN; i++) f32[(p >> 2) + i] = Math.random() * 4 - 2;
  for (const p of [bufs[5]]) for (let i = 0; i < maxN; i++) f32[(p >> 2) + i] = Math.random(); // Adam's v >= 0

  const runtimeName = typeof (globalThis as { Deno?: unknown }).Deno !== "undefined" ? "Deno" : `Node ${process.versions.node}`;
  console.log(`simdgrad kernel variants, ${best} build, ${runtimeName}; medians of ${ROUNDS} round-robin rounds of ~25 ms batches`);
  console.log("| kernel | n | variant | Gelem/s | GB/s | speedup vs scalar |");
  console.log("|---|---:|---|---:|---:|---:|");
  for (const bench of B) {
    const variants = families.get(bench.family);
    if (!variants) throw new Error(`no kernel family ${bench.family}`);
    for (const n of SIZES) {
      i32.set([1, n, 1, 1], bufs[3] >> 2); // strided-copy descriptor: contiguous [n]
      const names = Object.keys(variants).sort((a, b) => ["scalar", "simd", "relaxed"].indexOf(a) - ["scalar", "simd", "relaxed"].indexOf(b));
      const calls = names.map((v) => bench.call(variants[v], n, (i) => bufs[i]));
      // calibrate the batch size on the slowest variant (scalar), so each timed batch lasts ~25 ms
      calls[0]();
      let reps = 1;
      for (let t = 0; t < 25; reps *= 2) {
        const t0 = performance.now();
        for (let k = 0; k < reps; k++) calls[0]();
        t = performance.now() - t0;
      }
      reps = Math.max(1, reps >> 1);
      const times = names.map(() => [] as number[]);
      for (const c of calls) for (let k = 0; k < reps; k++) c(); // warm-up (tier-up)
      for (let round = 0; round < ROUNDS; round++) {
        calls.forEach((c, v) => {
          const t0 = performance.now();
          for (let k = 0; k < reps; k++) c();
          times[v].push((performance.now() - t0) / reps);
        });
      }
      names.forEach((v, i) => {
        const ms = median(times[i]), speedup = median(times[i].map((t, r) => times[0][r] / t));
        console.log(`| ${bench.family} | ${n} | ${v} | ${(n / ms / 1e6).toFixed(2)} | ${(bench.bytes(n) / ms / 1e6).toFixed(1)} | ${speedup.toFixed(2)}× |`);
      });
    }
  }
}

await main();
