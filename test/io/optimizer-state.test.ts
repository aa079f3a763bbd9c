// The optimizer-state layout documented in src/io/index.ts: model + Adam state in one safetensors file, and training
// resumed from it continues bit for bit as if never interrupted.
import { beforeAll, expect, test } from "vitest";
import { F, Tensor, init, io, keep, manualSeed, memoryStats, optim, randn, scope } from "simdgrad";
import { makeMlp } from "../fixtures/torch/mlp";

beforeAll(async () => {
  await init();
});

/** An optimizer's state as flat tensors "state.<i>.<name>" plus metadata (optimizer, param_groups, state), per src/io/index.ts. */
function optimizerState(opt: optim.Optimizer): { tensors: Record<string, Tensor>; metadata: Record<string, string> } {
  const params = opt.paramGroups.flatMap((g) => g.params);
  const tensors: Record<string, Tensor> = {};
  const numbers: Record<number, Record<string, number>> = {};
  params.forEach((p, i) => {
    for (const [name, v] of Object.entries(opt.state.get(p) ?? {})) {
      if (v instanceof Tensor) tensors[`state.${i}.${name}`] = v;
      else (numbers[i] ??= {})[name] = v;
    }
  });
  let next = 0;
  const groups = opt.paramGroups.map(({ params: ps, ...hyper }) => ({ ...hyper, params: ps.map(() => next++) }));
  return { tensors, metadata: { optimizer: opt.name, param_groups: JSON.stringify(groups), state: JSON.stringify(numbers) } };
}

/** The inverse: restores hyper-parameters, step counts and (copies of) the state tensors into opt. */
function loadOptimizerState(opt: optim.Optimizer, tensors: Record<string, Tensor>, metadata: Record<string, string>): void {
  if (metadata.optimizer !== opt.name) throw new TypeError(`loadOptimizerState: the file holds ${metadata.optimizer} state, not ${opt.name}`);
  const params = opt.paramGroups.flatMap((g) => g.params);
  (JSON.parse(metadata.param_groups) as Record<string, unknown>[]).forEach(({ params: _, ...hyper }, gi) => Object.assign(opt.paramGroups[gi], hyper));
  const stateOf = (i: number) => opt.state.get(params[i]) ?? opt.state.set(params[i], {}).get(params[i])!;
  for (const [i, nums] of Object.entries(JSON.parse(metadata.state) as Record<string, Record<string, number>>)) Object.assign(stateOf(Number(i)), nums);
  for (const [key, t] of Object.entries(tensors)) {
    const [, i, name] = /^state\.(\d+)\.(.+)$/.exec(key)!;
    stateOf(Number(i))[name] = keep(t.clone());
  }
}

const prefixed = (prefix: string, d: Record<string, Tensor>) => Object.fromEntries(Object.entries(d).map(([k, v]) => [prefix + k, v]));
const unprefixed = (prefix: string, d: Record<string, Tensor>) =>
  Object.fromEntries(Object.entries(d).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [k.slice(prefix.length), v]));

test("Adam (amsgrad): save model + optimizer at step 5, resume in a fresh process-like setup, steps 6–10 match bit for bit", () => {
  const before = memoryStats();
  manualSeed(3);
  const x = randn([16, 4]), y = randn([16, 3]);
  const train = (model: ReturnType<typeof makeMlp>, opt: optim.Optimizer, steps: number) => {
    for (let s = 0; s < steps; s++) {
      scope(() => {
        const loss = F.mseLoss(model.forward(x), y);
        opt.zeroGrad();
        loss.backward();
        opt.step();
      });
    }
  };
  const a = makeMlp();
  const optA = new optim.Adam(a.parameters(), { lr: 0.01, amsgrad: true, weightDecay: 1e-3 });
  train(a, optA, 5);
  const state = optimizerState(optA);
  const bytes = io.saveSafetensors({ ...a.stateDict(), ...prefixed("optimizer.", state.tensors) }, { ...state.metadata, epoch: "5" });
  train(a, optA, 5);

  manualSeed(99); // different initial weights, and different hyper-parameters: the file must override both
  const b = makeMlp();
  const optB = new optim.Adam(b.parameters(), { lr: 0.5, amsgrad: true });
  scope(() => {
    const loaded = io.loadSafetensors(bytes);
    const meta = io.loadSafetensorsMetadata(bytes);
    expect(Object.keys(loaded)).toContain("optimizer.state.0.maxExpAvgSq");
    expect(JSON.parse(meta.state)).toEqual({ 0: { step: 5 }, 1: { step: 5 }, 2: { step: 5 }, 3: { step: 5 } });
    b.loadStateDict(unprefixed("", Object.fromEntries(Object.entries(loaded).filter(([k]) => !k.startsWith("optimizer.")))));
    loadOptimizerState(optB, unprefixed("optimizer.", loaded), meta);
  });
  expect(optB.paramGroups[0].lr).toBe(0.01);
  expect(optB.paramGroups[0].weightDecay).toBe(1e-3);
  train(b, optB, 5);

  const pa = a.parameters(), pb = b.parameters();
  pa.forEach((p, i) => expect(pb[i].dataSync()).toEqual(p.dataSync()));
  for (const t of [x, y]) t.dispose();
  for (const o of [optA, optB]) o.dispose();
  for (const m of [a, b]) m.dispose();
  expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
});
