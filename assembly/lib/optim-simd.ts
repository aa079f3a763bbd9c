// The generic vector bodies of the fused optimizer updates (optim.simd.ts, optim.relaxed.ts); `fma` selects the relaxed
// multiply-add. Without it every operation is the reference's, in the reference's order (not exported from the builds).
import { k, madd } from "./simd-math";

/** grad = −grad if maximize; grad + wd·param if wd ≠ 0 (the lanes of optim.ts's decayed). */
// @ts-ignore: decorator
@inline function decayed(fma: bool, gv: v128, pv: v128, vwd: v128, wd: f32, maximize: bool): v128 {
  if (maximize) gv = f32x4.neg(gv);
  return wd != 0 ? madd(fma, vwd, pv, gv) : gv;
}

/**
 * SGD: d ← ±g + wd·p; b ← first ? d : b·μ + c·d; d ← nesterov ? d + μ·b : b (μ = 0: d unchanged); p ← p + (−lr)·d,
 * with c = 1 − dampening. flags: 1 = first step (buf uninitialised), 2 = nesterov, 4 = maximize.
 * Returns the count done (a multiple of 4).
 */
// @ts-ignore: decorator
@inline export function sgd(fma: bool, n: usize, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, c: f32, wd: f32, flags: i32): usize {
  const first = (flags & 1) != 0, nesterov = (flags & 2) != 0, maximize = (flags & 4) != 0;
  const vnlr = k(-lr), vmu = k(momentum), vc = k(c), vwd = k(wd);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    const pv = v128.load(p + o);
    let d = decayed(fma, v128.load(g + o), pv, vwd, wd, maximize);
    if (momentum != 0) {
      const b = first ? d : madd(fma, v128.load(buf + o), vmu, f32x4.mul(vc, d));
      v128.store(buf + o, b);
      d = nesterov ? madd(fma, vmu, b, d) : b;
    }
    v128.store(p + o, madd(fma, vnlr, d, pv));
  }
  return i;
}

/**
 * Adam / AdamW: g ← ±g (+ wd·p unless decoupled); p ← p·decay if decoupled; m ← m·β1 + c1·g; v ← v·β2 + (c2·g)·g;
 * v̂ ← amsgrad ? (vmax ← max(vmax, v)) : v; p ← p + (−stepSize·m) / (√v̂ / bc2Sqrt + eps).
 * flags: 1 = amsgrad, 2 = decoupled weight decay (AdamW), 4 = maximize. Returns the count done (a multiple of 4).
 */
// @ts-ignore: decorator
@inline export function adam(
  fma: bool, n: usize, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  beta1: f32, beta2: f32, c1: f32, c2: f32, eps: f32, wd: f32, decay: f32, stepSize: f32, bc2Sqrt: f32, flags: i32,
): usize {
  const amsgrad = (flags & 1) != 0, decoupled = (flags & 2) != 0, maximize = (flags & 4) != 0;
  const l2: f32 = decoupled ? 0 : wd;
  const vb1 = k(beta1), vb2 = k(beta2), vc1 = k(c1), vc2 = k(c2), vl2 = k(l2), vdecay = k(decay);
  const veps = k(eps), vbc2 = k(bc2Sqrt), vnstep = k(-stepSize);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    let pv = v128.load(p + o);
    const gv = decayed(fma, v128.load(g + o), pv, vl2, l2, maximize);
    if (decoupled && wd != 0) pv = f32x4.mul(pv, vdecay);
    const mv = madd(fma, v128.load(m + o), vb1, f32x4.mul(vc1, gv));
    let vv = madd(fma, v128.load(v + o), vb2, f32x4.mul(f32x4.mul(vc2, gv), gv));
    v128.store(m + o, mv);
    v128.store(v + o, vv);
    if (amsgrad) { vv = f32x4.max(v128.load(vmax + o), vv); v128.store(vmax + o, vv); }
    const denom = f32x4.add(f32x4.div(f32x4.sqrt(vv), vbc2), veps);
    v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(vnstep, mv), denom)));
  }
  return i;
}

/**
 * Adagrad: g ← ±g + wd·p; S ← S + g·g; p ← p + (−clr·g) / (√S + eps). flags: 1 = maximize.
 * Returns the count done (a multiple of 4).
 */
// @ts-ignore: decorator
@inline export function adagrad(fma: bool, n: usize, p: usize, g: usize, sum: usize, clr: f32, eps: f32, wd: f32, flags: i32): usize {
  const maximize = (flags & 1) != 0;
  const vnclr = k(-clr), veps = k(eps), vwd = k(wd);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    const pv = v128.load(p + o);
    const gv = decayed(fma, v128.load(g + o), pv, vwd, wd, maximize);
    const s = madd(fma, gv, gv, v128.load(sum + o));
    v128.store(sum + o, s);
    v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(vnclr, gv), f32x4.add(f32x4.sqrt(s), veps))));
  }
  return i;
}

/**
 * Adadelta: g ← ±g + wd·p; v ← v·ρ + (c·g)·g; Δ ← (√(u + eps) / √(v + eps))·g; u ← u·ρ + (c·Δ)·Δ; p ← p + (−lr)·Δ,
 * with c = 1 − ρ. flags: 1 = maximize. Returns the count done (a multiple of 4).
 */
// @ts-ignore: decorator
@inline export function adadelta(
  fma: bool, n: usize, p: usize, g: usize, v: usize, u: usize, lr: f32, rho: f32, c: f32, eps: f32, wd: f32, flags: i32,
): usize {
  const maximize = (flags & 1) != 0;
  const vnlr = k(-lr), vrho = k(rho), vc = k(c), veps = k(eps), vwd = k(wd);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    const pv = v128.load(p + o);
    const gv = decayed(fma, v128.load(g + o), pv, vwd, wd, maximize);
    const vv = madd(fma, v128.load(v + o), vrho, f32x4.mul(f32x4.mul(vc, gv), gv));
    v128.store(v + o, vv);
    const uv = v128.load(u + o);
    const delta = f32x4.mul(f32x4.div(f32x4.sqrt(f32x4.add(uv, veps)), f32x4.sqrt(f32x4.add(vv, veps))), gv);
    v128.store(u + o, madd(fma, uv, vrho, f32x4.mul(f32x4.mul(vc, delta), delta)));
    v128.store(p + o, madd(fma, vnlr, delta, pv));
  }
  return i;
}

/**
 * RMSprop: g ← ±g + wd·p; v ← v·α + (c·g)·g; centered: ḡ ← ḡ·α + c·g, a ← √(v + (−ḡ)·ḡ) + eps, else a ← √v + eps;
 * μ ≠ 0: b ← b·μ + g / a, p ← p + (−lr)·b; else p ← p + (−lr·g) / a, with c = 1 − α.
 * flags: 1 = centered, 2 = maximize. Returns the count done (a multiple of 4).
 */
// @ts-ignore: decorator
@inline export function rmsprop(
  fma: bool, n: usize, p: usize, g: usize, v: usize, gavg: usize, buf: usize,
  lr: f32, alpha: f32, c: f32, eps: f32, wd: f32, momentum: f32, flags: i32,
): usize {
  const centered = (flags & 1) != 0, maximize = (flags & 2) != 0;
  const vnlr = k(-lr), valpha = k(alpha), vc = k(c), veps = k(eps), vwd = k(wd), vmu = k(momentum);
  let i: usize = 0;
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    const pv = v128.load(p + o);
    const gv = decayed(fma, v128.load(g + o), pv, vwd, wd, maximize);
    const vv = madd(fma, v128.load(v + o), valpha, f32x4.mul(f32x4.mul(vc, gv), gv));
    v128.store(v + o, vv);
    let avg: v128;
    if (centered) {
      const ga = madd(fma, v128.load(gavg + o), valpha, f32x4.mul(vc, gv));
      v128.store(gavg + o, ga);
      avg = f32x4.sqrt(madd(fma, f32x4.neg(ga), ga, vv));
    } else avg = f32x4.sqrt(vv);
    avg = f32x4.add(avg, veps);
    if (momentum != 0) {
      const b = madd(fma, v128.load(buf + o), vmu, f32x4.div(gv, avg));
      v128.store(buf + o, b);
      v128.store(p + o, madd(fma, vnlr, b, pv));
    } else v128.store(p + o, f32x4.add(pv, f32x4.div(f32x4.mul(vnlr, gv), avg)));
  }
  return i;
}
