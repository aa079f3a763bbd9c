// fit() and evaluate(): the same steps as a hand-written loop, history and metrics, validation in eval mode, callbacks
// (stopping, async), several inputs, loss modules, progress text, and no arena growth.
import { beforeAll, expect, test } from "vitest";
import {
  F, Generator, type Tensor, accuracy, data, evaluate, fit, init, manualSeed, memoryStats, nn, optim, randn, scope, tensor, terminalWriter,
} from "simdgrad";

beforeAll(async () => {
  await init();
});

/** 3 classes that a small MLP separates: y = argmax(x·w) for a fixed w. */
function problem(n: number, seed: number) {
  manualSeed(seed);
  const x = randn([n, 6]);
  const y = scope(() => x.matmul(randn([6, 3])).argmax(1));
  return { x, y };
}

const mlp = () => new nn.Sequential(new nn.Linear(6, 16), new nn.ReLU(), new nn.Linear(16, 3));
const loaderOf = (x: Tensor, y: Tensor, batchSize = 16, shuffle = true) =>
  new data.DataLoader(new data.TensorDataset(x, y), { batchSize, shuffle, generator: new Generator(3) });

test("fit takes exactly the steps of the hand-written loop (same losses, same weights)", async () => {
  const { x, y } = problem(80, 1);
  manualSeed(5);
  const a = mlp();
  const optA = new optim.Adam(a.parameters(), { lr: 0.02 });
  const fitted: number[] = [];
  await fit(a, loaderOf(x, y), { epochs: 2, optimizer: optA, loss: F.crossEntropy, verbose: false, onBatch: (b) => void fitted.push(b.loss) });

  manualSeed(5);
  const b = mlp();
  const optB = new optim.Adam(b.parameters(), { lr: 0.02 });
  const manual: number[] = [];
  const loader = loaderOf(x, y);
  for (let e = 0; e < 2; e++) {
    for (const [xb, yb] of loader) {
      manual.push(scope(() => {
        const l = F.crossEntropy(b.forward(xb), yb);
        optB.zeroGrad();
        l.backward();
        optB.step();
        return l.item();
      }));
    }
  }
  expect(fitted).toHaveLength(10);
  expect(fitted).toEqual(manual);
  expect(a.stateDict()["2.weight"].toArray()).toEqual(b.stateDict()["2.weight"].toArray());
  for (const t of [a, b, optA, optB, x, y]) t.dispose();
});

test("history: per-epoch sample-weighted loss and metrics, validation too; the model learns; the arena does not grow", async () => {
  const all = problem(300, 2);
  const train = { x: all.x.slice(0, 0, 200), y: all.y.slice(0, 0, 200) }, val = { x: all.x.slice(0, 200), y: all.y.slice(0, 200) };
  manualSeed(0);
  const model = mlp();
  const opt = new optim.Adam(model.parameters(), { lr: 0.02 });
  const inUse: number[] = [];
  const batchLosses: number[][] = [[], [], [], []];
  const batchSizes: number[] = [];
  const history = await fit(model, loaderOf(train.x, train.y, 64), {
    epochs: 4, optimizer: opt, loss: F.crossEntropy, metrics: { accuracy }, validation: loaderOf(val.x, val.y, 30, false), verbose: false,
    onBatch: (b) => {
      batchLosses[b.epoch - 1].push(b.loss);
      if (b.epoch === 1) batchSizes.push(b.size);
      expect(b).toEqual({ epoch: b.epoch, epochs: 4, batch: b.batch, batches: 4, loss: b.loss, size: b.size, metrics: { accuracy: expect.any(Number) } });
    },
    onEpoch: (e) => {
      inUse.push(memoryStats().bytesInUse);
      expect(e.history.loss).toHaveLength(e.epoch);
      expect(e.valLoss).toBe(e.history.valLoss[e.epoch - 1]);
      expect(e.seconds).toBeGreaterThanOrEqual(0);
    },
  });
  expect(batchSizes).toEqual([64, 64, 64, 8]);
  const weighted = batchLosses[0].reduce((s, l, i) => s + l * batchSizes[i], 0) / 200;
  expect(history.loss[0]).toBeCloseTo(weighted, 12);
  expect(Object.keys(history)).toEqual(["loss", "metrics", "valLoss", "valMetrics"]);
  for (const series of [history.loss, history.metrics.accuracy, history.valLoss, history.valMetrics.accuracy]) expect(series).toHaveLength(4);
  expect(history.loss[3]).toBeLessThan(history.loss[0]);
  expect(history.valLoss[3]).toBeLessThan(history.valLoss[0]);
  expect(history.valMetrics.accuracy[3]).toBeGreaterThan(0.8);
  const direct = evaluate(model, loaderOf(val.x, val.y, 100, false), { loss: F.crossEntropy, metrics: { accuracy } });
  expect(direct.loss).toBeCloseTo(history.valLoss[3], 6);
  expect(direct.metrics.accuracy).toBe(history.valMetrics.accuracy[3]);
  expect(new Set(inUse.slice(1)).size).toBe(1); // flat from the second epoch on (Adam's state is made in the first)
  for (const t of [model, opt, all.x, all.y, train.x, train.y, val.x, val.y]) t.dispose();
});

test("validation runs in eval mode without gradients; fit leaves the model training, evaluate restores its mode", async () => {
  const { x, y } = problem(40, 4);
  const model = new nn.Sequential(new nn.Linear(6, 8), new nn.Dropout(0.5), new nn.Linear(8, 3));
  const seen: boolean[] = [];
  const probe = new (class extends nn.Module {
    inner = model;
    forward(t: Tensor) {
      seen.push(this.training);
      return this.inner.forward(t);
    }
  })();
  const opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const h = await fit(probe, loaderOf(x, y, 20), { epochs: 2, optimizer: opt, loss: F.crossEntropy, validation: [[x, y]], verbose: false });
  expect(seen).toEqual([true, true, false, true, true, false]);
  expect(probe.training).toBe(true);
  expect(model.parameters().every((p) => p.grad !== null)).toBe(true);
  // eval mode: dropout is off, so validation is deterministic and equals evaluate()
  expect(evaluate(probe, [[x, y]], { loss: F.crossEntropy }).loss).toBe(h.valLoss[1]);
  probe.eval();
  evaluate(probe, [[x, y]], { loss: F.crossEntropy });
  expect(probe.training).toBe(false);
  for (const t of [model, x, y]) t.dispose();
});

test("callbacks: false from onBatch stops after that batch, false from onEpoch after that epoch; promises are awaited", async () => {
  const { x, y } = problem(64, 5);
  const model = mlp();
  const opt = new optim.SGD(model.parameters(), { lr: 0.05 });
  const order: string[] = [];
  let h = await fit(model, loaderOf(x, y), {
    epochs: 3, optimizer: opt, loss: F.crossEntropy, verbose: false,
    onBatch: async (b) => {
      await new Promise((r) => setTimeout(r, 1));
      order.push(`b${b.epoch}.${b.batch}`);
      return !(b.epoch === 2 && b.batch === 2);
    },
    onEpoch: (e) => void order.push(`e${e.epoch}`),
  });
  expect(order).toEqual(["b1.1", "b1.2", "b1.3", "b1.4", "e1", "b2.1", "b2.2", "e2"]);
  expect(h.loss).toHaveLength(2);
  h = await fit(model, loaderOf(x, y), { epochs: 5, optimizer: opt, loss: F.crossEntropy, verbose: false, onEpoch: (e) => e.epoch < 2 });
  expect(h.loss).toHaveLength(2);
  // early stopping the usual way
  const stopper = new nn.utils.EarlyStopping({ patience: 0 });
  h = await fit(model, loaderOf(x, y), { epochs: 50, optimizer: new optim.SGD(model.parameters(), { lr: 5 }), loss: F.crossEntropy, verbose: false, validation: [[x, y]], onEpoch: (e) => !stopper.step(e.valLoss as number) });
  expect(h.loss.length).toBeLessThan(50);
  for (const t of [model, x, y]) t.dispose();
});

test("several inputs ([...inputs, target] batches), a loss module, and batches from any iterable", async () => {
  manualSeed(6);
  const a = randn([32, 3]), b = randn([32, 2]), target = randn([32, 1]);
  const model = new (class extends nn.Module {
    fa = new nn.Linear(3, 1);
    fb = new nn.Linear(2, 1);
    forward(x1: Tensor, x2: Tensor) {
      return this.fa.forward(x1).add(this.fb.forward(x2));
    }
  })();
  const batches = new data.DataLoader(new data.TensorDataset(a, b, target), { batchSize: 8 });
  const h = await fit(model, batches, { epochs: 3, optimizer: new optim.SGD(model.parameters(), { lr: 0.1 }), loss: new nn.MSELoss(), verbose: false });
  expect(h.loss[2]).toBeLessThan(h.loss[0]);
  const once = evaluate(model, [[a, b, target]], { loss: F.mseLoss });
  expect(once.loss).toBeCloseTo(scope(() => F.mseLoss(model.forward(a, b), target).item()), 6);
  for (const t of [model, a, b, target]) t.dispose();
});

test("progress text: one line per epoch to a write function, with metrics and validation; loaders without a length too", async () => {
  const { x, y } = problem(48, 7);
  const model = mlp();
  const out: string[] = [];
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  await fit(model, loaderOf(x, y), { epochs: 2, optimizer: opt, loss: F.crossEntropy, metrics: { accuracy }, validation: [[x, y]], verbose: (s) => void out.push(s) });
  const lines = out.join("").split("\n");
  expect(lines).toHaveLength(3);
  expect(lines[2]).toBe("");
  for (const [i, line] of lines.slice(0, 2).entries()) {
    expect(line).toMatch(new RegExp(`^epoch ${i + 1}/2 \\[█{24}\\] 3/3 loss \\d\\.\\d{4} accuracy \\d\\.\\d{4} val loss \\d\\.\\d{4} val accuracy \\d\\.\\d{4} \\d+ samples/s \\d+:\\d\\d$`));
  }
  out.length = 0;
  const generator = () => [[x.slice(0, 0, 24), y.slice(0, 0, 24)], [x.slice(0, 24), y.slice(0, 24)]];
  await fit(model, { [Symbol.iterator]: () => generator()[Symbol.iterator]() }, { optimizer: opt, loss: F.crossEntropy, verbose: (s) => void out.push(s) });
  expect(out.join("")).toMatch(/^epoch 1\/1 2 batches loss \d\.\d{4}\n$/);
  for (const t of [model, opt, x, y]) t.dispose();
});

test("terminalWriter finds standard output in Node and Deno, and none in a browser", () => {
  const w = terminalWriter();
  const browser = typeof (globalThis as { document?: unknown }).document !== "undefined";
  expect(w === null).toBe(browser);
  if (w) expect(typeof w.write).toBe("function");
});

test("accuracy: class indices, one-hot targets", () => {
  scope(() => {
    const out = tensor([[2, 1, 0], [0, 3, 1], [0, 0, 5], [1, 0, 0]]);
    expect(accuracy(out, tensor([0, 1, 1, 2], { dtype: "int32" }))).toBe(0.5);
    expect(accuracy(out, tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0]]))).toBe(1);
  });
});
