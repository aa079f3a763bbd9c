// Thread benchmark (`npm run bench -- threads`): matmul GFLOP/s N = 64…2048 and training steps (LeNet-5 batch 32 Adam,
// the 784-256-128-10 MLP batch 64 Adam) with 1 and with 2 threads, round-robin in one process (one pool; the kernel
// table switches between repetitions, untimed); speed-ups are medians of per-round ratios.
import { init, randn, scope } from "simdgrad";
import { runtime } from "../src/backend/runtime";
import { lenetTrainer, mlpTrainer } from "./steps";
import { speedup, timeRoundRobin, type Timing, type TimingOptions } from "./timing";

export interface ThreadRow {
  name: string;
  unit: string;
  /** Higher is better: per thread count ("1", "2"). */
  values: Record<string, number>;
  timings: Record<string, Timing>;
  /** Share of the jobs posted to the worker that the worker ran (the caller runs those not yet taken when it is done). */
  workerShare: number;
}

const THREADS = [1, 2];

/**
 * One timed comparison of `run` (per call: `work` units of `unit`) on 1 and 2 threads. One pool of 2 threads serves
 * the whole run, started by benchThreads; a 1-thread repetition runs on the calling thread's kernels (runtime().single,
 * what init({ threads: 1 }) binds) while the worker sleeps. (Restarting the pool between repetitions measured cold
 * workers: a new worker's JS runs interpreted for its first jobs.)
 */
export async function compare(name: string, unit: string, work: number, run: () => void, opts: TimingOptions): Promise<ThreadRow> {
  const r = runtime(), parallel = r.k, before = r.poolCounts();
  const timings = await timeRoundRobin(THREADS.map((t) => ({
    name: String(t),
    prepare: () => { r.k = t === 1 ? r.single : parallel; },
    run,
  })), opts);
  r.k = parallel;
  const after = r.poolCounts(), posted = after.posted - before.posted, reclaimed = after.reclaimed - before.reclaimed;
  return {
    name, unit, workerShare: posted ? 1 - reclaimed / posted : 0,
    values: Object.fromEntries([...timings].map(([k, t]) => [k, work / t.median])),
    timings: Object.fromEntries(timings),
  };
}

export async function benchThreads(opts: TimingOptions = {}): Promise<ThreadRow[]> {
  const got = (await init({ threads: 2 })).threads;
  if (got !== 2) throw new Error(`bench: init({ threads: 2 }) gave ${got} threads here`);
  const rows: ThreadRow[] = [];
  for (const n of [64, 128, 256, 512, 1024, 2048]) {
    const a = randn([n, n]), b = randn([n, n]);
    const big = n >= 1024 ? { reps: 7, batchMs: 400, warmupMs: 0 } : {};
    rows.push(await compare(`matmul ${n}×${n}`, "GFLOP/s", 2 * n ** 3 / 1e6, () => scope(() => { a.matmul(b); }), { ...big, ...opts }));
    a.dispose();
    b.dispose();
  }
  for (const [name, make, batch] of [["LeNet-5 train step, batch 32, Adam", () => lenetTrainer(32), 32], ["MLP 784-256-128-10 train step, batch 64, Adam", () => mlpTrainer(64), 64]] as const) {
    const t = make();
    rows.push(await compare(name, "images/s", batch * 1000, t.step, { batchMs: 300, ...opts }));
    t.dispose();
  }
  return rows;
}

const fmt = (v: number) => (v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/** Markdown: 1 and 2 threads side by side, the speed-up, and each contender's slowest – fastest repetition. */
export function threadsTable(rows: ThreadRow[]): string {
  const lines = ["| benchmark | unit | 1 thread | 2 threads | 2 ÷ 1 | 1 thread (slowest – fastest) | 2 threads (slowest – fastest) | jobs run by the worker |", "|---|---|--:|--:|--:|--:|--:|--:|"];
  for (const r of rows) {
    const range = (k: string) => {
      const t = r.timings[k], scale = r.values[k] * t.median;
      return `${fmt(scale / t.max)} – ${fmt(scale / t.min)} (${t.reps}×${t.callsPerRep})`;
    };
    lines.push(`| ${r.name} | ${r.unit} | ${fmt(r.values["1"])} | ${fmt(r.values["2"])} | ${speedup(r.timings["2"], r.timings["1"]).toFixed(2)}× | ${range("1")} | ${range("2")} | ${(r.workerShare * 100).toFixed(0)}% |`);
  }
  return lines.join("\n");
}
