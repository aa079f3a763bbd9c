// Row-wise softmax and log-softmax over [rows, cols] (contiguous), forward and backward, reference (__scalar) variants.
// Also the fused cross-entropy backward. Pointers are byte addresses; sizes count elements.

// @ts-ignore: decorator
@inline function rowMax(p: usize, cols: usize): f32 {
  let m = -Infinity as f32;
  for (let c: usize = 0; c < cols; c++) m = max<f32>(m, load<f32>(p + (c << 2)));
  return m;
}

/** y = e^(x − max x) / Σ e^(x − max x) per row. */
export function f32_softmax__scalar(rows: usize, cols: usize, x: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const p = x + ((r * cols) << 2), q = out + ((r * cols) << 2);
    const m = rowMax(p, cols);
    let s: f64 = 0;
    for (let c: usize = 0; c < cols; c++) { const e = Mathf.exp(load<f32>(p + (c << 2)) - m); store<f32>(q + (c << 2), e); s += e; }
    const inv = <f32>(1 / s);
    for (let c: usize = 0; c < cols; c++) store<f32>(q + (c << 2), load<f32>(q + (c << 2)) * inv);
  }
}

/**
 * y = x − max x − ln Σ e^(x − max x) per row (stable log-softmax). The first maximum contributes exactly e^0 = 1, so the
 * sum is 1 + rest and ln is taken as ln1p(rest), rest summed in f64 without the 1: the log-probability of a dominant
 * class keeps full relative accuracy (ln(1 + rest) loses rest's low bits once the 1 is added).
 */
export function f32_log_softmax__scalar(rows: usize, cols: usize, x: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const p = x + ((r * cols) << 2), q = out + ((r * cols) << 2);
    const m = rowMax(p, cols);
    let star = cols; // the first maximum (none when m is NaN)
    for (let c: usize = 0; c < cols; c++) if (load<f32>(p + (c << 2)) == m) { star = c; break; }
    let rest: f64 = 0;
    for (let c: usize = 0; c < cols; c++) {
      const e = Mathf.exp(load<f32>(p + (c << 2)) - m);
      rest += c == star ? e - 1 : e; // e − 1 = 0 unless m = ±Inf (then NaN, like the plain sum)
    }
    const lse = <f32>Math.log1p(rest);
    for (let c: usize = 0; c < cols; c++) store<f32>(q + (c << 2), (load<f32>(p + (c << 2)) - m) - lse);
  }
}

/** d softmax: out = y ⊙ (g − Σ_c g·y) per row. */
export function f32_softmax_bwd__scalar(rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    let dot: f64 = 0;
    for (let c: usize = 0; c < cols; c++) dot += <f64>load<f32>(g + o + (c << 2)) * <f64>load<f32>(y + o + (c << 2));
    const d = <f32>dot;
    for (let c: usize = 0; c < cols; c++) {
      const k = o + (c << 2);
      store<f32>(out + k, load<f32>(y + k) * (load<f32>(g + k) - d));
    }
  }
}

/** d log_softmax: out = g − e^y · Σ_c g per row. */
export function f32_log_softmax_bwd__scalar(rows: usize, cols: usize, y: usize, g: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    let s: f64 = 0;
    for (let c: usize = 0; c < cols; c++) s += <f64>load<f32>(g + o + (c << 2));
    const sf = <f32>s;
    for (let c: usize = 0; c < cols; c++) {
      const k = o + (c << 2);
      store<f32>(out + k, load<f32>(g + k) - Mathf.exp(load<f32>(y + k)) * sf);
    }
  }
}

/**
 * Fused cross-entropy backward from log-probabilities: out[r, c] = scale[r]·(e^logp[r, c] − [c == target[r]]).
 * target is i32 per row; scale is f32 per row (0 for ignored rows).
 */
export function f32_cross_entropy_bwd__scalar(rows: usize, cols: usize, logp: usize, target: usize, scale: usize, out: usize): void {
  for (let r: usize = 0; r < rows; r++) {
    const o = (r * cols) << 2;
    const s = load<f32>(scale + (r << 2));
    const t = <usize>load<i32>(target + (r << 2));
    for (let c: usize = 0; c < cols; c++) {
      const k = o + (c << 2);
      store<f32>(out + k, s * (Mathf.exp(load<f32>(logp + k)) - (c == t ? <f32>1 : <f32>0)));
    }
  }
}
