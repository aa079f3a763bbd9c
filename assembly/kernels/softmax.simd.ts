// Row-wise softmax and log-softmax over [rows, cols] (contiguous), forward and backward, and the fused cross-entropy
// backward: 128-bit SIMD (__simd) variants of softmax.ts. Row sums accumulate in f64 like the reference (two f64x2
// accumulators), so only the vector e^x differs from the reference (a few ULP). Safe in place (out == x or out == g).
import { k } from "../lib/simd-math";
import { crossEntropyBwd, logSoftmax, logSoftmaxBwd, softmax, total } from "../lib/softmax-simd";

/** d softmax: out = y ⊙ (g − Σ_c g·y) per row (the dot product in f64). */
export function f32_softmax_bwd__simd(rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    let s0 = f64x2.splat(0), s1 = s0;
    let c: usize = 0;
    for (; c + 4 <= cols; c += 4) {
      const gv = v128.load(g + o + (c << 2)), yv = v128.load(y + o + (c << 2));
      s0 = f64x2.add(s0, f64x2.mul(f64x2.promote_low_f32x4(gv), f64x2.promote_low_f32x4(yv)));
      s1 = f64x2.add(s1, f64x2.mul(f64x2.promote_low_f32x4(v128.shuffle<f32>(gv, gv, 2, 3, 2, 3)),
        f64x2.promote_low_f32x4(v128.shuffle<f32>(yv, yv, 2, 3, 2, 3))));
    }
    let dot = total(s0, s1);
    for (; c < cols; c++) dot += <f64>load<f32>(g + o + (c << 2)) * <f64>load<f32>(y + o + (c << 2));
    const d = <f32>dot, vd = k(d);
    for (c = 0; c + 4 <= cols; c += 4) {
      const i = o + (c << 2);
      v128.store(out + i, f32x4.mul(v128.load(y + i), f32x4.sub(v128.load(g + i), vd)));
    }
    for (; c < cols; c++) {
      const i = o + (c << 2);
      store<f32>(out + i, load<f32>(y + i) * (load<f32>(g + i) - d));
    }
  }
}

/** y = e^(x − max x) / Σ e^(x − max x) per row. */
export function f32_softmax__simd(rows: usize, cols: usize, x: usize, out: usize): void { softmax(false, rows, cols, x, out); }
/** y = x − max x − ln Σ e^(x − max x) per row. */
export function f32_log_softmax__simd(rows: usize, cols: usize, x: usize, out: usize): void { logSoftmax(false, rows, cols, x, out); }
/** d log_softmax: out = g − e^y · Σ_c g per row. */
export function f32_log_softmax_bwd__simd(rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  logSoftmaxBwd(false, rows, cols, y, g, out);
}
/** out[r, c] = scale[r]·(e^logp[r, c] − [c == target[r]]). */
export function f32_cross_entropy_bwd__simd(rows: usize, cols: usize, logp: usize, target: usize, scale: usize, out: usize): void {
  crossEntropyBwd(false, rows, cols, logp, target, scale, out);
}
