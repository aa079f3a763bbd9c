// Scalar pieces of the normalisation kernels (norm.ts, norm.simd.ts), inlined; not exported from the builds.
// A "segment" is a run of contiguous elements sharing one channel and one statistics set.

/** flags of the normalisation kernels: 1 = weight given, 2 = bias given, 4 = fixed statistics (backward of eval mode). */
export const HAS_W = 1, HAS_B = 2, FIXED = 4;

/** weight[ch] when flags has a weight, else 1; bias[ch] when it has a bias, else 0. */
// @ts-ignore: decorator
@inline export function weightAt(w: usize, ch: usize, flags: i32): f32 { return flags & HAS_W ? load<f32>(w + (ch << 2)) : 1; }
// @ts-ignore: decorator
@inline export function biasAt(b: usize, ch: usize, flags: i32): f32 { return flags & HAS_B ? load<f32>(b + (ch << 2)) : 0; }

/** Running sums of the current set: Σ d and Σ d² with d = x − shift (forward); Σ g and Σ g·(x − mean) (backward). */
export let acc1: f64 = 0, acc2: f64 = 0;
// @ts-ignore: decorator
@inline export function resetAcc(): void { acc1 = 0; acc2 = 0; }

/** acc1 += Σ d, acc2 += Σ d², d = x − k in f64, over the len elements at p. */
// @ts-ignore: decorator
@inline export function statsSeg(p: usize, len: usize, k: f64): void {
  let a = acc1, q = acc2;
  for (let j: usize = 0; j < len; j++) { const d = <f64>load<f32>(p + (j << 2)) - k; a += d; q += d * d; }
  acc1 = a; acc2 = q;
}

/**
 * From Σ d and Σ d² (d = x − k) over m elements: mean = k + Σd/m, biased var = max(0, (Σd² − Σd·Σd/m)/m) and
 * rstd = 1/√(var + eps), all in f64, each rounded once to f32 at index j. The shift k (an element of the set) keeps the
 * one-pass formula free of cancellation when |mean| ≫ std.
 */
// @ts-ignore: decorator
@inline export function finishStats(s1: f64, s2: f64, m: usize, k: f64, eps: f64, mean: usize, variance: usize, rstd: usize, j: usize): void {
  const mf = <f64>m, mu = s1 / mf;
  const v = max<f64>((s2 - s1 * mu) / mf, 0);
  store<f32>(mean + (j << 2), <f32>(k + mu));
  store<f32>(variance + (j << 2), <f32>v);
  store<f32>(rstd + (j << 2), <f32>(1 / Math.sqrt(v + eps)));
}

/** From Σe and Σe² (e = x − mean, mean rounded to f32) over m elements: var = max(0, (Σe² − Σe·Σe/m)/m), rstd = 1/√(var + eps). */
// @ts-ignore: decorator
@inline export function finishVar(s1: f64, s2: f64, m: usize, eps: f64, variance: usize, rstd: usize, j: usize): void {
  const mf = <f64>m;
  const v = max<f64>((s2 - s1 * (s1 / mf)) / mf, 0);
  store<f32>(variance + (j << 2), <f32>v);
  store<f32>(rstd + (j << 2), <f32>(1 / Math.sqrt(v + eps)));
}

/** y = (x − m)·a + b (b only with `bias`) over len elements, in f32. */
// @ts-ignore: decorator
@inline export function applySeg(x: usize, y: usize, len: usize, m: f32, a: f32, b: f32, bias: bool): void {
  for (let j: usize = 0; j < len; j++) {
    const t = (load<f32>(x + (j << 2)) - m) * a;
    store<f32>(y + (j << 2), bias ? t + b : t);
  }
}

/** acc1 += Σ g, acc2 += Σ g·(x − m) (x − m rounded to f32, the product exact in f64) over len elements. */
// @ts-ignore: decorator
@inline export function gradSeg(x: usize, g: usize, len: usize, m: f32): void {
  let a = acc1, q = acc2;
  for (let j: usize = 0; j < len; j++) {
    const gv = <f64>load<f32>(g + (j << 2));
    a += gv;
    q += gv * <f64>(load<f32>(x + (j << 2)) - m);
  }
  acc1 = a; acc2 = q;
}

/** The group backward's per-channel f64 accumulators in ws (dweight at ws, dbias at ws + 8c): += r·Σg·(x − m) and Σg (acc2, acc1). */
// @ts-ignore: decorator
@inline export function accumulateChannel(ws: usize, c: usize, ch: usize, r: f32): void {
  const dw64 = ws + (ch << 3), db64 = ws + (c << 3) + (ch << 3);
  store<f64>(db64, load<f64>(db64) + acc1);
  store<f64>(dw64, load<f64>(dw64) + <f64>r * acc2);
}

/** dweight, dbias ← the f64 accumulators in ws, rounded once. */
// @ts-ignore: decorator
@inline export function storeChannelGrads(ws: usize, c: usize, dw: usize, db: usize): void {
  for (let ch: usize = 0; ch < c; ch++) {
    store<f32>(db + (ch << 2), <f32>load<f64>(ws + (c << 3) + (ch << 3)));
    store<f32>(dw + (ch << 2), <f32>load<f64>(ws + (ch << 3)));
  }
}

/** dx = (g·w − ma)·r − (x − m)·k2 over len elements (g alone without `weight`), in f32; `fixed`: dx = (g·w)·r. */
// @ts-ignore: decorator
@inline export function dxSeg(x: usize, g: usize, dx: usize, len: usize, m: f32, r: f32, w: f32, ma: f32, k2: f32, weight: bool, fixed: bool): void {
  for (let j: usize = 0; j < len; j++) {
    const gv = load<f32>(g + (j << 2)), gw = weight ? gv * w : gv;
    store<f32>(dx + (j << 2), fixed ? gw * r : (gw - ma) * r - (load<f32>(x + (j << 2)) - m) * k2);
  }
}

/** The per-set constants of the backward from A = Σ w·g and B = Σ w·g·(x − m) over m elements: ma = A/m, k2 = r³·B/m. */
// @ts-ignore: decorator
@inline export function backwardMa(a: f64, m: usize): f32 { return <f32>(a / <f64>m); }
// @ts-ignore: decorator
@inline export function backwardK2(b: f64, r: f32, m: usize): f32 { const r64 = <f64>r; return <f32>(r64 * r64 * r64 * b / <f64>m); }
