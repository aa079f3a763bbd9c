// Losses at extreme logits and probabilities (finite values and gradients at their analytic limits), and the nn.*Loss wrappers.
import { F, type Tensor, backward, init, memoryStats, nn, onesLike, supportedIsas, tensor } from "simdgrad";
import { describe, expect, test } from "vitest";

/** Per-element losses (reduction "none") and d Σloss / d input. */
function lossAndGrad(fn: (x: Tensor) => Tensor, xs: number[]): [number[], number[]] {
  const x = tensor(xs, { requiresGrad: true });
  const out = fn(x);
  backward(out, onesLike(out));
  return [Array.from(out.dataSync()), Array.from(x.grad!.dataSync())];
}

function expectNear(got: number[], want: number[], rtol = 1e-6, atol = 1e-6): void {
  expect(got.length).toBe(want.length);
  got.forEach((g, i) => {
    if (!Number.isFinite(want[i])) expect(g, `[${i}]`).toBe(want[i]);
    else expect(Math.abs(g - want[i]), `[${i}] got ${g}, want ${want[i]}`).toBeLessThanOrEqual(atol + rtol * Math.abs(want[i]));
  });
}

const none = { reduction: "none" } as const;
const f32 = (v: number[]) => Array.from(Float32Array.from(v));

for (const isa of supportedIsas()) {
  describe(`loss extremes [${isa}]`, () => {
    test("binaryCrossEntropyWithLogits at logits ±1000 (with posWeight 3)", async () => {
      await init({ isa });
      const y = tensor([1, 0, 1, 0, 1]);
      const [l, g] = lossAndGrad((x) => F.binaryCrossEntropyWithLogits(x, y, { ...none, posWeight: tensor([3]) }), [1000, 1000, -1000, -1000, 0]);
      // −3y·ln σ(x) − (1 − y)·ln(1 − σ(x)); gradient −3y·σ(−x) + (1 − y)·σ(x)
      expectNear(l, [0, 1000, 3000, 0, 3 * Math.LN2]);
      expectNear(g, [0, 1, -3, 0, -1.5]);
    });

    test("binaryCrossEntropy at probabilities 1e-7, 1 − 1e-7 and exactly 0 and 1", async () => {
      await init({ isa });
      const p = f32([1e-7, 1 - 1e-7, 1e-7, 1 - 1e-7, 0, 1, 0, 1, 0.5]);
      const yv = [1, 0, 0, 1, 1, 0, 0, 1, 1];
      const [l, g] = lossAndGrad((x) => F.binaryCrossEntropy(x, tensor(yv), none), p);
      // each log clamped to ≥ −100; PyTorch's gradient (x − y)/max(x(1 − x), 1e-12)
      const clog = (v: number) => Math.max(Math.log(v), -100);
      expectNear(l, p.map((x, i) => -(yv[i] * clog(x) + (1 - yv[i]) * clog(1 - x))), 1e-5);
      expectNear(g, p.map((x, i) => (x - yv[i]) / Math.max(x * (1 - x), Math.fround(1e-12))), 1e-5);
      expect(l[4]).toBe(100);
      expect(g[4]).toBeCloseTo(-1e12, -7);
    });

    test("logCoshLoss at differences ±1000, 0 and 1e-3", async () => {
      await init({ isa });
      const d = [1000, -1000, 300, 0, 1e-3, -50];
      const [l, g] = lossAndGrad((x) => F.logCoshLoss(x, tensor([0, 0, 0, 0, 0, 0]), none), d);
      expectNear(l, d.map((v) => Math.abs(v) + Math.log1p(Math.exp(-2 * Math.abs(v))) - Math.LN2), 1e-6, 2e-7);
      expectNear(g, f32(d).map(Math.tanh), 1e-6, 2e-7);
    });

    for (const gamma of [2, 0.5]) {
      test(`sigmoidFocalLoss at logits ±1000, gamma ${gamma}`, async () => {
        await init({ isa });
        const y = tensor([1, 0, 1, 0]);
        const [l, g] = lossAndGrad((x) => F.sigmoidFocalLoss(x, y, { gamma }), [1000, 1000, -1000, -1000]);
        // right and confident: 0; wrong and confident: α_t·|x|, gradient ∓α_t
        expectNear(l, [0, 750, 250, 0]);
        expectNear(g, [0, 0.75, -0.25, 0]);
      });
    }

    test("hingeLoss and exponentialLoss at margins ±1000", async () => {
      await init({ isa });
      const y = tensor([1, -1, 1, -1]);
      const [hl, hg] = lossAndGrad((x) => F.hingeLoss(x, y, none), [1000, -1000, -1000, 1000]);
      expectNear(hl, [0, 0, 1001, 1001]);
      expectNear(hg, [0, 0, -1, 1]);
      const [el, eg] = lossAndGrad((x) => F.exponentialLoss(x, y, none), [1000, -1000, 0.5, -0.5]);
      expectNear(el, [0, 0, Math.exp(-0.5), Math.exp(-0.5)]);
      expectNear(eg, [0, 0, -Math.exp(-0.5), Math.exp(-0.5)]);
      // e^1000 is past float32's range: the loss is +∞ (not NaN), as its analytic value overflows
      expect(F.exponentialLoss(tensor([-1000]), tensor([1])).item()).toBe(Infinity);
    });

    test("klDiv with zeros in the target and log-probabilities of −1000", async () => {
      await init({ isa });
      const t = tensor([0, 0.25, 0.75], { requiresGrad: true });
      const [l, g] = lossAndGrad((x) => F.klDiv(x, t, none), [-1000, Math.log(0.25), Math.log(0.75)]);
      expectNear(l, [0, 0, 0]);
      expectNear(g, [0, -0.25, -0.75]);
      // d/dt = ln t + 1 − x where t > 0, 0 where t = 0 (PyTorch masks it there)
      expectNear(Array.from(t.grad!.dataSync()), [0, 1, 1], 1e-6, 1e-6);
      const [ll, lg] = lossAndGrad((x) => F.klDiv(x, tensor([-1000, Math.log(0.5)]), { reduction: "none", logTarget: true }), [-3, Math.log(0.5)]);
      expectNear(ll, [0, 0]);
      expectNear(lg, [0, -0.5]);
    });
  });
}

describe("nn loss modules", () => {
  const x = () => tensor([[0.2, -1.5, 3], [0.9, 0.1, -0.4]]);
  const y = () => tensor([[0.5, -1, 1], [0, 0.3, 0.2]]);
  const p = () => tensor([[0.2, 0.5, 0.9], [0.6, 0.1, 0.4]]);
  const s = () => tensor([[1, -1, 1], [-1, -1, 1]]);
  const b = () => tensor([[1, 0, 1], [0, 0, 1]]);
  const cases: [string, () => [nn.Module, Tensor, Tensor, Tensor]][] = [
    ["MSELoss", () => [new nn.MSELoss({ reduction: "sum" }), x(), y(), F.mseLoss(x(), y(), { reduction: "sum" })]],
    ["L1Loss", () => [new nn.L1Loss(), x(), y(), F.l1Loss(x(), y())]],
    ["SmoothL1Loss", () => [new nn.SmoothL1Loss({ beta: 0.5, reduction: "none" }), x(), y(), F.smoothL1Loss(x(), y(), { beta: 0.5, reduction: "none" })]],
    ["HuberLoss", () => [new nn.HuberLoss({ delta: 0.7 }), x(), y(), F.huberLoss(x(), y(), { delta: 0.7 })]],
    ["LogCoshLoss", () => [new nn.LogCoshLoss({ reduction: "sum" }), x(), y(), F.logCoshLoss(x(), y(), { reduction: "sum" })]],
    ["BCELoss", () => [new nn.BCELoss({ weight: tensor([1, 2, 3]) }), p(), b(), F.binaryCrossEntropy(p(), b(), { weight: tensor([1, 2, 3]) })]],
    ["BCEWithLogitsLoss", () => [new nn.BCEWithLogitsLoss({ posWeight: tensor([2, 1, 0.5]) }), x(), b(), F.binaryCrossEntropyWithLogits(x(), b(), { posWeight: tensor([2, 1, 0.5]) })]],
    ["KLDivLoss", () => [new nn.KLDivLoss({ reduction: "batchmean" }), x().logSoftmax(1), p(), F.klDiv(x().logSoftmax(1), p(), { reduction: "batchmean" })]],
    ["HingeLoss", () => [new nn.HingeLoss(), x(), s(), F.hingeLoss(x(), s())]],
    ["ExponentialLoss", () => [new nn.ExponentialLoss({ reduction: "sum" }), x(), s(), F.exponentialLoss(x(), s(), { reduction: "sum" })]],
    ["SigmoidFocalLoss", () => [new nn.SigmoidFocalLoss({ alpha: 0.5, gamma: 1 }), x(), b(), F.sigmoidFocalLoss(x(), b(), { alpha: 0.5, gamma: 1 })]],
    ["NLLLoss", () => [new nn.NLLLoss(), x().logSoftmax(1), tensor(new Int32Array([2, 0])), F.nllLoss(x().logSoftmax(1), tensor(new Int32Array([2, 0])))]],
    ["CrossEntropyLoss", () => [new nn.CrossEntropyLoss({ labelSmoothing: 0.1 }), x(), tensor(new Int32Array([2, 0])), F.crossEntropy(x(), tensor(new Int32Array([2, 0])), { labelSmoothing: 0.1 })]],
  ];
  test.each(cases)("%s forwards to its F function with its options and holds no parameters", async (_name, make) => {
    await init();
    const [m, a, t, want] = make();
    const got = m.forward(a, t) as Tensor;
    expect(got.shape).toEqual(want.shape);
    expect(Array.from(got.dataSync())).toEqual(Array.from(want.dataSync()));
    expect(m.parameters()).toEqual([]);
  });
  test("sigmoidFocalLoss reduces with \"none\" by default (torchvision's default)", async () => {
    await init();
    expect(F.sigmoidFocalLoss(x(), b()).shape).toEqual([2, 3]);
    expect(new nn.SigmoidFocalLoss().forward(x(), b()).shape).toEqual([2, 3]);
    expect(F.binaryCrossEntropyWithLogits(x(), b()).shape).toEqual([]);
  });
});

test("every loss frees its temporaries without a scope: after backward and dispose nothing is left", async () => {
  await init();
  const x = tensor([[0.2, -1.5, 3], [0.9, 0.1, -0.4]], { requiresGrad: true });
  const y = tensor([[0.5, -1, 1], [0, 0.3, 0.2]], { requiresGrad: true });
  const p = tensor([[0.2, 0.5, 0.9], [0.6, 0.1, 0.4]], { requiresGrad: true });
  const s = tensor([[1, -1, 1], [-1, -1, 1]]), b = tensor([[1, 0, 1], [0, 0, 1]]), w = tensor([1, 2, 3]), k = tensor(new Int32Array([2, 0]));
  const calls: [string, () => Tensor][] = [
    ["mseLoss", () => F.mseLoss(x, y)], ["l1Loss", () => F.l1Loss(x, y, { reduction: "sum" })],
    ["smoothL1Loss", () => F.smoothL1Loss(x, y, { beta: 0.5 })], ["huberLoss", () => F.huberLoss(x, y, { delta: 2 })],
    ["logCoshLoss", () => F.logCoshLoss(x, y)], ["binaryCrossEntropy", () => F.binaryCrossEntropy(p, b, { weight: w })],
    ["binaryCrossEntropyWithLogits", () => F.binaryCrossEntropyWithLogits(x, p, { weight: w, posWeight: w })],
    ["klDiv", () => F.klDiv(x, p, { reduction: "batchmean" })], ["klDiv logTarget", () => F.klDiv(x, y, { logTarget: true })],
    ["hingeLoss", () => F.hingeLoss(x, s)], ["exponentialLoss", () => F.exponentialLoss(x, s)],
    ["sigmoidFocalLoss", () => F.sigmoidFocalLoss(x, p, { reduction: "mean", gamma: 0.5 })],
    ["nllLoss", () => F.nllLoss(x, k, { weight: w })], ["crossEntropy", () => F.crossEntropy(x, k, { weight: w })],
    ["crossEntropy label smoothing", () => F.crossEntropy(x, k, { labelSmoothing: 0.1 })],
    ["crossEntropy probabilities", () => F.crossEntropy(x, p, { reduction: "sum", labelSmoothing: 0.2 })],
  ];
  for (const [name, call] of calls) {
    const before = memoryStats();
    const loss = call();
    loss.backward();
    loss.dispose();
    for (const t of [x, y, p]) {
      t.grad?.dispose();
      t.grad = null;
    }
    expect(memoryStats().tensors, name).toBe(before.tensors);
    expect(memoryStats().bytesInUse, name).toBe(before.bytesInUse);
  }
});
