// Checkpoints (io.saveCheckpoint / io.loadCheckpoint with Optimizer.stateDict / loadStateDict): training resumed from a
// checkpoint written mid-run continues bit for bit as if never interrupted, for every optimizer.
import { beforeAll, describe, expect, test } from "vitest";
import { F, type Tensor, init, io, manualSeed, memoryStats, nn, optim, randint, randn, scope } from "simdgrad";

beforeAll(async () => {
  await init();
});

type Groups = { params: Tensor[]; [k: string]: unknown }[];
/** Each optimizer with non-default options, on two groups (weights; biases and BatchNorm affine) with their own options. */
const OPTIMIZERS: [string, (g: Groups) => optim.Optimizer][] = [
  ["SGD momentum", (g) => new optim.SGD(g, { lr: 0.1, momentum: 0.9, dampening: 0.1 })],
  ["SGD nesterov", (g) => new optim.SGD(g, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 1e-3 })],
  ["Adam amsgrad", (g) => new optim.Adam(g, { lr: 0.01, amsgrad: true, weightDecay: 1e-3 })],
  ["AdamW", (g) => new optim.AdamW(g, { lr: 0.01, betas: [0.8, 0.99] })],
  ["RMSprop centered momentum", (g) => new optim.RMSprop(g, { lr: 0.01, centered: true, momentum: 0.5, weightDecay: 1e-3 })],
  ["RMSprop", (g) => new optim.RMSprop(g, { lr: 0.01, alpha: 0.9 })],
  ["Adagrad", (g) => new optim.Adagrad(g, { lr: 0.1, lrDecay: 0.01, initialAccumulatorValue: 0.1 })],
  ["Adadelta", (g) => new optim.Adadelta(g, { lr: 1, rho: 0.95, weightDecay: 1e-3 })],
];

const makeModel = () => new nn.Sequential(new nn.Linear(4, 8), new nn.BatchNorm1d(8), new nn.Tanh(), new nn.Linear(8, 3));
/** Weights in one group, the rest (biases, BatchNorm's affine) in another with a smaller lr and no weight decay. */
function groups(model: nn.Module, lr2: number): Groups {
  const named = model.namedParameters();
  return [
    { params: named.filter(([n]) => n.endsWith("weight") && !n.startsWith("1.")).map(([, p]) => p) },
    { params: named.filter(([n]) => !n.endsWith("weight") || n.startsWith("1.")).map(([, p]) => p), lr: lr2, weightDecay: 0 },
  ];
}

describe("resume from a checkpoint written mid-training", () => {
  test.each(OPTIMIZERS)("%s: steps 6–10 after loading the step-5 checkpoint match the uninterrupted run bit for bit", (_name, make) => {
    const before = memoryStats();
    manualSeed(3);
    const x = randn([16, 4]), y = randint(0, 3, [16]);
    const train = (model: nn.Module, opt: optim.Optimizer, steps: number) =>
      Array.from({ length: steps }, () => scope(() => {
        opt.zeroGrad();
        const loss = F.crossEntropy(model.forward(x) as Tensor, y);
        loss.backward();
        opt.step();
        return loss.item();
      }));

    const a = makeModel();
    const optA = make(groups(a, 0.005));
    train(a, optA, 5);
    const bytes = io.saveCheckpoint({ model: a.stateDict(), optimizer: optA.stateDict(), metadata: { epoch: "5" } });
    const lossesA = train(a, optA, 5);

    manualSeed(99); // other initial weights and another lr: the checkpoint must override both
    const b = makeModel();
    const optB = make(groups(b, 0.5));
    scope(() => {
      const ckpt = io.loadCheckpoint(bytes);
      expect(ckpt.metadata).toEqual({ epoch: "5" });
      expect(Object.keys(ckpt.model)).toEqual(Object.keys(b.stateDict()));
      b.loadStateDict(ckpt.model);
      optB.loadStateDict(ckpt.optimizer!);
      // what was loaded saves to the same bytes
      const again = io.saveCheckpoint({ model: b.stateDict(), optimizer: optB.stateDict(), metadata: { epoch: "5" } });
      expect(again).toEqual(bytes);
    });
    expect(optB.paramGroups.map((g) => g.lr)).toEqual(optA.paramGroups.map((g) => g.lr));
    const lossesB = train(b, optB, 5);

    expect(lossesB).toEqual(lossesA);
    const sa = a.stateDict(), sb = b.stateDict();
    for (const k of Object.keys(sa)) expect(sb[k].dataSync(), k).toEqual(sa[k].dataSync());
    for (const t of [x, y]) t.dispose();
    for (const o of [optA, optB]) o.dispose();
    for (const m of [a, b]) m.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });
});

describe("the checkpoint layout", () => {
  test("Adam amsgrad: tensors under optimizer.state.<i>.<name>, parameters numbered across groups, numbers and groups as JSON", () => {
    const before = memoryStats();
    const model = makeModel();
    const opt = new optim.Adam(groups(model, 0.005), { lr: 0.01, amsgrad: true });
    scope(() => {
      F.crossEntropy(model.forward(randn([5, 4])) as Tensor, randint(0, 3, [5])).backward();
      opt.step();
      opt.step();
    });
    const bytes = io.saveCheckpoint({ model: model.stateDict(), optimizer: opt.stateDict() });
    const meta = io.loadSafetensorsMetadata(bytes);
    // group 0: 0.weight, 3.weight (indices 0, 1); group 1: 0.bias, 1.weight, 1.bias, 3.bias (2–5)
    expect(JSON.parse(meta["optimizer.param_groups"])).toEqual([
      { lr: 0.01, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, maximize: false, params: [0, 1] },
      { lr: 0.005, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: true, maximize: false, params: [2, 3, 4, 5] },
    ]);
    expect(JSON.parse(meta["optimizer.state"])).toEqual(Object.fromEntries([0, 1, 2, 3, 4, 5].map((i) => [i, { step: 2 }])));
    scope(() => {
      const tensors = io.loadSafetensors(bytes);
      expect(Object.keys(tensors).filter((k) => k.startsWith("optimizer."))).toEqual(
        [0, 1, 2, 3, 4, 5].flatMap((i) => ["expAvg", "expAvgSq", "maxExpAvgSq"].map((n) => `optimizer.state.${i}.${n}`)),
      );
      expect(tensors["optimizer.state.1.expAvg"].shape).toEqual([3, 8]); // 3.weight
      expect(tensors["optimizer.state.1.expAvg"].dataSync()).toEqual((opt.state.get(model.namedParameters()[4][1])!.expAvg as Tensor).dataSync());
      expect(Object.keys(tensors).filter((k) => !k.startsWith("optimizer."))).toEqual(Object.keys(model.stateDict()));
    });
    opt.dispose();
    model.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });

  test("a model-only checkpoint, and a plain safetensors file, load with optimizer null", () => {
    const model = makeModel();
    scope(() => {
      const ckpt = io.loadCheckpoint(io.saveCheckpoint({ model: model.stateDict() }));
      expect(ckpt.optimizer).toBeNull();
      expect(ckpt.metadata).toEqual({});
      const plain = io.loadCheckpoint(io.saveSafetensors(model.stateDict(), { format: "pt" }));
      expect(Object.keys(plain.model)).toEqual(Object.keys(model.stateDict()));
      expect(plain.metadata).toEqual({ format: "pt" });
      expect(plain.optimizer).toBeNull();
    });
    model.dispose();
  });

  test("an optimizer-only checkpoint holds no model tensors; parameters without state are absent", () => {
    const p = randn([3], { requiresGrad: true }), q = randn([2], { requiresGrad: true });
    const opt = new optim.SGD([p, q], { lr: 0.1, momentum: 0.9 });
    p.grad = randn([3]);
    opt.step();
    scope(() => {
      const ckpt = io.loadCheckpoint(io.saveCheckpoint({ optimizer: opt.stateDict() }));
      expect(ckpt.model).toEqual({});
      expect(Object.keys(ckpt.optimizer!.state)).toEqual(["0"]);
      expect(Object.keys(ckpt.optimizer!.state[0])).toEqual(["momentumBuffer"]);
    });
    opt.dispose();
    for (const t of [p, q]) t.dispose();
  });
});
