// Timing helpers for the benchmarks: warm-up, calibration and round-robin repetitions, summarised by their median.

/** One contender in a comparison: `prepare` runs untimed before each batch (e.g. switching the TF.js backend). */
export interface Contender {
  name: string;
  run: () => void;
  prepare?: () => Promise<void> | void;
}

/** Milliseconds per call: the median over repetitions, the fastest and slowest repetition, and every repetition. */
export interface Timing {
  median: number;
  min: number;
  max: number;
  reps: number;
  callsPerRep: number;
  /** ms per call of repetition r, in the order they ran (repetition r of every contender ran back to back). */
  samples: number[];
}

export interface TimingOptions {
  /** Repetitions per contender (each a batch of calls); at least 5. */
  reps?: number;
  /** Target duration of one repetition; the number of calls per batch is chosen to reach it. */
  batchMs?: number;
  /** Minimum warm-up time per contender (at least 3 calls), so the wasm tiers up and caches fill. */
  warmupMs?: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 ? s[h] : (s[h - 1] + s[h]) / 2;
};

/**
 * Times the contenders round-robin (repetition r of every contender before repetition r + 1 of any), so load from
 * other processes on a shared machine spreads over all of them instead of biasing one.
 */
export async function timeRoundRobin(contenders: Contender[], opts: TimingOptions = {}): Promise<Map<string, Timing>> {
  const reps = Math.max(5, opts.reps ?? 9), batchMs = opts.batchMs ?? 150, warmupMs = opts.warmupMs ?? 300;
  const calls = new Map<string, number>();
  for (const c of contenders) {
    await c.prepare?.();
    const t0 = performance.now();
    const times: number[] = [];
    while (times.length < 3 || performance.now() - t0 < warmupMs) {
      const t = performance.now();
      c.run();
      times.push(performance.now() - t);
    }
    calls.set(c.name, Math.max(1, Math.round(batchMs / Math.max(median(times.slice(-5)), 1e-3))));
  }
  const samples = new Map<string, number[]>(contenders.map((c) => [c.name, []]));
  for (let r = 0; r < reps; r++) {
    for (const c of contenders) {
      await c.prepare?.();
      const n = calls.get(c.name)!;
      const t = performance.now();
      for (let i = 0; i < n; i++) c.run();
      samples.get(c.name)!.push((performance.now() - t) / n);
    }
  }
  return new Map(contenders.map((c) => {
    const s = samples.get(c.name)!;
    return [c.name, { median: median(s), min: Math.min(...s), max: Math.max(...s), reps, callsPerRep: calls.get(c.name)!, samples: s }];
  }));
}

/**
 * How many times faster `a` is than `b`: the median over repetitions of b's time / a's time in the same round. Pairing
 * each repetition with its neighbour in time cancels most of the load other processes put on a shared machine, which
 * a ratio of two medians does not.
 */
export function speedup(a: Timing, b: Timing): number {
  return median(a.samples.map((t, r) => b.samples[r] / t));
}
