// Layers: train/eval behaviour, running statistics, state-dict keys, Embedding padding, containers' naming, init seeding.
import { beforeAll, describe, expect, test } from "vitest";
import { F, Generator, type Tensor, init, manualSeed, memoryStats, nn, ones, randn, scope, tensor, zeros } from "simdgrad";

beforeAll(async () => {
  await init();
});

const int = (...v: number[]) => tensor(new Int32Array(v));
const close = (t: Tensor | null, want: number[], digits = 5) => {
  const got = Array.from(t!.dataSync());
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => expect(g).toBeCloseTo(want[i], digits));
};

describe("BatchNorm", () => {
  // channel means 3, 30; unbiased variances 14/3, 1400/3
  let x: Tensor;
  beforeAll(() => {
    x = tensor([[1, 10], [2, 20], [3, 30], [6, 60]]);
  });

  test("training: batch statistics, running stats updated with the unbiased variance, batches counted", () => {
    const bn = new nn.BatchNorm1d(2);
    const y = bn.forward(x);
    // (x − mean)/√(biased var + eps): biased variances 3.5 and 350
    close(y.slice(1, 0, 1).reshape([-1]), [-2, -1, 0, 3].map((v) => v / Math.sqrt(3.5 + 1e-5)));
    close(bn.runningMean, [0.3, 3]);
    close(bn.runningVar, [0.9 + (0.1 * 14) / 3, 0.9 + (0.1 * 1400) / 3], 4);
    expect(bn.numBatchesTracked!.dtype).toBe("int32");
    expect(bn.numBatchesTracked!.item()).toBe(1);
    bn.forward(x);
    close(bn.runningMean, [0.3 * 0.9 + 0.3, 3 * 0.9 + 3]);
    expect(bn.numBatchesTracked!.item()).toBe(2);
  });

  test("eval: running statistics, nothing updated", () => {
    const bn = new nn.BatchNorm1d(2, { eps: 0 });
    bn.loadStateDict({ running_mean: tensor([1, 10]), running_var: tensor([4, 100]) }, { strict: false });
    bn.eval();
    close(bn.forward(x), [0, 0, 0.5, 1, 1, 2, 2.5, 5]);
    close(bn.runningMean, [1, 10]);
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });

  test("momentum null is a cumulative average over the batches seen", () => {
    const bn = new nn.BatchNorm1d(2, { momentum: null });
    bn.forward(x);
    bn.forward(x.mul(3));
    close(bn.runningMean, [(3 + 9) / 2, (30 + 90) / 2], 4);
  });

  test("trackRunningStats false: no buffers, batch statistics in eval mode too", () => {
    const bn = new nn.BatchNorm1d(2, { trackRunningStats: false, affine: false });
    expect(bn.buffers()).toEqual([]);
    expect(bn.parameters()).toEqual([]);
    const train = bn.forward(x).dataSync();
    expect(Array.from(bn.eval().forward(x).dataSync())).toEqual(Array.from(train));
  });

  test("[N, C, L] input: statistics over N and L; BatchNorm2d on images", () => {
    const x3 = randn([4, 3, 5]);
    const y = new nn.BatchNorm1d(3).forward(x3);
    for (let c = 0; c < 3; c++) {
      const ch = y.slice(1, c, c + 1);
      expect(ch.mean().item()).toBeCloseTo(0, 5);
      expect(ch.var(undefined, { unbiased: false }).item()).toBeCloseTo(1, 3);
    }
    expect(new nn.BatchNorm2d(3).forward(randn([2, 3, 4, 4])).shape).toEqual([2, 3, 4, 4]);
  });

  test("state dict keys are PyTorch's, buffers after parameters", () => {
    class Net extends nn.Module {
      fc = new nn.Linear(3, 2, { bias: false });
      bn = new nn.BatchNorm1d(2);
      forward(x: Tensor) { return this.bn.forward(this.fc.forward(x)); }
    }
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual(["fc.weight", "bn.weight", "bn.bias", "bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
    expect(net.namedBuffers().map((e) => e[0])).toEqual(["bn.running_mean", "bn.running_var", "bn.num_batches_tracked"]);
    expect(Object.keys(new nn.Sequential(new nn.Linear(2, 2), new nn.BatchNorm1d(2)).stateDict())).toEqual(
      ["0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var", "1.num_batches_tracked"],
    );
    // a round trip carries the running statistics and the batch count
    const a = new Net();
    a.forward(randn([5, 3]));
    const b = new Net();
    b.loadStateDict(a.stateDict());
    expect(Array.from(b.bn.runningVar!.dataSync())).toEqual(Array.from(a.bn.runningVar!.dataSync()));
    expect(b.bn.numBatchesTracked!.item()).toBe(1);
    expect(b.eval().forward(tensor([[1, 2, 3]])).toArray()).toEqual(a.eval().forward(tensor([[1, 2, 3]])).toArray());
  });

  test("a training step in a scope leaves the arena flat", () => {
    const model = new nn.Sequential(new nn.Linear(6, 8), new nn.BatchNorm1d(8), new nn.ReLU(), new nn.Dropout(0.2), new nn.LayerNorm(8));
    const xb = randn([5, 6]);
    const step = () => scope(() => model.forward(xb).square().mean().backward());
    step();
    model.zeroGrad({ setToNone: false });
    const before = memoryStats();
    for (let i = 0; i < 5; i++) step();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  });
});

describe("LayerNorm", () => {
  test("normalises the trailing dims; weight ones, bias zeros; options", () => {
    const ln = new nn.LayerNorm([2, 2], { eps: 0 });
    close(ln.forward(tensor([[[1, 2], [3, 4]]])), [-3, -1, 1, 3].map((v) => v / Math.sqrt(5)));
    expect(ln.parameters().map((p) => p.shape)).toEqual([[2, 2], [2, 2]]);
    expect(new nn.LayerNorm(4, { bias: false }).bias).toBeNull();
    expect(new nn.LayerNorm(4, { elementwiseAffine: false }).parameters()).toEqual([]);
    expect(ln.toString()).toBe("LayerNorm([2, 2], eps=0, elementwiseAffine=true)");
  });

  test("a broadcast upstream gradient: Σ of a normalised row is constant, so dx = 0", () => {
    const x = randn([3, 6], { requiresGrad: true });
    F.layerNorm(x, 6).sum().backward();
    expect(Math.max(...x.grad!.dataSync().map(Math.abs))).toBeLessThan(1e-5);
    const y = randn([4, 2, 3], { requiresGrad: true });
    F.batchNorm(y, null, null, null, null, { training: true }).mean().backward();
    expect(Math.max(...y.grad!.dataSync().map(Math.abs))).toBeLessThan(1e-6);
  });
});

describe("Dropout", () => {
  test("training masks and scales, eval is the identity, the same seed gives the same mask", () => {
    const x = ones([1000]);
    const d = new nn.Dropout(0.25);
    manualSeed(5);
    const a = d.forward(x).dataSync();
    expect([...new Set(a)].sort()).toEqual([0, Math.fround(1 / 0.75)]);
    manualSeed(5);
    expect(Array.from(d.forward(x).dataSync())).toEqual(Array.from(a));
    d.eval();
    expect(Array.from(d.forward(x).dataSync())).toEqual(Array.from(x.dataSync()));
    expect(d.toString()).toBe("Dropout(p=0.25)");
  });

  test("a given generator decides the mask and leaves the default one alone", () => {
    const x = ones([64]);
    manualSeed(1);
    const first = F.dropout(x, { p: 0.5 }).dataSync();
    const own = F.dropout(x, { p: 0.5, generator: new Generator(42) }).dataSync();
    expect(Array.from(F.dropout(x, { p: 0.5, generator: new Generator(42) }).dataSync())).toEqual(Array.from(own));
    manualSeed(1);
    F.dropout(x, { p: 0.5, generator: new Generator(42) });
    expect(Array.from(F.dropout(x, { p: 0.5 }).dataSync())).toEqual(Array.from(first));
    const m = new nn.Dropout(0.5, { generator: new Generator(42) });
    expect(Array.from(m.forward(x).dataSync())).toEqual(Array.from(own));
  });

  test("p = 1 zeroes everything (and its gradient)", () => {
    const x = ones([10], { requiresGrad: true });
    const y = F.dropout(x, { p: 1 });
    expect(Array.from(y.dataSync())).toEqual(new Array(10).fill(0));
    y.sum().backward();
    expect(Array.from(x.grad!.dataSync())).toEqual(new Array(10).fill(0));
  });
});

describe("Embedding", () => {
  test("N(0,1) init with the padding row zeroed; lookups of any index shape", () => {
    const e = new nn.Embedding(10, 3, { paddingIdx: -2 });
    expect(e.paddingIdx).toBe(8);
    expect(e.weight.slice(0, 8, 9).toArray()).toEqual([[0, 0, 0]]);
    expect(e.forward(int(8, 1, 8).reshape([3, 1])).shape).toEqual([3, 1, 3]);
    expect(e.forward(int(4).reshape([])).shape).toEqual([3]);
    expect(e.toString()).toBe("Embedding(10, 3, paddingIdx=8)");
  });

  test("no gradient flows into the padding row, repeated indices accumulate", () => {
    const e = new nn.Embedding(4, 2, { paddingIdx: 0 });
    e.forward(int(0, 2, 0, 2, 3)).mul(tensor([[1, 2], [3, 4], [5, 6], [7, 8], [9, 10]])).sum().backward();
    expect(e.weight.grad!.toArray()).toEqual([[0, 0], [0, 0], [10, 12], [9, 10]]);
  });

  test("fromPretrained copies the table and freezes it unless asked", () => {
    const w = tensor([[1, 2], [3, 4]]);
    const frozen = nn.Embedding.fromPretrained(w);
    expect(frozen.forward(int(1)).toArray()).toEqual([[3, 4]]);
    expect(frozen.weight.requiresGrad).toBe(false);
    expect(nn.Embedding.fromPretrained(w, { freeze: false }).weight.requiresGrad).toBe(true);
    expect(Object.keys(frozen.stateDict())).toEqual(["weight"]);
  });
});

describe("containers", () => {
  test("ModuleList: children 0, 1, …; push, insert, at, iteration; nested names", () => {
    const list = new nn.ModuleList([new nn.Linear(2, 3), new nn.ReLU()]);
    list.push(new nn.Linear(3, 1));
    list.insert(1, new nn.Tanh());
    expect(list.length).toBe(4);
    expect([...list].map((m) => m.constructor.name)).toEqual(["Linear", "Tanh", "ReLU", "Linear"]);
    expect(list.at(-1)).toBe(list[3]);
    expect(list.namedChildren().map((e) => e[0])).toEqual(["0", "1", "2", "3"]);
    class Net extends nn.Module {
      layers = list;
      forward(x: Tensor) {
        let h = x;
        for (const m of this.layers) h = m.forward(h) as Tensor;
        return h;
      }
    }
    const net = new Net();
    expect(net.namedParameters().map((e) => e[0])).toEqual(["layers.0.weight", "layers.0.bias", "layers.3.weight", "layers.3.bias"]);
    expect(net.forward(ones([5, 2])).shape).toEqual([5, 1]);
    expect(net.getSubmodule("layers.3")).toBe(list[3]);
    expect(() => list.forward()).toThrow(/ModuleList: has no forward/);
  });

  test("ModuleDict: children under their keys in insertion order; get, set, pop", () => {
    const heads = new nn.ModuleDict({ cls: new nn.Linear(4, 3), box: new nn.Linear(4, 2) });
    heads.set("7", new nn.Linear(4, 1)); // integer-like keys keep insertion order too
    class Net extends nn.Module {
      heads = heads;
      forward(x: Tensor) { return this.heads.get("cls").forward(x) as Tensor; }
    }
    const net = new Net();
    expect(Object.keys(net.stateDict())).toEqual(["heads.cls.weight", "heads.cls.bias", "heads.box.weight", "heads.box.bias", "heads.7.weight", "heads.7.bias"]);
    expect([...heads]).toEqual(["cls", "box", "7"]);
    expect(heads.size).toBe(3);
    heads.pop("box");
    expect(heads.keys()).toEqual(["cls", "7"]);
    expect(heads.has("box")).toBe(false);
    expect(net.toString()).toBe(
      "Net(\n  (heads): ModuleDict(\n    (cls): Linear(inFeatures=4, outFeatures=3, bias=true)\n    (7): Linear(inFeatures=4, outFeatures=1, bias=true)\n  )\n)",
    );
  });

  test("Sequential appends and indexes like a ModuleList; an empty one passes input and gradient through", () => {
    const seq = new nn.Sequential(new nn.Linear(2, 2));
    seq.append(new nn.Identity()).append(new nn.Flatten(0));
    expect(seq.forward(ones([3, 2])).shape).toEqual([6]);
    const x = ones([2], { requiresGrad: true });
    new nn.Sequential().forward(x).mul(3).sum().backward();
    expect(x.grad!.toArray()).toEqual([3, 3]);
  });
});

describe("Module", () => {
  test("registerParameter, registerModule, non-persistent buffers, shared modules", () => {
    class Net extends nn.Module {
      shared = new nn.Linear(2, 2);
      constructor() {
        super();
        this.registerParameter("scale", ones([1]));
        this.registerParameter("offset", null);
        this.registerModule("again", this.shared);
        this.registerBuffer("cache", zeros([2]), { persistent: false });
      }
      forward(x: Tensor) { return x; }
    }
    const net = new Net();
    expect(net.namedModules().map((e) => e[0])).toEqual(["", "shared"]);
    expect(net.namedParameters().map((e) => e[0])).toEqual(["scale", "shared.weight", "shared.bias"]);
    // as PyTorch: a shared module's state appears under each name; non-persistent buffers stay out
    expect(Object.keys(net.stateDict())).toEqual(["scale", "shared.weight", "shared.bias", "again.weight", "again.bias"]);
    expect(net.namedBuffers().map((e) => e[0])).toEqual(["cache"]);
    expect(() => net.getSubmodule("shared.x")).toThrow(/getSubmodule: Linear has no child "x"/);
  });

  test("train() reaches children through their own train()", () => {
    const calls: boolean[] = [];
    class Spy extends nn.Identity {
      train(mode = true) { calls.push(mode); return super.train(mode); }
    }
    const seq = new nn.Sequential(new Spy(), new nn.Dropout());
    seq.eval();
    expect(calls).toEqual([false]);
    expect(seq[1].training).toBe(false);
  });

  test("layers: Identity keeps the gradient, Unflatten, Threshold", () => {
    const x = tensor([-1, 0.5, 2], { requiresGrad: true });
    new nn.Identity(1, "ignored").forward(x).sum().backward();
    expect(x.grad!.toArray()).toEqual([1, 1, 1]);
    expect(new nn.Unflatten(1, [2, -1]).forward(ones([3, 8, 5])).shape).toEqual([3, 2, 4, 5]);
    expect(new nn.Unflatten(-1, [1, 2]).forward(ones([2])).shape).toEqual([1, 2]);
    expect(new nn.Threshold(0.1, 20).forward(x).toArray()).toEqual([20, 0.5, 2]);
  });
});

describe("nn.init", () => {
  test("the same seed gives the same weights; a given generator is used instead of the default one", () => {
    manualSeed(3);
    const a = new nn.Linear(5, 4).weight.toArray();
    manualSeed(3);
    expect(new nn.Linear(5, 4).weight.toArray()).toEqual(a);
    const t = zeros([4, 5]);
    expect(nn.init.kaimingNormal(t, { generator: new Generator(9) }).toArray()).toEqual(nn.init.kaimingNormal(zeros([4, 5]), { generator: new Generator(9) }).toArray());
  });

  test("calculateGain and fans", () => {
    expect(nn.init.calculateGain("relu")).toBeCloseTo(Math.SQRT2);
    expect(nn.init.calculateGain("tanh")).toBeCloseTo(5 / 3);
    expect(nn.init.calculateGain("leakyRelu")).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)));
    expect(nn.init.calculateGain("leakyRelu", 0.2)).toBeCloseTo(Math.sqrt(2 / 1.04));
    expect(nn.init.calculateGain("selu")).toBe(0.75);
    expect(nn.init.calculateGain("convTranspose2d")).toBe(1);
    expect(nn.init.calculateFanInAndFanOut(zeros([8, 3, 5, 5]))).toEqual([75, 200]);
  });

  test("initialisers fill strided views in place; zero-element tensors are a no-op", () => {
    const t = zeros([3, 4]);
    nn.init.constant(t.slice(1, 1, 3), 7);
    expect(t.toArray()).toEqual([[0, 7, 7, 0], [0, 7, 7, 0], [0, 7, 7, 0]]);
    nn.init.uniform(t.transpose(0, 1).slice(0, 0, 1), 1, 2);
    expect((t.toArray() as number[][]).map((r) => r[0] >= 1)).toEqual([true, true, true]);
    expect(nn.init.xavierUniform(zeros([0, 3])).shape).toEqual([0, 3]);
    expect(nn.init.kaimingUniform(zeros([3, 0])).shape).toEqual([3, 0]);
  });
});
