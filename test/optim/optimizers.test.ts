// Optimizer behaviour the golden trajectories do not cover: maximize, parameter groups, zeroGrad, options changed
// between steps, state dicts (copied, never aliased), and a steady-state arena.
import { beforeAll, describe, expect, test } from "vitest";
import { type Tensor, init, memoryStats, optim, scope, tensor } from "simdgrad";

beforeAll(async () => {
  await init();
});

type Make = (params: Tensor[], o?: Record<string, unknown>) => optim.Optimizer;
/** Every optimizer with options that switch on all of its state. */
const ALL: [string, Make][] = [
  ["SGD", (p, o) => new optim.SGD(p, { lr: 0.1, momentum: 0.9, weightDecay: 0.01, nesterov: true, ...o })],
  ["Adam", (p, o) => new optim.Adam(p, { lr: 0.01, amsgrad: true, weightDecay: 0.01, ...o })],
  ["AdamW", (p, o) => new optim.AdamW(p, { lr: 0.01, amsgrad: true, ...o })],
  ["Adagrad", (p, o) => new optim.Adagrad(p, { lrDecay: 0.1, weightDecay: 0.01, initialAccumulatorValue: 0.1, ...o })],
  ["Adadelta", (p, o) => new optim.Adadelta(p, { weightDecay: 0.01, ...o })],
  ["RMSprop", (p, o) => new optim.RMSprop(p, { momentum: 0.5, centered: true, weightDecay: 0.01, ...o })],
];

/** Seeded values (no dependence on the global generator). */
const values = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(seed * 12.9898 + i * 78.233) * 2);
const param = (n = 11) => tensor(values(n, 1), [n], { requiresGrad: true });

/** Runs `steps` steps with the seeded gradients (times `sign`) and returns the parameter's values. */
function trajectory(make: Make, o: Record<string, unknown>, sign: number, steps = 4): Float32Array {
  const p = param();
  const opt = make([p], o);
  for (let s = 0; s < steps; s++) {
    p.grad = tensor(values(11, s + 2).map((v) => sign * v), [11]);
    opt.step();
  }
  const out = p.dataSync() as Float32Array;
  opt.dispose();
  p.dispose();
  return out;
}

describe.each(ALL)("%s", (name, make) => {
  test("maximize with gradient g steps exactly as minimizing with −g", () => {
    const up = trajectory(make, { maximize: true }, 1);
    expect(up).toEqual(trajectory(make, {}, -1));
    expect(up).not.toEqual(trajectory(make, {}, 1));
  });

  test("each parameter group uses its own options; parameters without a gradient are skipped", () => {
    const [a, b, c] = [param(), param(5), param(3)];
    const opt = make([a], {});
    opt.addParamGroup({ params: [b], lr: 0 });
    opt.addParamGroup({ params: [c] });
    a.grad = tensor(values(11, 7), [11]);
    b.grad = tensor(values(5, 8), [5]);
    opt.step();
    expect(a.dataSync()).not.toEqual(values(11, 1));
    expect(b.dataSync()).toEqual(values(5, 1)); // lr 0 (weight decay, decoupled or not, is scaled by lr too)
    expect(c.dataSync()).toEqual(values(3, 1));
    expect(opt.state.has(c)).toBe(false);
    expect(opt.stateDict().paramGroups.map((g) => g.params)).toEqual([[0], [1], [2]]);
    opt.dispose();
    for (const t of [a, b, c]) t.dispose();
  });

  test("loadStateDict copies: the source and the loaded optimizer then evolve alike but apart; loading its own dict is a no-op", () => {
    const p = param();
    const src = make([p]);
    p.grad = tensor(values(11, 3), [11]);
    src.step();
    const q = tensor(p.dataSync(), [11], { requiresGrad: true });
    const dst = make([q], { lr: 0.5 });
    dst.loadStateDict(src.stateDict());
    expect(dst.paramGroups[0].lr).toBe(src.paramGroups[0].lr);
    const mine = dst.stateDict().state[0], theirs = src.stateDict().state[0];
    expect(Object.keys(mine)).toEqual(Object.keys(theirs));
    for (const [k, v] of Object.entries(theirs)) {
      if (typeof v === "number") expect(mine[k]).toBe(v);
      else {
        expect(mine[k]).not.toBe(v);
        expect((mine[k] as Tensor).dataSync()).toEqual(v.dataSync());
      }
    }
    src.loadStateDict(src.stateDict()); // copies before freeing its old state
    for (let s = 4; s < 6; s++) {
      p.grad = tensor(values(11, s), [11]);
      q.grad = tensor(values(11, s), [11]);
      src.step();
      dst.step();
    }
    expect(q.dataSync()).toEqual(p.dataSync());
    for (const [k, v] of Object.entries(src.stateDict().state[0])) {
      const d = dst.stateDict().state[0][k];
      if (typeof v === "number") expect(d).toBe(v);
      else expect((d as Tensor).dataSync()).toEqual(v.dataSync());
    }
    src.dispose();
    dst.dispose();
    p.dispose();
    q.dispose();
  });

  test("steps do not grow the arena after the first; dispose frees the state", () => {
    const p = param(), before = memoryStats();
    const opt = make([p]);
    const step = (s: number) => scope(() => {
      p.grad = tensor(values(11, s), [11]);
      opt.step();
      opt.zeroGrad();
    });
    step(1);
    const after1 = memoryStats();
    for (let s = 2; s < 6; s++) step(s);
    expect(memoryStats().bytesInUse).toBe(after1.bytesInUse);
    expect(memoryStats().tensors).toBe(after1.tensors);
    opt.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    p.dispose();
  });
});

test("zeroGrad: setToNone (the default) drops gradients, setToNone: false zeroes them in place", () => {
  const p = param(3);
  const opt = new optim.SGD([p], { lr: 0.1 });
  p.grad = tensor([1, 2, 3]);
  const g = p.grad;
  opt.zeroGrad({ setToNone: false });
  expect(p.grad).toBe(g);
  expect(p.grad!.toArray()).toEqual([0, 0, 0]);
  opt.zeroGrad();
  expect(p.grad).toBeNull();
  p.dispose();
});

test("switching amsgrad, momentum or centered on between steps creates the state it needs", () => {
  const p = param(), q = param();
  const adam = new optim.Adam([p], { lr: 0.01 });
  const rms = new optim.RMSprop([q], { lr: 0.01 });
  for (let s = 0; s < 3; s++) {
    p.grad = tensor(values(11, s), [11]);
    q.grad = tensor(values(11, s), [11]);
    adam.step();
    rms.step();
    adam.paramGroups[0].amsgrad = true;
    Object.assign(rms.paramGroups[0], { momentum: 0.9, centered: true });
  }
  expect(Object.keys(adam.state.get(p)!)).toEqual(["step", "expAvg", "expAvgSq", "maxExpAvgSq"]);
  expect(Object.keys(rms.state.get(q)!)).toEqual(["step", "squareAvg", "momentumBuffer", "gradAvg"]);
  for (const t of [...p.dataSync(), ...q.dataSync()]) expect(Number.isFinite(t)).toBe(true);
  adam.dispose();
  rms.dispose();
  p.dispose();
  q.dispose();
});

test("Adagrad's lr decay: lr/(1 + (t − 1)·lrDecay), by step count", () => {
  // with g = ±1 constant and S₀ = 0: S_t = t, so the step at t is lr/(1 + (t−1)·d) / √t
  const p = tensor([0], { requiresGrad: true });
  const opt = new optim.Adagrad([p], { lr: 1, lrDecay: 0.5, eps: 0 });
  let want = 0;
  for (let t = 1; t <= 4; t++) {
    p.grad = tensor([1]);
    opt.step();
    want -= 1 / (1 + (t - 1) * 0.5) / Math.sqrt(t);
    expect(p.item()).toBeCloseTo(want, 6);
  }
  opt.dispose();
  p.dispose();
});

test("stateDict numbers parameters across groups and copies hyper-parameters", () => {
  const [a, b, c] = [param(2), param(3), param(4)];
  const opt = new optim.Adam([{ params: [a, b] }, { params: [c], lr: 0.1, betas: [0.5, 0.6] }]);
  const dict = opt.stateDict();
  expect(dict).toEqual({
    state: {},
    paramGroups: [
      { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [0, 1] },
      { lr: 0.1, betas: [0.5, 0.6], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, params: [2] },
    ],
  });
  (dict.paramGroups[1].betas as number[])[0] = 0.7;
  expect(opt.paramGroups[1].betas).toEqual([0.5, 0.6]);
  expect(opt.paramGroups[0].betas).not.toBe(opt.paramGroups[1].betas);
  for (const t of [a, b, c]) t.dispose();
});
