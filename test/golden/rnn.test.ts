// PyTorch golden cases for recurrent layers: nn.LSTM and nn.GRU as given (batch first), time-major, and stepped by cells.
import { type Tensor, nn, stack, transpose } from "simdgrad";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import gruJ from "./gru.json";
import lstmJ from "./lstm.json";

const g = (j: unknown) => j as GoldenFile;
/** The same file under another name, for a second line over the same cases. */
const as = (j: unknown, name: string) => ({ ...g(j), file: name });

/** Puts the case's tensors in place of a module's parameters (so their gradients land on them); `sfx` "_l0" or "". */
function useWeights(m: nn.Module, ins: Record<string, Tensor>, sfx: string): void {
  const target = m as unknown as Record<string, Tensor | null>;
  for (const name of ["weight_ih", "weight_hh", "bias_ih", "bias_hh"]) {
    if (!(name in ins)) continue;
    target[name + sfx]?.dispose();
    target[name + sfx] = ins[name];
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
