// Row-wise softmax family, relaxed-SIMD (__relaxed) variants: the __simd bodies with f32x4.relaxed_madd inside e^x
// (measured 8–30% faster than __simd in V8). Same ULP bounds as __simd; the last bits may differ between machines.
// softmax_bwd has no e^x and keeps only its (bit-exact) __simd variant. Safe in place.
import { crossEntropyBwd, logSoftmax, logSoftmaxBwd, softmax } from "../lib/softmax-simd";

/** y = e^(x − max x) / Σ e^(x − max x) per row. */
export function f32_softmax__relaxed(rows: usize, cols: usize, x: usize, out: usize): void { softmax(true, rows, cols, x, out); }
/** y = x − max x − ln Σ e^(x − max x) per row. */
export function f32_log_softmax__relaxed(rows: usize, cols: usize, x: usize, out: usize): void { logSoftmax(true, rows, cols, x, out); }
/** d log_softmax: out = g − e^y · Σ_c g per row. */
export function f32_log_softmax_bwd__relaxed(rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  logSoftmaxBwd(true, rows, cols, y, g, out);
}
/** out[r, c] = scale[r]·(e^logp[r, c] − [c == target[r]]). */
export function f32_cross_entropy_bwd__relaxed(rows: usize, cols: usize, logp: usize, target: usize, scale: usize, out: usize): void {
  crossEntropyBwd(true, rows, cols, logp, target, scale, out);
}
