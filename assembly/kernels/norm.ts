// Normalisation over x [n, c, s] (contiguous; s = spatial size): statistics, normalise + per-channel affine, and the
// fused backward; reference (__scalar) variants. Statistics sets: groups = 0 → one per channel over (n, s) (batch norm);
// groups = G > 0 → one per (sample, group of c/G channels), a contiguous block of (c/G)·s elements (group norm; layer
// norm is G = 1 with the normalised elements as channels and s = 1; instance norm is G = c). Per-set arrays (mean,
// variance, rstd) have c entries (groups = 0) or n·G; per-channel arrays (weight, bias, dweight, dbias) have c.
// flags: 1 = weight, 2 = bias, 4 = fixed statistics (backward only). ws: 24·c bytes of scratch (8-byte aligned).
// Sums are f64 in the order (sample, channel, spatial); every size 0 is a no-op. Safe in place (y = x, dx = g or x).
import { FIXED, HAS_B, HAS_W, acc1, acc2, applySeg, accumulateChannel, backwardK2, backwardMa, biasAt, dxSeg, finishStats, gradSeg, resetAcc, statsSeg, storeChannelGrads, weightAt } from "../lib/norm";

/**
 * Per set: mean, biased variance var = E[(x − mean)²] and rstd = 1/√(var + eps) (f64 sums of x − x₀, x₀ the set's first
 * element, rounded once), then y = (x − mean)·(rstd·weight[ch]) + bias[ch]. ws is unused here.
 */
export function f32_norm__scalar(n: usize, c: usize, s: usize, groups: usize, x: usize, w: usize, b: usize, y: usize,
  mean: usize, variance: usize, rstd: usize, ws: usize, eps: f64, flags: i32): void {
  if (n == 0 || c == 0 || s == 0) return;
  const bias = (flags & HAS_B) != 0;
  if (groups == 0) {
    for (let ch: usize = 0; ch < c; ch++) {
      const k = <f64>load<f32>(x + ((ch * s) << 2));
      resetAcc();
      for (let i: usize = 0; i < n; i++) statsSeg(x + (((i * c + ch) * s) << 2), s, k);
      finishStats(acc1, acc2, n * s, k, eps, mean, variance, rstd, ch);
      const m = load<f32>(mean + (ch << 2)), a = load<f32>(rstd + (ch << 2)) * weightAt(w, ch, flags), bb = biasAt(b, ch, flags);
      for (let i: usize = 0; i < n; i++) { const o = ((i * c + ch) * s) << 2; applySeg(x + o, y + o, s, m, a, bb, bias); }
    }
    return;
  }
  const kc = c / groups, len = kc * s;
  for (let j: usize = 0; j < n * groups; j++) {
    const base = (j * len) << 2;
    const k = <f64>load<f32>(x + base);
    resetAcc();
    statsSeg(x + base, len, k);
    finishStats(acc1, acc2, len, k, eps, mean, variance, rstd, j);
    const m = load<f32>(mean + (j << 2)), r = load<f32>(rstd + (j << 2));
    for (let q: usize = 0; q < kc; q++) {
      const ch = (j % groups) * kc + q, o = base + ((q * s) << 2);
      applySeg(x + o, y + o, s, m, r * weightAt(w, ch, flags), biasAt(b, ch, flags), bias);
    }
  }
}

/** y = (x − mean[ch])·(rstd[ch]·weight[ch]) + bias[ch] with given per-channel statistics (batch norm in eval mode). */
export function f32_norm_apply__scalar(n: usize, c: usize, s: usize, x: usize, mean: usize, rstd: usize, w: usize, b: usize, y: usize, flags: i32): void {
  const bias = (flags & HAS_B) != 0;
  for (let ch: usize = 0; ch < c; ch++) {
    const m = load<f32>(mean + (ch << 2)), a = load<f32>(rstd + (ch << 2)) * weightAt(w, ch, flags), bb = biasAt(b, ch, flags);
    for (let i: usize = 0; i < n; i++) { const o = ((i * c + ch) * s) << 2; applySeg(x + o, y + o, s, m, a, bb, bias); }
  }
}

/**
 * Backward of y = x̂·w + b, x̂ = (x − mean)·r, given the upstream g. Per channel segment (f64): Σg and Σg·(x − mean);
 * dbias[ch] = Σg, dweight[ch] = Σ r·g·(x − mean) over every set. Per set, with A = Σ w·g and B = Σ w·g·(x − mean) over
 * its m elements: dx = (g·w − A/m)·r − (x − mean)·r³·B/m, i.e. r·(g·w − mean(g·w) − x̂·mean(g·w·x̂)). With flags & 4
 * (fixed statistics, eval mode) dx = g·w·r. ws holds f64 dweight/dbias accumulators (groups > 0).
 */
export function f32_norm_bwd__scalar(n: usize, c: usize, s: usize, groups: usize, x: usize, g: usize, mean: usize, rstd: usize, w: usize,
  dx: usize, dw: usize, db: usize, ws: usize, flags: i32): void {
  if (n == 0 || c == 0 || s == 0) return;
  const weight = (flags & HAS_W) != 0, fixed = (flags & FIXED) != 0;
  if (groups == 0) {
    for (let ch: usize = 0; ch < c; ch++) {
      const m = load<f32>(mean + (ch << 2)), r = load<f32>(rstd + (ch << 2)), wv = weightAt(w, ch, flags);
      resetAcc();
      for (let i: usize = 0; i < n; i++) { const o = ((i * c + ch) * s) << 2; gradSeg(x + o, g + o, s, m); }
      const sg = acc1, sgx = acc2;
      store<f32>(db + (ch << 2), <f32>sg);
      store<f32>(dw + (ch << 2), <f32>(<f64>r * sgx));
      const ma = backwardMa(<f64>wv * sg, n * s), k2 = backwardK2(<f64>wv * sgx, r, n * s);
      for (let i: usize = 0; i < n; i++) { const o = ((i * c + ch) * s) << 2; dxSeg(x + o, g + o, dx + o, s, m, r, wv, ma, k2, weight, fixed); }
    }
    return;
  }
  memory.fill(ws, 0, c << 4);
  const kc = c / groups, len = kc * s;
  for (let j: usize = 0; j < n * groups; j++) {
    const base = (j * len) << 2;
    const m = load<f32>(mean + (j << 2)), r = load<f32>(rstd + (j << 2));
    let a: f64 = 0, bsum: f64 = 0;
    for (let q: usize = 0; q < kc; q++) {
      const ch = (j % groups) * kc + q, o = base + ((q * s) << 2);
      resetAcc();
      gradSeg(x + o, g + o, s, m);
      const wv = <f64>weightAt(w, ch, flags);
      a += wv * acc1;
      bsum += wv * acc2;
      accumulateChannel(ws, c, ch, r);
    }
    const ma = backwardMa(a, len), k2 = backwardK2(bsum, r, len);
    for (let q: usize = 0; q < kc; q++) {
      const ch = (j % groups) * kc + q, o = base + ((q * s) << 2);
      dxSeg(x + o, g + o, dx + o, s, m, r, weightAt(w, ch, flags), ma, k2, weight, fixed);
    }
  }
  storeChannelGrads(ws, c, dw, db);
}
