// Workspace layout and set-up of the implicit-GEMM convolution (kernels/conv_implicit*.ts; inlined, not exported from the builds).
import { ConvDesc, inPlane, outPlane, padded, paddedPlane, taps } from "./conv";

/**
 * Two tile shapes. Channel tiles: TILE_Q = 4 output positions (anywhere: each has its own base) × TILE_C = 8 output
 * channels (two vectors of weights), input elements broadcast. Row tiles (stride 1 along W): ROW_C = 4 output channels
 * (weights pre-broadcast) × ROW_Q = 8 consecutive positions of one output row (two vectors of input), taps in slices
 * of at most ROW_KC (a panel's slice, 16 KiB, stays in L1). Not 5 channels as in the GEMM: V8 loads all of a tap's
 * vectors before its first product here, and 10 accumulators + 7 loads spill (measured 24 against 53 GFLOP/s).
 */
export const TILE_C: i32 = 8, TILE_Q: i32 = 4, ROW_C: i32 = 4, ROW_Q: i32 = 8, ROW_KC: i32 = 256;

/** Rounds n up to a multiple of 4 (16-byte alignment of the workspace parts). */
// @ts-ignore: decorator
@inline function up4(n: usize): usize { return (n + 3) & ~(<usize>3); }

/**
 * Whether row tiles run: stride 1 along W and output rows at least one tile wide. The ROW_Q-wide tiles of each row run
 * as row tiles; the rest of each row (oW mod 8 positions), gathered over all rows, on channel tiles. (Measured, GFLOP/s
 * of the whole forward pass, simd build, Node 20: [8,64,56,56] 64@3×3 pad 1: rows 55–56, channel tiles only 46–48;
 * row tiles issue fewer address computations per tap: one image address against four.)
 */
// @ts-ignore: decorator
@inline export function rowTiles(desc: usize): bool {
  const g = changetype<ConvDesc>(desc);
  return g.sW == 1 && g.oW >= ROW_Q;
}

/** Positions left to channel tiles in row mode: the last oW mod ROW_Q of every output row. */
// @ts-ignore: decorator
@inline function rest(desc: usize): i32 {
  const g = changetype<ConvDesc>(desc);
  return g.oD * g.oH * (g.oW % ROW_Q);
}

/** Whether the input can be read in place: no padding and the padded extents equal the input's (else it is copied). */
// @ts-ignore: decorator
@inline export function readsInPlace(desc: usize): bool {
  const g = changetype<ConvDesc>(desc);
  return g.pD == 0 && g.pH == 0 && g.pW == 0 && padded(g.oD, g.sD, g.kD, g.dD) == g.iD &&
    padded(g.oH, g.sH, g.kH, g.dH) == g.iH && padded(g.oW, g.sW, g.kW, g.dW) == g.iW;
}

/**
 * The parts of the workspace, byte addresses: this record itself and a spilled edge tile (at the start), tap offsets
 * (K i32), the bases of the positions on channel tiles (E i32, rounded up to a whole tile: all L positions, or in row
 * mode the rows' rests) and in row mode their flat indices (`qs`, E i32; else 0: consecutive), packed weights (zeros
 * past cout) for channel tiles ([⌈cout/8⌉, K, 8] f32; `w`) and for row tiles ([⌈cout/4⌉, K, 4, 4], each weight
 * broadcast to a vector; `wr`) and the zero-padded image ([C, Dp, Hp, Wp] f32; absent when the input is read in
 * place). `end` is the address after the last part; `rows`: row mode; E: the positions on channel tiles.
 */
@unmanaged export class Layout { offs: usize; bases: usize; qs: usize; w: usize; wr: usize; image: usize; end: usize; tile: usize; rows: bool; E: i32 }
/** Bytes of the record and of a spilled edge tile (at most 8·4 f32) after it, at the start of the workspace. */
const LAYOUT_BYTES: usize = 48, TILE_BYTES: usize = 128;

/** Lays the workspace at ws out for a geometry: returns the record (stored at ws when `store`, else only computed). */
// @ts-ignore: decorator
@inline export function layout(desc: usize, cout: i32, ws: usize, store: bool): usize {
  const g = changetype<ConvDesc>(desc);
  const rows = rowTiles(desc);
  const K = <usize>g.C * taps(desc), E = rows ? <usize>rest(desc) : outPlane(desc);
  const wBytes = E > 0 ? <usize>((cout + TILE_C - 1) / TILE_C) * K * TILE_C * 4 : 0;
  const wrBytes = rows ? <usize>((cout + ROW_C - 1) / ROW_C) * K * ROW_C * 16 : 0;
  const offs = ws + LAYOUT_BYTES + TILE_BYTES, bases = offs + (up4(K) << 2), qs = bases + (up4(E) << 2);
  const w = qs + (rows ? up4(E) << 2 : 0), wr = w + wBytes, image = wr + wrBytes;
  const end = image + (up4(readsInPlace(desc) ? 0 : <usize>g.C * paddedPlane(desc)) << 2);
  if (store) {
    const lay = changetype<Layout>(ws);
    lay.offs = offs; lay.bases = bases; lay.qs = rows ? qs : 0; lay.w = w; lay.wr = wr; lay.image = image; lay.end = end;
    lay.tile = ws + LAYOUT_BYTES; lay.rows = rows; lay.E = <i32>E;
  }
  return end;
}

/**
 * Fills the tap offsets, position bases and packed weights of the workspace. The input image the kernel reads is
 * [C, Dp, Hp, Wp] (the padded copy, or the input itself when readsInPlace); output position (od, oh, ow) and tap
 * (c, kd, kh, kw) meet it at base + offset bytes, base = ((od·sD·Hp + oh·sH)·Wp + ow·sW)·4 and offset =
 * ((c·Dp + kd·dD)·Hp + kh·dH)·Wp + kw·dW)·4. Bases past E (the last tile's spare lanes) repeat the last position.
 * Weights w [cout, K] go to panels [p][t][j] = w[p·8 + j, t] (row tiles: [p][t][j][0..4] = w[p·4 + j, t]).
 */
// @ts-ignore: decorator
@inline export function prepare(desc: usize, cout: i32, w: usize, lay: Layout): void {
  const g = changetype<ConvDesc>(desc);
  const Dp = padded(g.oD, g.sD, g.kD, g.dD), Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const K = g.C * <i32>taps(desc), L = <i32>outPlane(desc);
  let t: usize = lay.offs;
  for (let c = 0; c < g.C; c++) {
    for (let kd = 0; kd < g.kD; kd++) {
      for (let kh = 0; kh < g.kH; kh++) {
        for (let kw = 0; kw < g.kW; kw++, t += 4) store<i32>(t, (((c * Dp + kd * g.dD) * Hp + kh * g.dH) * Wp + kw * g.dW) << 2);
      }
    }
  }
  if (lay.rows) {
    let d: usize = lay.wr;
    for (let o0 = 0; o0 < cout; o0 += ROW_C) {
      for (let k = 0; k < K; k++) {
        for (let j = 0; j < ROW_C; j++, d += 16) v128.store(d, o0 + j < cout ? v128.load32_splat(w + ((<usize>(o0 + j) * K + k) << 2)) : f32x4.splat(0));
      }
    }
    if (lay.E == 0) return;
  }
  const ow0 = lay.rows ? g.oW - g.oW % ROW_Q : 0; // channel tiles: positions ow >= ow0 of each row
  let q: usize = lay.bases, e: usize = lay.qs;
  for (let od = 0; od < g.oD; od++) {
    for (let oh = 0; oh < g.oH; oh++) {
      for (let ow = ow0; ow < g.oW; ow++, q += 4) {
        store<i32>(q, ((od * g.sD * Hp + oh * g.sH) * Wp + ow * g.sW) << 2);
        if (lay.rows) {
          store<i32>(e, (od * g.oH + oh) * g.oW + ow);
          e += 4;
        }
      }
    }
  }
  for (let l = lay.E; l % TILE_Q != 0; l++, q += 4) store<i32>(q, load<i32>(q - 4));
  let d: usize = lay.w;
  for (let o0 = 0; o0 < cout; o0 += TILE_C) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < TILE_C; j++, d += 4) store<f32>(d, o0 + j < cout ? load<f32>(w + ((<usize>(o0 + j) * K + k) << 2)) : 0);
    }
  }
}

/**
 * Copies image x [C, iD, iH, iW] into lay.image as [C, Dp, Hp, Wp] at offset (pD, pH, pW), zeros around it (written
 * when `zero`: for the first image; the next ones overwrite only the inside). Rows go vector by vector rather than one
 * memory.copy call each (14 elements on the 14×14 layers); the difference was within this machine's noise
 * ([32,16,14,14] 32@3×3 pad 1: 44–48 GFLOP/s either way).
 */
// @ts-ignore: decorator
@inline export function padImage(desc: usize, x: usize, lay: Layout, zero: bool): void {
  const g = changetype<ConvDesc>(desc);
  const Dp = padded(g.oD, g.sD, g.kD, g.dD), Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const P = inPlane(desc), plane = <usize>Dp * Hp * Wp;
  const cd = min(g.iD, Dp - g.pD), ch = min(g.iH, Hp - g.pH), cw = min(g.iW, Wp - g.pW);
  if (zero) memory.fill(lay.image, 0, (<usize>g.C * plane) << 2);
  if (cw <= 0) return;
  const vb = (<usize>(cw & ~3)) << 2, bytes = <usize>cw << 2;
  for (let c = 0; c < g.C; c++) {
    const xc = x + ((<usize>c * P) << 2), dc = lay.image + ((<usize>c * plane) << 2);
    for (let id = 0; id < cd; id++) {
      for (let ih = 0; ih < ch; ih++) {
        const dst = dc + ((<usize>(((id + g.pD) * Hp + ih + g.pH) * Wp + g.pW)) << 2);
        const src = xc + ((<usize>((id * g.iH + ih) * g.iW)) << 2);
        let j: usize = 0;
        for (; j < vb; j += 16) v128.store(dst + j, v128.load(src + j));
        for (; j < bytes; j += 4) store<u32>(dst + j, load<u32>(src + j));
      }
    }
  }
}

/** Positions per block: each block runs against every weight panel before the next (its image rows stay in cache). */
const BLOCK_Q: i32 = 256;

/**
 * The implicit-GEMM convolution (see f32_conv_implicit__scalar for the contract) on TILE_Q × TILE_C tiles: per tap,
 * TILE_Q input elements broadcast from the image (one per output position, at base + offset) times two vectors of
 * packed weights, `op.madd(a, b, c)` = a·b + c into 8 accumulators; the tile is transposed into output rows on store.
 * Products are added in tap order from 0, as in the reference.
 */
// @ts-ignore: decorator
@inline export function convImplicit<Op>(op: Op, desc: usize, n: i32, cout: i32, x: usize, w: usize, y: usize, accumulate: bool, ws: usize): void {
  const g = changetype<ConvDesc>(desc);
  const K = g.C * <i32>taps(desc), L = <i32>outPlane(desc), P = inPlane(desc);
  if (n <= 0 || cout <= 0 || L == 0) return;
  layout(desc, cout, ws, true);
  const lay = changetype<Layout>(ws);
  prepare(desc, cout, w, lay);
  const inPlace = readsInPlace(desc), E = lay.E, qs = lay.qs;
  for (let i = 0; i < n; i++) {
    let src = x + ((<usize>i * g.C * P) << 2);
    if (!inPlace) {
      padImage(desc, src, lay, i == 0);
      src = lay.image;
    }
    const yi = y + ((<usize>i * cout * L) << 2);
    if (lay.rows) rowImage<Op>(op, desc, cout, K, src, yi, accumulate, lay);
    // channel tiles over the E positions listed in bases: consecutive from 0, or (row mode) at the flat indices qs
    for (let q0 = 0; q0 < E; q0 += BLOCK_Q) {
      const q1 = min(E, q0 + BLOCK_Q);
      for (let o0 = 0; o0 < cout; o0 += TILE_C) {
        const wp = lay.w + ((<usize>o0 * K) << 2), nc = min(TILE_C, cout - o0);
        for (let q = q0; q < q1; q += TILE_Q) {
          const yq = yi + ((<usize>o0 * L + (qs != 0 ? 0 : q)) << 2), qq = qs != 0 ? qs + (<usize>q << 2) : 0;
          implicitTile<Op>(op, K, lay.offs, wp, src, lay.bases + (<usize>q << 2), yq, L, nc, min(TILE_Q, E - q), accumulate, lay.tile, qq);
        }
      }
    }
  }
}

/**
 * One image on row tiles: per slice of taps (summed into y slice after slice), per block of output rows, per panel
 * of ROW_C channels, every whole tile of the block's rows (the rows' rests go to channel tiles). Output row (od, oh) starts at ((od·sD·Hp + oh·sH)·Wp)·4 bytes
 * into the image.
 */
function rowImage<Op>(op: Op, desc: usize, cout: i32, K: i32, src: usize, y: usize, accumulate: bool, lay: Layout): void {
  const g = changetype<ConvDesc>(desc);
  const Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const oW = g.oW, R = g.oD * g.oH, L = R * oW;
  const slices = (K + ROW_KC - 1) / ROW_KC, kc0 = (K + slices - 1) / slices;
  const rowsPerBlock = max(1, BLOCK_Q / oW);
  for (let k0 = 0; k0 < K; k0 += kc0) {
    const kc = min(kc0, K - k0), acc = accumulate || k0 > 0;
    for (let r0 = 0; r0 < R; r0 += rowsPerBlock) {
      const r1 = min(R, r0 + rowsPerBlock);
      for (let o0 = 0; o0 < cout; o0 += ROW_C) {
        const wp = lay.wr + ((<usize>(o0 * K + k0 * ROW_C)) << 4), mr = min(ROW_C, cout - o0);
        for (let r = r0; r < r1; r++) {
          const od = r / g.oH, oh = r - od * g.oH;
          const xr = src + ((<usize>((od * g.sD * Hp + oh * g.sH) * Wp)) << 2), yr = y + ((<usize>(o0 * L + r * oW)) << 2);
          for (let ow = 0; ow + ROW_Q <= oW; ow += ROW_Q) {
            rowTile<Op>(op, kc, lay.offs + (<usize>k0 << 2), wp, xr + (<usize>ow << 2), yr + (<usize>ow << 2), L, mr, ROW_Q, acc, lay.tile);
          }
        }
      }
    }
  }
}

/** One row tile: y[c, j] (+)= Σ_t w̃[t][c]·x[off_t + j] for c < mr ≤ 5 (rows L apart), j < nr ≤ 8, t < kc. */
function rowTile<Op>(op: Op, kc: i32, offs: usize, wk: usize, x: usize, y: usize, L: i32, mr: i32, nr: i32, acc: bool, tile: usize): void {
  let c00 = f32x4.splat(0), c01 = c00, c10 = c00, c11 = c00, c20 = c00, c21 = c00, c30 = c00, c31 = c00;
  const end = wk + <usize>kc * 64;
  let t = offs, b = x + <usize>load<i32>(offs);
  while (wk < end) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    let s = v128.load(wk);
    c00 = op.madd(s, b0, c00); c01 = op.madd(s, b1, c01);
    s = v128.load(wk, 16);
    c10 = op.madd(s, b0, c10); c11 = op.madd(s, b1, c11);
    s = v128.load(wk, 32);
    c20 = op.madd(s, b0, c20); c21 = op.madd(s, b1, c21);
    s = v128.load(wk, 48);
    c30 = op.madd(s, b0, c30); c31 = op.madd(s, b1, c31);
    t += 4;
    b = x + <usize>load<i32>(t); // the next tap's (after the last tap this reads the word after offs: unused)
    wk += 64;
  }
  const full = mr == ROW_C && nr == ROW_Q, r = full ? <usize>L << 2 : 32, d = full ? y : tile, a = full && acc;
  storeRow(c00, c01, d, a); storeRow(c10, c11, d + r, a); storeRow(c20, c21, d + 2 * r, a);
  storeRow(c30, c31, d + 3 * r, a);
  if (full) return;
  for (let c = 0; c < mr; c++) {
    for (let j = 0; j < nr; j++) {
      const q = y + ((<usize>(c * L + j)) << 2), v = load<f32>(tile + ((<usize>(c * ROW_Q + j)) << 2));
      store<f32>(q, acc ? load<f32>(q) + v : v);
    }
  }
}

/** Stores the 8 elements v0, v1 at d (added to what is there when acc). */
// @ts-ignore: decorator
@inline function storeRow(v0: v128, v1: v128, d: usize, acc: bool): void {
  if (acc) {
    v0 = f32x4.add(v128.load(d), v0);
    v1 = f32x4.add(v128.load(d, 16), v1);
  }
  v128.store(d, v0);
  v128.store(d, v1, 16);
}

/**
 * One tile: y[o0 + c, q + j] (+)= Σ_t wPanel[t][c]·image[base_j + off_t] for c < nc ≤ 8, j < nq ≤ 4 (rows L apart);
 * with qs ≠ 0 the positions are the flat indices qs[j] instead (yq then points at channel o0's row).
 */
function implicitTile<Op>(op: Op, K: i32, offs: usize, wp: usize, src: usize, bq: usize, yq: usize, L: i32, nc: i32, nq: i32, acc: bool, tile: usize, qs: usize): void {
  const x0 = src + <usize>load<i32>(bq), x1 = src + <usize>load<i32>(bq, 4);
  const x2 = src + <usize>load<i32>(bq, 8), x3 = src + <usize>load<i32>(bq, 12);
  let a00 = f32x4.splat(0), a01 = a00, a10 = a00, a11 = a00, a20 = a00, a21 = a00, a30 = a00, a31 = a00;
  const end = offs + (<usize>K << 2);
  let t = offs, wk = wp;
  while (t < end) {
    const o = <usize>load<i32>(t);
    const w0 = v128.load(wk), w1 = v128.load(wk, 16);
    let s = v128.load32_splat(x0 + o);
    a00 = op.madd(s, w0, a00); a01 = op.madd(s, w1, a01);
    s = v128.load32_splat(x1 + o);
    a10 = op.madd(s, w0, a10); a11 = op.madd(s, w1, a11);
    s = v128.load32_splat(x2 + o);
    a20 = op.madd(s, w0, a20); a21 = op.madd(s, w1, a21);
    s = v128.load32_splat(x3 + o);
    a30 = op.madd(s, w0, a30); a31 = op.madd(s, w1, a31);
    t += 4;
    wk += 32;
  }
  // rows j (positions) × lanes c (channels) → vectors per channel over the positions
  const r = <usize>L << 2;
  if (nq == TILE_Q && nc == TILE_C && qs == 0) {
    storeRows(a00, a10, a20, a30, yq, r, acc);
    storeRows(a01, a11, a21, a31, yq + 4 * r, r, acc);
    return;
  }
  storeRows(a00, a10, a20, a30, tile, 16, false);
  storeRows(a01, a11, a21, a31, tile + 64, 16, false);
  for (let c = 0; c < nc; c++) {
    for (let j = 0; j < nq; j++) {
      const q = yq + <usize>c * r + (<usize>(qs != 0 ? load<i32>(qs + (<usize>j << 2)) : j) << 2);
      const v = load<f32>(tile + (<usize>(c * TILE_Q + j) << 2));
      store<f32>(q, acc ? load<f32>(q) + v : v);
    }
  }
}

/** Stores the transpose of the 4×4 block with rows r0..r3 as four rows `stride` bytes apart at d (added to them when acc). */
// @ts-ignore: decorator
@inline function storeRows(r0: v128, r1: v128, r2: v128, r3: v128, d: usize, stride: usize, acc: bool): void {
  const t0 = i32x4.shuffle(r0, r1, 0, 4, 1, 5), t1 = i32x4.shuffle(r0, r1, 2, 6, 3, 7);
  const t2 = i32x4.shuffle(r2, r3, 0, 4, 1, 5), t3 = i32x4.shuffle(r2, r3, 2, 6, 3, 7);
  let c0 = i32x4.shuffle(t0, t2, 0, 1, 4, 5), c1 = i32x4.shuffle(t0, t2, 2, 3, 6, 7);
  let c2 = i32x4.shuffle(t1, t3, 0, 1, 4, 5), c3 = i32x4.shuffle(t1, t3, 2, 3, 6, 7);
  if (acc) {
    c0 = f32x4.add(v128.load(d), c0); c1 = f32x4.add(v128.load(d + stride), c1);
    c2 = f32x4.add(v128.load(d + 2 * stride), c2); c3 = f32x4.add(v128.load(d + 3 * stride), c3);
  }
  v128.store(d, c0); v128.store(d + stride, c1); v128.store(d + 2 * stride, c2); v128.store(d + 3 * stride, c3);
}
