// One hidden unit of the fused recurrent-cell kernels (kernels/rnn.ts, the tails of kernels/rnn.simd.ts), scalar f32.
// Inlined; not exported from the builds. hb is the byte distance between gate blocks of one row (hidden size · 4).
import { sigmoidf } from "./math";

/**
 * LSTM forward: g holds the pre-activations of gates i, f, g, o at g, g + hb, g + 2hb, g + 3hb and receives their
 * activations; c = f·c' + i·g, y = o·tanh(c) (c' read at cp).
 */
// @ts-ignore: decorator
@inline export function lstmUnit(hb: usize, g: usize, cp: usize, c: usize, y: usize): void {
  const i = sigmoidf(load<f32>(g)), f = sigmoidf(load<f32>(g + hb));
  const gg = Mathf.tanh(load<f32>(g + 2 * hb)), o = sigmoidf(load<f32>(g + 3 * hb));
  const cv = f * load<f32>(cp) + i * gg;
  store<f32>(g, i);
  store<f32>(g + hb, f);
  store<f32>(g + 2 * hb, gg);
  store<f32>(g + 3 * hb, o);
  store<f32>(c, cv);
  store<f32>(y, o * Mathf.tanh(cv));
}

/**
 * LSTM backward from the saved activations i, f, g, o (at g…), the cell state c and the previous one c': with
 * t = tanh c, dy = go + dh, dc ← dc + dy·o·(1 − t²): d(i, f, g, o) pre-activations = (dc·g·i(1 − i), dc·c'·f(1 − f),
 * dc·i·(1 − g²), dy·t·o(1 − o)) into dg…, and dc ← dc·f (the gradient for c').
 */
// @ts-ignore: decorator
@inline export function lstmUnitBwd(hb: usize, g: usize, c: usize, cp: usize, go: usize, dh: usize, dc: usize, dg: usize): void {
  const i = load<f32>(g), f = load<f32>(g + hb), gg = load<f32>(g + 2 * hb), o = load<f32>(g + 3 * hb);
  const t = Mathf.tanh(load<f32>(c));
  const dy = load<f32>(go) + load<f32>(dh);
  const dcv = load<f32>(dc) + dy * o * (1 - t * t);
  store<f32>(dg, dcv * gg * (i * (1 - i)));
  store<f32>(dg + hb, dcv * load<f32>(cp) * (f * (1 - f)));
  store<f32>(dg + 2 * hb, dcv * i * (1 - gg * gg));
  store<f32>(dg + 3 * hb, dy * t * (o * (1 - o)));
  store<f32>(dc, dcv * f);
}

/**
 * GRU forward: g holds x·W_iᵀ + b_i for gates r, z, n and receives their activations; p holds h'·W_hᵀ (no bias) and
 * b the hidden bias b_h, both per gate. r = σ(g_r + p_r + b_r), z = σ(g_z + p_z + b_z), a = p_n + b_n (saved at an),
 * n = tanh(g_n + r·a), y = n + z·(h' − n) (PyTorch's form of (1 − z)·n + z·h').
 */
// @ts-ignore: decorator
@inline export function gruUnit(hb: usize, g: usize, p: usize, b: usize, hp: usize, an: usize, y: usize): void {
  const r = sigmoidf(load<f32>(g) + (load<f32>(p) + load<f32>(b)));
  const z = sigmoidf(load<f32>(g + hb) + (load<f32>(p + hb) + load<f32>(b + hb)));
  const a = load<f32>(p + 2 * hb) + load<f32>(b + 2 * hb);
  const n = Mathf.tanh(load<f32>(g + 2 * hb) + r * a);
  const h = load<f32>(hp);
  store<f32>(g, r);
  store<f32>(g + hb, z);
  store<f32>(g + 2 * hb, n);
  store<f32>(an, a);
  store<f32>(y, n + z * (h - n));
}

/**
 * GRU backward from the saved activations r, z, n, the saved a = W_hn·h' + b_hn and h': with dy = go + dh,
 * dn = dy·(1 − z)·(1 − n²), dz = dy·(h' − n)·z(1 − z), dr = dn·a·r(1 − r): the input-side pre-activation gradients
 * (dr, dz, dn) into dx…, the hidden-side ones (dr, dz, dn·r) into dp…, and dh ← dy·z (the direct part of dh').
 */
// @ts-ignore: decorator
@inline export function gruUnitBwd(hb: usize, g: usize, an: usize, hp: usize, go: usize, dh: usize, dx: usize, dp: usize): void {
  const r = load<f32>(g), z = load<f32>(g + hb), n = load<f32>(g + 2 * hb);
  const dy = load<f32>(go) + load<f32>(dh);
  const dn = dy * (1 - z) * (1 - n * n);
  const dz = dy * (load<f32>(hp) - n) * (z * (1 - z));
  const dr = dn * load<f32>(an) * (r * (1 - r));
  store<f32>(dx, dr);
  store<f32>(dx + hb, dz);
  store<f32>(dx + 2 * hb, dn);
  store<f32>(dp, dr);
  store<f32>(dp + hb, dz);
  store<f32>(dp + 2 * hb, dn * r);
  store<f32>(dh, dy * z);
}
