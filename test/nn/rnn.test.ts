// Recurrent modules: parameters and shapes, layouts, states, dropout, state dicts, lifetimes and the no-per-step-allocation
// guarantee (the numerics are in test/golden/rnn.test.ts and test/autograd/rnn.gradcheck.test.ts).
import { beforeAll, describe, expect, test } from "vitest";
import { type Tensor, init, manualSeed, memoryStats, nn, noGrad, optim, F, randn, scope, zeros } from "simdgrad";
import { currentRuntime } from "../../src/backend/runtime";

beforeAll(async () => {
  await init();
});

const shapes = (m: nn.Module) => Object.fromEntries(m.namedParameters().map(([n, p]) => [n, p.shape]));
const close = (a: Tensor, b: Tensor, tol = 1e-6) => {
  expect(a.shape).toEqual(b.shape);
  const x = a.dataSync(), y = b.dataSync();
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i] - y[i]), `element ${i}: ${x[i]} vs ${y[i]}`).toBeLessThanOrEqual(tol);
};

describe("parameters", () => {
  test("LSTM: PyTorch's names, order and shapes; layer 1 reads both directions", () => {
    const m = new nn.LSTM(3, 5, { numLayers: 2, bidirectional: true });
    expect(shapes(m)).toEqual({
      weight_ih_l0: [20, 3], weight_hh_l0: [20, 5], bias_ih_l0: [20], bias_hh_l0: [20],
      weight_ih_l0_reverse: [20, 3], weight_hh_l0_reverse: [20, 5], bias_ih_l0_reverse: [20], bias_hh_l0_reverse: [20],
      weight_ih_l1: [20, 10], weight_hh_l1: [20, 5], bias_ih_l1: [20], bias_hh_l1: [20],
      weight_ih_l1_reverse: [20, 10], weight_hh_l1_reverse: [20, 5], bias_ih_l1_reverse: [20], bias_hh_l1_reverse: [20],
    });
    expect(Object.keys(m.stateDict())).toEqual(Object.keys(shapes(m)));
    expect(m.weight_ih_l0.shape).toEqual([20, 3]);
    m.dispose();
  });

  test("GRU and RNN gate counts, no biases without bias; cells", () => {
    expect(shapes(new nn.GRU(4, 6, { bias: false }))).toEqual({ weight_ih_l0: [18, 4], weight_hh_l0: [18, 6] });
    expect(shapes(new nn.RNN(4, 6, { numLayers: 2 }))).toEqual({
      weight_ih_l0: [6, 4], weight_hh_l0: [6, 6], bias_ih_l0: [6], bias_hh_l0: [6],
      weight_ih_l1: [6, 6], weight_hh_l1: [6, 6], bias_ih_l1: [6], bias_hh_l1: [6],
    });
    expect(shapes(new nn.LSTMCell(3, 2))).toEqual({ weight_ih: [8, 3], weight_hh: [8, 2], bias_ih: [8], bias_hh: [8] });
    expect(shapes(new nn.GRUCell(3, 2, { bias: false }))).toEqual({ weight_ih: [6, 3], weight_hh: [6, 2] });
    expect(shapes(new nn.RNNCell(3, 2, { nonlinearity: "relu" }))).toEqual({ weight_ih: [2, 3], weight_hh: [2, 2], bias_ih: [2], bias_hh: [2] });
  });

  test("the same seed gives the same initial weights", () => {
    manualSeed(3);
    const a = new nn.GRU(2, 3).weight_hh_l0.toArray();
    manualSeed(3);
    expect(new nn.GRU(2, 3).weight_hh_l0.toArray()).toEqual(a);
  });

  test("toString", () => {
    expect(String(new nn.LSTM(10, 20, { numLayers: 2, batchFirst: true, bidirectional: true }))).toBe("LSTM(10, 20, numLayers=2, batchFirst=true, bidirectional=true)");
    expect(String(new nn.RNN(2, 3, { nonlinearity: "relu", dropout: 0.5 }))).toBe("RNN(2, 3, dropout=0.5, nonlinearity=relu)");
    expect(String(new nn.GRUCell(4, 5, { bias: false }))).toBe("GRUCell(4, 5, bias=false)");
  });
});

describe("shapes and layouts", () => {
  test("time-major, batch-first and unbatched inputs give the same numbers in their own layouts", () => scope(() => {
    manualSeed(1);
    const tm = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true });
    const bf = new nn.LSTM(3, 4, { numLayers: 2, bidirectional: true, batchFirst: true });
    bf.loadStateDict(tm.stateDict());
    const x = randn([5, 2, 3]), h0 = randn([4, 2, 4]), c0 = randn([4, 2, 4]);
    const [o1, [h1, c1]] = tm.forward(x, [h0, c0]);
    const [o2, [h2, c2]] = bf.forward(x.transpose(0, 1), [h0, c0]);
    expect(o1.shape).toEqual([5, 2, 8]);
    expect(o2.shape).toEqual([2, 5, 8]);
    expect(h1.shape).toEqual([4, 2, 4]);
    close(o2.transpose(0, 1), o1, 0);
    close(h2, h1, 0);
    close(c2, c1, 0);
    // unbatched: sample 1 alone, states [layers·dirs, H]
    const [o3, [h3, c3]] = tm.forward(x.slice(1, 1, 2).reshape([5, 3]), [h0.slice(1, 1, 2).reshape([4, 4]), c0.slice(1, 1, 2).reshape([4, 4])]);
    expect(o3.shape).toEqual([5, 8]);
    expect(h3.shape).toEqual([4, 4]);
    close(o3, o1.slice(1, 1, 2).reshape([5, 8]));
    close(c3, c1.slice(1, 1, 2).reshape([4, 4]));
    tm.dispose();
    bf.dispose();
  }));

  test("hN is the output of the last step processed: step T−1 forward, step 0 in reverse", () => scope(() => {
    const m = new nn.GRU(2, 3, { bidirectional: true });
    const [out, h] = m.forward(randn([4, 2, 2]));
    close(h.slice(0, 0, 1).reshape([2, 3]), out.slice(0, 3, 4).slice(2, 0, 3).reshape([2, 3]), 0);
    close(h.slice(0, 1, 2).reshape([2, 3]), out.slice(0, 0, 1).slice(2, 3, 6).reshape([2, 3]), 0);
    m.dispose();
  }));

  test("absent initial states are zeros", () => scope(() => {
    const lstm = new nn.LSTM(2, 3, { numLayers: 2 }), gru = new nn.GRU(2, 3), rnn = new nn.RNN(2, 3);
    const x = randn([3, 2, 2]), z = zeros([2, 2, 3]);
    close(lstm.forward(x)[0], lstm.forward(x, [z, z])[0], 0);
    close(lstm.forward(x, null)[1][1], lstm.forward(x, [null, null])[1][1], 0);
    close(gru.forward(x)[0], gru.forward(x, zeros([1, 2, 3]))[0], 0);
    close(rnn.forward(x)[1], rnn.forward(x, zeros([1, 2, 3]))[1], 0);
    for (const m of [lstm, gru, rnn]) m.dispose();
  }));

  test("a cell stepped through a sequence equals the one-layer module with its weights", () => scope(() => {
    const cell = new nn.RNNCell(3, 4, { nonlinearity: "relu" }), layer = new nn.RNN(3, 4, { nonlinearity: "relu", batchFirst: true });
    layer.loadStateDict({ weight_ih_l0: cell.weight_ih, weight_hh_l0: cell.weight_hh, bias_ih_l0: cell.bias_ih!, bias_hh_l0: cell.bias_hh! });
    const x = randn([2, 5, 3]);
    let h: Tensor | null = null;
    for (let t = 0; t < 5; t++) h = cell.forward(x.slice(1, t, t + 1).reshape([2, 3]), h);
    close(h!, layer.forward(x)[1].reshape([2, 4]));
    cell.dispose();
    layer.dispose();
  }));

  test("an empty batch gives empty outputs and gradients", () => scope(() => {
    const m = new nn.GRU(3, 4, { bidirectional: true });
    const x = zeros([5, 0, 3]).detach();
    x.requiresGrad = true;
    const [out, h] = m.forward(x);
    expect([out.shape, h.shape]).toEqual([[5, 0, 8], [2, 0, 4]]);
    out.sum().add(h.sum()).backward();
    expect(x.grad!.shape).toEqual([5, 0, 3]);
    m.dispose();
  }));
});

describe("dropout between layers", () => {
  test("only in training mode, not after the last layer, reproducible with manualSeed", () => scope(() => {
    const m = new nn.LSTM(3, 4, { numLayers: 2, dropout: 0.5 });
    const plain = new nn.LSTM(3, 4, { numLayers: 2 });
    plain.loadStateDict(m.stateDict());
    const x = randn([4, 2, 3]);
    manualSeed(5);
    const a = m.forward(x)[0];
    manualSeed(5);
    close(m.forward(x)[0], a, 0);
    expect(Math.max(...a.sub(plain.forward(x)[0]).abs().dataSync())).toBeGreaterThan(1e-3);
    m.eval();
    close(m.forward(x)[0], plain.forward(x)[0], 0);
    // one layer: nothing to drop
    const one = new nn.GRU(3, 4, { dropout: 0.5 }), onePlain = new nn.GRU(3, 4);
    onePlain.loadStateDict(one.stateDict());
    close(one.forward(x)[0], onePlain.forward(x)[0], 0);
    for (const mod of [m, plain, one, onePlain]) mod.dispose();
  }));
});

describe("lifetimes and memory", () => {
  test("noGrad inference keeps no graph and frees everything in a scope", () => {
    const m = new nn.LSTM(4, 8, { numLayers: 2, bidirectional: true });
    const x = randn([6, 3, 4]);
    const before = memoryStats();
    noGrad(() => scope(() => {
      const [out] = m.forward(x);
      expect(out.requiresGrad).toBe(false);
    }));
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
    m.dispose();
    x.dispose();
  });

  test("a training loop does not grow the arena", () => {
    manualSeed(0);
    const m = new nn.GRU(3, 6, { numLayers: 2, dropout: 0.2, batchFirst: true }), head = new nn.Linear(6, 1);
    const opt = new optim.Adam([...m.parameters(), ...head.parameters()], { lr: 1e-2 });
    const x = randn([4, 7, 3]), y = randn([4, 1]);
    const step = () => scope(() => {
      const [, h] = m.forward(x);
      const loss = F.mseLoss(head.forward(h.slice(0, 1, 2).reshape([4, 6])), y);
      opt.zeroGrad();
      loss.backward();
      nn.utils.clipGradNorm(m.parameters(), 1);
      opt.step();
    });
    for (let i = 0; i < 3; i++) step();
    const warm = memoryStats();
    for (let i = 0; i < 20; i++) step();
    expect(memoryStats().bytesInUse).toBe(warm.bytesInUse);
    expect(memoryStats().tensors).toBe(warm.tensors);
  });

  test("forward and backward allocate per call, not per time step", () => {
    const rt = currentRuntime()!;
    const m = new nn.LSTM(5, 7, { bidirectional: true });
    const count = (T: number) => scope(() => {
      m.zeroGrad(); // (accumulating into an existing .grad allocates the sum)
      const x = randn([T, 3, 5]).detach();
      x.requiresGrad = true;
      const original = rt.arena.alloc;
      let n = 0;
      rt.arena.alloc = (bytes: number) => (n++, original.call(rt.arena, bytes));
      try {
        const [out, [h, c]] = m.forward(x);
        out.sum().add(h.sum()).add(c.sum()).backward();
      } finally {
        rt.arena.alloc = original;
      }
      return n;
    });
    expect(count(40)).toBe(count(2));
    m.dispose();
  });
});
