// Fused optimizer updates, one call per parameter tensor, reference (__scalar) variants. Formulas are PyTorch's.
// Pointers are byte addresses; n counts elements; p, g and the state buffers are [n] f32.

/**
 * SGD: g ← ±g + wd·p; buf ← first ? g : μ·buf + (1 − dampening)·g; d ← nesterov ? g + μ·buf : buf (μ = 0: d = g); p ← p − lr·d.
 * flags: 1 = first step (buf uninitialised), 2 = nesterov, 4 = maximize.
 */
export function f32_sgd__scalar(n: usize, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, dampening: f32, wd: f32, flags: i32): void {
  const first = (flags & 1) != 0, nesterov = (flags & 2) != 0, maximize = (flags & 4) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    const pv = load<f32>(p + o);
    let d = load<f32>(g + o);
    if (maximize) d = -d;
    if (wd != 0) d = d + wd * pv;
    if (momentum != 0) {
      const b = first ? d : momentum * load<f32>(buf + o) + (1 - dampening) * d;
      store<f32>(buf + o, b);
      d = nesterov ? d + momentum * b : b;
    }
    store<f32>(p + o, pv - lr * d);
  }
}

/**
 * Adam / AdamW: g ← ±g (+ wd·p unless decoupled); p ← p·(1 − lr·wd) if decoupled;
 * m ← β1·m + (1 − β1)·g; v ← β2·v + (1 − β2)·g²; v̂ ← amsgrad ? (vmax ← max(vmax, v)) : v;
 * p ← p − stepSize · m / (√v̂ / bc2Sqrt + eps), with stepSize = lr / (1 − β1^t) and bc2Sqrt = √(1 − β2^t).
 * flags: 1 = amsgrad, 2 = decoupled weight decay (AdamW), 4 = maximize.
 */
export function f32_adam__scalar(
  n: usize, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  lr: f32, beta1: f32, beta2: f32, eps: f32, wd: f32, stepSize: f32, bc2Sqrt: f32, flags: i32,
): void {
  const amsgrad = (flags & 1) != 0, decoupled = (flags & 2) != 0, maximize = (flags & 4) != 0;
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    let pv = load<f32>(p + o);
    let gv = load<f32>(g + o);
    if (maximize) gv = -gv;
    if (wd != 0) { if (decoupled) pv = pv * (1 - lr * wd); else gv = gv + wd * pv; }
    const mv = beta1 * load<f32>(m + o) + (1 - beta1) * gv;
    let vv = beta2 * load<f32>(v + o) + (1 - beta2) * gv * gv;
    store<f32>(m + o, mv);
    store<f32>(v + o, vv);
    if (amsgrad) { vv = max<f32>(load<f32>(vmax + o), vv); store<f32>(vmax + o, vv); }
    store<f32>(p + o, pv - stepSize * (mv / (Mathf.sqrt(vv) / bc2Sqrt + eps)));
  }
}
