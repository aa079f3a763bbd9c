// The convolution engine without autograd: forward, input gradient and weight gradient as im2col/col2im + packed GEMM.
// A transposed convolution is the adjoint of a convolution, so these three functions also serve it (src/ops/conv.ts).
import { runtime } from "../../backend/runtime";
import { copyStrided } from "../../raw";
import { type Tensor, empty } from "../../tensor";

/**
 * A convolution from `cin` channels of extent `inSize` to `cout` channels of extent `outSize`, spatial dimensions as
 * [D, H, W] (1-D and 2-D have leading 1s): out[n, o, l] = Σ_{c in o's group, k} w[o, c, k] · in[n, c, l·s − p + k·d].
 * `p` is the leading padding only; trailing padding is implicit in outSize (reads outside the input are 0).
 */
export interface ConvGeometry {
  groups: number;
  cin: number;
  cout: number;
  inSize: number[];
  outSize: number[];
  k: number[];
  s: number[];
  p: number[];
  d: number[];
}

/** Column buffer budget in elements: the batch is processed image by image, and an image's columns in chunks of
 * at most this size, so the buffer stays in L2-sized blocks however large the layer. */
const COL_BUDGET = 1 << 18;

const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);

/** Sizes derived from a geometry. */
class Plan {
  readonly kk: number; // kernel elements
  readonly P: number; // input positions per channel
  readonly L: number; // output positions per channel
  readonly cinG: number;
  readonly coutG: number;
  readonly rows: number; // rows of a group's column matrix: cinG·kk
  /** A 1×1 convolution with stride 1 and no padding: the input is its own column matrix. */
  readonly pointwise: boolean;
  /** Output positions per chunk of the column buffer. */
  readonly chunk: number;

  constructor(readonly g: ConvGeometry) {
    this.kk = prod(g.k);
    this.P = prod(g.inSize);
    this.L = prod(g.outSize);
    this.cinG = g.cin / g.groups;
    this.coutG = g.cout / g.groups;
    this.rows = this.cinG * this.kk;
    this.pointwise = this.kk === 1 && g.s.every((v) => v === 1) && g.p.every((v) => v === 0) && g.inSize.every((v, i) => v === g.outSize[i]);
    const oW = g.outSize[2];
    let c = Math.max(1, Math.floor(COL_BUDGET / Math.max(1, g.cin * this.kk)));
    if (c >= this.L) c = this.L;
    else if (c >= oW) c -= c % oW; // whole output rows: long runs for the copy loops
    else c = Math.max(Math.min(8, this.L), c - (c % 8));
    this.chunk = Math.max(c, 1);
  }

  /** The ConvDesc words (assembly/lib/conv.ts) in an untracked int32 tensor; the caller disposes it. */
  desc(): Tensor {
    const { g } = this;
    const t = empty([19], "int32", false);
    runtime().i32().set([g.cin, ...g.inSize, ...g.outSize, ...g.k, ...g.s, ...g.p, ...g.d], t.ptr() >> 2);
    return t;
  }

  /** Scratch: the column buffer (chunk columns of every channel) and the GEMM workspace for the largest product. */
  scratch(m: number, n: number, k: number, needCol: boolean): { col: Tensor | null; ws: Tensor | null; wsPtr: number } {
    const col = needCol ? empty([this.g.cin * this.kk * this.chunk], "float32", false) : null;
    const bytes = runtime().k.gemmWorkspace(m, n, k);
    const ws = bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
    return { col, ws, wsPtr: ws ? ws.ptr() : 0 };
  }
}

/** The batch size of a contiguous [N, C, ...] tensor. */
const batchOf = (t: Tensor) => t.shape[0];

/** Fills out [N, C, L] with bias [C] broadcast (or zeros without a bias). */
function initOutput(out: Tensor, bias: Tensor | null, C: number, L: number): void {
  if (out.size === 0) return;
  if (bias) copyStrided([batchOf(out), C, L], bias.ptr(), [0, bias.strides[0], 0], out.ptr(), [C * L, L, 1]);
  else runtime().k.fill(out.size, out.ptr(), 0);
}

/**
 * y [N, cout, ...outSize] = conv(x, w) + bias: x contiguous [N, cin, ...inSize], w contiguous [cout, cin/G, ...k],
 * bias [cout] or null. Per image and chunk of output positions: col = im2col(x), y_g = W_g · col_g (GEMM) per group.
 */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, g: ConvGeometry, outShape: number[]): Tensor {
  const pl = new Plan(g), k = runtime().k;
  const { L, P, cinG, coutG, rows, chunk } = pl;
  const N = batchOf(x);
  const out = empty(outShape);
  if (out.size === 0) return out;
  const acc = bias !== null ? 1 : 0;
  if (bias) initOutput(out, bias, g.cout, L);
  const xp = x.ptr(), wp = w.ptr(), yp = out.ptr();
  const wG = coutG * rows * 4; // bytes between groups' weights
  if (pl.pointwise) {
    const s = pl.scratch(coutG, L, cinG, false);
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const xg = xp + ((n * g.cin + gi * cinG) * P) * 4, yg = yp + ((n * g.cout + gi * coutG) * L) * 4;
        k.gemm(coutG, L, cinG, wp + gi * wG, rows, 0, xg, L, 0, yg, L, acc, s.wsPtr);
      }
    }
    s.ws?.dispose();
    return out;
  }
  const desc = pl.desc();
  const s = pl.scratch(coutG, chunk, rows, true);
  const col = s.col!.ptr();
  for (let n = 0; n < N; n++) {
    for (let l0 = 0; l0 < L; l0 += chunk) {
      const l1 = Math.min(L, l0 + chunk), len = l1 - l0;
      k.im2col(desc.ptr(), l0, l1, xp + n * g.cin * P * 4, col);
      for (let gi = 0; gi < g.groups; gi++) {
        const yg = yp + ((n * g.cout + gi * coutG) * L + l0) * 4;
        k.gemm(coutG, len, rows, wp + gi * wG, rows, 0, col + gi * rows * len * 4, len, 0, yg, L, acc, s.wsPtr);
      }
    }
  }
  for (const t of [desc, s.col, s.ws]) t?.dispose();
  return out;
}

/**
 * dx [N, cin, ...inSize] = the adjoint of conv applied to dy [N, cout, ...outSize] (contiguous), plus bias [cin]
 * broadcast when given (a transposed convolution's bias). Per image and chunk: col_g = W_gᵀ · dy_g, then col2im.
 */
export function convInputGrad(dy: Tensor, w: Tensor, bias: Tensor | null, g: ConvGeometry, inShape: number[]): Tensor {
  const pl = new Plan(g), k = runtime().k;
  const { L, P, cinG, coutG, rows, chunk } = pl;
  const N = batchOf(dy);
  const out = empty(inShape);
  if (out.size === 0) return out;
  const gp = dy.ptr(), wp = w.ptr(), xp = out.ptr();
  const wG = coutG * rows * 4;
  if (pl.pointwise) {
    const acc = bias !== null ? 1 : 0;
    if (bias) initOutput(out, bias, g.cin, P);
    const s = pl.scratch(cinG, L, coutG, false);
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L) * 4, dxg = xp + ((n * g.cin + gi * cinG) * P) * 4;
        k.gemm(cinG, L, coutG, wp + gi * wG, rows, 1, dyg, L, 0, dxg, P, acc, s.wsPtr);
      }
    }
    s.ws?.dispose();
    return out;
  }
  initOutput(out, bias, g.cin, P);
  const desc = pl.desc();
  const s = pl.scratch(rows, chunk, coutG, true);
  const col = s.col!.ptr();
  for (let n = 0; n < N; n++) {
    for (let l0 = 0; l0 < L; l0 += chunk) {
      const l1 = Math.min(L, l0 + chunk), len = l1 - l0;
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L + l0) * 4;
        k.gemm(rows, len, coutG, wp + gi * wG, rows, 1, dyg, L, 0, col + gi * rows * len * 4, len, 0, s.wsPtr);
      }
      k.col2im(desc.ptr(), l0, l1, col, xp + n * g.cin * P * 4);
    }
  }
  for (const t of [desc, s.col, s.ws]) t?.dispose();
  return out;
}

/**
 * dw [cout, cin/G, ...k] = Σ_n dy_n · im2col(x_n)ᵀ per group, for x [N, cin, ...inSize] and dy [N, cout, ...outSize]
 * (both contiguous): a GEMM with a transposed operand per image and chunk, accumulated into dw.
 */
export function convWeightGrad(x: Tensor, dy: Tensor, g: ConvGeometry, wShape: number[]): Tensor {
  const pl = new Plan(g), k = runtime().k;
  const { L, P, cinG, coutG, rows, chunk } = pl;
  const N = batchOf(x);
  const out = empty(wShape);
  if (out.size === 0) return out;
  if (N === 0 || L === 0) {
    k.fill(out.size, out.ptr(), 0);
    return out;
  }
  const xp = x.ptr(), gp = dy.ptr(), wp = out.ptr();
  const wG = coutG * rows * 4;
  if (pl.pointwise) {
    const s = pl.scratch(coutG, cinG, L, false);
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L) * 4, xg = xp + ((n * g.cin + gi * cinG) * P) * 4;
        k.gemm(coutG, cinG, L, dyg, L, 0, xg, P, 1, wp + gi * wG, rows, n > 0 ? 1 : 0, s.wsPtr);
      }
    }
    s.ws?.dispose();
    return out;
  }
  const desc = pl.desc();
  const s = pl.scratch(coutG, rows, chunk, true);
  const col = s.col!.ptr();
  for (let n = 0; n < N; n++) {
    for (let l0 = 0; l0 < L; l0 += chunk) {
      const l1 = Math.min(L, l0 + chunk), len = l1 - l0;
      k.im2col(desc.ptr(), l0, l1, xp + n * g.cin * P * 4, col);
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L + l0) * 4;
        k.gemm(coutG, rows, len, dyg, L, 0, col + gi * rows * len * 4, len, 1, wp + gi * wG, rows, n > 0 || l0 > 0 ? 1 : 0, s.wsPtr);
      }
    }
  }
  for (const t of [desc, s.col, s.ws]) t?.dispose();
  return out;
}
