// The generic vector body of the unary kernels (unary.simd.ts, unary.relaxed.ts): one switch over an operation code that
// is a compile-time constant at every call, so each kernel inlines only its own formula (not exported from the builds).
import { gelu64, geluGrad64, geluTanh64, geluTanhGrad64, hi64, join32, k, lo64, vexp, vexpm1, vlog, vlog1p, vsigmoid, vtanh } from "./simd-math";

/** Operation codes, folded away at compile time. */
export const enum U {
  NEG, EXP, LOG, SQRT, ABS, SIGN, SIGMOID, TANH, RELU, STEP, GELU, GELU_TANH, LEAKY_RELU, ELU, SOFTPLUS, CLAMP,
  RELU_BWD, SIGMOID_BWD, TANH_BWD, GELU_BWD, GELU_TANH_BWD, LEAKY_RELU_BWD, ELU_BWD, SOFTPLUS_BWD, CLAMP_BWD,
}

/**
 * One vector of op. Forward ops read v = x; backward ops read v = the saved tensor and g. p, q are the scalar parameters
 * splatted (slope | alpha | beta, threshold | lo, hi). Each line mirrors the reference's formula operation for operation.
 */
// @ts-ignore: decorator
@inline function vop(op: U, fma: bool, v: v128, g: v128, p: v128, q: v128): v128 {
  const zero = f32x4.splat(0);
  switch (op) {
    case U.NEG: return f32x4.neg(v);
    case U.EXP: return vexp(fma, v);
    case U.LOG: return vlog(fma, v);
    case U.SQRT: return f32x4.sqrt(v);
    case U.ABS: return f32x4.abs(v);
    case U.SIGN: return v128.bitselect(k(1), v128.bitselect(k(-1), v, f32x4.lt(v, zero)), f32x4.gt(v, zero));
    case U.SIGMOID: return vsigmoid(fma, v);
    case U.TANH: return vtanh(fma, v);
    case U.RELU: return f32x4.pmax(v, zero); // NOTE: pmax(v, 0) is v < 0 ? 0 : v (keeps -0 and NaN); max would give +0 for -0
    case U.STEP: return v128.and(f32x4.gt(v, zero), k(1));
    case U.GELU: return join32(gelu64(lo64(v)), gelu64(hi64(v)));
    case U.GELU_TANH: return join32(geluTanh64(lo64(v)), geluTanh64(hi64(v)));
    case U.LEAKY_RELU: return v128.bitselect(v, f32x4.mul(v, p), f32x4.gt(v, zero));
    case U.ELU: return v128.bitselect(v, f32x4.mul(p, vexpm1(fma, v)), f32x4.gt(v, zero));
    case U.SOFTPLUS: {
      const bx = f32x4.mul(v, p);
      return v128.bitselect(v, f32x4.div(vlog1p(fma, vexp(fma, bx)), p), f32x4.gt(bx, q));
    }
    case U.CLAMP: return v128.bitselect(p, v128.bitselect(q, v, f32x4.gt(v, q)), f32x4.lt(v, p));
    case U.RELU_BWD: return v128.and(g, f32x4.gt(v, zero));
    case U.SIGMOID_BWD: return f32x4.mul(g, f32x4.mul(v, f32x4.sub(k(1), v)));
    case U.TANH_BWD: return f32x4.mul(g, f32x4.sub(k(1), f32x4.mul(v, v)));
    case U.GELU_BWD: return f32x4.mul(g, join32(geluGrad64(lo64(v)), geluGrad64(hi64(v))));
    case U.GELU_TANH_BWD: return f32x4.mul(g, join32(geluTanhGrad64(lo64(v)), geluTanhGrad64(hi64(v))));
    case U.LEAKY_RELU_BWD: return v128.bitselect(g, f32x4.mul(g, p), f32x4.gt(v, zero));
    case U.ELU_BWD: return v128.bitselect(g, f32x4.mul(f32x4.mul(g, p), vexp(fma, v)), f32x4.gt(v, zero));
    case U.SOFTPLUS_BWD: {
      const bx = f32x4.mul(v, p);
      return v128.bitselect(g, f32x4.mul(g, vsigmoid(fma, bx)), f32x4.gt(bx, q));
    }
    default: return v128.and(g, v128.and(f32x4.ge(v, p), f32x4.le(v, q))); // CLAMP_BWD
  }
}

/** out[i] = op(s[i], g[i]) for the first n − n mod 4 elements (g unused by forward ops); returns that count. */
// @ts-ignore: decorator
@inline export function unaryLoop(op: U, fma: bool, n: usize, s: usize, g: usize, out: usize, p: f32, q: f32): usize {
  const vp = f32x4.splat(p), vq = f32x4.splat(q);
  const bwd = op >= U.RELU_BWD;
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const o = i << 2;
    const a = vop(op, fma, v128.load(s + o), bwd ? v128.load(g + o) : vp, vp, vq);
    const b = vop(op, fma, v128.load(s + o, 16), bwd ? v128.load(g + o, 16) : vp, vp, vq);
    v128.store(out + o, a);
    v128.store(out + o, b, 16);
  }
  if (i + 4 <= n) {
    const o = i << 2;
    v128.store(out + o, vop(op, fma, v128.load(s + o), bwd ? v128.load(g + o) : vp, vp, vq));
    i += 4;
  }
  return i;
}

