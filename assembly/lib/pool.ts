// Window helpers shared by the pooling kernel variants (inlined; not exported from the builds).

/** Word i of a pool descriptor (see assembly/kernels/pool.ts). */
// @ts-ignore: decorator
@inline export function descWord(desc: usize, i: i32): i32 {
  return load<i32>(desc + (<usize>i << 2));
}

/**
 * Max over the window rows [d0, d1) step dD × [h0, h1) step dH × columns [w0, w1) step dW of plane xp (row length IW,
 * IH rows per depth), scanned d, h, w; a larger value or a NaN takes over. Stores the value at out and its flat index at idx.
 */
// @ts-ignore: decorator
@inline export function maxWindow(xp: usize, d0: i32, d1: i32, dD: i32, h0: i32, h1: i32, dH: i32, w0: i32, w1: i32, dW: i32,
  IH: i32, IW: i32, out: usize, idx: usize): void {
  let best: f32 = -Infinity;
  let at = (d0 * IH + h0) * IW + w0;
  for (let d = d0; d < d1; d += dD) {
    for (let h = h0; h < h1; h += dH) {
      const row = (d * IH + h) * IW;
      for (let c = w0; c < w1; c += dW) {
        const v = load<f32>(xp + (<usize>(row + c) << 2));
        if (v > best || isNaN(v)) {
          best = v;
          at = row + c;
        }
      }
    }
  }
  store<f32>(out, best);
  store<i32>(idx, at);
}

/** Σ of plane xp over [d0, d1) × [h0, h1) × [w0, w1) in f32, scanned d, h, w. */
// @ts-ignore: decorator
@inline export function sumWindow(xp: usize, d0: i32, d1: i32, h0: i32, h1: i32, w0: i32, w1: i32, IH: i32, IW: i32): f32 {
  let s: f32 = 0;
  for (let d = d0; d < d1; d++) {
    for (let h = h0; h < h1; h++) {
      const row = xp + (<usize>((d * IH + h) * IW) << 2);
      for (let c = w0; c < w1; c++) s += load<f32>(row + (<usize>c << 2));
    }
  }
  return s;
}

/** Adds delta to plane xp over [d0, d1) × [h0, h1) × [w0, w1). */
// @ts-ignore: decorator
@inline export function spreadWindow(xp: usize, d0: i32, d1: i32, h0: i32, h1: i32, w0: i32, w1: i32, IH: i32, IW: i32, delta: f32): void {
  for (let d = d0; d < d1; d++) {
    for (let h = h0; h < h1; h++) {
      const row = xp + (<usize>((d * IH + h) * IW) << 2);
      for (let c = w0; c < w1; c++) store<f32>(row + (<usize>c << 2), load<f32>(row + (<usize>c << 2)) + delta);
    }
  }
}

/** First input index of adaptive bin o of m over n: ⌊o·n/m⌋. */
// @ts-ignore: decorator
@inline export function binStart(o: i32, n: i32, m: i32): i32 {
  return <i32>((<i64>o * n) / m);
}
/** End (exclusive) of adaptive bin o: ⌈(o+1)·n/m⌉. */
// @ts-ignore: decorator
@inline export function binEnd(o: i32, n: i32, m: i32): i32 {
  return <i32>((<i64>(o + 1) * n + m - 1) / m);
}
