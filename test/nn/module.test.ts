// nn.Module: registration by property in assignment order, PyTorch state_dict keys, modes, zeroGrad, repr.
import { beforeAll, describe, expect, test } from "vitest";
import { type Tensor, init, nn, ones, tensor, zeros } from "simdgrad";

beforeAll(async () => {
  await init();
});

class Net extends nn.Module {
  fc1 = new nn.Linear(4, 3);
  act = new nn.ReLU();
  head = new nn.Sequential(new nn.Linear(3, 2), new nn.Tanh(), new nn.Linear(2, 1, { bias: false }));
  scale: Tensor;
  constructor() {
    super();
    this.scale = nn.Parameter(ones([1]));
    this.registerBuffer("steps", zeros([1]));
  }
  forward(x: Tensor) {
    return this.head.forward(this.act.forward(this.fc1.forward(x))).mul(this.scale);
  }
}

describe("Module", () => {
  test("parameters and state dict use PyTorch's names in assignment order, buffers included", () => {
    const net = new Net();
    // as PyTorch: a module's own parameters (then buffers) come before its children's
    expect(net.namedParameters().map((e) => e[0])).toEqual(["scale", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias", "head.2.weight"]);
    expect(Object.keys(net.stateDict())).toEqual(["scale", "steps", "fc1.weight", "fc1.bias", "head.0.weight", "head.0.bias", "head.2.weight"]);
    expect(net.namedBuffers().map((e) => e[0])).toEqual(["steps"]);
    expect(net.numParameters()).toBe(12 + 3 + 6 + 2 + 2 + 1);
    expect(net.namedModules().map((e) => e[0])).toEqual(["", "fc1", "act", "head", "head.0", "head.1", "head.2"]);
  });

  test("loadStateDict copies values; a round trip reproduces outputs", () => {
    const a = new Net(), b = new Net();
    const x = tensor([[1, -2, 3, 0.5]]);
    expect(a.forward(x).item()).not.toBe(b.forward(x).item());
    b.loadStateDict(a.stateDict());
    expect(b.forward(x).item()).toBe(a.forward(x).item());
    const r = b.loadStateDict({ "fc1.weight": zeros([3, 4]) }, { strict: false });
    expect(r.missingKeys).toContain("fc1.bias");
    expect(b.fc1.weight.toArray()).toEqual([[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]);
  });

  test("train/eval reach every descendant; apply visits children first", () => {
    const net = new Net().eval();
    expect(net.modules().every((m) => !m.training)).toBe(true);
    net.train();
    expect(net.head.training).toBe(true);
    const order: string[] = [];
    net.head.apply((m) => order.push(m.constructor.name));
    expect(order).toEqual(["Linear", "Tanh", "Linear", "Sequential"]);
  });

  test("zeroGrad drops gradients (or zeroes them in place)", () => {
    const net = new Net();
    net.forward(tensor([[1, 2, 3, 4]])).sum().backward();
    expect(net.fc1.weight.grad).not.toBeNull();
    net.zeroGrad({ setToNone: false });
    expect(net.fc1.bias!.grad!.toArray()).toEqual([0, 0, 0]);
    net.zeroGrad();
    expect(net.parameters().every((p) => p.grad === null)).toBe(true);
  });

  test("Linear's default init is U(-1/sqrt(in), 1/sqrt(in))", () => {
    const l = new nn.Linear(400, 300);
    const w = l.weight.dataSync();
    const bound = 1 / Math.sqrt(400);
    expect(Math.max(...w)).toBeLessThanOrEqual(bound);
    expect(Math.min(...w)).toBeGreaterThanOrEqual(-bound);
    expect(Math.max(...w)).toBeGreaterThan(bound * 0.99);
    const mean = Array.from(w).reduce((s, v) => s + v, 0) / w.length;
    expect(Math.abs(mean)).toBeLessThan(bound / 50);
  });

  test("toString is a readable tree", () => {
    expect(new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU()).toString()).toBe(
      "Sequential(\n  (0): Linear(inFeatures=2, outFeatures=3, bias=true)\n  (1): ReLU()\n)",
    );
  });
});

describe("dispose", () => {
  test("Module.dispose and Optimizer.dispose free parameters and state", async () => {
    const { memoryStats, optim, scope } = await import("simdgrad");
    const before = memoryStats().bytesInUse;
    const m = new nn.Linear(30, 20);
    const opt = new optim.Adam(m.parameters());
    scope(() => m.forward(ones([2, 30])).sum().backward());
    opt.step();
    m.dispose();
    opt.dispose();
    expect(memoryStats().bytesInUse).toBe(before);
  });
});

describe("strided gradients", () => {
  test("zeroGrad and gradient clipping update a strided .grad element by element", async () => {
    const { nn: n, tensor: t } = await import("simdgrad");
    const p = n.Parameter(t([1, 2]));
    const base = t([5, 6, 7, 8]);
    p.grad = base.slice(0, 0, 4, 2); // [5, 7], stride 2
    n.utils.clipGradValue([p], 6);
    expect(base.toArray()).toEqual([5, 6, 6, 8]);
    n.utils.clipGradNorm([p], 1);
    expect(base.dataSync()[1]).toBe(6);
    const holder = new n.Sequential();
    (holder as unknown as Record<string, unknown>).p = p;
    holder.zeroGrad({ setToNone: false });
    expect(base.toArray()).toEqual([0, 6, 0, 8]);
  });
});
