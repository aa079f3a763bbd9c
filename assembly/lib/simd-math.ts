// Vectorised math shared by the __simd and __relaxed kernels (inlined; not exported from the builds):
// exp, expm1, log, log1p, sigmoid, tanh (f32x4) and the gelu family (f64x2). Every function is lane-wise, handles
// ±0, ±Inf, NaN and denormals like the scalar reference, and is within a few ULP of it (test/kernels/variants.test.ts).
// Coefficients come from scripts/fit-simd-math.py. `fma` selects f32x4.relaxed_madd (relaxed build) over mul + add.

const LOG2E: f32 = 1.44269504;
const LN2_HI: f32 = 0.693145751953125; // 15 significant bits: n·LN2_HI is exact for |n| < 512
const LN2_LO: f32 = 1.42860677e-6; // ln 2 − LN2_HI
const SHIFTER: f32 = 12582912.0; // 1.5·2^23: y + SHIFTER holds round(y) in its low mantissa bits (|y| < 2^22)
// expm1(r) = r + r²·(1/2 + r·(C3 + r·(C4 + r·(C5 + r·(C6 + r·C7))))) for |r| <= ln2/2 (relative error 4e-10)
const C3: f32 = 1.666666567e-1;
const C4: f32 = 4.166648164e-2;
const C5: f32 = 8.333419450e-3;
const C6: f32 = 1.393324463e-3;
const C7: f32 = 1.982412941e-4;
const SQRT2: f32 = 1.41421356;

/** a·b + c: fused (or not: relaxed) when `fma`, else two rounded operations. */
// @ts-ignore: decorator
@inline export function madd(fma: bool, a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) { if (fma) return f32x4.relaxed_madd(a, b, c); }
  return f32x4.add(f32x4.mul(a, b), c);
}

/** An f32 constant (or value) in all four lanes. */
// @ts-ignore: decorator
@inline export function k(x: f32): v128 { return f32x4.splat(x); }

/** 2^n for integer lanes n in [-126, 127] (i32x4 in, f32x4 out). */
// @ts-ignore: decorator
@inline function pow2i(n: v128): v128 { return i32x4.shl(i32x4.add(n, i32x4.splat(127)), 23); }

/** expm1 of a reduced argument |r| <= ~ln2/2: r + r²·H(r). */
// @ts-ignore: decorator
@inline function expm1Poly(fma: bool, r: v128): v128 {
  let h = madd(fma, k(C7), r, k(C6));
  h = madd(fma, h, r, k(C5));
  h = madd(fma, h, r, k(C4));
  h = madd(fma, h, r, k(C3));
  h = madd(fma, h, r, k(0.5));
  return madd(fma, f32x4.mul(r, r), h, r);
}

/** round(y) as f32 lanes for |y| < 2^22 (ties to even), via the shifter; the integer is (bits of y + SHIFTER) − (bits of SHIFTER). */
// @ts-ignore: decorator
@inline function shifted(y: v128): v128 { return f32x4.add(y, k(SHIFTER)); }

/** e^x: 0 below -103.97, +Inf above 88.72, NaN stays NaN. */
// @ts-ignore: decorator
@inline export function vexp(fma: bool, x: v128): v128 {
  x = f32x4.pmin(f32x4.pmax(x, k(-104)), k(89)); // e^89 overflows in the final scaling
  const t = shifted(f32x4.mul(x, k(LOG2E)));
  const nf = f32x4.sub(t, k(SHIFTER));
  const n = i32x4.sub(t, i32x4.splat(0x4B400000));
  const r = madd(fma, nf, k(-LN2_LO), madd(fma, nf, k(-LN2_HI), x));
  const p = f32x4.add(expm1Poly(fma, r), k(1));
  const n1 = i32x4.shr_s(n, 1);
  return f32x4.mul(f32x4.mul(p, pow2i(n1)), pow2i(i32x4.sub(n, n1)));
}

/** e^x − 1 with full relative accuracy near 0 (expm1(±0) = ±0); -1 below -17.4, +Inf above 88.72. */
// @ts-ignore: decorator
@inline export function vexpm1(fma: bool, x: v128): v128 {
  const xc = f32x4.pmin(f32x4.pmax(x, k(-30)), k(89));
  const t = shifted(f32x4.mul(xc, k(LOG2E)));
  const nf = f32x4.sub(t, k(SHIFTER));
  const n = i32x4.sub(t, i32x4.splat(0x4B400000));
  const r = madd(fma, nf, k(-LN2_LO), madd(fma, nf, k(-LN2_HI), xc));
  const q = expm1Poly(fma, r);
  // n <= 24: 2^n·(1 + q) − 1 = (2^n − 1) + 2^n·q, both parts exact, one rounding (n = 0 gives q itself).
  const s = pow2i(i32x4.min_s(n, i32x4.splat(24)));
  const small = madd(fma, s, q, f32x4.sub(s, k(1)));
  // n > 24: the −1 hardly matters; scale in two steps so that e^x just below overflow stays finite.
  const n1 = i32x4.shr_s(n, 1);
  const big = f32x4.sub(f32x4.mul(f32x4.mul(f32x4.add(q, k(1)), pow2i(n1)), pow2i(i32x4.sub(n, n1))), k(1));
  const res = v128.bitselect(big, small, i32x4.gt_s(n, i32x4.splat(24)));
  return v128.bitselect(x, res, f32x4.eq(x, f32x4.splat(0))); // keeps the sign of ±0
}

/**
 * ln(1+f) + c for f in [√½ − 1, √2 − 1] and a small correction c: with s = f/(2+f), ln(1+f) = 2·atanh(s)
 * = f − f²/2 + s·(f²/2 + R(s²)), R(z) = 2z/3 + 2z²/5 + 2z³/7 + 2z⁴/9 (Taylor; truncation < 1e-9 relative).
 * Returns k·ln2 + that, with k·LN2_HI added last.
 */
// @ts-ignore: decorator
@inline function logCore(fma: bool, f: v128, kf: v128, c: v128): v128 {
  const s = f32x4.div(f, f32x4.add(f, k(2)));
  const z = f32x4.mul(s, s);
  let r = madd(fma, z, k(<f32>(2.0 / 9.0)), k(<f32>(2.0 / 7.0)));
  r = madd(fma, r, z, k(<f32>(2.0 / 5.0)));
  r = madd(fma, r, z, k(<f32>(2.0 / 3.0)));
  r = f32x4.mul(r, z);
  const hfsq = f32x4.mul(f32x4.mul(f, f), k(0.5));
  const small = madd(fma, kf, k(LN2_LO), madd(fma, s, f32x4.add(hfsq, r), c));
  return madd(fma, kf, k(LN2_HI), f32x4.add(f32x4.sub(small, hfsq), f));
}

/** For positive finite x (exponent bias already adjusted by kadj), the exponent k of x = 2^k·m with m in [√½, √2), as f32. */
// @ts-ignore: decorator
@inline function expo(x: v128, kadj: v128): v128 {
  const e = i32x4.add(i32x4.sub(i32x4.shr_u(x, 23), i32x4.splat(127)), kadj);
  const m = v128.or(v128.and(x, i32x4.splat(0x007FFFFF)), i32x4.splat(0x3F800000)); // in [1, 2)
  return f32x4.convert_i32x4_s(i32x4.sub(e, f32x4.gt(m, k(SQRT2)))); // the mask is -1 where m > √2
}
/** m − 1 for the m of expo(x). */
// @ts-ignore: decorator
@inline function mant1(x: v128): v128 {
  const m = v128.or(v128.and(x, i32x4.splat(0x007FFFFF)), i32x4.splat(0x3F800000));
  return f32x4.sub(v128.bitselect(f32x4.mul(m, k(0.5)), m, f32x4.gt(m, k(SQRT2))), k(1));
}

/** ln x: NaN below 0, -Inf at ±0, +Inf at +Inf; denormals are normalised first. */
// @ts-ignore: decorator
@inline export function vlog(fma: bool, x: v128): v128 {
  const sub = f32x4.lt(x, k(1.17549435e-38)); // denormals (and ≤ 0, fixed below)
  const xs = v128.bitselect(f32x4.mul(x, k(8388608.0)), x, sub); // ·2^23
  let res = logCore(fma, mant1(xs), expo(xs, v128.and(sub, i32x4.splat(-23))), f32x4.splat(0));
  res = v128.bitselect(x, res, v128.or(f32x4.eq(x, k(<f32>Infinity)), f32x4.ne(x, x)));
  res = v128.bitselect(k(<f32>NaN), res, f32x4.lt(x, f32x4.splat(0)));
  return v128.bitselect(k(<f32>-Infinity), res, f32x4.eq(x, f32x4.splat(0)));
}

/** ln(1 + u) for u >= 0 (or NaN, +Inf): w = 1 + u rounded, plus the exact rounding error of that sum, divided by w. */
// @ts-ignore: decorator
@inline export function vlog1p(fma: bool, u: v128): v128 {
  const w = f32x4.add(u, k(1));
  const hi = f32x4.pmax(u, k(1)), lo = f32x4.pmin(u, k(1));
  const c = f32x4.div(f32x4.sub(lo, f32x4.sub(w, hi)), w); // Fast2Sum error of 1 + u, relative to w
  const res = logCore(fma, mant1(w), expo(w, i32x4.splat(0)), c);
  return v128.bitselect(w, res, v128.or(f32x4.eq(w, k(<f32>Infinity)), f32x4.ne(u, u)));
}

/** σ(x) = 1/(1 + e^-x) for x >= 0, e^x/(1 + e^x) below: exactly the scalar reference's formula around e^-|x|. */
// @ts-ignore: decorator
@inline export function vsigmoid(fma: bool, x: v128): v128 {
  const e = vexp(fma, f32x4.neg(f32x4.abs(x)));
  return f32x4.div(v128.bitselect(k(1), e, f32x4.ge(x, f32x4.splat(0))), f32x4.add(e, k(1)));
}

/**
 * tanh x by the scalar reference's piecewise formulas over e = expm1(±2|x|): |x| > 0.549: 1 − 2/(e + 2);
 * 0.255 < |x| <= 0.549: e/(e + 2); smaller: −e'/(e' + 2) with e' = expm1(−2|x|); denormals: x; |x| > 10: ±1.
 */
// @ts-ignore: decorator
@inline export function vtanh(fma: bool, x: v128): v128 {
  const a = f32x4.abs(x);
  const big = f32x4.gt(a, k(reinterpret<f32>(0x3F0C9F54))); // ≈ 0.5493, the reference's thresholds
  const mid = f32x4.gt(a, k(reinterpret<f32>(0x3E82C578))); // ≈ 0.2554
  const e = vexpm1(fma, f32x4.mul(a, v128.bitselect(k(2), k(-2), mid)));
  const num = v128.bitselect(k(2), v128.bitselect(e, f32x4.neg(e), mid), big);
  const q = f32x4.div(num, f32x4.add(e, k(2)));
  let t = v128.bitselect(f32x4.sub(k(1), q), q, big);
  t = v128.bitselect(k(1), t, f32x4.gt(a, k(10)));
  t = v128.bitselect(a, t, f32x4.lt(a, k(1.17549435e-38)));
  return v128.or(t, v128.and(x, i32x4.splat(0x80000000))); // copysign (t >= 0 or NaN)
}

// ---- f64x2: the gelu family -----------------------------------------------------------------------------------------
// gelu and gelu_tanh (forward and backward) have f64 references, and their derivatives cross zero, where an f32 formula
// cancels; so these run in f64x2 (two lanes per operation) with one final rounding to f32, within 1 ULP of the reference.

const LOG2E64: f64 = 1.4426950408889634;
const LN2_HI64: f64 = 6.93147180369123816e-01; // 32 significant bits: n·LN2_HI64 is exact for |n| < 2^21
const LN2_LO64: f64 = 1.90821492927058770e-10;
const SHIFTER64: f64 = 6755399441055744.0; // 1.5·2^52

/** Promotes lanes 0, 1 (lo64) or 2, 3 (hi64) of an f32x4 to f64x2; join32 demotes two f64x2 back into one f32x4. */
// @ts-ignore: decorator
@inline export function lo64(v: v128): v128 { return f64x2.promote_low_f32x4(v); }
// @ts-ignore: decorator
@inline export function hi64(v: v128): v128 { return f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3)); }
// @ts-ignore: decorator
@inline export function join32(lo: v128, hi: v128): v128 {
  return v128.shuffle<f32>(f32x4.demote_f64x2_zero(lo), f32x4.demote_f64x2_zero(hi), 0, 1, 4, 5);
}
// @ts-ignore: decorator
@inline function d(x: f64): v128 { return f64x2.splat(x); }

/** e^z in f64 (relative error ~1e-16): z = n·ln2 + r, Taylor series of degree 13 for e^r, 2^n from the exponent bits; 0 below -708. */
// @ts-ignore: decorator
@inline export function vexp64(z: v128): v128 {
  const zc = f64x2.pmin(f64x2.pmax(z, d(-708)), d(709));
  const t = f64x2.add(f64x2.mul(zc, d(LOG2E64)), d(SHIFTER64));
  const nf = f64x2.sub(t, d(SHIFTER64));
  const n = i64x2.sub(t, i64x2.splat(0x4338000000000000)); // bits of SHIFTER64
  const r = f64x2.sub(f64x2.sub(zc, f64x2.mul(nf, d(LN2_HI64))), f64x2.mul(nf, d(LN2_LO64)));
  let p = d(1.0 / 6227020800.0); // 1/13!
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 479001600.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 39916800.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 3628800.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 362880.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 40320.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 5040.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 720.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 120.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 24.0));
  p = f64x2.add(f64x2.mul(p, r), d(1.0 / 6.0));
  p = f64x2.add(f64x2.mul(p, r), d(0.5));
  p = f64x2.add(f64x2.mul(f64x2.mul(p, r), r), f64x2.add(r, d(1))); // 1 + r + r²·(…)
  const res = f64x2.mul(p, i64x2.shl(i64x2.add(n, i64x2.splat(1023)), 52));
  return v128.andnot(res, f64x2.lt(z, d(-708))); // underflow (and −Inf) to +0; NaN stays NaN
}

/** σ(z) in f64 from e = e^(−|z|): (z >= 0 ? 1 : e)/(1 + e) — the reference's sigmoid64, operation for operation. */
// @ts-ignore: decorator
@inline function sigmoid64(z: v128, e: v128): v128 {
  return f64x2.div(v128.bitselect(d(1), e, f64x2.ge(z, d(0))), f64x2.add(e, d(1)));
}

// With a = |x|, t = 1/(1 + a/4), y = t − 1/2 and E = e^(−a²/2) (fits: scripts/fit-simd-math.py, relative error < 3e-11):
//   Φ(−a) = E·t·S(y)   and   Φ(−a) − a·φ(a) = E·(A0 − a)·G(y),  Φ(x) = x < 0 ? Φ(−a) : 1 − Φ(−a), likewise for gelu'.
// No cancellation in either tail, and gelu' changes sign exactly at x = −A0.
const A0: f64 = 0.75179152469356445746;

// @ts-ignore: decorator
@inline function polyS(y: v128): v128 {
  let p = f64x2.add(f64x2.mul(d(7.02357790937190030e-03), y), d(-1.64006938726142561e-02));
  p = f64x2.add(f64x2.mul(p, y), d(-2.32969424730399216e-03));
  p = f64x2.add(f64x2.mul(p, y), d(2.96522454638632957e-02));
  p = f64x2.add(f64x2.mul(p, y), d(8.73358647439406201e-03));
  p = f64x2.add(f64x2.mul(p, y), d(-5.22082362900866959e-02));
  p = f64x2.add(f64x2.mul(p, y), d(-5.56854222764258458e-02));
  p = f64x2.add(f64x2.mul(p, y), d(6.03227467992727279e-02));
  p = f64x2.add(f64x2.mul(p, y), d(2.41586558240646176e-01));
  p = f64x2.add(f64x2.mul(p, y), d(3.73043692100752500e-01));
  p = f64x2.add(f64x2.mul(p, y), d(3.87137398177598291e-01));
  p = f64x2.add(f64x2.mul(p, y), d(3.03948321101024654e-01));
  return f64x2.add(f64x2.mul(p, y), d(1.88821282608353291e-01));
}
// @ts-ignore: decorator
@inline function polyG(y: v128): v128 {
  let p = f64x2.add(f64x2.mul(d(8.52693927928663774e-04), y), d(-4.71829188151852690e-03));
  p = f64x2.add(f64x2.mul(p, y), d(2.95383912264596260e-03));
  p = f64x2.add(f64x2.mul(p, y), d(9.39524481768880607e-03));
  p = f64x2.add(f64x2.mul(p, y), d(-4.41524379271006264e-03));
  p = f64x2.add(f64x2.mul(p, y), d(-2.37985074172051385e-02));
  p = f64x2.add(f64x2.mul(p, y), d(-9.89760226234378745e-03));
  p = f64x2.add(f64x2.mul(p, y), d(5.72252426683640195e-02));
  p = f64x2.add(f64x2.mul(p, y), d(1.52079249122993948e-01));
  p = f64x2.add(f64x2.mul(p, y), d(2.24666862593790484e-01));
  p = f64x2.add(f64x2.mul(p, y), d(2.41851746736406109e-01));
  p = f64x2.add(f64x2.mul(p, y), d(2.06731797132691131e-01));
  return f64x2.add(f64x2.mul(p, y), d(4.62211244050162340e-01));
}

/** t = 1/(1 + min(a, 16)/4): the fits cover a <= 16; beyond, E has underflowed every result anyway. */
// @ts-ignore: decorator
@inline function tailT(a: v128): v128 { return f64x2.div(d(1), f64x2.add(f64x2.mul(f64x2.pmin(a, d(16)), d(0.25)), d(1))); }

/** gelu(x) = x·Φ(x), f64x2 in and out (gelu(−Inf) = −Inf·0 = NaN, as in the reference). */
// @ts-ignore: decorator
@inline export function gelu64(x: v128): v128 {
  const a = f64x2.abs(x);
  const t = tailT(a);
  const h = f64x2.mul(f64x2.mul(t, polyS(f64x2.sub(t, d(0.5)))), vexp64(f64x2.mul(f64x2.mul(a, a), d(-0.5))));
  return f64x2.mul(x, v128.bitselect(h, f64x2.sub(d(1), h), f64x2.lt(x, d(0))));
}

/** gelu'(x) = Φ(x) + x·φ(x), f64x2 (NaN at ±Inf, as in the reference). */
// @ts-ignore: decorator
@inline export function geluGrad64(x: v128): v128 {
  const a = f64x2.abs(x);
  const t = tailT(a);
  const f = f64x2.mul(f64x2.mul(f64x2.sub(d(A0), a), polyG(f64x2.sub(t, d(0.5)))), vexp64(f64x2.mul(f64x2.mul(a, a), d(-0.5))));
  return v128.bitselect(f, f64x2.sub(d(1), f), f64x2.lt(x, d(0)));
}

const GELU_K64: f64 = 0.7978845608028654; // √(2/π)
const GELU_C64: f64 = 0.044715;

/** 2u = 2·√(2/π)·(x + 0.044715·x³) in f64, in the reference's order. */
// @ts-ignore: decorator
@inline function geluTanh2U(x: v128): v128 {
  const x3 = f64x2.mul(f64x2.mul(f64x2.mul(d(GELU_C64), x), x), x);
  return f64x2.mul(d(2), f64x2.mul(d(GELU_K64), f64x2.add(x, x3)));
}

/** gelu_tanh(x) = ½x(1 + tanh u) = x·σ(2u), f64x2. */
// @ts-ignore: decorator
@inline export function geluTanh64(x: v128): v128 {
  const z = geluTanh2U(x);
  return f64x2.mul(x, sigmoid64(z, vexp64(f64x2.neg(f64x2.abs(z)))));
}

/** gelu_tanh'(x) = s·(1 + 2x·s'·√(2/π)·(1 + 3·0.044715·x²)), s = σ(2u), s' = σ(−2u), f64x2. */
// @ts-ignore: decorator
@inline export function geluTanhGrad64(x: v128): v128 {
  const z = geluTanh2U(x);
  const e = vexp64(f64x2.neg(f64x2.abs(z)));
  const s = sigmoid64(z, e), sb = sigmoid64(f64x2.neg(z), e);
  const poly = f64x2.add(d(1), f64x2.mul(f64x2.mul(d(3 * GELU_C64), x), x));
  const t = f64x2.mul(f64x2.mul(f64x2.mul(f64x2.mul(d(2), x), sb), d(GELU_K64)), poly);
  return f64x2.mul(s, f64x2.add(d(1), t));
}
