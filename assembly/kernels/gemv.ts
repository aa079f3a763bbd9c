// Matrix-vector product for one-row linear layers (batch-1 inference), reference (__scalar) variant.
// Pointers are byte addresses; sizes and the leading dimension count f32 elements.

/**
 * out[j] = (accumulate ? out[j] : 0) + Σ_p x[p]·w[j·ldw + p] for j < n, p < k: y = W·x with W stored row-major
 * [n, ldw] (a Linear weight [out, in]). Sums over p in order, in f32. GEMM with m = 1 would pack all of W per call.
 */
export function f32_gemv__scalar(n: usize, k: usize, x: usize, w: usize, ldw: usize, out: usize, accumulate: bool): void {
  for (let j: usize = 0; j < n; j++) {
    const row = w + (j * ldw << 2);
    let s: f32 = 0;
    for (let p: usize = 0; p < k; p++) s += load<f32>(x + (p << 2)) * load<f32>(row + (p << 2));
    const q = out + (j << 2);
    store<f32>(q, accumulate ? load<f32>(q) + s : s);
  }
}
