// General matrix multiply, reference (__scalar) variant, and the workspace size of the build's gemm variants.
// Pointers are byte addresses; sizes and leading dimensions count elements.
import { MR_RELAXED, MR_SIMD, gemmPackedWorkspace } from "./gemm_pack";

/**
 * C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · op(B)[k×n], op(X) = transX ? Xᵀ : X.
 * A is stored [m, lda] (or [k, lda] when transA), B is [k, ldb] (or [n, ldb] when transB), C is [m, ldc].
 * Sums over k in order, in f32. `ws` is scratch space of f32_gemm_workspace(m, n, k) bytes (unused here).
 */
export function f32_gemm__scalar(
  m: usize, n: usize, k: usize, a: usize, lda: usize, transA: bool, b: usize, ldb: usize, transB: bool,
  c: usize, ldc: usize, accumulate: bool, ws: usize,
): void {
  const ai: usize = transA ? 1 : lda, ak: usize = transA ? lda : 1; // A[i, p] at a + (i·ai + p·ak)·4
  const bk: usize = transB ? 1 : ldb, bj: usize = transB ? ldb : 1; // B[p, j] at b + (p·bk + j·bj)·4
  for (let i: usize = 0; i < m; i++) {
    for (let j: usize = 0; j < n; j++) {
      let s: f32 = 0;
      for (let p: usize = 0; p < k; p++) s += load<f32>(a + ((i * ai + p * ak) << 2)) * load<f32>(b + ((p * bk + j * bj) << 2));
      const q = c + ((i * ldc + j) << 2);
      store<f32>(q, accumulate ? load<f32>(q) + s : s);
    }
  }
}

/**
 * Bytes of scratch the gemm variants of this build need for an m×n×k product (their packing buffers): the largest
 * over the variants present, so any of them may be called with it (0 in the scalar build).
 */
export function f32_gemm_workspace(m: usize, n: usize, k: usize): usize {
  let bytes: usize = 0;
  if (ASC_FEATURE_SIMD) bytes = max(bytes, gemmPackedWorkspace(MR_SIMD, m, n, k));
  if (ASC_FEATURE_RELAXED_SIMD) bytes = max(bytes, gemmPackedWorkspace(MR_RELAXED, m, n, k));
  return bytes;
}
