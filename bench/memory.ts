// Steady-state memory: memoryStats() and the JS heap (after a forced GC) of the benchmark MLP training loop after 10
// steps and after 10,000 more (batch 64, Adam, each step in scope()).
import { type MemoryStats, manualSeed, memoryStats } from "simdgrad";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { mlpTrainer } from "./steps";

/** global.gc without --expose-gc: the flag set at run time, gc taken from a fresh context (a standard V8 recipe). */
function forcedGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  setFlagsFromString("--expose-gc");
  return runInNewContext("gc") as () => void;
}

export interface SteadyState {
  warm: MemoryStats;
  after: MemoryStats;
  /** JS heap in use (bytes) after two full GCs, at the same two points. */
  heapWarm: number;
  heapAfter: number;
  steps: number;
  /** Wall time of the measured steps, ms. */
  ms: number;
}

/** Trains MLP 784-256-128-10 (batch 64, Adam) and returns the counters after warm-up and after `steps` more steps. */
export function benchMemory(steps = 10_000): SteadyState {
  const gc = forcedGc();
  const heap = () => { gc(); gc(); return process.memoryUsage().heapUsed; };
  manualSeed(1);
  const { step, dispose } = mlpTrainer(64);
  for (let i = 0; i < 10; i++) step();
  const warm = memoryStats();
  const heapWarm = heap();
  const t = performance.now();
  for (let i = 0; i < steps; i++) step();
  const ms = performance.now() - t;
  const after = memoryStats();
  const heapAfter = heap();
  dispose();
  return { warm, after, heapWarm, heapAfter, steps, ms };
}

/** The two snapshots as a markdown table. */
export function memoryTable({ warm, after, heapWarm, heapAfter, steps, ms }: SteadyState): string {
  const keys = ["bytesInUse", "peakBytes", "blocks", "tensors", "memoryBytes", "fragmentation", "leaked"] as const;
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
  const mib = (b: number) => (b / 2 ** 20).toFixed(2) + " MiB";
  const drift = heapAfter - heapWarm;
  return [
    `| MLP 784-256-128-10 training, batch 64, Adam | after 10 steps | after ${10 + steps} steps |`,
    "|---|--:|--:|",
    ...keys.map((k) => `| memoryStats().${k} | ${fmt(warm[k])} | ${fmt(after[k])} |`),
    `| JS heapUsed after forced GC | ${mib(heapWarm)} | ${mib(heapAfter)} (${drift >= 0 ? "+" : "−"}${(Math.abs(drift) / 1024).toFixed(0)} KiB) |`,
    "",
    `${steps} steps in ${(ms / 1000).toFixed(1)} s (${(steps / (ms / 1000)).toFixed(0)} steps/s).`,
  ].join("\n");
}
