// Elementwise unary f32 kernels and their backward rules, reference (__scalar) variants.
// Pointers are byte addresses; n counts elements. Forward: (n, x, out, params…).
// Backward: (n, s, g, out, params…) where s is the saved forward input x or output y, as named. All are safe in place.
import { normalCdf64, sigmoid64, sigmoidf } from "../lib/math";

const INV_SQRT_2PI: f64 = 0.3989422804014327;
const GELU_K: f64 = 0.7978845608028654; // √(2/π)
const GELU_C: f64 = 0.044715;

/** 2u = 2·√(2/π)·(x + 0.044715·x³) in f64 (the argument of gelu_tanh's σ(2u) = ½(1 + tanh u)). */
// @ts-ignore: decorator
@inline function geluTanh2U(x: f64): f64 { return 2 * (GELU_K * (x + GELU_C * x * x * x)); }

/** Forward operations without parameters, folded away at compile time (a function argument would be an indirect call per element). */
const enum F { NEG, EXP, LOG, SQRT, ABS, SIGN, SIGMOID, TANH, RELU, STEP, GELU, GELU_TANH }

// @ts-ignore: decorator
@inline function f(op: F, v: f32): f32 {
  switch (op) {
    case F.NEG: return -v;
    case F.EXP: return Mathf.exp(v);
    case F.LOG: return Mathf.log(v);
    case F.SQRT: return Mathf.sqrt(v);
    case F.ABS: return Mathf.abs(v);
    case F.SIGN: return v > 0 ? 1 : v < 0 ? -1 : v;
    case F.SIGMOID: return sigmoidf(v);
    case F.TANH: return Mathf.tanh(v);
    case F.RELU: return v < 0 ? 0 : v;
    case F.STEP: return v > 0 ? 1 : 0;
    case F.GELU: return <f32>(<f64>v * normalCdf64(<f64>v));
    default: return <f32>(<f64>v * sigmoid64(geluTanh2U(<f64>v))); // GELU_TANH
  }
}

// @ts-ignore: decorator
@inline function map(op: F, n: usize, x: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; store<f32>(out + o, f(op, load<f32>(x + o))); }
}

/** out = -x */
export function f32_neg__scalar(n: usize, x: usize, out: usize): void { map(F.NEG, n, x, out); }
/** out = e^x */
export function f32_exp__scalar(n: usize, x: usize, out: usize): void { map(F.EXP, n, x, out); }
/** out = ln x */
export function f32_log__scalar(n: usize, x: usize, out: usize): void { map(F.LOG, n, x, out); }
/** out = √x */
export function f32_sqrt__scalar(n: usize, x: usize, out: usize): void { map(F.SQRT, n, x, out); }
/** out = |x| */
export function f32_abs__scalar(n: usize, x: usize, out: usize): void { map(F.ABS, n, x, out); }
/** out = sign(x) ∈ {-1, 0, 1}; NaN stays NaN. */
export function f32_sign__scalar(n: usize, x: usize, out: usize): void { map(F.SIGN, n, x, out); }
/** out = 1 / (1 + e^-x) */
export function f32_sigmoid__scalar(n: usize, x: usize, out: usize): void { map(F.SIGMOID, n, x, out); }
/** out = tanh x */
export function f32_tanh__scalar(n: usize, x: usize, out: usize): void { map(F.TANH, n, x, out); }
/** out = x < 0 ? 0 : x  (NaN and -0 pass through, like f32x4.pmax(x, 0)). */
export function f32_relu__scalar(n: usize, x: usize, out: usize): void { map(F.RELU, n, x, out); }
/** out = x > 0 ? 1 : 0  (step(0) = 0, NaN → 0). */
export function f32_step__scalar(n: usize, x: usize, out: usize): void { map(F.STEP, n, x, out); }
/** out = x·Φ(x), Φ the standard normal CDF (exact GELU). */
export function f32_gelu__scalar(n: usize, x: usize, out: usize): void { map(F.GELU, n, x, out); }
/**
 * out = ½x(1 + tanh u), u = √(2/π)(x + 0.044715x³)  (GELU, tanh approximation), computed in f64 as x·σ(2u) (the same
 * function: ½(1 + tanh u) = σ(2u)), so the left tail keeps its relative accuracy instead of cancelling in 1 + tanh u.
 */
export function f32_gelu_tanh__scalar(n: usize, x: usize, out: usize): void { map(F.GELU_TANH, n, x, out); }

/** out = x > 0 ? x : slope·x */
export function f32_leaky_relu__scalar(n: usize, x: usize, out: usize, slope: f32): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; const v = load<f32>(x + o); store<f32>(out + o, v > 0 ? v : v * slope); }
}
/** out = x > 0 ? x : α(e^x − 1) */
export function f32_elu__scalar(n: usize, x: usize, out: usize, alpha: f32): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; const v = load<f32>(x + o); store<f32>(out + o, v > 0 ? v : alpha * Mathf.expm1(v)); }
}
/** out = βx > threshold ? x : ln(1 + e^(βx))/β */
export function f32_softplus__scalar(n: usize, x: usize, out: usize, beta: f32, threshold: f32): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = load<f32>(x + o); const bx = v * beta;
    store<f32>(out + o, bx > threshold ? v : Mathf.log1p(Mathf.exp(bx)) / beta);
  }
}
/** out = min(max(x, lo), hi)  (NaN passes through). */
export function f32_clamp__scalar(n: usize, x: usize, out: usize, lo: f32, hi: f32): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = load<f32>(x + o);
    store<f32>(out + o, v < lo ? lo : v > hi ? hi : v);
  }
}

// ---- backward rules -------------------------------------------------------------------------------------------

/** d relu: out = x > 0 ? g : 0  (s = x) */
export function f32_relu_bwd__scalar(n: usize, x: usize, g: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; store<f32>(out + o, load<f32>(x + o) > 0 ? load<f32>(g + o) : 0); }
}
/** d sigmoid: out = g·y(1 − y)  (s = y) */
export function f32_sigmoid_bwd__scalar(n: usize, y: usize, g: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; const v = load<f32>(y + o); store<f32>(out + o, load<f32>(g + o) * (v * (1 - v))); }
}
/** d tanh: out = g·(1 − y²)  (s = y) */
export function f32_tanh_bwd__scalar(n: usize, y: usize, g: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; const v = load<f32>(y + o); store<f32>(out + o, load<f32>(g + o) * (1 - v * v)); }
}
/** d gelu: out = g·(Φ(x) + x·φ(x))  (s = x) */
export function f32_gelu_bwd__scalar(n: usize, x: usize, g: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = <f64>load<f32>(x + o);
    const d = normalCdf64(v) + v * INV_SQRT_2PI * Math.exp(-0.5 * v * v);
    store<f32>(out + o, load<f32>(g + o) * <f32>d);
  }
}
/**
 * d gelu_tanh: with u = √(2/π)(x + 0.044715x³), t = tanh u: out = g·(½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²))  (s = x),
 * computed in f64 as g·s·(1 + 2x·s'·√(2/π)(1 + 3·0.044715x²)) with s = σ(2u) = ½(1 + t) and s' = σ(−2u) (1 − t² = 4ss'),
 * so neither tail cancels and the zero near x = −0.75 keeps its relative accuracy.
 */
export function f32_gelu_tanh_bwd__scalar(n: usize, x: usize, g: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = <f64>load<f32>(x + o);
    const z = geluTanh2U(v);
    const d = sigmoid64(z) * (1 + 2 * v * sigmoid64(-z) * GELU_K * (1 + 3 * GELU_C * v * v));
    store<f32>(out + o, load<f32>(g + o) * <f32>d);
  }
}
/** d leaky_relu: out = x > 0 ? g : slope·g  (s = x) */
export function f32_leaky_relu_bwd__scalar(n: usize, x: usize, g: usize, out: usize, slope: f32): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; const gv = load<f32>(g + o); store<f32>(out + o, load<f32>(x + o) > 0 ? gv : gv * slope); }
}
/** d elu: out = x > 0 ? g : g·α·e^x  (s = x) */
export function f32_elu_bwd__scalar(n: usize, x: usize, g: usize, out: usize, alpha: f32): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = load<f32>(x + o); const gv = load<f32>(g + o);
    store<f32>(out + o, v > 0 ? gv : gv * alpha * Mathf.exp(v));
  }
}
/** d softplus: out = βx > threshold ? g : g·σ(βx)  (s = x) */
export function f32_softplus_bwd__scalar(n: usize, x: usize, g: usize, out: usize, beta: f32, threshold: f32): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const bx = load<f32>(x + o) * beta; const gv = load<f32>(g + o);
    store<f32>(out + o, bx > threshold ? gv : gv * sigmoidf(bx));
  }
}
/** d clamp: out = lo <= x <= hi ? g : 0  (s = x) */
export function f32_clamp_bwd__scalar(n: usize, x: usize, g: usize, out: usize, lo: f32, hi: f32): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2; const v = load<f32>(x + o);
    store<f32>(out + o, v >= lo && v <= hi ? load<f32>(g + o) : 0);
  }
}
