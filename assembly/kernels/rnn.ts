// Fused recurrent-cell kernels, reference (__scalar) variants: one time step's gate nonlinearities and state update for a
// batch (forward), and the gate gradients from the saved activations (backward). The matrix products around them are
// GEMMs done by the caller. Pointers are byte addresses; b counts batch rows, h hidden units. Row-major layouts:
// LSTM gates [b, 4h] in PyTorch's order i, f, g, o; GRU gates [b, 3h] in order r, z, n; states [b, h].
import { gruUnit, gruUnitBwd, lstmUnit, lstmUnitBwd } from "../lib/rnn";

/**
 * LSTM step: gates (in: pre-activations x·W_ihᵀ + h'·W_hhᵀ + biases; out: activations i, f, g, o), c = f·c' + i·g,
 * y = o·tanh c. cPrev, c, y are [b, h]; gates is updated in place.
 */
export function f32_lstm_cell__scalar(b: usize, h: usize, gates: usize, cPrev: usize, c: usize, y: usize): void {
  const hb = h << 2;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 4 * hb, s = r * hb;
    for (let j: usize = 0; j < hb; j += 4) lstmUnit(hb, g + j, cPrev + s + j, c + s + j, y + s + j);
  }
}

/**
 * LSTM step backward: from the activations (gates), c and c', the output gradient gy and the recurrent gradient dh
 * ([b, h], read), writes the pre-activation gradients dGates [b, 4h] and replaces dc (in: dL/dc, out: dL/dc').
 * With t = tanh c, dy = gy + dh, dc ← dc + dy·o(1 − t²): di = dc·g·i(1 − i), df = dc·c'·f(1 − f), dg = dc·i(1 − g²),
 * do = dy·t·o(1 − o), dc' = dc·f.
 */
export function f32_lstm_cell_bwd__scalar(b: usize, h: usize, gates: usize, c: usize, cPrev: usize, gy: usize, dh: usize, dc: usize, dGates: usize): void {
  const hb = h << 2;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 4 * hb, dg = dGates + r * 4 * hb, s = r * hb;
    for (let j: usize = 0; j < hb; j += 4) lstmUnitBwd(hb, g + j, c + s + j, cPrev + s + j, gy + s + j, dh + s + j, dc + s + j, dg + j);
  }
}

/**
 * GRU step: gates (in: x·W_ihᵀ + b_ih; out: activations r, z, n), hProj = h'·W_hhᵀ [b, 3h] (no bias), bHh [3h]:
 * r = σ(gr + pr + br), z = σ(gz + pz + bz), a = pn + bn, n = tanh(gn + r·a), y = n + z·(h' − n). a is saved into
 * aN [b, h] for the backward pass; hPrev and y are [b, h].
 */
export function f32_gru_cell__scalar(b: usize, h: usize, gates: usize, hProj: usize, bHh: usize, hPrev: usize, aN: usize, y: usize): void {
  const hb = h << 2;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 3 * hb, p = hProj + r * 3 * hb, s = r * hb;
    for (let j: usize = 0; j < hb; j += 4) gruUnit(hb, g + j, p + j, bHh + j, hPrev + s + j, aN + s + j, y + s + j);
  }
}

/**
 * GRU step backward: from the activations (gates), aN and h', the output gradient gy and dh (in: recurrent gradient;
 * out: dy·z, the part of dL/dh' not through W_hh), writes the input-side pre-activation gradients dX = (dr, dz, dn)
 * and the hidden-side ones dP = (dr, dz, dn·r), both [b, 3h]. dy = gy + dh, dn = dy(1 − z)(1 − n²),
 * dz = dy(h' − n)·z(1 − z), dr = dn·a·r(1 − r).
 */
export function f32_gru_cell_bwd__scalar(b: usize, h: usize, gates: usize, aN: usize, hPrev: usize, gy: usize, dh: usize, dX: usize, dP: usize): void {
  const hb = h << 2;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 3 * hb, dx = dX + r * 3 * hb, dp = dP + r * 3 * hb, s = r * hb;
    for (let j: usize = 0; j < hb; j += 4) gruUnitBwd(hb, g + j, aN + s + j, hPrev + s + j, gy + s + j, dh + s + j, dx + j, dp + j);
  }
}
