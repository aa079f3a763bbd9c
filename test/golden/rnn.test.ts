// PyTorch golden cases for recurrent layers: nn.LSTM and nn.GRU as given (batch first), time-major, and stepped by cells;
// then the project's own PyTorch fixtures for stacked, bidirectional and Elman layers and the cells.
import { type Tensor, nn, stack, transpose } from "simdgrad";
import { expect } from "vitest";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import rnnFixtures from "../fixtures/torch/rnn.json";
import gruJ from "./gru.json";
import lstmJ from "./lstm.json";

const g = (j: unknown) => j as GoldenFile;
/** The same file under another name, for a second line over the same cases. */
const as = (j: unknown, name: string) => ({ ...g(j), file: name });

/**
 * Puts the case's tensors in place of a module's parameters (so their gradients land on them): the golden files name
 * them weight_ih… (`sfx` "_l0" for the layer's names, "" for a cell's); the fixtures use the state-dict names (null).
 */
function useWeights(m: nn.Module, ins: Record<string, Tensor>, sfx: string | null): void {
  const target = m as unknown as Record<string, Tensor | null>;
  for (const [name] of m.namedParameters()) {
    const from = sfx === null ? name : name.replace(sfx, "");
    if (!(from in ins)) throw new Error(`no input for parameter ${name}`);
    target[name]?.dispose();
    target[name] = ins[from];
  }
}

const opts = (p: Record<string, any>, batchFirst = p.batch_first) => ({ bias: p.bias, batchFirst, numLayers: p.num_layers });

goldenOp(g(lstmJ), (ins, p) => {
  const m = new nn.LSTM(p.input_size, p.hidden_size, opts(p));
  useWeights(m, ins, "_l0");
  const [out, [h_n, c_n]] = m.forward(ins.x, [ins.h0, ins.c0]);
  return { out, h_n, c_n };
});
goldenOp(g(gruJ), (ins, p) => {
  const m = new nn.GRU(p.input_size, p.hidden_size, opts(p));
  useWeights(m, ins, "_l0");
  const [out, h_n] = m.forward(ins.x, ins.h0);
  return { out, h_n };
});

// time-major: the same cases through batchFirst = false on x transposed to [T, N, I]
goldenOp(as(lstmJ, "lstm (time-major)"), (ins, p) => {
  const m = new nn.LSTM(p.input_size, p.hidden_size, opts(p, false));
  useWeights(m, ins, "_l0");
  const [out, [h_n, c_n]] = m.forward(transpose(ins.x, 0, 1), [ins.h0, ins.c0]);
  return { out: transpose(out, 0, 1), h_n, c_n };
});
goldenOp(as(gruJ, "gru (time-major)"), (ins, p) => {
  const m = new nn.GRU(p.input_size, p.hidden_size, opts(p, false));
  useWeights(m, ins, "_l0");
  const [out, h_n] = m.forward(transpose(ins.x, 0, 1), ins.h0);
  return { out: transpose(out, 0, 1), h_n };
});

// cells: one step at a time over x[:, t]
const step = (x: Tensor, t: number) => x.slice(1, t, t + 1).reshape([x.shape[0], x.shape[2]]);
const first = (s: Tensor) => s.reshape(s.shape.slice(1));
goldenOp(as(lstmJ, "lstm (nn.LSTMCell)"), (ins, p) => {
  const cell = new nn.LSTMCell(p.input_size, p.hidden_size, { bias: p.bias });
  useWeights(cell, ins, "");
  let h = first(ins.h0), c = first(ins.c0);
  const hs: Tensor[] = [];
  for (let t = 0; t < ins.x.shape[1]; t++) {
    [h, c] = cell.forward(step(ins.x, t), [h, c]);
    hs.push(h);
  }
  return { out: stack(hs, 1), h_n: h.unsqueeze(0), c_n: c.unsqueeze(0) };
});
goldenOp(as(gruJ, "gru (nn.GRUCell)"), (ins, p) => {
  const cell = new nn.GRUCell(p.input_size, p.hidden_size, { bias: p.bias });
  useWeights(cell, ins, "");
  let h = first(ins.h0);
  const hs: Tensor[] = [];
  for (let t = 0; t < ins.x.shape[1]; t++) hs.push((h = cell.forward(step(ins.x, t), h)));
  return { out: stack(hs, 1), h_n: h.unsqueeze(0) };
});

// ---- PyTorch fixtures (scripts/rnn-fixtures.py): stacked, bidirectional, RNN tanh/relu, unbatched, cells ----------

const MODULES = { lstm: nn.LSTM, gru: nn.GRU, rnn: nn.RNN, lstm_cell: nn.LSTMCell, gru_cell: nn.GRUCell, rnn_cell: nn.RNNCell };
goldenOp(g(rnnFixtures), (ins, p, c): Record<string, Tensor> => {
  const o: Record<string, unknown> = {};
  for (const [k, v] of [["num_layers", "numLayers"], ["bias", "bias"], ["batch_first", "batchFirst"], ["bidirectional", "bidirectional"], ["nonlinearity", "nonlinearity"]]) {
    if (k in p) o[v] = p[k];
  }
  const m = new (MODULES[c.op as keyof typeof MODULES] as new (i: number, h: number, o: unknown) => nn.Module)(p.input_size, p.hidden_size, o);
  expect(Object.keys(m.stateDict())).toEqual(p.state_dict_keys); // PyTorch's names, in PyTorch's order
  useWeights(m, ins, null);
  const lstm = c.op.startsWith("lstm"), state = ins.h0 ? (lstm ? [ins.h0, ins.c0] : ins.h0) : null;
  const res = (m as unknown as { forward(x: Tensor, s: unknown): any }).forward(ins.x, state);
  if (c.op.endsWith("_cell")) return lstm ? { h_n: res[0], c_n: res[1] } : { h_n: res };
  return lstm ? { out: res[0], h_n: res[1][0], c_n: res[1][1] } : { out: res[0], h_n: res[1] };
});
