// Bad input to optimizers, their state dicts and checkpoints: rows for the harness in test/helpers/errors.ts.
import { type Tensor, io, ones, optim, tensor, zeros } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const p = () => ones([2], { requiresGrad: true });
// optimizers with state are built once: their state is kept, which the arena check would count
let adam: optim.Adam, sgd: optim.SGD, rms: optim.RMSprop, w: Tensor, b: Tensor;
function setup(): void {
  [w, b] = [ones([2, 3], { requiresGrad: true }), ones([3], { requiresGrad: true })];
  adam = new optim.Adam([w, b], { lr: 0.01 });
  sgd = new optim.SGD([{ params: [w] }, { params: [b] }], { lr: 0.1, momentum: 0.9 });
  rms = new optim.RMSprop([w, b]);
  for (const o of [adam, sgd, rms]) {
    w.grad = ones([2, 3]);
    b.grad = ones([3]);
    o.step();
  }
}
function teardown(): void {
  for (const o of [adam, sgd, rms]) o.dispose();
  for (const t of [w, b]) t.dispose();
}
const adamDict = () => adam.stateDict();
const withGroup = (o: optim.Optimizer, change: Record<string, unknown>) => {
  const d = o.stateDict();
  return { ...d, paramGroups: d.paramGroups.map((g, i) => (i === 0 ? { ...g, ...change } : g)) };
};
const withState = (o: optim.Optimizer, i: number, entry: Record<string, unknown>) => {
  const d = o.stateDict();
  return { ...d, state: { ...d.state, [i]: { ...d.state[i], ...entry } } } as optim.OptimizerStateDict;
};
const meta = (m: Record<string, string>, t: Record<string, Tensor> = {}) => io.saveSafetensors(t, m);

export const table: BadInputTable = {
  setup,
  teardown,
  rows: [
    ["Adagrad: negative lr", () => new optim.Adagrad([p()], { lr: -1 }), /Adagrad: lr must be a finite number >= 0, got -1/],
    ["Adagrad: negative lrDecay", () => new optim.Adagrad([p()], { lrDecay: -0.1 }), /Adagrad: lrDecay must be a finite number >= 0, got -0.1/],
    ["Adagrad: negative initialAccumulatorValue", () => new optim.Adagrad([p()], { initialAccumulatorValue: -1 }), /Adagrad: initialAccumulatorValue must be a finite number >= 0, got -1/],
    ["Adagrad: NaN eps", () => new optim.Adagrad([p()], { eps: NaN }), /Adagrad: eps must be a finite number >= 0, got NaN/],
    ["Adagrad: snake_case option", () => new optim.Adagrad([p()], { lr_decay: 0.1 } as never), /Adagrad: unknown option "lr_decay" \(expected lr, lrDecay, weightDecay, initialAccumulatorValue, eps, maximize\)/],
    ["Adadelta: rho above 1", () => new optim.Adadelta([p()], { rho: 1.5 }), /Adadelta: rho must be in \[0, 1\], got 1.5/],
    ["Adadelta: rho below 0", () => new optim.Adadelta([p()], { rho: -0.1 }), /Adadelta: rho must be in \[0, 1\], got -0.1/],
    ["Adadelta: negative weightDecay", () => new optim.Adadelta([p()], { weightDecay: -1 }), /Adadelta: weightDecay must be a finite number >= 0, got -1/],
    ["RMSprop: alpha above 1", () => new optim.RMSprop([p()], { alpha: 2 }), /RMSprop: alpha must be in \[0, 1\], got 2/],
    ["RMSprop: negative momentum", () => new optim.RMSprop([p()], { momentum: -0.9 }), /RMSprop: momentum must be a finite number >= 0, got -0.9/],
    ["RMSprop: centered not a boolean", () => new optim.RMSprop([p()], { centered: 1 as never }), /RMSprop: centered must be a boolean, got 1/],
    ["RMSprop: learningRate", () => new optim.RMSprop([p()], { learningRate: 0.1 } as never), /RMSprop: unknown option "learningRate"/],
    ["SGD: lr as a number instead of options", () => new optim.SGD([p()], 0.1 as never), /SGD: options must be an object, got 0.1/],
    ["SGD: maximize not a boolean", () => new optim.SGD([p()], { lr: 0.1, maximize: "yes" as never }), /SGD: maximize must be a boolean, got "yes"/],
    ["Adam: amsgrad not a boolean", () => new optim.Adam([p()], { amsgrad: 1 as never }), /Adam: amsgrad must be a boolean, got 1/],
    ["AdamW: negative eps", () => new optim.AdamW([p()], { eps: -1e-8 }), /AdamW: eps must be a finite number >= 0, got -1e-8/],
    ["RMSprop: bad option in a parameter group", () => new optim.RMSprop([{ params: [p()] }, { params: [p()], alpha: -1 }]), /RMSprop: alpha must be in \[0, 1\], got -1/],
    ["Adagrad: unknown option in a parameter group", () => new optim.Adagrad([{ params: [p()], rho: 0.9 }]), /Adagrad: unknown option "rho"/],
    ["Adadelta: a parameter group not an object", () => new optim.Adadelta([{ params: [p()] }, 3 as never]), /Adadelta: parameter group 1 must be an object with params, got 3/],
    ["SGD: params a view", () => { const t = ones([2, 2]).transpose(0, 1); t.requiresGrad = true; return new optim.SGD([t], { lr: 0.1 }); }, /SGD: params\[0\] must be contiguous \(a view such as a transpose cannot be updated in place\), got strides \[1, 2\]/],
    ["Adagrad: params the same tensor twice", () => { const t = p(); return new optim.Adagrad([{ params: [t] }, { params: [t] }]); }, /Adagrad: a parameter appears in more than one place \(params\[0\] of group 1\)/],
    ["Adadelta.addParamGroup: a parameter already present", () => new optim.Adadelta([w]).addParamGroup({ params: [w] }), /Adadelta: a parameter appears in more than one place/],
    ["SGD.step: a bad second group changes nothing", () => {
      const [x, y] = [p(), p()];
      const o = new optim.SGD([{ params: [x] }, { params: [y] }], { lr: 0.1 });
      x.grad = ones([2]);
      o.paramGroups[1].momentum = -1;
      try { o.step(); } finally { if (x.toArray().toString() !== "1,1") throw new Error("group 0 was updated"); }
    }, /SGD: momentum must be a finite number >= 0, got -1/],
    ["Adagrad.step: lr made negative by hand", () => { const o = new optim.Adagrad([p()]); o.paramGroups[0].lr = -1; o.step(); }, /Adagrad: lr must be a finite number >= 0, got -1/],
    ["Adam.zeroGrad: unknown option", () => adam.zeroGrad({ set_to_none: true } as never), /Adam.zeroGrad: unknown option "set_to_none" \(expected setToNone\)/],
    ["Adam.zeroGrad: setToNone not a boolean", () => adam.zeroGrad({ setToNone: 0 as never }), /Adam.zeroGrad: setToNone must be a boolean, got 0/],

    ["Adam.loadStateDict: not a state dict", () => adam.loadStateDict({ expAvg: 1 } as never), /Adam.loadStateDict: expected \{ state, paramGroups \} as stateDict\(\) returns, got Object/],
    ["SGD.loadStateDict: group count", () => sgd.loadStateDict(adamDict()), /SGD.loadStateDict: the state dict has 1 parameter groups, the optimizer has 2/],
    ["Adam.loadStateDict: parameter count", () => new optim.Adam([p()]).loadStateDict(adamDict()), /Adam.loadStateDict: paramGroups\[0\] has 2 parameters, the optimizer's group has 1/],
    ["RMSprop.loadStateDict: another optimizer's options", () => rms.loadStateDict(adamDict()), /RMSprop.loadStateDict: paramGroups\[0\]: unknown option "betas"/],
    ["Adam.loadStateDict: a bad hyper-parameter", () => adam.loadStateDict(withGroup(adam, { lr: -1 })), /Adam.loadStateDict: paramGroups\[0\]: lr must be a finite number >= 0, got -1/],
    ["Adam.loadStateDict: repeated parameter index", () => adam.loadStateDict(withGroup(adam, { params: [0, 0] })), /Adam.loadStateDict: paramGroups\[0\].params\[1\] must be a parameter index not used before, got 0/],
    ["Adam.loadStateDict: state of an unlisted parameter", () => adam.loadStateDict(withState(adam, 7, { step: 1 })), /Adam.loadStateDict: state has an entry for parameter 7, which no parameter group lists/],
    ["Adam.loadStateDict: unknown state name", () => adam.loadStateDict(withState(adam, 0, { momentumBuffer: zeros([2, 3]) })), /Adam.loadStateDict: unknown state state\[0\].momentumBuffer \(Adam keeps step, expAvg, expAvgSq, maxExpAvgSq\)/],
    ["Adam.loadStateDict: state tensor shape", () => adam.loadStateDict(withState(adam, 1, { expAvg: zeros([2, 3]) })), /Adam.loadStateDict: state\[1\].expAvg has shape \[2, 3\], its parameter has \[3\]/],
    ["Adam.loadStateDict: state tensor dtype", () => adam.loadStateDict(withState(adam, 1, { expAvg: tensor(new Int32Array(3)) })), /Adam.loadStateDict: state\[1\].expAvg must be float32, got int32/],
    ["RMSprop.loadStateDict: state not a tensor", () => rms.loadStateDict(withState(rms, 0, { squareAvg: [1, 2] })), /RMSprop.loadStateDict: state\[0\].squareAvg must be a Tensor, got array of length 2/],
    ["Adam.loadStateDict: fractional step", () => adam.loadStateDict(withState(adam, 0, { step: 1.5 })), /Adam.loadStateDict: state\[0\].step must be an integer >= 0, got 1.5/],
    ["Adam.loadStateDict: disposed state tensor", () => { const t = zeros([3]); t.dispose(); adam.loadStateDict(withState(adam, 1, { expAvg: t })); }, /Adam.loadStateDict: state\[1\].expAvg: tensor of shape \[3\] was disposed/],

    ["saveCheckpoint: not an object", () => io.saveCheckpoint(null as never), /saveCheckpoint: expected \{ model\?, optimizer\?, metadata\? \}, got null/],
    ["saveCheckpoint: unknown part", () => io.saveCheckpoint({ optim: adamDict() } as never), /saveCheckpoint: unknown option "optim" \(expected model, optimizer, metadata\)/],
    ["saveCheckpoint: model key in the optimizer's namespace", () => io.saveCheckpoint({ model: { "optimizer.weight": zeros([1]) } }), /saveCheckpoint: model key "optimizer.weight" starts with "optimizer."/],
    ["saveCheckpoint: reserved metadata key", () => io.saveCheckpoint({ metadata: { "optimizer.state": "{}" } }), /saveCheckpoint: metadata key "optimizer.state" starts with "optimizer."/],
    ["saveCheckpoint: optimizer not a state dict", () => io.saveCheckpoint({ optimizer: adam as never }), /saveCheckpoint: optimizer must be \{ state, paramGroups \} as Optimizer.stateDict\(\) returns \(not the optimizer itself\), got Object/],
    ["saveCheckpoint: tensors as group params", () => io.saveCheckpoint({ optimizer: { state: {}, paramGroups: adam.paramGroups } as never }), /saveCheckpoint: optimizer.paramGroups\[0\] must be an object whose params is an array of parameter indices/],
    ["saveCheckpoint: non-number state", () => io.saveCheckpoint({ optimizer: withState(adam, 0, { step: "3" }) }), /saveCheckpoint: optimizer.state\[0\].step must be a Tensor or a finite number, got "3"/],
    ["loadCheckpoint: param_groups not JSON", () => io.loadCheckpoint(meta({ "optimizer.param_groups": "[{" })), /loadCheckpoint: metadata optimizer.param_groups is not valid JSON/],
    ["loadCheckpoint: param_groups not an array", () => io.loadCheckpoint(meta({ "optimizer.param_groups": "{}" })), /loadCheckpoint: metadata optimizer.param_groups must be a JSON array of parameter groups, got Object/],
    ["loadCheckpoint: group without indices", () => io.loadCheckpoint(meta({ "optimizer.param_groups": '[{"lr":1,"params":[-1]}]' })), /loadCheckpoint: metadata optimizer.param_groups\[0\] must be an object whose params is an array of parameter indices/],
    ["loadCheckpoint: state numbers not numbers", () => io.loadCheckpoint(meta({ "optimizer.param_groups": "[]", "optimizer.state": '{"0":{"step":"1"}}' })), /loadCheckpoint: metadata optimizer.state must be a JSON object \{ "<parameter index>": \{ name: number \} \}/],
    ["loadCheckpoint: stray optimizer tensor (freed)", () => io.loadCheckpoint(meta({ "optimizer.param_groups": "[]" }, { "0.weight": ones([2]), "optimizer.x": ones([2]) })), /loadCheckpoint: tensor "optimizer.x" is not optimizer.state.<i>.<name> of a checkpoint with optimizer.param_groups metadata/],
    ["loadCheckpoint: optimizer tensors without metadata (freed)", () => io.loadCheckpoint(meta({}, { "optimizer.state.0.expAvg": ones([2]) })), /loadCheckpoint: tensor "optimizer.state.0.expAvg" is not optimizer.state.<i>.<name> of a checkpoint with optimizer.param_groups metadata/],
    ["loadCheckpoint: truncated bytes", () => io.loadCheckpoint(new Uint8Array(4)), /truncated file: 4 bytes/],
  ],
};
