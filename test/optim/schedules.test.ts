// Schedules without golden files (MultiStepLR, LambdaLR, LinearLR warm-up, ReduceLROnPlateau), penalties and early stopping.
import { beforeAll, describe, expect, test } from "vitest";
import { init, nn, optim, scope, tensor } from "simdgrad";
import { type BadInput, badInputs } from "../helpers/errors";

beforeAll(async () => {
  await init();
});

const S = optim.lrScheduler;
const sgd = (lr = 0.1) => new optim.SGD([tensor([1], { requiresGrad: true })], { lr });
const run = (opt: optim.Optimizer, sched: { step(): void }, epochs: number) =>
  Array.from({ length: epochs }, () => {
    const lr = opt.paramGroups[0].lr;
    sched.step();
    return lr;
  });

describe("schedules", () => {
  test("MultiStepLR decays at each milestone", () => {
    const o = sgd(1);
    expect(run(o, new S.MultiStepLR(o, [2, 4], { gamma: 0.5 }), 6)).toEqual([1, 1, 0.5, 0.5, 0.25, 0.25]);
  });
  test("LambdaLR multiplies the base rate", () => {
    const o = sgd(0.5);
    expect(run(o, new S.LambdaLR(o, (e) => 1 / (e + 1)), 3)).toEqual([0.5, 0.25, 0.5 / 3]);
  });
  test("LinearLR warms up linearly, then holds", () => {
    const o = sgd(1);
    const lrs = run(o, new S.LinearLR(o, { startFactor: 0.25, totalIters: 3 }), 5);
    expect(lrs.map((v) => +v.toFixed(6))).toEqual([0.25, 0.5, 0.75, 1, 1]);
  });
  test("schedules treat parameter groups separately", () => {
    const a = tensor([1], { requiresGrad: true }), b = tensor([1], { requiresGrad: true });
    const o = new optim.SGD([{ params: [a] }, { params: [b], lr: 1 }], { lr: 0.1 });
    const s = new S.ExponentialLR(o, 0.5);
    s.step();
    expect(s.getLastLr()).toEqual([0.05, 0.5]);
  });
  test("ReduceLROnPlateau cuts the rate after `patience` epochs without improvement, then cools down", () => {
    const o = sgd(1);
    const s = new S.ReduceLROnPlateau(o, { patience: 2, factor: 0.5, cooldown: 1 });
    const lrs = [3, 2, 2, 2, 2, 2, 2, 2, 2].map((m) => (s.step(m), o.paramGroups[0].lr));
    // epochs 3-5 bad: cut at 5; epoch 6 is cooldown (counter reset), 7-9 bad: cut at 9
    expect(lrs).toEqual([1, 1, 1, 1, 0.5, 0.5, 0.5, 0.5, 0.25]);
  });
});

describe("penalties and early stopping", () => {
  test("l1Penalty and l2Penalty are differentiable sums", () => {
    const p = tensor([1, -2], { requiresGrad: true }), q = tensor([3], { requiresGrad: true });
    const l1 = nn.utils.l1Penalty([p, q], 0.1), l2 = nn.utils.l2Penalty([p, q], 0.5);
    expect(l1.item()).toBeCloseTo(0.6, 6);
    expect(l2.item()).toBeCloseTo(7, 6);
    l2.backward();
    expect(p.grad!.toArray()).toEqual([1, -2]);
  });

  test("EarlyStopping stops after patience epochs and restores the best weights", () => {
    const model = new nn.Linear(2, 1);
    const es = new nn.utils.EarlyStopping({ patience: 2, restoreBestWeights: true });
    const weightsAt: number[][] = [];
    const losses = [1.0, 0.5, 0.6, 0.7];
    const stops = losses.map((l, epoch) => {
      scope(() => model.weight.grad = null);
      model.loadStateDict({ weight: tensor([[epoch, epoch]]), bias: tensor([0]) });
      weightsAt.push(Array.from(model.weight.dataSync()));
      return es.step(l, model);
    });
    expect(stops).toEqual([false, false, false, true]);
    expect(es.bestEpoch).toBe(1);
    es.restore(model);
    expect(model.weight.toArray()).toEqual([[1, 1]]);
    es.dispose();
  });
});

const rows: BadInput[] = [
  ["StepLR: stepSize", () => new S.StepLR(sgd(), 0), /StepLR: stepSize must be a positive integer, got 0/],
  ["StepLR: unknown option", () => new S.StepLR(sgd(), 2, { gama: 0.1 } as never), /StepLR: unknown option "gama"/],
  ["CosineAnnealingLR: tMax", () => new S.CosineAnnealingLR(sgd(), 1.5), /CosineAnnealingLR: tMax must be a positive integer, got 1.5/],
  ["ReduceLROnPlateau: factor", () => new S.ReduceLROnPlateau(sgd(), { factor: 1 }), /ReduceLROnPlateau: factor must be in \[0, 1\), got 1/],
  ["ReduceLROnPlateau: mode", () => new S.ReduceLROnPlateau(sgd(), { mode: "lowest" as never }), /ReduceLROnPlateau: mode must be "min" or "max"/],
  ["clipGradNorm: maxNorm", () => nn.utils.clipGradNorm([], -1), /clipGradNorm: maxNorm must be a number >= 0, got -1/],
  ["clipGradNorm: not tensors", () => nn.utils.clipGradNorm([1 as never], 1), /clipGradNorm: params\[0\] must be a Tensor, got 1/],
  ["EarlyStopping: patience", () => new nn.utils.EarlyStopping({ patience: -1 }), /EarlyStopping: patience must be an integer >= 0, got -1/],
  ["EarlyStopping: restore without weights", () => new nn.utils.EarlyStopping().restore(new nn.Identity()), /no weights were kept/],
  ["l2Penalty: lambda", () => nn.utils.l2Penalty([tensor([1])], -1), /l2Penalty: lambda must be a number >= 0, got -1/],
];
describe("bad inputs", () => badInputs(rows));
