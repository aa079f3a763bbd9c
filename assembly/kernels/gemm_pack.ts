// Blocked, packed GEMM driver shared by the SIMD gemm variants: packing of A and B, cache blocking, tile loops.
// Pointers are byte addresses; sizes, strides and leading dimensions count f32 elements.
//
// Loop nest (GotoBLAS order): for each NC-wide column block of C, for each KC-deep slice of K, pack
// op(B)[pc:pc+kc, jc:jc+nc] into 8-column panels (B̃, in L2); for each MC-row block, pack op(A)[ic:ic+mc, pc:pc+kc]
// into MR-row panels (Ã); then for each Ã panel (kept in L1) run the micro-kernel against every B̃ panel.
// (Measured on Zen 5 / Node 20: this order is ~2% faster than the BLIS order with a B̃ panel kept in L1, because per k
// step the kernel reads MR·16 bytes of Ã but only 32 of B̃; KC 128–384, MC 60–240, NC 256–4096 are all within noise.)
// Packing reads op(A) and op(B) through (row, column) strides, so all four transpose combinations take the same
// path: the transposed reads happen once per element in the packing, never in the inner loop.

/** Depth of a K slice: one Ã panel (KC·MR·16 bytes = 20–24 KiB) stays in L1 (48 KiB here) while it meets every B̃ panel. */
export const KC: usize = 256;
/** Rows of A packed at once (a multiple of every MR in use, 5 and 6); Ã is MC·KC·16 bytes = 480 KiB. */
export const MC: usize = 120;
/** Columns of B packed at once: B̃ is KC·NC·4 bytes = 512 KiB, in L2 (1 MiB here). */
export const NC: usize = 512;
/** Rows of the micro-tile of f32_gemm__simd (gemm_simd.ts) and of f32_gemm__relaxed (gemm_relaxed.ts). */
export const MR_SIMD: usize = 5, MR_RELAXED: usize = 6;
/** Columns of a B̃ panel, i.e. the micro-tile width: two f32x4 vectors. */
export const NR: usize = 8;
/** Scratch for one spilled micro-tile (edge tiles are written through it); MR·NR·4 ≤ 256 bytes. */
const TILE_BYTES: usize = 256;

/**
 * A micro-kernel: C[mr×nr] (+)= Ã-panel[MR×kc] · B̃-panel[kc×NR] for the tile at byte address c (row stride ldc
 * elements); mr ≤ MR, nr ≤ NR are the valid rows and columns (the rest of the tile is computed and dropped). `acc`:
 * add to C instead of overwriting it. `tile` is TILE_BYTES of scratch for the partial-tile path.
 */
export type Microkernel = (kc: usize, pa: usize, pb: usize, c: usize, ldc: usize, mr: usize, nr: usize, acc: bool, tile: usize) => void;

/** Bytes of workspace gemmPacked needs with MR = mr for an m×n×k product. */
export function gemmPackedWorkspace(mr: usize, m: usize, n: usize, k: usize): usize {
  if (m == 0 || n == 0 || k == 0) return 0;
  const mc = (min(m, MC) + mr - 1) / mr * mr, nc = (min(n, NC) + NR - 1) / NR * NR, kc = min(k, KC);
  return TILE_BYTES + mc * kc * 16 + nc * kc * 4;
}

/**
 * C[m×n] = (accumulate ? C : 0) + op(A)·op(B) with the signature of f32_gemm__scalar, on MR×8 tiles computed by
 * `kernel`. ws holds gemmPackedWorkspace(mr, m, n, k) bytes.
 */
export function gemmPacked(
  mr: usize, kernel: Microkernel,
  m: usize, n: usize, k: usize, a: usize, lda: usize, transA: bool, b: usize, ldb: usize, transB: bool,
  c: usize, ldc: usize, accumulate: bool, ws: usize,
): void {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    if (!accumulate) for (let i: usize = 0; i < m; i++) memory.fill(c + (i * ldc << 2), 0, n << 2);
    return;
  }
  const ai: usize = transA ? 1 : lda, ak: usize = transA ? lda : 1; // op(A)[i, p] at a + (i·ai + p·ak)·4
  const bk: usize = transB ? 1 : ldb, bj: usize = transB ? ldb : 1; // op(B)[p, j] at b + (p·bk + j·bj)·4
  const tile = ws;
  const pa = ws + TILE_BYTES;
  const pb = pa + (min(m, MC) + mr - 1) / mr * mr * min(k, KC) * 16;
  for (let jc: usize = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc: usize = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packB(b + ((pc * bk + jc * bj) << 2), bk, bj, kc, nc, pb);
      const acc = accumulate || pc > 0;
      for (let ic: usize = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a + ((ic * ai + pc * ak) << 2), ai, ak, mc, kc, mr, pa);
        for (let ir: usize = 0; ir < mc; ir += mr) { // one Ã panel (in L1) against every B̃ panel (from L2)
          const panelA = pa + (ir * kc << 4), ci = c + ((ic + ir) * ldc + jc << 2), h = min(mr, mc - ir);
          for (let jr: usize = 0; jr < nc; jr += NR) {
            kernel(kc, panelA, pb + (jr * kc << 2), ci + (jr << 2), ldc, h, min(NR, nc - jr), acc, tile);
          }
        }
      }
    }
  }
}

/**
 * Packs op(A)[0:rows, 0:kc] (element (i, p) at x + (i·si + p·sp)·4) into panels of mr rows, each element broadcast
 * to a full f32x4: dst[panel][p][r] is 16 bytes, so the micro-kernel needs only plain vector loads, whose constant
 * offsets V8 folds into the address (it does not for v128.load32_splat). Measured with bench/tiles.ts: as fast as
 * load-splat in Node 20, 7% faster in Deno 2.9 (V8 15). Rows past `rows` in the last panel are zeros.
 */
function packA(x: usize, si: usize, sp: usize, rows: usize, kc: usize, mr: usize, dst: usize): void {
  const step = mr << 4; // bytes between consecutive p in a panel
  for (let i0: usize = 0; i0 < rows; i0 += mr) {
    const h = min(mr, rows - i0);
    if (si == 1 && h == mr) { // a full panel of Aᵀ: rows contiguous, one load gives four of them (mr ≥ 4)
      for (let p: usize = 0; p < kc; p++) {
        const s = x + ((i0 + p * sp) << 2), q = dst + p * step;
        const v = v128.load(s);
        v128.store(q, i32x4.shuffle(v, v, 0, 0, 0, 0));
        v128.store(q, i32x4.shuffle(v, v, 1, 1, 1, 1), 16);
        v128.store(q, i32x4.shuffle(v, v, 2, 2, 2, 2), 32);
        v128.store(q, i32x4.shuffle(v, v, 3, 3, 3, 3), 48);
        for (let r: usize = 4; r < mr; r++) v128.store(q + (r << 4), v128.load32_splat(s + (r << 2)));
      }
      dst += kc * step;
      continue;
    }
    for (let r: usize = 0; r < mr; r++) { // row by row: long inner loops over p
      const d = dst + (r << 4);
      if (r >= h) {
        for (let p: usize = 0; p < kc; p++) v128.store(d + p * step, f32x4.splat(0));
        continue;
      }
      const s = x + ((i0 + r) * si << 2);
      let p: usize = 0;
      if (sp == 1) { // row contiguous along p: one load, four lane broadcasts
        for (; p + 4 <= kc; p += 4) {
          const v = v128.load(s + (p << 2)), q = d + p * step;
          v128.store(q, i32x4.shuffle(v, v, 0, 0, 0, 0));
          v128.store(q + step, i32x4.shuffle(v, v, 1, 1, 1, 1));
          v128.store(q + 2 * step, i32x4.shuffle(v, v, 2, 2, 2, 2));
          v128.store(q + 3 * step, i32x4.shuffle(v, v, 3, 3, 3, 3));
        }
      }
      for (; p < kc; p++) v128.store(d + p * step, v128.load32_splat(s + (p * sp << 2)));
    }
    dst += kc * step;
  }
}

/**
 * Packs op(B)[0:kc, 0:cols] (element (p, j) at x + (p·sp + j·sj)·4) into panels of NR = 8 columns:
 * dst[panel][p][0..8]. Columns past `cols` in the last panel are zeros. Row-major B is copied vector by vector;
 * transposed B (sp == 1) goes through 4×4 register transposes.
 */
function packB(x: usize, sp: usize, sj: usize, kc: usize, cols: usize, dst: usize): void {
  let j0: usize = 0;
  if (sj == 1) {
    for (; j0 + NR <= cols; j0 += NR) {
      for (let p: usize = 0; p < kc; p++) {
        const s = x + ((p * sp + j0) << 2), d = dst + (p << 5);
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
      }
      dst += kc << 5;
    }
  } else if (sp == 1) {
    const row = sj << 2; // bytes between consecutive columns j
    for (; j0 + NR <= cols; j0 += NR) {
      const s0 = x + (j0 * sj << 2), s4 = s0 + 4 * row;
      let p: usize = 0;
      for (; p + 4 <= kc; p += 4) {
        const d = dst + (p << 5), q = p << 2;
        transpose4(v128.load(s0 + q), v128.load(s0 + row + q), v128.load(s0 + 2 * row + q), v128.load(s0 + 3 * row + q), d);
        transpose4(v128.load(s4 + q), v128.load(s4 + row + q), v128.load(s4 + 2 * row + q), v128.load(s4 + 3 * row + q), d + 16);
      }
      for (; p < kc; p++) {
        for (let j: usize = 0; j < NR; j++) store<f32>(dst + ((p * NR + j) << 2), load<f32>(x + ((p + (j0 + j) * sj) << 2)));
      }
      dst += kc << 5;
    }
  }
  if (j0 < cols) { // last, partial panel (or any panel if neither stride is 1)
    for (; j0 < cols; j0 += NR) {
      const w = min(NR, cols - j0);
      for (let p: usize = 0; p < kc; p++) {
        for (let j: usize = 0; j < NR; j++) {
          store<f32>(dst + ((p * NR + j) << 2), j < w ? load<f32>(x + ((p * sp + (j0 + j) * sj) << 2)) : 0);
        }
      }
      dst += kc << 5;
    }
  }
}

/** Stores the transpose of the 4×4 block with rows r0..r3 as four vectors NR·4 bytes apart, starting at d. */
// @ts-ignore: decorator
@inline function transpose4(r0: v128, r1: v128, r2: v128, r3: v128, d: usize): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  v128.store(d, i32x4.shuffle(t0, t2, 0, 1, 4, 5));
  v128.store(d, i32x4.shuffle(t0, t2, 2, 3, 6, 7), NR << 2);
  v128.store(d, i32x4.shuffle(t1, t3, 0, 1, 4, 5), NR << 3);
  v128.store(d, i32x4.shuffle(t1, t3, 2, 3, 6, 7), NR * 12);
}

/** Writes the valid mr×nr corner of a spilled tile (row stride w elements) to C, adding to C when acc. */
export function storeTile(tile: usize, w: usize, c: usize, ldc: usize, mr: usize, nr: usize, acc: bool): void {
  for (let i: usize = 0; i < mr; i++) {
    for (let j: usize = 0; j < nr; j++) {
      const q = c + ((i * ldc + j) << 2);
      const v = load<f32>(tile + ((i * w + j) << 2));
      store<f32>(q, acc ? load<f32>(q) + v : v);
    }
  }
}
