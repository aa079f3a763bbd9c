// Elementwise unary f32 kernels and their backward rules, 128-bit SIMD (__simd) variants. Same signatures and semantics
// as unary.ts: 8 lanes per iteration, then one vector, then the reference kernel on the last n mod 4 elements, so no
// access goes past n. All are safe in place.
import { U, unaryLoop } from "../lib/unary-simd";
import {
  f32_abs__scalar, f32_clamp__scalar, f32_clamp_bwd__scalar, f32_elu__scalar, f32_elu_bwd__scalar, f32_exp__scalar,
  f32_gelu__scalar, f32_gelu_bwd__scalar, f32_gelu_tanh__scalar, f32_gelu_tanh_bwd__scalar, f32_leaky_relu__scalar,
  f32_leaky_relu_bwd__scalar, f32_log__scalar, f32_neg__scalar, f32_relu__scalar, f32_relu_bwd__scalar, f32_sigmoid__scalar,
  f32_sigmoid_bwd__scalar, f32_sign__scalar, f32_softplus__scalar, f32_softplus_bwd__scalar, f32_sqrt__scalar,
  f32_step__scalar, f32_tanh__scalar, f32_tanh_bwd__scalar,
} from "./unary";

/** out = -x */
export function f32_neg__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.NEG, false, n, x, 0, out, 0, 0) << 2; f32_neg__scalar(n & 3, x + i, out + i);
}
/** out = e^x */
export function f32_exp__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.EXP, false, n, x, 0, out, 0, 0) << 2; f32_exp__scalar(n & 3, x + i, out + i);
}
/** out = ln x */
export function f32_log__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.LOG, false, n, x, 0, out, 0, 0) << 2; f32_log__scalar(n & 3, x + i, out + i);
}
/** out = √x */
export function f32_sqrt__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.SQRT, false, n, x, 0, out, 0, 0) << 2; f32_sqrt__scalar(n & 3, x + i, out + i);
}
/** out = |x| */
export function f32_abs__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.ABS, false, n, x, 0, out, 0, 0) << 2; f32_abs__scalar(n & 3, x + i, out + i);
}
/** out = sign(x) ∈ {-1, 0, 1}; NaN stays NaN. */
export function f32_sign__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.SIGN, false, n, x, 0, out, 0, 0) << 2; f32_sign__scalar(n & 3, x + i, out + i);
}
/** out = 1 / (1 + e^-x) */
export function f32_sigmoid__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.SIGMOID, false, n, x, 0, out, 0, 0) << 2; f32_sigmoid__scalar(n & 3, x + i, out + i);
}
/** out = tanh x */
export function f32_tanh__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.TANH, false, n, x, 0, out, 0, 0) << 2; f32_tanh__scalar(n & 3, x + i, out + i);
}
/** out = x < 0 ? 0 : x  (f32x4.pmax(x, 0): NaN and -0 pass through). */
export function f32_relu__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.RELU, false, n, x, 0, out, 0, 0) << 2; f32_relu__scalar(n & 3, x + i, out + i);
}
/** out = x > 0 ? 1 : 0 */
export function f32_step__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.STEP, false, n, x, 0, out, 0, 0) << 2; f32_step__scalar(n & 3, x + i, out + i);
}
/** out = x·Φ(x) */
export function f32_gelu__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.GELU, false, n, x, 0, out, 0, 0) << 2; f32_gelu__scalar(n & 3, x + i, out + i);
}
/** out = ½x(1 + tanh u) = x·σ(2u), u = √(2/π)(x + 0.044715x³) */
export function f32_gelu_tanh__simd(n: usize, x: usize, out: usize): void {
  const i = unaryLoop(U.GELU_TANH, false, n, x, 0, out, 0, 0) << 2; f32_gelu_tanh__scalar(n & 3, x + i, out + i);
}
/** out = x > 0 ? x : slope·x */
export function f32_leaky_relu__simd(n: usize, x: usize, out: usize, slope: f32): void {
  const i = unaryLoop(U.LEAKY_RELU, false, n, x, 0, out, slope, 0) << 2; f32_leaky_relu__scalar(n & 3, x + i, out + i, slope);
}
/** out = x > 0 ? x : α(e^x − 1) */
export function f32_elu__simd(n: usize, x: usize, out: usize, alpha: f32): void {
  const i = unaryLoop(U.ELU, false, n, x, 0, out, alpha, 0) << 2; f32_elu__scalar(n & 3, x + i, out + i, alpha);
}
/** out = βx > threshold ? x : ln(1 + e^(βx))/β */
export function f32_softplus__simd(n: usize, x: usize, out: usize, beta: f32, threshold: f32): void {
  const i = unaryLoop(U.SOFTPLUS, false, n, x, 0, out, beta, threshold) << 2;
  f32_softplus__scalar(n & 3, x + i, out + i, beta, threshold);
}
/** out = min(max(x, lo), hi)  (NaN passes through). */
export function f32_clamp__simd(n: usize, x: usize, out: usize, lo: f32, hi: f32): void {
  const i = unaryLoop(U.CLAMP, false, n, x, 0, out, lo, hi) << 2; f32_clamp__scalar(n & 3, x + i, out + i, lo, hi);
}

/** d relu: out = x > 0 ? g : 0 */
export function f32_relu_bwd__simd(n: usize, x: usize, g: usize, out: usize): void {
  const i = unaryLoop(U.RELU_BWD, false, n, x, g, out, 0, 0) << 2; f32_relu_bwd__scalar(n & 3, x + i, g + i, out + i);
}
/** d sigmoid: out = g·y(1 − y) */
export function f32_sigmoid_bwd__simd(n: usize, y: usize, g: usize, out: usize): void {
  const i = unaryLoop(U.SIGMOID_BWD, false, n, y, g, out, 0, 0) << 2; f32_sigmoid_bwd__scalar(n & 3, y + i, g + i, out + i);
}
/** d tanh: out = g·(1 − y²) */
export function f32_tanh_bwd__simd(n: usize, y: usize, g: usize, out: usize): void {
  const i = unaryLoop(U.TANH_BWD, false, n, y, g, out, 0, 0) << 2; f32_tanh_bwd__scalar(n & 3, y + i, g + i, out + i);
}
/** d gelu: out = g·(Φ(x) + x·φ(x)) */
export function f32_gelu_bwd__simd(n: usize, x: usize, g: usize, out: usize): void {
  const i = unaryLoop(U.GELU_BWD, false, n, x, g, out, 0, 0) << 2; f32_gelu_bwd__scalar(n & 3, x + i, g + i, out + i);
}
/** d gelu_tanh: out = g·σ(2u)·(1 + 2x·σ(−2u)·√(2/π)(1 + 3·0.044715x²)) */
export function f32_gelu_tanh_bwd__simd(n: usize, x: usize, g: usize, out: usize): void {
  const i = unaryLoop(U.GELU_TANH_BWD, false, n, x, g, out, 0, 0) << 2; f32_gelu_tanh_bwd__scalar(n & 3, x + i, g + i, out + i);
}
/** d leaky_relu: out = x > 0 ? g : slope·g */
export function f32_leaky_relu_bwd__simd(n: usize, x: usize, g: usize, out: usize, slope: f32): void {
  const i = unaryLoop(U.LEAKY_RELU_BWD, false, n, x, g, out, slope, 0) << 2;
  f32_leaky_relu_bwd__scalar(n & 3, x + i, g + i, out + i, slope);
}
/** d elu: out = x > 0 ? g : g·α·e^x */
export function f32_elu_bwd__simd(n: usize, x: usize, g: usize, out: usize, alpha: f32): void {
  const i = unaryLoop(U.ELU_BWD, false, n, x, g, out, alpha, 0) << 2; f32_elu_bwd__scalar(n & 3, x + i, g + i, out + i, alpha);
}
/** d softplus: out = βx > threshold ? g : g·σ(βx) */
export function f32_softplus_bwd__simd(n: usize, x: usize, g: usize, out: usize, beta: f32, threshold: f32): void {
  const i = unaryLoop(U.SOFTPLUS_BWD, false, n, x, g, out, beta, threshold) << 2;
  f32_softplus_bwd__scalar(n & 3, x + i, g + i, out + i, beta, threshold);
}
/** d clamp: out = lo <= x <= hi ? g : 0 */
export function f32_clamp_bwd__simd(n: usize, x: usize, g: usize, out: usize, lo: f32, hi: f32): void {
  const i = unaryLoop(U.CLAMP_BWD, false, n, x, g, out, lo, hi) << 2; f32_clamp_bwd__scalar(n & 3, x + i, g + i, out + i, lo, hi);
}
