// Scalar math helpers shared by the kernels (inlined or internal; not exported from the builds): logistic, erf, normal CDF.

const SQRT_PI: f64 = 1.7724538509055159;

/**
 * erfc(x) for x >= 2 by the continued fraction
 *   erfc(x) = exp(-x²)/√π · 1/(x + (1/2)/(x + 1/(x + (3/2)/(x + 2/(x + …)))))
 * evaluated from the tail (60 terms: far below f32 precision for x >= 2).
 */
function erfcLarge(x: f64): f64 {
  let t = x;
  for (let k = 60; k >= 1; k--) t = x + (<f64>k * 0.5) / t;
  return Math.exp(-x * x) / (SQRT_PI * t);
}

/** erf(x) for |x| < 2 by its Taylor series 2/√π · Σ (-1)^n x^(2n+1) / (n! (2n+1)), summed in f64. */
function erfSmall(x: f64): f64 {
  const x2 = x * x;
  let term = x, sum = x;
  for (let n = 1; n < 80; n++) {
    term *= -x2 / <f64>n;
    const add = term / <f64>(2 * n + 1);
    sum += add;
    if (Math.abs(add) < 1e-17 * Math.abs(sum)) break;
  }
  return sum * (2 / SQRT_PI);
}

/** erf(x), accurate to f64 rounding noise; the reference for every erf-based kernel. */
export function erf64(x: f64): f64 {
  if (x != x) return x;
  const a = Math.abs(x);
  if (a < 2) return erfSmall(x);
  const e = a > 10 ? 0 : erfcLarge(a);
  return x < 0 ? e - 1 : 1 - e;
}

/**
 * Φ(x) = ½·erfc(-x/√2), the standard normal CDF, with full relative accuracy in the left tail. No cut-off there: x·Φ(x)
 * is still a representable f32 down to x ≈ −14.5 (z ≈ 10.3), and erfcLarge underflows to 0 by itself.
 */
export function normalCdf64(x: f64): f64 {
  const z = -x * 0.7071067811865476;
  if (z >= 2) return 0.5 * erfcLarge(z);
  return 0.5 * (1 - erf64(z));
}

/** Stable logistic: 1/(1+e^-x) for x >= 0, e^x/(1+e^x) otherwise. */
// @ts-ignore: decorator
@inline export function sigmoidf(x: f32): f32 {
  if (x >= 0) return 1 / (1 + Mathf.exp(-x));
  const e = Mathf.exp(x);
  return e / (1 + e);
}


/** σ(x) in f64: (x >= 0 ? 1 : e)/(1 + e) with e = e^(−|x|), accurate in both tails. */
export function sigmoid64(x: f64): f64 {
  const e = Math.exp(-Math.abs(x));
  return (x >= 0 ? 1 : e) / (1 + e);
}
