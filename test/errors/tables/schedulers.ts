// Bad input to the learning-rate schedulers and to the Optimizer base class: non-finite and out-of-range
// hyper-parameters, missing optimizers, bad parameter lists, state dicts with missing, extra or mis-typed entries.
import { type Tensor, ones, optim } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const S = optim.lrScheduler;
let w: Tensor, opt: optim.SGD, two: optim.SGD;
function setup(): void {
  w = ones([2], { requiresGrad: true });
  opt = new optim.SGD([w], { lr: 0.1 });
  two = new optim.SGD([{ params: [w] }, { params: [ones([1], { requiresGrad: true })] }], { lr: 0.1 });
}
function teardown(): void {
  w.dispose();
  for (const p of two.paramGroups[1].params) p.dispose();
}
const p = () => ones([2], { requiresGrad: true });

export const table: BadInputTable = {
  setup,
  teardown,
  rows: [
    ["StepLR: stepSize 0", () => new S.StepLR(opt, 0), /StepLR: stepSize must be a positive integer, got 0/],
    ["StepLR: gamma NaN", () => new S.StepLR(opt, 2, { gamma: NaN }), /StepLR: gamma must be a finite number >= 0, got NaN/],
    ["StepLR: negative gamma", () => new S.StepLR(opt, 2, { gamma: -0.5 }), /StepLR: gamma must be a finite number >= 0, got -0.5/],
    ["StepLR: unknown option", () => new S.StepLR(opt, 2, { gama: 0.5 } as never), /StepLR: unknown option "gama" \(expected gamma\)/],
    ["StepLR: not an optimizer", () => new S.StepLR({} as never, 2), /StepLR: expected an optimizer \(with paramGroups\), got Object/],
    ["StepLR.loadStateDict: lastEpoch negative", () => new S.StepLR(opt, 2).loadStateDict({ lastEpoch: -1, baseLrs: [0.1] }), /StepLR\.loadStateDict: lastEpoch must be an integer >= 0, got -1/],
    ["StepLR.loadStateDict: baseLrs of another length", () => new S.StepLR(opt, 2).loadStateDict({ lastEpoch: 1, baseLrs: [0.1, 0.2] }), /StepLR\.loadStateDict: baseLrs must hold 1 finite learning rates >= 0 \(one per parameter group\), got array of length 2/],
    ["StepLR.loadStateDict: extra entry", () => new S.StepLR(opt, 2).loadStateDict({ lastEpoch: 1, baseLrs: [0.1], gamma: 0.5 } as never), /StepLR\.loadStateDict: unknown option "gamma" \(expected lastEpoch, baseLrs\)/],
    ["MultiStepLR: milestones not integers", () => new S.MultiStepLR(opt, [1, 2.5]), /MultiStepLR: milestones must be an array of non-negative integers, got 1,2.5/],
    ["MultiStepLR: gamma Infinity", () => new S.MultiStepLR(opt, [1], { gamma: Infinity }), /MultiStepLR: gamma must be a finite number >= 0, got Infinity/],
    ["ExponentialLR: gamma a string", () => new S.ExponentialLR(opt, "0.9" as never), /ExponentialLR: gamma must be a finite number >= 0, got "0.9"/],
    ["ExponentialLR: not an optimizer", () => new S.ExponentialLR(null as never, 0.9), /ExponentialLR: expected an optimizer \(with paramGroups\), got null/],
    ["CosineAnnealingLR: tMax 0", () => new S.CosineAnnealingLR(opt, 0), /CosineAnnealingLR: tMax must be a positive integer, got 0/],
    ["CosineAnnealingLR: negative etaMin", () => new S.CosineAnnealingLR(opt, 10, { etaMin: -1 }), /CosineAnnealingLR: etaMin must be a finite number >= 0, got -1/],
    ["LambdaLR: not a function", () => new S.LambdaLR(opt, 0.5 as never), /LambdaLR: lrLambda must be a function of the epoch/],
    ["LambdaLR: returns NaN", () => new S.LambdaLR(opt, () => NaN), /LambdaLR: lrLambda\(0\) must be a finite number, got NaN/],
    ["InverseTimeLR: negative decay", () => new S.InverseTimeLR(opt, -1), /InverseTimeLR: decay must be a finite number >= 0, got -1/],
    ["LinearLR: startFactor 0", () => new S.LinearLR(opt, { startFactor: 0 }), /LinearLR: startFactor must be in \(0, 1\], got 0/],
    ["LinearLR: totalIters fractional", () => new S.LinearLR(opt, { totalIters: 2.5 }), /LinearLR: totalIters must be a positive integer, got 2.5/],
    ["LRScheduler: not an optimizer", () => new (class extends S.LRScheduler { protected lrAt(b: number) { return b; } })(5 as never), /expected an optimizer \(with paramGroups\), got 5/],
    ["ReduceLROnPlateau: not an optimizer", () => new S.ReduceLROnPlateau(null as never), /ReduceLROnPlateau: expected an optimizer \(with paramGroups\), got null/],
    ["ReduceLROnPlateau: factor 1", () => new S.ReduceLROnPlateau(opt, { factor: 1 }), /ReduceLROnPlateau: factor must be in \[0, 1\), got 1/],
    ["ReduceLROnPlateau: mode", () => new S.ReduceLROnPlateau(opt, { mode: "minimum" as never }), /ReduceLROnPlateau: mode must be "min" or "max", got minimum/],
    ["ReduceLROnPlateau: negative minLr", () => new S.ReduceLROnPlateau(opt, { minLr: -1 }), /ReduceLROnPlateau: minLr must be a finite number >= 0, got -1/],
    ["ReduceLROnPlateau: NaN in a minLr list", () => new S.ReduceLROnPlateau(two, { minLr: [0, NaN] }), /ReduceLROnPlateau: minLr\[1\] must be a finite number >= 0, got NaN/],
    ["ReduceLROnPlateau: minLr list of another length", () => new S.ReduceLROnPlateau(two, { minLr: [0] }), /ReduceLROnPlateau: minLr has 1 entries for 2 parameter groups/],
    ["ReduceLROnPlateau: unknown option", () => new S.ReduceLROnPlateau(opt, { threshold_mode: "abs" } as never), /ReduceLROnPlateau: unknown option "threshold_mode"/],
    ["ReduceLROnPlateau.step: NaN metric", () => new S.ReduceLROnPlateau(opt).step(NaN), /ReduceLROnPlateau\.step: metric must be a number, got NaN/],
    ["ReduceLROnPlateau.loadStateDict: extra entry", () => new S.ReduceLROnPlateau(opt).loadStateDict({ best: 1, numBadEpochs: 0, cooldownCounter: 0, lastEpoch: 0, mode: "min" } as never), /ReduceLROnPlateau\.loadStateDict: unknown option "mode" \(expected best, numBadEpochs, cooldownCounter, lastEpoch\)/],
    ["ReduceLROnPlateau.loadStateDict: missing entry", () => new S.ReduceLROnPlateau(opt).loadStateDict({ best: 1 } as never), /ReduceLROnPlateau\.loadStateDict: numBadEpochs must be an integer >= 0, got undefined/],

    // the Optimizer base class: parameter lists
    ["Optimizer: params null", () => new optim.SGD(null as never), /SGD: params must be an iterable of Tensors or of parameter groups \{ params, …options \}, got null/],
    ["Optimizer: a single tensor instead of a list", () => new optim.Adam(p() as never), /Adam: params must be an iterable of Tensors or of parameter groups \{ params, …options \}, got Tensor of shape \[2\]/],
    ["Optimizer: group params a single tensor", () => new optim.SGD([{ params: p() as never }]), /SGD: parameter group 0's params must be an iterable of Tensors, got Tensor of shape \[2\]/],
    ["Optimizer: a disposed parameter", () => { const t = p(); t.dispose(); return new optim.SGD([t]); }, /SGD: params\[0\]: tensor of shape \[2\] was disposed/],
    ["Optimizer: an int32 parameter", () => new optim.RMSprop([ones([2], { dtype: "int32" })]), /RMSprop: params\[0\] must be a float32 leaf tensor \(a parameter\)/],
    ["Optimizer.step: a disposed gradient", () => { const t = p(); const o = new optim.SGD([t]); const g = ones([2]); t.grad = g; g.dispose(); o.step(); }, /SGD\.step: the gradient of params\[0\] \(shape \[2\]\) was disposed/],
    ["Optimizer.step: after dispose", () => { const o = new optim.Adam([p()]); o.dispose(); o.step(); }, /Adam\.step: the optimizer was disposed/],
    ["Optimizer.loadStateDict: state entry not an object", () => opt.loadStateDict({ state: { 0: 5 as never }, paramGroups: [{ ...opt.stateDict().paramGroups[0] }] }), /SGD\.loadStateDict: state\[0\] must be an object, got 5/],
    ["Optimizer.loadStateDict: group without params", () => opt.loadStateDict({ state: {}, paramGroups: [{ lr: 0.1 } as never] }), /SGD\.loadStateDict: paramGroups\[0\] must be an object with params \(parameter indices\), got Object/],
    ["Optimizer.loadStateDict: a typo in a group's options", () => opt.loadStateDict({ state: {}, paramGroups: [{ ...opt.stateDict().paramGroups[0], learningRate: 1 }] }), /SGD\.loadStateDict: paramGroups\[0\]: unknown option "learningRate"/],
  ],
};
