// Concurrency in one process: two independent models training interleaved (async loops that await between steps, and
// two fit() runs at once) get exactly the losses and weights each gets alone; async scopes that interleave are
// reported instead of freeing each other's tensors. (Two workers: test/platform/concurrency-workers.node.test.ts.)
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { F, fit, init, memoryStats, randn, scope } from "simdgrad";
import { type Job, job, tick, train } from "../helpers/jobs";

// A runtime of its own: across the awaits below the finalizer may free tensors that other files (sharing one module
// instance in the Deno/Chromium bundle) forgot; in another runtime that changes neither this arena nor tensors + leaked.
beforeAll(async () => {
  await init({ maxMemoryBytes: 2 ** 30 });
});
afterAll(async () => {
  await init({ maxMemoryBytes: 2 ** 31 });
});
/** Arena bytes and live tensor handles, the latter plus those the finalizer collected (which it moves to leaked). */
const counters = () => {
  const m = memoryStats();
  return { bytesInUse: m.bytesInUse, tensors: m.tensors + m.leaked };
};

describe("two models in one process", () => {
  test("interleaved async training loops match each model trained alone, bit for bit", async () => {
    const before = counters();
    const alone = [];
    for (const [kind, seed] of [["mlp", 1], ["tagger", 2]] as const) {
      const j = job(kind, seed);
      alone.push({ losses: await train(j, 3), weights: j.weights() });
      j.dispose();
    }
    const a = job("mlp", 1), b = job("tagger", 2);
    const [la, lb] = await Promise.all([train(a, 3), train(b, 3)]);
    expect(la).toEqual(alone[0].losses);
    expect(lb).toEqual(alone[1].losses);
    expect(a.weights()).toEqual(alone[0].weights);
    expect(b.weights()).toEqual(alone[1].weights);
    a.dispose();
    b.dispose();
    expect(counters()).toEqual(before);
  });

  test("two fit() runs at once (callbacks that await) match each run alone", async () => {
    const run = (j: Job) => fit(j.model, j.loader, { epochs: 2, optimizer: j.opt, loss: F.crossEntropy, verbose: false, onBatch: () => tick() });
    const alone = [];
    for (const [kind, seed] of [["mlp", 3], ["tagger", 4]] as const) {
      const j = job(kind, seed);
      alone.push({ history: await run(j), weights: j.weights() });
      j.dispose();
    }
    const a = job("mlp", 3), b = job("tagger", 4);
    const [ha, hb] = await Promise.all([run(a), run(b)]);
    expect(ha).toEqual(alone[0].history);
    expect(hb).toEqual(alone[1].history);
    expect(a.weights()).toEqual(alone[0].weights);
    expect(b.weights()).toEqual(alone[1].weights);
    a.dispose();
    b.dispose();
  });

  test("async scopes that interleave are reported, not silently mixed up", async () => {
    const before = counters();
    // the later scope ends first (last in, first out, as nested scopes do): nothing to report
    const outer = scope(async () => {
      const t = randn([4]);
      await tick();
      await tick();
      return t.mul(2);
    });
    const inner = scope(async () => {
      await tick();
      return randn([4]).sum().item();
    });
    const [o, n] = await Promise.all([outer, inner]);
    expect(o.shape).toEqual([4]);
    expect(Number.isFinite(n)).toBe(true);
    o.dispose();
    // the earlier scope ends while the later one is still open: its tensors after the later one opened went to the wrong
    // frame, so it fails with a clear error (after freeing its own); the later one is unaffected
    const first = scope(async () => {
      await tick();
      return randn([2]).sum().item();
    });
    const second = scope(async () => {
      await tick();
      await tick();
      await tick();
      return 1;
    });
    await expect(first).rejects.toThrow(/scope: async scopes interleaved: this scope ended while one opened after it is still open/);
    await expect(second).resolves.toBe(1);
    expect(counters()).toEqual(before);
  });
});
