// Workspace layout and set-up of the implicit-GEMM convolution (kernels/conv_implicit*.ts; inlined, not exported from the builds).
import { ConvDesc, inPlane, outPlane, padded, paddedPlane, taps } from "./conv";

/** Output channels per tile (two f32x4 lanes of weights) and output positions per tile. */
export const TILE_C: i32 = 8, TILE_Q: i32 = 4;

/** Rounds n up to a multiple of 4 (16-byte alignment of the workspace parts). */
// @ts-ignore: decorator
@inline function up4(n: usize): usize { return (n + 3) & ~(<usize>3); }

/** Whether the input can be read in place: no padding and the padded extents equal the input's (else it is copied). */
// @ts-ignore: decorator
@inline export function readsInPlace(desc: usize): bool {
  const g = changetype<ConvDesc>(desc);
  return g.pD == 0 && g.pH == 0 && g.pW == 0 && padded(g.oD, g.sD, g.kD, g.dD) == g.iD &&
    padded(g.oH, g.sH, g.kH, g.dH) == g.iH && padded(g.oW, g.sW, g.kW, g.dW) == g.iW;
}

/**
 * The parts of the workspace, byte addresses: this record itself and a spilled edge tile (at the start), tap offsets (K i32),
 * position bases (L i32, rounded up to a whole tile), weights packed in panels of TILE_C output channels
 * ([⌈cout/8⌉, K, 8] f32, zeros past cout) and the zero-padded image ([C, Dp, Hp, Wp] f32; absent when the input is
 * read in place). `end` is the address after the last part.
 */
@unmanaged export class Layout { offs: usize; bases: usize; w: usize; image: usize; end: usize; tile: usize }
/** Bytes of the record and of a spilled edge tile (TILE_C·TILE_Q f32) after it, at the start of the workspace. */
const LAYOUT_BYTES: usize = 32, TILE_BYTES: usize = 128;

/** Lays the workspace at ws out for a geometry: returns the record (stored at ws when `store`, else only computed). */
// @ts-ignore: decorator
@inline export function layout(desc: usize, cout: i32, ws: usize, store: bool): usize {
  const g = changetype<ConvDesc>(desc);
  const K = <usize>g.C * taps(desc), L = outPlane(desc), panels = <usize>((cout + TILE_C - 1) / TILE_C);
  const offs = ws + LAYOUT_BYTES + TILE_BYTES, bases = offs + (up4(K) << 2), w = bases + (up4(L) << 2), image = w + ((panels * K * TILE_C) << 2);
  const end = image + (up4(readsInPlace(desc) ? 0 : <usize>g.C * paddedPlane(desc)) << 2);
  if (store) {
    const lay = changetype<Layout>(ws);
    lay.offs = offs; lay.bases = bases; lay.w = w; lay.image = image; lay.end = end; lay.tile = ws + LAYOUT_BYTES;
  }
  return end;
}

/**
 * Fills the tap offsets, position bases and packed weights of the workspace. The input image the kernel reads is
 * [C, Dp, Hp, Wp] (the padded copy, or the input itself when readsInPlace); output position (od, oh, ow) and tap
 * (c, kd, kh, kw) meet it at base + offset bytes, base = ((od·sD·Hp + oh·sH)·Wp + ow·sW)·4 and offset =
 * ((c·Dp + kd·dD)·Hp + kh·dH)·Wp + kw·dW)·4. Bases past L (the last tile's spare lanes) repeat the last position.
 * Weights w [cout, K] go to panels [p][t][j] = w[p·8 + j, t].
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
  let q: usize = lay.bases;
  for (let od = 0; od < g.oD; od++) {
    for (let oh = 0; oh < g.oH; oh++) {
      for (let ow = 0; ow < g.oW; ow++, q += 4) store<i32>(q, ((od * g.sD * Hp + oh * g.sH) * Wp + ow * g.sW) << 2);
    }
  }
  for (let l = L; l % TILE_Q != 0; l++, q += 4) store<i32>(q, load<i32>(q - 4));
  let d: usize = lay.w;
  for (let o0 = 0; o0 < cout; o0 += TILE_C) {
    for (let k = 0; k < K; k++) {
      for (let j = 0; j < TILE_C; j++, d += 4) store<f32>(d, o0 + j < cout ? load<f32>(w + ((<usize>(o0 + j) * K + k) << 2)) : 0);
    }
  }
}

/** Copies image x [C, iD, iH, iW] into lay.image as [C, Dp, Hp, Wp] at offset (pD, pH, pW), zeros around it. */
// @ts-ignore: decorator
@inline export function padImage(desc: usize, x: usize, lay: Layout): void {
  const g = changetype<ConvDesc>(desc);
  const Dp = padded(g.oD, g.sD, g.kD, g.dD), Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const P = inPlane(desc), plane = <usize>Dp * Hp * Wp;
  const cd = min(g.iD, Dp - g.pD), ch = min(g.iH, Hp - g.pH), cw = min(g.iW, Wp - g.pW);
  memory.fill(lay.image, 0, (<usize>g.C * plane) << 2);
  if (cw <= 0) return;
  for (let c = 0; c < g.C; c++) {
    const xc = x + ((<usize>c * P) << 2), dc = lay.image + ((<usize>c * plane) << 2);
    for (let id = 0; id < cd; id++) {
      for (let ih = 0; ih < ch; ih++) {
        const dst = dc + ((<usize>(((id + g.pD) * Hp + ih + g.pH) * Wp + g.pW)) << 2);
        memory.copy(dst, xc + ((<usize>((id * g.iH + ih) * g.iW)) << 2), <usize>cw << 2);
      }
    }
  }
}

/** Positions per block: each block runs against every weight panel before the next (its image rows stay in cache). */
const BLOCK_Q: i32 = 64;

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
  const inPlace = readsInPlace(desc);
  for (let i = 0; i < n; i++) {
    let src = x + ((<usize>i * g.C * P) << 2);
    if (!inPlace) {
      padImage(desc, src, lay);
      src = lay.image;
    }
    const yi = y + ((<usize>i * cout * L) << 2);
    for (let q0 = 0; q0 < L; q0 += BLOCK_Q) {
      const q1 = min(L, q0 + BLOCK_Q);
      for (let o0 = 0; o0 < cout; o0 += TILE_C) {
        const wp = lay.w + ((<usize>o0 * K) << 2), nc = min(TILE_C, cout - o0);
        for (let q = q0; q < q1; q += TILE_Q) {
          implicitTile<Op>(op, K, lay.offs, wp, src, lay.bases + (<usize>q << 2), yi + ((<usize>o0 * L + q) << 2), L, nc, min(TILE_Q, L - q), accumulate, lay.tile);
        }
      }
    }
  }
}

/** One tile: y[o0 + c, q + j] (+)= Σ_t wPanel[t][c]·image[base_j + off_t] for c < nc ≤ 8, j < nq ≤ 4 (rows L apart). */
function implicitTile<Op>(op: Op, K: i32, offs: usize, wp: usize, src: usize, bq: usize, yq: usize, L: i32, nc: i32, nq: i32, acc: bool, tile: usize): void {
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
  if (nq == TILE_Q && nc == TILE_C) {
    storeRows(a00, a10, a20, a30, yq, r, acc);
    storeRows(a01, a11, a21, a31, yq + 4 * r, r, acc);
    return;
  }
  storeRows(a00, a10, a20, a30, tile, 16, false);
  storeRows(a01, a11, a21, a31, tile + 64, 16, false);
  for (let c = 0; c < nc; c++) {
    for (let j = 0; j < nq; j++) {
      const q = yq + <usize>c * r + (<usize>j << 2), v = load<f32>(tile + (<usize>(c * TILE_Q + j) << 2));
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
