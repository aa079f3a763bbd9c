// Normalisation kernels, 128-bit SIMD (__simd) variants of norm.ts: the reference's formulas and f32 operations for the
// outputs; the sums differ. Along contiguous runs (a channel's spatial run, a row) they are f32 lanes flushed into f64 every
// FLUSH terms per lane, and the statistics take two passes (the mean, then Σ(x − mean)² centred, free of cancellation).
// Where s = 1 they run across channels in f64 per channel (batch norm of [n, c]: the reference's order and results;
// layer norm's backward: per-channel dweight/dbias in f64, the row sums in f64 lanes).
import { FIXED, HAS_B, HAS_W, acc1, acc2, applySeg, accumulateChannel, backwardK2, backwardMa, biasAt, dxSeg, finishStats, finishVar, gradSeg, resetAcc, storeChannelGrads, weightAt } from "../lib/norm";

// @ts-ignore: decorator
@inline function lo(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline function hi(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
// @ts-ignore: decorator
@inline function total(a: v128, b: v128, c: v128, d: v128): f64 {
  const s = f64x2.add(f64x2.add(a, b), f64x2.add(c, d));
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}
/** f64x2 at p += v. */
// @ts-ignore: decorator
@inline function addTo(p: usize, v: v128): void { v128.store(p, f64x2.add(v128.load(p), v)); }
/**
 * Partial sums run in f32 lanes over blocks of FLUSH terms per lane and are then added into f64: each block's f32 error is
 * at most (FLUSH + 2)·2⁻²⁴ of its Σ|term| (the term's own rounding included), whatever the length of the run, and the
 * arithmetic is 4 lanes wide instead of 2.
 */
const FLUSH: usize = 16;
// @ts-ignore: decorator
@inline function flush(t: v128, a0: v128, a1: v128): v128 { return f64x2.add(t, f64x2.add(f64x2.add(lo(a0), hi(a0)), f64x2.add(lo(a1), hi(a1)))); }
// @ts-ignore: decorator
@inline function lanes(t: v128): f64 { return f64x2.extract_lane(t, 0) + f64x2.extract_lane(t, 1); }

/** acc1 += Σ (x − k) over len contiguous elements (pass 1 of the statistics: the mean, shifted by an element k). */
// @ts-ignore: decorator
@inline function sumRun(p: usize, len: usize, k: f32): void {
  const kv = f32x4.splat(k);
  let t = f64x2.splat(0);
  let j: usize = 0;
  while (j + 16 <= len) {
    const end = min<usize>(len, j + FLUSH * 16);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
    for (; j + 16 <= end; j += 16) {
      const q = p + (j << 2);
      a0 = f32x4.add(a0, f32x4.sub(v128.load(q), kv)); a1 = f32x4.add(a1, f32x4.sub(v128.load(q, 16), kv));
      a2 = f32x4.add(a2, f32x4.sub(v128.load(q, 32), kv)); a3 = f32x4.add(a3, f32x4.sub(v128.load(q, 48), kv));
    }
    t = flush(flush(t, a0, a1), a2, a3);
  }
  let s = lanes(t);
  for (; j < len; j++) s += <f64>load<f32>(p + (j << 2)) - <f64>k;
  acc1 += s;
}

/** acc1 += Σ e, acc2 += Σ e², e = x − m (pass 2: centred on the f32 mean, so Σe² has no cancellation). */
// @ts-ignore: decorator
@inline function varRun(p: usize, len: usize, m: f32): void {
  const mv = f32x4.splat(m);
  let t1 = f64x2.splat(0), t2 = t1;
  let j: usize = 0;
  while (j + 16 <= len) {
    const end = min<usize>(len, j + FLUSH * 16);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, q0 = a0, q1 = a0, q2 = a0, q3 = a0;
    for (; j + 16 <= end; j += 16) {
      const q = p + (j << 2);
      const e0 = f32x4.sub(v128.load(q), mv), e1 = f32x4.sub(v128.load(q, 16), mv);
      const e2 = f32x4.sub(v128.load(q, 32), mv), e3 = f32x4.sub(v128.load(q, 48), mv);
      a0 = f32x4.add(a0, e0); a1 = f32x4.add(a1, e1); a2 = f32x4.add(a2, e2); a3 = f32x4.add(a3, e3);
      q0 = f32x4.add(q0, f32x4.mul(e0, e0)); q1 = f32x4.add(q1, f32x4.mul(e1, e1));
      q2 = f32x4.add(q2, f32x4.mul(e2, e2)); q3 = f32x4.add(q3, f32x4.mul(e3, e3));
    }
    t1 = flush(flush(t1, a0, a1), a2, a3);
    t2 = flush(flush(t2, q0, q1), q2, q3);
  }
  let s1 = lanes(t1), s2 = lanes(t2);
  for (; j < len; j++) { const e = <f64>load<f32>(p + (j << 2)) - <f64>m; s1 += e; s2 += e * e; }
  acc1 += s1;
  acc2 += s2;
}

/** y = (x − m)·a + b over len contiguous elements. */
// @ts-ignore: decorator
@inline function applyRun(x: usize, y: usize, len: usize, m: f32, a: f32, b: f32, bias: bool): void {
  const mv = f32x4.splat(m), av = f32x4.splat(a), bv = f32x4.splat(b);
  let j: usize = 0;
  for (; j + 4 <= len; j += 4) {
    const t = f32x4.mul(f32x4.sub(v128.load(x + (j << 2)), mv), av);
    v128.store(y + (j << 2), bias ? f32x4.add(t, bv) : t);
  }
  applySeg(x + (j << 2), y + (j << 2), len - j, m, a, b, bias);
}

/** acc1 += Σ g, acc2 += Σ g·(x − m) over len contiguous elements (f32 lanes flushed to f64). */
// @ts-ignore: decorator
@inline function gradRun(x: usize, g: usize, len: usize, m: f32): void {
  const mv = f32x4.splat(m);
  let t1 = f64x2.splat(0), t2 = t1;
  let j: usize = 0;
  while (j + 16 <= len) {
    const end = min<usize>(len, j + FLUSH * 16);
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, q0 = a0, q1 = a0, q2 = a0, q3 = a0;
    for (; j + 16 <= end; j += 16) {
      const pg = g + (j << 2), px = x + (j << 2);
      const g0 = v128.load(pg), g1 = v128.load(pg, 16), g2 = v128.load(pg, 32), g3 = v128.load(pg, 48);
      a0 = f32x4.add(a0, g0); a1 = f32x4.add(a1, g1); a2 = f32x4.add(a2, g2); a3 = f32x4.add(a3, g3);
      q0 = f32x4.add(q0, f32x4.mul(g0, f32x4.sub(v128.load(px), mv))); q1 = f32x4.add(q1, f32x4.mul(g1, f32x4.sub(v128.load(px, 16), mv)));
      q2 = f32x4.add(q2, f32x4.mul(g2, f32x4.sub(v128.load(px, 32), mv))); q3 = f32x4.add(q3, f32x4.mul(g3, f32x4.sub(v128.load(px, 48), mv)));
    }
    t1 = flush(flush(t1, a0, a1), a2, a3);
    t2 = flush(flush(t2, q0, q1), q2, q3);
  }
  acc1 += lanes(t1);
  acc2 += lanes(t2);
  gradSeg(x + (j << 2), g + (j << 2), len - j, m);
}

/** dx = (g·w − ma)·r − (x − m)·k2 (fixed: (g·w)·r) over len contiguous elements. */
// @ts-ignore: decorator
@inline function dxRun(x: usize, g: usize, dx: usize, len: usize, m: f32, r: f32, w: f32, ma: f32, k2: f32, weight: bool, fixed: bool): void {
  const mv = f32x4.splat(m), rv = f32x4.splat(r), wv = f32x4.splat(w), mav = f32x4.splat(ma), kv = f32x4.splat(k2);
  let j: usize = 0;
  for (; j + 4 <= len; j += 4) {
    const gv = v128.load(g + (j << 2)), gw = weight ? f32x4.mul(gv, wv) : gv;
    const out = fixed ? f32x4.mul(gw, rv)
      : f32x4.sub(f32x4.mul(f32x4.sub(gw, mav), rv), f32x4.mul(f32x4.sub(v128.load(x + (j << 2)), mv), kv));
    v128.store(dx + (j << 2), out);
  }
  dxSeg(x + (j << 2), g + (j << 2), dx + (j << 2), len - j, m, r, w, ma, k2, weight, fixed);
}

/** Batch norm of x [n, c] (s = 1) vectorised across channels: per-channel f64 sums in ws (rows in the reference's order). */
// @ts-ignore: decorator
@inline function batchRowsForward(n: usize, c: usize, x: usize, w: usize, b: usize, y: usize, mean: usize, variance: usize, rstd: usize,
  ws: usize, eps: f64, flags: i32): void {
  const s1 = ws, s2 = ws + (c << 3), bias = (flags & HAS_B) != 0, weight = (flags & HAS_W) != 0;
  memory.fill(ws, 0, c << 4);
  for (let i: usize = 0; i < n; i++) {
    const row = x + ((i * c) << 2);
    let ch: usize = 0;
    for (; ch + 4 <= c; ch += 4) {
      const v = v128.load(row + (ch << 2)), k = v128.load(x + (ch << 2));
      const d0 = f64x2.sub(lo(v), lo(k)), d1 = f64x2.sub(hi(v), hi(k));
      addTo(s1 + (ch << 3), d0); addTo(s1 + (ch << 3) + 16, d1);
      addTo(s2 + (ch << 3), f64x2.mul(d0, d0)); addTo(s2 + (ch << 3) + 16, f64x2.mul(d1, d1));
    }
    for (; ch < c; ch++) {
      const d = <f64>load<f32>(row + (ch << 2)) - <f64>load<f32>(x + (ch << 2));
      store<f64>(s1 + (ch << 3), load<f64>(s1 + (ch << 3)) + d);
      store<f64>(s2 + (ch << 3), load<f64>(s2 + (ch << 3)) + d * d);
    }
  }
  for (let ch: usize = 0; ch < c; ch++) {
    finishStats(load<f64>(s1 + (ch << 3)), load<f64>(s2 + (ch << 3)), n, <f64>load<f32>(x + (ch << 2)), eps, mean, variance, rstd, ch);
  }
  applyRows(n, c, x, mean, rstd, w, b, y, weight, bias);
}

/** y[i, ch] = (x − mean[ch])·(rstd[ch]·w[ch]) + b[ch] over x [n, c], vectorised across channels. */
// @ts-ignore: decorator
@inline function applyRows(n: usize, c: usize, x: usize, mean: usize, rstd: usize, w: usize, b: usize, y: usize, weight: bool, bias: bool): void {
  for (let i: usize = 0; i < n; i++) {
    const o = (i * c) << 2;
    let ch: usize = 0;
    for (; ch + 4 <= c; ch += 4) {
      const q = ch << 2, r = v128.load(rstd + q);
      const t = f32x4.mul(f32x4.sub(v128.load(x + o + q), v128.load(mean + q)), weight ? f32x4.mul(r, v128.load(w + q)) : r);
      v128.store(y + o + q, bias ? f32x4.add(t, v128.load(b + q)) : t);
    }
    for (; ch < c; ch++) {
      const q = ch << 2;
      applySeg(x + o + q, y + o + q, 1, load<f32>(mean + q), load<f32>(rstd + q) * (weight ? load<f32>(w + q) : 1), bias ? load<f32>(b + q) : 0, bias);
    }
  }
}

/** Backward of batch norm of x [n, c] (s = 1) across channels: f64 Σg, Σg·(x − mean) per channel in ws, then ma, k2 (f32). */
// @ts-ignore: decorator
@inline function batchRowsBackward(n: usize, c: usize, x: usize, g: usize, mean: usize, rstd: usize, w: usize, dx: usize, dw: usize, db: usize,
  ws: usize, flags: i32): void {
  const sg = ws, sgx = ws + (c << 3), mas = ws + (c << 4), k2s = ws + (c << 4) + (c << 2);
  const weight = (flags & HAS_W) != 0, fixed = (flags & FIXED) != 0;
  memory.fill(ws, 0, c << 4);
  for (let i: usize = 0; i < n; i++) {
    const o = (i * c) << 2;
    let ch: usize = 0;
    for (; ch + 4 <= c; ch += 4) {
      const q = ch << 2, gv = v128.load(g + o + q), xm = f32x4.sub(v128.load(x + o + q), v128.load(mean + q));
      const g0 = lo(gv), g1 = hi(gv);
      addTo(sg + (ch << 3), g0); addTo(sg + (ch << 3) + 16, g1);
      addTo(sgx + (ch << 3), f64x2.mul(g0, lo(xm))); addTo(sgx + (ch << 3) + 16, f64x2.mul(g1, hi(xm)));
    }
    for (; ch < c; ch++) {
      const gv = <f64>load<f32>(g + o + (ch << 2));
      store<f64>(sg + (ch << 3), load<f64>(sg + (ch << 3)) + gv);
      store<f64>(sgx + (ch << 3), load<f64>(sgx + (ch << 3)) + gv * <f64>(load<f32>(x + o + (ch << 2)) - load<f32>(mean + (ch << 2))));
    }
  }
  for (let ch: usize = 0; ch < c; ch++) {
    const s1 = load<f64>(sg + (ch << 3)), s2 = load<f64>(sgx + (ch << 3)), r = load<f32>(rstd + (ch << 2)), wv = <f64>weightAt(w, ch, flags);
    store<f32>(db + (ch << 2), <f32>s1);
    store<f32>(dw + (ch << 2), <f32>(<f64>r * s2));
    store<f32>(mas + (ch << 2), backwardMa(wv * s1, n));
    store<f32>(k2s + (ch << 2), backwardK2(wv * s2, r, n));
  }
  for (let i: usize = 0; i < n; i++) {
    const o = (i * c) << 2;
    let ch: usize = 0;
    for (; ch + 4 <= c; ch += 4) {
      const q = ch << 2, gv = v128.load(g + o + q), r = v128.load(rstd + q);
      const gw = weight ? f32x4.mul(gv, v128.load(w + q)) : gv;
      const out = fixed ? f32x4.mul(gw, r) : f32x4.sub(f32x4.mul(f32x4.sub(gw, v128.load(mas + q)), r),
        f32x4.mul(f32x4.sub(v128.load(x + o + q), v128.load(mean + q)), v128.load(k2s + q)));
      v128.store(dx + o + q, out);
    }
    for (; ch < c; ch++) {
      const q = ch << 2;
      dxSeg(x + o + q, g + o + q, dx + o + q, 1, load<f32>(mean + q), load<f32>(rstd + q), weightAt(w, ch, flags), load<f32>(mas + q), load<f32>(k2s + q), weight, fixed);
    }
  }
}

/** Backward of one set of k channels × 1 element (layer norm's row) at channel offset c0: per-channel γ, f64 sums across lanes. */
// @ts-ignore: decorator
@inline function rowBackward(kc: usize, c0: usize, x: usize, g: usize, dx: usize, m: f32, r: f32, w: usize, dw64: usize, db64: usize, flags: i32): void {
  const weight = (flags & HAS_W) != 0, fixed = (flags & FIXED) != 0;
  const mv = f32x4.splat(m), r64 = f64x2.splat(<f64>r), one = f32x4.splat(1);
  let a0 = f64x2.splat(0), a1 = a0, b0 = a0, b1 = a0;
  let q: usize = 0;
  for (; q + 4 <= kc; q += 4) {
    const ch = c0 + q, gv = v128.load(g + (q << 2)), xm = f32x4.sub(v128.load(x + (q << 2)), mv);
    const wv = weight ? v128.load(w + (ch << 2)) : one;
    const g0 = lo(gv), g1 = hi(gv), p0 = f64x2.mul(g0, lo(xm)), p1 = f64x2.mul(g1, hi(xm)), w0 = lo(wv), w1 = hi(wv);
    a0 = f64x2.add(a0, f64x2.mul(w0, g0)); a1 = f64x2.add(a1, f64x2.mul(w1, g1));
    b0 = f64x2.add(b0, f64x2.mul(w0, p0)); b1 = f64x2.add(b1, f64x2.mul(w1, p1));
    addTo(db64 + (ch << 3), g0); addTo(db64 + (ch << 3) + 16, g1);
    addTo(dw64 + (ch << 3), f64x2.mul(r64, p0)); addTo(dw64 + (ch << 3) + 16, f64x2.mul(r64, p1));
  }
  const z = f64x2.splat(0);
  let a = total(a0, a1, z, z), bs = total(b0, b1, z, z);
  for (let t = q; t < kc; t++) {
    const ch = c0 + t, gv = <f64>load<f32>(g + (t << 2)), p = gv * <f64>(load<f32>(x + (t << 2)) - m), wv = <f64>weightAt(w, ch, flags);
    a += wv * gv;
    bs += wv * p;
    store<f64>(db64 + (ch << 3), load<f64>(db64 + (ch << 3)) + gv);
    store<f64>(dw64 + (ch << 3), load<f64>(dw64 + (ch << 3)) + <f64>r * p);
  }
  const ma = backwardMa(a, kc), k2 = backwardK2(bs, r, kc);
  const rv = f32x4.splat(r), mav = f32x4.splat(ma), kv = f32x4.splat(k2);
  for (q = 0; q + 4 <= kc; q += 4) {
    const gv = v128.load(g + (q << 2)), gw = weight ? f32x4.mul(gv, v128.load(w + ((c0 + q) << 2))) : gv;
    const out = fixed ? f32x4.mul(gw, rv)
      : f32x4.sub(f32x4.mul(f32x4.sub(gw, mav), rv), f32x4.mul(f32x4.sub(v128.load(x + (q << 2)), mv), kv));
    v128.store(dx + (q << 2), out);
  }
  for (; q < kc; q++) dxSeg(x + (q << 2), g + (q << 2), dx + (q << 2), 1, m, r, weightAt(w, c0 + q, flags), ma, k2, weight, fixed);
}

/** See f32_norm__scalar: per-set statistics, then y = (x − mean)·(rstd·weight[ch]) + bias[ch]. ws: 24·c bytes. */
export function f32_norm__simd(n: usize, c: usize, s: usize, groups: usize, x: usize, w: usize, b: usize, y: usize,
  mean: usize, variance: usize, rstd: usize, ws: usize, eps: f64, flags: i32): void {
  if (n == 0 || c == 0 || s == 0) return;
  const bias = (flags & HAS_B) != 0, weight = (flags & HAS_W) != 0;
  if (groups == 0) {
    if (s == 1) { batchRowsForward(n, c, x, w, b, y, mean, variance, rstd, ws, eps, flags); return; }
    // in memory order, per-channel sums in ws: each pass streams x once (a channel's strided runs would not stay cached)
    const s1 = ws, s2 = ws + (c << 3);
    memory.fill(ws, 0, c << 3);
    for (let i: usize = 0; i < n; i++) {
      for (let ch: usize = 0; ch < c; ch++) {
        resetAcc();
        sumRun(x + (((i * c + ch) * s) << 2), s, load<f32>(x + ((ch * s) << 2)));
        store<f64>(s1 + (ch << 3), load<f64>(s1 + (ch << 3)) + acc1);
      }
    }
    for (let ch: usize = 0; ch < c; ch++) {
      store<f32>(mean + (ch << 2), <f32>(<f64>load<f32>(x + ((ch * s) << 2)) + load<f64>(s1 + (ch << 3)) / <f64>(n * s)));
    }
    memory.fill(ws, 0, c << 4);
    for (let i: usize = 0; i < n; i++) {
      for (let ch: usize = 0; ch < c; ch++) {
        resetAcc();
        varRun(x + (((i * c + ch) * s) << 2), s, load<f32>(mean + (ch << 2)));
        store<f64>(s1 + (ch << 3), load<f64>(s1 + (ch << 3)) + acc1);
        store<f64>(s2 + (ch << 3), load<f64>(s2 + (ch << 3)) + acc2);
      }
    }
    for (let ch: usize = 0; ch < c; ch++) finishVar(load<f64>(s1 + (ch << 3)), load<f64>(s2 + (ch << 3)), n * s, eps, variance, rstd, ch);
    f32_norm_apply__simd(n, c, s, x, mean, rstd, w, b, y, flags);
    return;
  }
  const kc = c / groups, len = kc * s;
  for (let j: usize = 0; j < n * groups; j++) {
    const base = (j * len) << 2, c0 = (j % groups) * kc;
    const k = load<f32>(x + base);
    resetAcc();
    sumRun(x + base, len, k);
    const m = <f32>(<f64>k + acc1 / <f64>len);
    store<f32>(mean + (j << 2), m);
    resetAcc();
    varRun(x + base, len, m);
    finishVar(acc1, acc2, len, eps, variance, rstd, j);
    const r = load<f32>(rstd + (j << 2));
    if (s == 1) { // per-channel weight across the row
      const mv = f32x4.splat(m), rv = f32x4.splat(r);
      let q: usize = 0;
      for (; q + 4 <= kc; q += 4) {
        const o = base + (q << 2), cq = (c0 + q) << 2;
        const t = f32x4.mul(f32x4.sub(v128.load(x + o), mv), weight ? f32x4.mul(rv, v128.load(w + cq)) : rv);
        v128.store(y + o, bias ? f32x4.add(t, v128.load(b + cq)) : t);
      }
      for (; q < kc; q++) applySeg(x + base + (q << 2), y + base + (q << 2), 1, m, r * weightAt(w, c0 + q, flags), biasAt(b, c0 + q, flags), bias);
      continue;
    }
    for (let q: usize = 0; q < kc; q++) {
      const o = base + ((q * s) << 2);
      applyRun(x + o, y + o, s, m, r * weightAt(w, c0 + q, flags), biasAt(b, c0 + q, flags), bias);
    }
  }
}

/** See f32_norm_apply__scalar: y = (x − mean[ch])·(rstd[ch]·weight[ch]) + bias[ch] with given statistics. */
export function f32_norm_apply__simd(n: usize, c: usize, s: usize, x: usize, mean: usize, rstd: usize, w: usize, b: usize, y: usize, flags: i32): void {
  const bias = (flags & HAS_B) != 0;
  if (s == 1) { applyRows(n, c, x, mean, rstd, w, b, y, (flags & HAS_W) != 0, bias); return; }
  for (let i: usize = 0; i < n; i++) {
    for (let ch: usize = 0; ch < c; ch++) {
      const o = ((i * c + ch) * s) << 2;
      applyRun(x + o, y + o, s, load<f32>(mean + (ch << 2)), load<f32>(rstd + (ch << 2)) * weightAt(w, ch, flags), biasAt(b, ch, flags), bias);
    }
  }
}

/** See f32_norm_bwd__scalar: dx = (g·w − mean(g·w))·r − (x − mean)·r³·mean(g·w·(x − mean)), dweight, dbias. */
export function f32_norm_bwd__simd(n: usize, c: usize, s: usize, groups: usize, x: usize, g: usize, mean: usize, rstd: usize, w: usize,
  dx: usize, dw: usize, db: usize, ws: usize, flags: i32): void {
  if (n == 0 || c == 0 || s == 0) return;
  const weight = (flags & HAS_W) != 0, fixed = (flags & FIXED) != 0;
  if (groups == 0) {
    if (s == 1) { batchRowsBackward(n, c, x, g, mean, rstd, w, dx, dw, db, ws, flags); return; }
    // in memory order (see f32_norm__simd): per-channel Σg, Σg·(x − mean) in ws, then the per-channel constants
    const sg = ws, sgx = ws + (c << 3), mas = ws + (c << 4), k2s = ws + (c << 4) + (c << 2);
    memory.fill(ws, 0, c << 4);
    for (let i: usize = 0; i < n; i++) {
      for (let ch: usize = 0; ch < c; ch++) {
        const o = ((i * c + ch) * s) << 2;
        resetAcc();
        gradRun(x + o, g + o, s, load<f32>(mean + (ch << 2)));
        store<f64>(sg + (ch << 3), load<f64>(sg + (ch << 3)) + acc1);
        store<f64>(sgx + (ch << 3), load<f64>(sgx + (ch << 3)) + acc2);
      }
    }
    for (let ch: usize = 0; ch < c; ch++) {
      const s1 = load<f64>(sg + (ch << 3)), s2 = load<f64>(sgx + (ch << 3)), r = load<f32>(rstd + (ch << 2)), wv = <f64>weightAt(w, ch, flags);
      store<f32>(db + (ch << 2), <f32>s1);
      store<f32>(dw + (ch << 2), <f32>(<f64>r * s2));
      store<f32>(mas + (ch << 2), backwardMa(wv * s1, n * s));
      store<f32>(k2s + (ch << 2), backwardK2(wv * s2, r, n * s));
    }
    for (let i: usize = 0; i < n; i++) {
      for (let ch: usize = 0; ch < c; ch++) {
        const o = ((i * c + ch) * s) << 2, q = ch << 2;
        dxRun(x + o, g + o, dx + o, s, load<f32>(mean + q), load<f32>(rstd + q), weightAt(w, ch, flags), load<f32>(mas + q), load<f32>(k2s + q), weight, fixed);
      }
    }
    return;
  }
  memory.fill(ws, 0, c << 4);
  const kc = c / groups, len = kc * s;
  for (let j: usize = 0; j < n * groups; j++) {
    const base = (j * len) << 2, c0 = (j % groups) * kc;
    const m = load<f32>(mean + (j << 2)), r = load<f32>(rstd + (j << 2));
    if (s == 1) { rowBackward(kc, c0, x + base, g + base, dx + base, m, r, w, ws, ws + (c << 3), flags); continue; }
    let a: f64 = 0, bsum: f64 = 0;
    for (let q: usize = 0; q < kc; q++) {
      const ch = c0 + q, o = base + ((q * s) << 2);
      resetAcc();
      gradRun(x + o, g + o, s, m);
      const wv = <f64>weightAt(w, ch, flags);
      a += wv * acc1;
      bsum += wv * acc2;
      accumulateChannel(ws, c, ch, r);
    }
    const ma = backwardMa(a, len), k2 = backwardK2(bsum, r, len);
    for (let q: usize = 0; q < kc; q++) {
      const o = base + ((q * s) << 2);
      dxRun(x + o, g + o, dx + o, s, m, r, weightAt(w, c0 + q, flags), ma, k2, weight, fixed);
    }
  }
  storeChannelGrads(ws, c, dw, db);
}
