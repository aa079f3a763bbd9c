// Fused recurrent-cell kernels, 128-bit SIMD (__simd) variants of rnn.ts: same signatures and formulas, operation for
// operation, with vector σ and tanh (lib/simd-math.ts, within 2–3 ULP of the reference's); four hidden units per
// vector along each batch row, then the reference's unit for the last h mod 4. No access goes past a row's h units.
import { k, vsigmoid, vtanh } from "../lib/simd-math";
import { gruUnit, gruUnitBwd, lstmUnit, lstmUnitBwd } from "../lib/rnn";

// @ts-ignore: decorator
@inline function sig(x: v128): v128 { return vsigmoid(false, x); }
// @ts-ignore: decorator
@inline function th(x: v128): v128 { return vtanh(false, x); }
/** x·(1 − x) */
// @ts-ignore: decorator
@inline function dsig(x: v128): v128 { return f32x4.mul(x, f32x4.sub(k(1), x)); }
/** 1 − x² */
// @ts-ignore: decorator
@inline function dtanh(x: v128): v128 { return f32x4.sub(k(1), f32x4.mul(x, x)); }

/** LSTM step (see f32_lstm_cell__scalar). */
export function f32_lstm_cell__simd(b: usize, h: usize, gates: usize, cPrev: usize, c: usize, y: usize): void {
  const hb = h << 2, vb = hb & ~15;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 4 * hb, s = r * hb;
    let j: usize = 0;
    for (; j < vb; j += 16) {
      const q = g + j;
      const i = sig(v128.load(q)), f = sig(v128.load(q + hb)), gg = th(v128.load(q + 2 * hb)), o = sig(v128.load(q + 3 * hb));
      const cv = f32x4.add(f32x4.mul(f, v128.load(cPrev + s + j)), f32x4.mul(i, gg));
      v128.store(q, i);
      v128.store(q + hb, f);
      v128.store(q + 2 * hb, gg);
      v128.store(q + 3 * hb, o);
      v128.store(c + s + j, cv);
      v128.store(y + s + j, f32x4.mul(o, th(cv)));
    }
    for (; j < hb; j += 4) lstmUnit(hb, g + j, cPrev + s + j, c + s + j, y + s + j);
  }
}

/** LSTM step backward (see f32_lstm_cell_bwd__scalar). */
export function f32_lstm_cell_bwd__simd(b: usize, h: usize, gates: usize, c: usize, cPrev: usize, gy: usize, dh: usize, dc: usize, dGates: usize): void {
  const hb = h << 2, vb = hb & ~15;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 4 * hb, dg = dGates + r * 4 * hb, s = r * hb;
    let j: usize = 0;
    for (; j < vb; j += 16) {
      const q = g + j, d = dg + j, e = s + j;
      const i = v128.load(q), f = v128.load(q + hb), gg = v128.load(q + 2 * hb), o = v128.load(q + 3 * hb);
      const t = th(v128.load(c + e));
      const dy = f32x4.add(v128.load(gy + e), v128.load(dh + e));
      const dcv = f32x4.add(v128.load(dc + e), f32x4.mul(f32x4.mul(dy, o), dtanh(t)));
      v128.store(d, f32x4.mul(f32x4.mul(dcv, gg), dsig(i)));
      v128.store(d + hb, f32x4.mul(f32x4.mul(dcv, v128.load(cPrev + e)), dsig(f)));
      v128.store(d + 2 * hb, f32x4.mul(f32x4.mul(dcv, i), dtanh(gg)));
      v128.store(d + 3 * hb, f32x4.mul(f32x4.mul(dy, t), dsig(o)));
      v128.store(dc + e, f32x4.mul(dcv, f));
    }
    for (; j < hb; j += 4) lstmUnitBwd(hb, g + j, c + s + j, cPrev + s + j, gy + s + j, dh + s + j, dc + s + j, dg + j);
  }
}

/** GRU step (see f32_gru_cell__scalar). */
export function f32_gru_cell__simd(b: usize, h: usize, gates: usize, hProj: usize, bHh: usize, hPrev: usize, aN: usize, y: usize): void {
  const hb = h << 2, vb = hb & ~15;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 3 * hb, p = hProj + r * 3 * hb, s = r * hb;
    let j: usize = 0;
    for (; j < vb; j += 16) {
      const q = g + j, pj = p + j, bj = bHh + j, e = s + j;
      const rg = sig(f32x4.add(v128.load(q), f32x4.add(v128.load(pj), v128.load(bj))));
      const z = sig(f32x4.add(v128.load(q + hb), f32x4.add(v128.load(pj + hb), v128.load(bj + hb))));
      const a = f32x4.add(v128.load(pj + 2 * hb), v128.load(bj + 2 * hb));
      const n = th(f32x4.add(v128.load(q + 2 * hb), f32x4.mul(rg, a)));
      v128.store(q, rg);
      v128.store(q + hb, z);
      v128.store(q + 2 * hb, n);
      v128.store(aN + e, a);
      v128.store(y + e, f32x4.add(n, f32x4.mul(z, f32x4.sub(v128.load(hPrev + e), n))));
    }
    for (; j < hb; j += 4) gruUnit(hb, g + j, p + j, bHh + j, hPrev + s + j, aN + s + j, y + s + j);
  }
}

/** GRU step backward (see f32_gru_cell_bwd__scalar). */
export function f32_gru_cell_bwd__simd(b: usize, h: usize, gates: usize, aN: usize, hPrev: usize, gy: usize, dh: usize, dX: usize, dP: usize): void {
  const hb = h << 2, vb = hb & ~15;
  for (let r: usize = 0; r < b; r++) {
    const g = gates + r * 3 * hb, dx = dX + r * 3 * hb, dp = dP + r * 3 * hb, s = r * hb;
    let j: usize = 0;
    for (; j < vb; j += 16) {
      const q = g + j, e = s + j;
      const rg = v128.load(q), z = v128.load(q + hb), n = v128.load(q + 2 * hb);
      const dy = f32x4.add(v128.load(gy + e), v128.load(dh + e));
      const dn = f32x4.mul(f32x4.mul(dy, f32x4.sub(k(1), z)), dtanh(n));
      const dz = f32x4.mul(f32x4.mul(dy, f32x4.sub(v128.load(hPrev + e), n)), dsig(z));
      const dr = f32x4.mul(f32x4.mul(dn, v128.load(aN + e)), dsig(rg));
      v128.store(dx + j, dr);
      v128.store(dx + j + hb, dz);
      v128.store(dx + j + 2 * hb, dn);
      v128.store(dp + j, dr);
      v128.store(dp + j + hb, dz);
      v128.store(dp + j + 2 * hb, f32x4.mul(dn, rg));
      v128.store(dh + e, f32x4.mul(dy, z));
    }
    for (; j < hb; j += 4) gruUnitBwd(hb, g + j, aN + s + j, hPrev + s + j, gy + s + j, dh + s + j, dx + j, dp + j);
  }
}
