// Fused optimizer updates, one call per parameter tensor, reference (__scalar) variants. Formulas are PyTorch's.
// Pointers are byte addresses; n counts elements; p, g and the state buffers are [n] f32.

/** PyTorch's first two lines: grad = −grad if maximize; grad = grad.add(param, alpha=weight_decay) if weight_decay ≠ 0. */
// @ts-ignore: decorator
@inline function decayed(gv: f32, pv: f32, wd: f32, maximize: bool): f32 {
  if (maximize) gv = -gv;
  return wd != 0 ? gv + wd * pv : gv;
}

/**
 * SGD, PyTorch 1.13's _single_tensor_sgd operation for operation (c = 1 − dampening computed by the caller in f64):
 *   d_p = −grad if maximize;  d_p = d_p.add(param, alpha=weight_decay)          d ← d + wd·p
 *   momentum ≠ 0:  buf = d_p.clone() at the first step                          b ← d
 *                  else buf.mul_(momentum).add_(d_p, alpha=1 − dampening)       b ← b·μ + c·d
 *                  d_p = d_p.add(buf, alpha=momentum) if nesterov else buf      d ← d + μ·b, or d ← b
 *   param.add_(d_p, alpha=−lr)                                                  p ← p + (−lr)·d
 * flags: 1 = first step (buf uninitialised), 2 = nesterov, 4 = maximize.
 */
export function f32_sgd__scalar(n: usize, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, c: f32, wd: f32, flags: i32): void {
  const first = (flags & 1) != 0, nesterov = (flags & 2) != 0, maximize = (flags & 4) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    const pv = load<f32>(p + o);
    let d = decayed(load<f32>(g + o), pv, wd, maximize);
    if (momentum != 0) {
      const b = first ? d : load<f32>(buf + o) * momentum + c * d;
      store<f32>(buf + o, b);
      d = nesterov ? d + momentum * b : b;
    }
    store<f32>(p + o, pv + -lr * d);
  }
}

/**
 * Adam / AdamW, PyTorch 1.13's _single_tensor_adam / _single_tensor_adamw operation for operation (c1 = 1 − β1,
 * c2 = 1 − β2, decay = 1 − lr·wd, stepSize = lr / (1 − β1ᵗ) and bc2Sqrt = √(1 − β2ᵗ) computed by the caller in f64):
 *   grad = −grad if maximize
 *   AdamW: param.mul_(1 − lr·weight_decay)                                      p ← p·decay
 *   Adam:  grad = grad.add(param, alpha=weight_decay)                           g ← g + wd·p
 *   exp_avg.mul_(beta1).add_(grad, alpha=1 − beta1)                             m ← m·β1 + c1·g
 *   exp_avg_sq.mul_(beta2).addcmul_(grad, grad, value=1 − beta2)                v ← v·β2 + (c2·g)·g
 *   amsgrad: torch.maximum(max_exp_avg_sq, exp_avg_sq, out=max_exp_avg_sq)     v̂ ← vmax ← max(vmax, v), else v̂ ← v
 *   denom = (v̂.sqrt() / bias_correction2_sqrt).add_(eps)                       δ ← √v̂ / bc2Sqrt + eps
 *   param.addcdiv_(exp_avg, denom, value=−step_size)                            p ← p + (−stepSize·m) / δ
 * flags: 1 = amsgrad, 2 = decoupled weight decay (AdamW), 4 = maximize.
 */
export function f32_adam__scalar(
  n: usize, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  beta1: f32, beta2: f32, c1: f32, c2: f32, eps: f32, wd: f32, decay: f32, stepSize: f32, bc2Sqrt: f32, flags: i32,
): void {
  const amsgrad = (flags & 1) != 0, decoupled = (flags & 2) != 0, maximize = (flags & 4) != 0;
  const l2: f32 = decoupled ? 0 : wd;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    let pv = load<f32>(p + o);
    const gv = decayed(load<f32>(g + o), pv, l2, maximize);
    if (decoupled && wd != 0) pv = pv * decay;
    const mv = load<f32>(m + o) * beta1 + c1 * gv;
    let vv = load<f32>(v + o) * beta2 + c2 * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    if (amsgrad) { vv = max<f32>(load<f32>(vmax + o), vv); store<f32>(vmax + o, vv); }
    store<f32>(p + o, pv + (-stepSize * mv) / (Mathf.sqrt(vv) / bc2Sqrt + eps));
  }
}

/**
 * Adagrad, PyTorch 1.13's _single_tensor_adagrad operation for operation (clr = lr / (1 + (step − 1)·lr_decay) is
 * computed by the caller in f64, as Python does):
 *   grad = −grad if maximize;  grad = grad.add(param, alpha=weight_decay)   g ← g + wd·p
 *   state_sum.addcmul_(grad, grad, value=1)                                  S ← S + g·g
 *   std = state_sum.sqrt().add_(eps)                                         σ ← √S + eps
 *   param.addcdiv_(grad, std, value=−clr)                                    p ← p + (−clr·g) / σ
 * flags: 1 = maximize.
 */
export function f32_adagrad__scalar(n: usize, p: usize, g: usize, sum: usize, clr: f32, eps: f32, wd: f32, flags: i32): void {
  const maximize = (flags & 1) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    const pv = load<f32>(p + o);
    const gv = decayed(load<f32>(g + o), pv, wd, maximize);
    const s = load<f32>(sum + o) + gv * gv;
    store<f32>(sum + o, s);
    store<f32>(p + o, pv + (-clr * gv) / (Mathf.sqrt(s) + eps));
  }
}

/**
 * Adadelta, PyTorch 1.13's _single_tensor_adadelta operation for operation (c = 1 − ρ computed by the caller in f64):
 *   grad = −grad if maximize;  grad = grad.add(param, alpha=weight_decay)   g ← g + wd·p
 *   square_avg.mul_(rho).addcmul_(grad, grad, value=1 − rho)                 v ← v·ρ + (c·g)·g
 *   std = square_avg.add(eps).sqrt_()                                        s ← √(v + eps)
 *   delta = acc_delta.add(eps).sqrt_().div_(std).mul_(grad)                  Δ ← (√(u + eps) / s)·g
 *   acc_delta.mul_(rho).addcmul_(delta, delta, value=1 − rho)                u ← u·ρ + (c·Δ)·Δ
 *   param.add_(delta, alpha=−lr)                                             p ← p + (−lr)·Δ
 * flags: 1 = maximize.
 */
export function f32_adadelta__scalar(
  n: usize, p: usize, g: usize, v: usize, u: usize, lr: f32, rho: f32, c: f32, eps: f32, wd: f32, flags: i32,
): void {
  const maximize = (flags & 1) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    const pv = load<f32>(p + o);
    const gv = decayed(load<f32>(g + o), pv, wd, maximize);
    const vv = load<f32>(v + o) * rho + c * gv * gv;
    store<f32>(v + o, vv);
    const delta = (Mathf.sqrt(load<f32>(u + o) + eps) / Mathf.sqrt(vv + eps)) * gv;
    store<f32>(u + o, load<f32>(u + o) * rho + c * delta * delta);
    store<f32>(p + o, pv + -lr * delta);
  }
}

/**
 * RMSprop, PyTorch 1.13's _single_tensor_rmsprop operation for operation (c = 1 − α computed by the caller in f64):
 *   grad = −grad if maximize;  grad = grad.add(param, alpha=weight_decay)   g ← g + wd·p
 *   square_avg.mul_(alpha).addcmul_(grad, grad, value=1 − alpha)             v ← v·α + (c·g)·g
 *   centered: grad_avg.mul_(alpha).add_(grad, alpha=1 − alpha)               ḡ ← ḡ·α + c·g
 *             avg = square_avg.addcmul(grad_avg, grad_avg, value=−1).sqrt_() a ← √(v + (−ḡ)·ḡ)
 *   else:     avg = square_avg.sqrt()                                        a ← √v
 *   avg = avg.add_(eps)                                                      a ← a + eps
 *   momentum > 0: buf.mul_(momentum).addcdiv_(grad, avg)                     b ← b·μ + g / a
 *                 param.add_(buf, alpha=−lr)                                 p ← p + (−lr)·b
 *   else:         param.addcdiv_(grad, avg, value=−lr)                       p ← p + (−lr·g) / a
 * flags: 1 = centered (gavg used), 2 = maximize; buf is used when momentum ≠ 0.
 */
export function f32_rmsprop__scalar(
  n: usize, p: usize, g: usize, v: usize, gavg: usize, buf: usize, lr: f32, alpha: f32, c: f32, eps: f32, wd: f32, momentum: f32, flags: i32,
): void {
  const centered = (flags & 1) != 0, maximize = (flags & 2) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    const pv = load<f32>(p + o);
    const gv = decayed(load<f32>(g + o), pv, wd, maximize);
    const vv = load<f32>(v + o) * alpha + c * gv * gv;
    store<f32>(v + o, vv);
    let avg: f32;
    if (centered) {
      const ga = load<f32>(gavg + o) * alpha + c * gv;
      store<f32>(gavg + o, ga);
      avg = Mathf.sqrt(vv + -ga * ga);
    } else avg = Mathf.sqrt(vv);
    avg = avg + eps;
    if (momentum != 0) {
      const b = load<f32>(buf + o) * momentum + gv / avg;
      store<f32>(buf + o, b);
      store<f32>(p + o, pv + -lr * b);
    } else store<f32>(p + o, pv + (-lr * gv) / avg);
  }
}
