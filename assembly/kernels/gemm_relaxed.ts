// General matrix multiply, relaxed-SIMD (__relaxed) variant: 6×8 register tiles with fused f32x4.relaxed_madd.
// Pointers are byte addresses; sizes and leading dimensions count f32 elements.
import { MR_RELAXED, gemmPacked, storeTile } from "./gemm_pack";

/**
 * C[m×n] = (accumulate ? C : 0) + op(A)[m×k] · op(B)[k×n], op(X) = transX ? Xᵀ : X; same contract as
 * f32_gemm__scalar. Tile 6×8: per k step, 2 vector loads of B̃, 6 pre-broadcast loads of Ã and 12
 * f32x4.relaxed_madd into 12 accumulators (fused, so no temporaries: 15 registers, all V8 has on x64). Packing and
 * blocking as in gemm_pack.ts. relaxed_madd may or may not round the product (fma on x64/arm64), so results differ
 * from the scalar reference by rounding only. ws: f32_gemm_workspace(m, n, k) bytes.
 */
export function f32_gemm__relaxed(
  m: usize, n: usize, k: usize, a: usize, lda: usize, transA: bool, b: usize, ldb: usize, transB: bool,
  c: usize, ldc: usize, accumulate: bool, ws: usize,
): void {
  gemmPacked(MR_RELAXED, ukernel6x8, m, n, k, a, lda, transA, b, ldb, transB, c, ldc, accumulate, ws);
}

/** C[mr×nr] (+)= Ã[6×kc] · B̃[kc×8]: the Microkernel of gemm_pack.ts with fused multiply-add. */
function ukernel6x8(kc: usize, pa: usize, pb: usize, c: usize, ldc: usize, mr: usize, nr: usize, acc: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00;
  let c30 = c00, c31 = c00, c40 = c00, c41 = c00, c50 = c00, c51 = c00;
  const end = pa + kc * 96;
  while (pa < end) {
    const b0 = v128.load(pb), b1 = v128.load(pb, 16);
    let s = v128.load(pa);
    c00 = f32x4.relaxed_madd(s, b0, c00); c01 = f32x4.relaxed_madd(s, b1, c01);
    s = v128.load(pa, 16);
    c10 = f32x4.relaxed_madd(s, b0, c10); c11 = f32x4.relaxed_madd(s, b1, c11);
    s = v128.load(pa, 32);
    c20 = f32x4.relaxed_madd(s, b0, c20); c21 = f32x4.relaxed_madd(s, b1, c21);
    s = v128.load(pa, 48);
    c30 = f32x4.relaxed_madd(s, b0, c30); c31 = f32x4.relaxed_madd(s, b1, c31);
    s = v128.load(pa, 64);
    c40 = f32x4.relaxed_madd(s, b0, c40); c41 = f32x4.relaxed_madd(s, b1, c41);
    s = v128.load(pa, 80);
    c50 = f32x4.relaxed_madd(s, b0, c50); c51 = f32x4.relaxed_madd(s, b1, c51);
    pa += 96;
    pb += 32;
  }
  if (mr == 6 && nr == 8) {
    const r = ldc << 2;
    if (acc) {
      c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
      c10 = f32x4.add(c10, v128.load(c + r)); c11 = f32x4.add(c11, v128.load(c + r, 16));
      c20 = f32x4.add(c20, v128.load(c + 2 * r)); c21 = f32x4.add(c21, v128.load(c + 2 * r, 16));
      c30 = f32x4.add(c30, v128.load(c + 3 * r)); c31 = f32x4.add(c31, v128.load(c + 3 * r, 16));
      c40 = f32x4.add(c40, v128.load(c + 4 * r)); c41 = f32x4.add(c41, v128.load(c + 4 * r, 16));
      c50 = f32x4.add(c50, v128.load(c + 5 * r)); c51 = f32x4.add(c51, v128.load(c + 5 * r, 16));
    }
    v128.store(c, c00); v128.store(c, c01, 16);
    v128.store(c + r, c10); v128.store(c + r, c11, 16);
    v128.store(c + 2 * r, c20); v128.store(c + 2 * r, c21, 16);
    v128.store(c + 3 * r, c30); v128.store(c + 3 * r, c31, 16);
    v128.store(c + 4 * r, c40); v128.store(c + 4 * r, c41, 16);
    v128.store(c + 5 * r, c50); v128.store(c + 5 * r, c51, 16);
  } else {
    v128.store(tile, c00); v128.store(tile, c01, 16); v128.store(tile, c10, 32); v128.store(tile, c11, 48);
    v128.store(tile, c20, 64); v128.store(tile, c21, 80); v128.store(tile, c30, 96); v128.store(tile, c31, 112);
    v128.store(tile, c40, 128); v128.store(tile, c41, 144); v128.store(tile, c50, 160); v128.store(tile, c51, 176);
    storeTile(tile, 8, c, ldc, mr, nr, acc);
  }
}
