// Gradient checks of the recurrent layers over what the golden files do not cover: stacked and bidirectional layers,
// both layouts, one-step sequences, hidden sizes around the SIMD width, absent initial states, outputs used in part.
import { type Tensor, cat, manualSeed, nn } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

/**
 * A module whose parameters (in PyTorch's order) are replaced by `ws`·(1/√hidden), so gradcheck differentiates them
 * at the scale PyTorch initialises them to (standard-normal weights would saturate the gates and make the finite
 * differences of a multi-layer recurrence measure curvature rather than the gradient).
 */
function withWeights<M extends nn.Module & { hiddenSize: number }>(m: M, ws: Tensor[], scale = 1 / Math.sqrt(m.hiddenSize)): M {
  const named = m.namedParameters();
  if (named.length !== ws.length) throw new Error(`expected ${named.length} weights, got ${ws.length}`);
  named.forEach(([name, p], i) => {
    p.dispose();
    (m as unknown as Record<string, Tensor>)[name] = ws[i].mul(scale);
  });
  return m;
}
/** The flattened tensors joined into one vector. */
const joined = (...ts: Tensor[]) => cat(ts.map((t) => t.reshape([-1])), 0);
/** Shapes of the parameters of a stack, in PyTorch's order. */
function shapes(gates: number, inputSize: number, hidden: number, layers: number, dirs: number, bias = true): number[][] {
  const out: number[][] = [];
  for (let l = 0; l < layers; l++) {
    for (let d = 0; d < dirs; d++) {
      out.push([gates * hidden, l === 0 ? inputSize : dirs * hidden], [gates * hidden, hidden]);
      if (bias) out.push([gates * hidden], [gates * hidden]);
    }
  }
  return out;
}

checkGrad("LSTM 2 layers, bidirectional, batchFirst, with [h0, c0], hidden 3",
  (x, h0, c0, ...ws) => {
    const m = withWeights(new nn.LSTM(5, 3, { numLayers: 2, bidirectional: true, batchFirst: true }), ws);
    const [out, [h, c]] = m.forward(x, [h0, c0]);
    return joined(out, h, c);
  }, [[2, 3, 5], [4, 2, 3], [4, 2, 3], ...shapes(4, 5, 3, 2, 2)]);

checkGrad("LSTM one time step, time-major, no initial state, hidden 5",
  (x, ...ws) => {
    const [out, [h, c]] = withWeights(new nn.LSTM(3, 5), ws).forward(x);
    return joined(out, h, c);
  }, [[1, 2, 3], ...shapes(4, 3, 5, 1, 1)]);

checkGrad("LSTM hidden 8 (whole vectors), only hN and cN used, reverse direction through a 2-layer stack",
  (x, h0, c0, ...ws) => {
    const [, [h, c]] = withWeights(new nn.LSTM(2, 8, { numLayers: 2, bidirectional: true }), ws).forward(x, [h0, c0]);
    return joined(h, c.mul(h));
  }, [[3, 1, 2], [4, 1, 8], [4, 1, 8], ...shapes(4, 2, 8, 2, 2)]);

checkGrad("LSTM without bias, unbatched input [T, I], only the output used",
  (x, h0, c0, ...ws) => withWeights(new nn.LSTM(4, 6, { bias: false }), ws).forward(x, [h0, c0])[0],
  [[5, 4], [1, 6], [1, 6], ...shapes(4, 4, 6, 1, 1, false)]);

checkGrad("LSTM 3 layers with dropout 0.4 between them (fixed seed), batchFirst, hidden 9",
  (x, ...ws) => {
    manualSeed(11);
    const [out, [h]] = withWeights(new nn.LSTM(3, 9, { numLayers: 3, dropout: 0.4, batchFirst: true }), ws).forward(x);
    return joined(out, h);
  }, [[2, 4, 3], ...shapes(4, 3, 9, 3, 1)]);

checkGrad("GRU 2 layers, bidirectional, time-major, with h0, hidden 6",
  (x, h0, ...ws) => {
    const [out, h] = withWeights(new nn.GRU(3, 6, { numLayers: 2, bidirectional: true }), ws).forward(x, h0);
    return joined(out, h);
  }, [[4, 2, 3], [4, 2, 6], ...shapes(3, 3, 6, 2, 2)]);

checkGrad("GRU one time step, batchFirst, no h0, hidden 9",
  (x, ...ws) => {
    const [out, h] = withWeights(new nn.GRU(4, 9, { batchFirst: true }), ws).forward(x);
    return joined(out, h.square());
  }, [[3, 1, 4], ...shapes(3, 4, 9, 1, 1)]);

checkGrad("GRU without bias, only hN used, hidden 4",
  (x, h0, ...ws) => withWeights(new nn.GRU(2, 4, { bias: false }), ws).forward(x, h0)[1],
  [[5, 2, 2], [1, 2, 4], ...shapes(3, 2, 4, 1, 1, false)]);

checkGrad("RNN tanh 2 layers, bidirectional, batchFirst, with h0, hidden 5",
  (x, h0, ...ws) => {
    const [out, h] = withWeights(new nn.RNN(3, 5, { numLayers: 2, bidirectional: true, batchFirst: true }), ws).forward(x, h0);
    return joined(out, h);
  }, [[2, 3, 3], [4, 2, 5], ...shapes(1, 3, 5, 2, 2)]);

// standard-normal weights here: ReLU does not saturate, and larger pre-activations stay clear of its kink
checkGrad("RNN relu, one layer, no h0, hidden 7",
  (x, ...ws) => {
    const [out, h] = withWeights(new nn.RNN(4, 7, { nonlinearity: "relu" }), ws, 1).forward(x);
    return joined(out, h);
  }, [[3, 2, 4], ...shapes(1, 4, 7, 1, 1)]);

checkGrad("LSTMCell with [h, c], hidden 5",
  (x, h, c, ...ws) => joined(...withWeights(new nn.LSTMCell(3, 5), ws).forward(x, [h, c])),
  [[2, 3], [2, 5], [2, 5], ...shapes(4, 3, 5, 1, 1)]);

checkGrad("LSTMCell unbatched, no state, without bias",
  (x, ...ws) => joined(...withWeights(new nn.LSTMCell(4, 3, { bias: false }), ws).forward(x)),
  [[4], ...shapes(4, 4, 3, 1, 1, false)]);

checkGrad("GRUCell with h, hidden 6", (x, h, ...ws) => withWeights(new nn.GRUCell(3, 6), ws).forward(x, h),
  [[3, 3], [3, 6], ...shapes(3, 3, 6, 1, 1)]);

checkGrad("RNNCell tanh unbatched with h, relu without", (x, h, ...ws) => {
  const tanhOut = withWeights(new nn.RNNCell(2, 3), ws.slice(0, 4)).forward(x, h);
  const reluOut = withWeights(new nn.RNNCell(2, 3, { nonlinearity: "relu" }), ws.slice(4), 1).forward(x);
  return joined(tanhOut, reluOut);
}, [[2], [3], ...shapes(1, 2, 3, 1, 1), ...shapes(1, 2, 3, 1, 1)]);
