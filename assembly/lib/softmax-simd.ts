// The generic vector bodies of the row-wise softmax family (softmax.simd.ts, softmax.relaxed.ts); `fma` selects the
// relaxed multiply-add inside e^x. Row sums accumulate in f64 like the reference (not exported from the builds).
import { k, vexp } from "./simd-math";

/** Max of a row (NaN if any lane is NaN, +0 over -0: wasm max is associative, so the order does not matter). */
// @ts-ignore: decorator
@inline function rowMax(p: usize, cols: usize): f32 {
  let m = k(-Infinity), m1 = m;
  let c: usize = 0;
  for (; c + 8 <= cols; c += 8) { m = f32x4.max(m, v128.load(p + (c << 2))); m1 = f32x4.max(m1, v128.load(p + (c << 2), 16)); }
  for (; c + 4 <= cols; c += 4) m = f32x4.max(m, v128.load(p + (c << 2)));
  m = f32x4.max(m, m1);
  let s = max<f32>(max<f32>(f32x4.extract_lane(m, 0), f32x4.extract_lane(m, 1)), max<f32>(f32x4.extract_lane(m, 2), f32x4.extract_lane(m, 3)));
  for (; c < cols; c++) s = max<f32>(s, load<f32>(p + (c << 2)));
  return s;
}

/** acc + the four lanes of v as f64 (acc holds two f64 partial sums per vector; exact products stay exact). */
// @ts-ignore: decorator
@inline function addLow(acc: v128, v: v128): v128 { return f64x2.add(acc, f64x2.promote_low_f32x4(v)); }
// @ts-ignore: decorator
@inline function addHigh(acc: v128, v: v128): v128 { return f64x2.add(acc, f64x2.promote_low_f32x4(v128.shuffle<f32>(v, v, 2, 3, 2, 3))); }
// @ts-ignore: decorator
@inline export function total(a: v128, b: v128): f64 {
  const s = f64x2.add(a, b);
  return f64x2.extract_lane(s, 0) + f64x2.extract_lane(s, 1);
}

/**
 * Σ_c e^(x[c] − m) in f64, except that the element at `star` contributes e − 1 (log-softmax's first maximum: exactly 0
 * unless m = ±Inf).
 */
// @ts-ignore: decorator
@inline function expSum(fma: bool, p: usize, cols: usize, m: f32, star: usize): f64 {
  const vm = k(m), one = k(1), vstar = i32x4.splat(<i32>star), four = i32x4.splat(4);
  let s0 = f64x2.splat(0), s1 = s0, cv = i32x4(0, 1, 2, 3);
  let c: usize = 0;
  for (; c + 8 <= cols; c += 8) { // two vectors per iteration: their e^x chains overlap
    let e0 = vexp(fma, f32x4.sub(v128.load(p + (c << 2)), vm));
    let e1 = vexp(fma, f32x4.sub(v128.load(p + (c << 2), 16), vm));
    if (star < cols) {
      e0 = v128.bitselect(f32x4.sub(e0, one), e0, i32x4.eq(cv, vstar));
      e1 = v128.bitselect(f32x4.sub(e1, one), e1, i32x4.eq(i32x4.add(cv, four), vstar));
      cv = i32x4.add(cv, i32x4.splat(8));
    }
    s0 = addLow(addLow(s0, e0), e1); s1 = addHigh(addHigh(s1, e0), e1);
  }
  for (; c + 4 <= cols; c += 4) {
    let e = vexp(fma, f32x4.sub(v128.load(p + (c << 2)), vm));
    if (star < cols) { e = v128.bitselect(f32x4.sub(e, one), e, i32x4.eq(cv, vstar)); cv = i32x4.add(cv, four); }
    s0 = addLow(s0, e); s1 = addHigh(s1, e);
  }
  let s = total(s0, s1);
  for (; c < cols; c++) {
    const e = Mathf.exp(load<f32>(p + (c << 2)) - m);
    s += c == star ? e - 1 : e;
  }
  return s;
}

/** Index of the first element equal to m (cols if none, e.g. m is NaN). */
// @ts-ignore: decorator
@inline function firstIndex(p: usize, cols: usize, m: f32): usize {
  const vm = k(m);
  let c: usize = 0;
  for (; c + 4 <= cols; c += 4) {
    const hit = i32x4.bitmask(f32x4.eq(v128.load(p + (c << 2)), vm));
    if (hit != 0) return c + <usize>ctz(hit);
  }
  for (; c < cols; c++) if (load<f32>(p + (c << 2)) == m) return c;
  return cols;
}

/** Σ_c q[c] in f64 (two f64x2 accumulators, four lanes per step). */
// @ts-ignore: decorator
@inline function sum64(q: usize, cols: usize): f64 {
  let s0 = f64x2.splat(0), s1 = s0;
  let c: usize = 0;
  for (; c + 4 <= cols; c += 4) { const v = v128.load(q + (c << 2)); s0 = addLow(s0, v); s1 = addHigh(s1, v); }
  let s = total(s0, s1);
  for (; c < cols; c++) s += <f64>load<f32>(q + (c << 2));
  return s;
}

/**
 * y = e^(x − max x) / Σ e^(x − max x) per row: e^(x − max x) is stored first and summed from the row just written
 * (a fused exp-and-sum loop runs out of vector registers and spills), then scaled.
 */
// @ts-ignore: decorator
@inline export function softmax(fma: bool, rows: usize, cols: usize, x: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const p = x + ((r * cols) << 2), q = out + ((r * cols) << 2);
    const vm = k(rowMax(p, cols));
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const e0 = vexp(fma, f32x4.sub(v128.load(p + (c << 2)), vm)), e1 = vexp(fma, f32x4.sub(v128.load(p + (c << 2), 16), vm));
      v128.store(q + (c << 2), e0); v128.store(q + (c << 2), e1, 16);
    }
    for (; c + 4 <= cols; c += 4) v128.store(q + (c << 2), vexp(fma, f32x4.sub(v128.load(p + (c << 2)), vm)));
    const m = f32x4.extract_lane(vm, 0);
    for (; c < cols; c++) store<f32>(q + (c << 2), Mathf.exp(load<f32>(p + (c << 2)) - m));
    const inv = <f32>(1 / sum64(q, cols));
    const vi = k(inv);
    for (c = 0; c + 4 <= cols; c += 4) v128.store(q + (c << 2), f32x4.mul(v128.load(q + (c << 2)), vi));
    for (; c < cols; c++) store<f32>(q + (c << 2), load<f32>(q + (c << 2)) * inv);
  }
}

/** y = x − max x − ln1p(Σ_{c ≠ first max} e^(x − max x)) per row, like the reference. */
// @ts-ignore: decorator
@inline export function logSoftmax(fma: bool, rows: usize, cols: usize, x: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const p = x + ((r * cols) << 2), q = out + ((r * cols) << 2);
    const m = rowMax(p, cols);
    const lse = <f32>Math.log1p(expSum(fma, p, cols, m, firstIndex(p, cols, m)));
    const vm = k(m), vl = k(lse);
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) v128.store(q + (c << 2), f32x4.sub(f32x4.sub(v128.load(p + (c << 2)), vm), vl));
    for (; c < cols; c++) store<f32>(q + (c << 2), (load<f32>(p + (c << 2)) - m) - lse);
  }
}

/** d log_softmax: out = g − e^y · Σ_c g per row. */
// @ts-ignore: decorator
@inline export function logSoftmaxBwd(fma: bool, rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    let s0 = f64x2.splat(0), s1 = s0;
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) { const gv = v128.load(g + o + (c << 2)); s0 = addLow(s0, gv); s1 = addHigh(s1, gv); }
    let s = total(s0, s1);
    for (; c < cols; c++) s += <f64>load<f32>(g + o + (c << 2));
    const sf = <f32>s, vs = k(sf);
    for (c = 0; c + 8 <= cols; c += 8) {
      const i = o + (c << 2);
      const r0 = f32x4.sub(v128.load(g + i), f32x4.mul(vexp(fma, v128.load(y + i)), vs));
      const r1 = f32x4.sub(v128.load(g + i, 16), f32x4.mul(vexp(fma, v128.load(y + i, 16)), vs));
      v128.store(out + i, r0); v128.store(out + i, r1, 16);
    }
    for (; c + 4 <= cols; c += 4) {
      const i = o + (c << 2);
      v128.store(out + i, f32x4.sub(v128.load(g + i), f32x4.mul(vexp(fma, v128.load(y + i)), vs)));
    }
    for (; c < cols; c++) {
      const i = o + (c << 2);
      store<f32>(out + i, load<f32>(g + i) - Mathf.exp(load<f32>(y + i)) * sf);
    }
  }
}

/** out[r, c] = scale[r]·(e^logp[r, c] − [c == target[r]]). */
// @ts-ignore: decorator
@inline export function crossEntropyBwd(fma: bool, rows: usize, cols: usize, logp: usize, target: usize, scale: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    const s = load<f32>(scale + (r << 2));
    const t = <usize>load<i32>(target + (r << 2));
    const vs = k(s), vt = i32x4.splat(<i32>t);
    let cv = i32x4(0, 1, 2, 3);
    let c: usize = 0;
    for (; c + 8 <= cols; c += 8) {
      const i = o + (c << 2);
      const hot0 = v128.and(i32x4.eq(cv, vt), k(1)), hot1 = v128.and(i32x4.eq(i32x4.add(cv, i32x4.splat(4)), vt), k(1));
      const r0 = f32x4.mul(vs, f32x4.sub(vexp(fma, v128.load(logp + i)), hot0));
      const r1 = f32x4.mul(vs, f32x4.sub(vexp(fma, v128.load(logp + i, 16)), hot1));
      v128.store(out + i, r0); v128.store(out + i, r1, 16);
      cv = i32x4.add(cv, i32x4.splat(8));
    }
    for (; c + 4 <= cols; c += 4) {
      const i = o + (c << 2);
      const hot = v128.and(i32x4.eq(cv, vt), k(1));
      v128.store(out + i, f32x4.mul(vs, f32x4.sub(vexp(fma, v128.load(logp + i)), hot)));
      cv = i32x4.add(cv, i32x4.splat(4));
    }
    for (; c < cols; c++) {
      const i = o + (c << 2);
      store<f32>(out + i, s * (Mathf.exp(load<f32>(logp + i)) - (c == t ? <f32>1 : <f32>0)));
    }
  }
}

