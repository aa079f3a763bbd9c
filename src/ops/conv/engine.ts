// The convolution engine without autograd: forward, input gradient and weight gradient as im2col/col2im + packed GEMM.
// A transposed convolution is the adjoint of a convolution, so these three functions also serve it (src/ops/conv.ts).
import { runtime, useExtension } from "../../backend/runtime";
import { copyStrided } from "../../raw";
import { type Tensor, empty } from "../../tensor";

// its kernels are in the extension module: init() loads it when this module is part of the app
useExtension();

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

/**
 * Column buffer budget in elements (1 MiB). Layers whose columns for one image fit are processed several images at a
 * time (one GEMM over all of their columns, so small layers make GEMMs wide enough to run at speed); larger ones one
 * image at a time, in chunks of output positions. Either way the buffer stays at about this size however large the
 * layer or the batch. (Budgets from 256 KiB to 4 MiB measured within 4% of each other, forward + backward on
 * [8,64,56,56] 64@3×3: 47–50 GFLOP/s, [32,6,14,14] 16@5×5: 20.4–20.7, [32,16,14,14] 32@3×3: 33.5–34.3. Several images
 * per GEMM against one: equal on 14×14 and larger images, 37 vs 33 GFLOP/s on [32,32,7,7] 64@3×3.)
 */
const COL_BUDGET = 1 << 18;

const prod = (a: readonly number[]) => a.reduce((x, y) => x * y, 1);

/** Path overrides for tests and benchmarks: "auto" chooses by shape (preferDirect), the others force a path. */
export const strategy: { direct: "auto" | "always" | "never"; implicit: "auto" | "always" | "never" } = { direct: "auto", implicit: "auto" };

/**
 * Whether the forward pass of a convolution with one group (not depthwise, not 1×1) runs as an implicit GEMM
 * (f32_conv_implicit: tiles read the image through tap offsets; no column matrix, no packing of it) rather than
 * im2col + GEMM: always. Measured (GFLOP/s im2col / implicit, forward, simd build, Node 20, round-robin medians on a
 * shared 2-core machine; implicit with channel tiles only, before row tiles: see lib/conv_implicit.ts):
 * [32,6,14,14] 16@5×5: 21.0 / 45.7; [32,16,14,14] 32@3×3 pad 1: 35.8 / 46.7; [8,64,56,56] 64@3×3 pad 1: 49.0 / 56.3;
 * [32,32,7,7] 64@3×3 pad 1: 38.3 / 43.2; [32,64,14,14] 64@3×3 pad 1: 45.0 / 47.9; stride 2, [8,64,56,56] 128@3×3:
 * 50.8 / 49.8 (a tie, within the noise of other runs: 1.08, 0.90). With row tiles the first three reach 52–53,
 * 47–48 and 55–56. The small layers gain most: their im2col pass ran on short rows and cost as much as the GEMM.
 */
function preferImplicit(_pl: Plan): boolean {
  return true;
}

/**
 * Whether a convolution with one input channel per group runs faster on the direct kernels than on im2col + GEMM:
 * the forward pass when each input channel feeds at most 8 outputs, the gradients at most 4. Depthwise layers make
 * 1-row GEMMs per group, the GEMM's worst case; as the multiplier grows the GEMM's rows fill and its register tiles win,
 * sooner against the direct gradients (scatters and dot products) than against the direct forward kernel. Measured
 * (GFLOP/s im2col / direct, simd build, Node 20, round-robin medians on a shared 2-core machine):
 * - forward, 3×3 [16,16,28,28] groups 16, multiplier 1, 2, 4, 6, 8: 2.8 / 12.1, 5.2 / 13.8, 8.7 / 14.7, 11.7 / 15.0,
 *   13.7 / 14.4; 5×5 [32,1,28,28] with 1, 2, 4, 6, 16 outputs: 3.0 / 18.1, 5.8 / 19.4, 11.1 / 20.7, 13.5 / 20.3,
 *   24.1 / 20.9;
 * - forward + both gradients, the same layers: 2.2 / 9.3, 4.2 / 10.2, 7.4 / 10.4, 9.3 / 10.6, 10.8 / 10.4 and
 *   2.9 / 10.6, 5.7 / 11.5, 10.8 / 11.7, 13.1 / 11.6, 22.7 / 11.8.
 */
function preferDirect(pl: Plan, pass: "forward" | "gradient"): boolean {
  return pl.coutG <= (pass === "forward" ? 8 : 4);
}

/** A chunk of the work: images [b0, b0 + nb) at output positions [l0, l1) (all positions when nb > 1). Their columns
 * lie side by side in the column buffer: rows of n = nb·(l1 − l0) elements, image j's at offset j·(l1 − l0). */
interface Chunk { b0: number; nb: number; l0: number; l1: number; n: number }

/** How a convolution runs: sizes derived from its geometry and the path chosen (fixed when the op is created, so
 * that forward and backward agree). */
export class Plan {
  readonly kk: number; // kernel elements
  readonly P: number; // input positions per channel
  readonly L: number; // output positions per channel
  readonly cinG: number;
  readonly coutG: number;
  readonly rows: number; // rows of a group's column matrix: cinG·kk
  /**
   * A 1×1 convolution with stride 1 and no padding: the input is its own column matrix, so per image one GEMM on x
   * and no im2col. Measured against im2col with several images per GEMM (GFLOP/s forward, forward + backward;
   * simd build, Node 20): [8,64,56,56] → 128: 52 / 50, 46 / 46; [32,256,14,14] → 64: 50 / 41, 47 / 42;
   * [32,64,7,7] → 128: 40 / 38, 43 / 38; [64,16,4,4] → 32: 27 / 15, 27 / 14. The copy never pays, even for tiny images.
   */
  readonly pointwise: boolean;
  /** Images per chunk (≥ 1) and output positions per chunk (L when several images share a chunk). */
  readonly images: number;
  readonly positions: number;
  /** One input channel per group (depthwise, or a single input channel) and the direct kernels chosen: for the
   * convolution itself (convForward) and for its gradients (convInputGrad, convWeightGrad). */
  readonly directForward: boolean;
  readonly directGradient: boolean;
  /** The forward pass as an implicit GEMM (f32_conv_implicit: tiles read the image through tap offsets, no columns). */
  readonly implicitForward: boolean;

  constructor(readonly g: ConvGeometry) {
    this.kk = prod(g.k);
    this.P = prod(g.inSize);
    this.L = prod(g.outSize);
    this.cinG = g.cin / g.groups;
    this.coutG = g.cout / g.groups;
    this.rows = this.cinG * this.kk;
    this.pointwise = this.kk === 1 && g.s.every((v) => v === 1) && g.p.every((v) => v === 0) && g.inSize.every((v, i) => v === g.outSize[i]);
    const perImage = Math.max(1, g.cin * this.kk) * this.L;
    const oW = g.outSize[2];
    let c = Math.max(1, Math.floor(COL_BUDGET / Math.max(1, g.cin * this.kk)));
    if (c >= this.L) c = this.L;
    else if (c >= oW) c -= c % oW; // whole output rows: long runs for the copy loops
    else c = Math.max(Math.min(8, this.L), c - (c % 8));
    this.positions = Math.max(c, 1);
    this.images = perImage <= COL_BUDGET ? Math.max(1, Math.floor(COL_BUDGET / perImage)) : 1;
    const direct = (pass: "forward" | "gradient") =>
      this.cinG === 1 && strategy.direct !== "never" && (strategy.direct === "always" || preferDirect(this, pass));
    this.directForward = direct("forward");
    this.directGradient = direct("gradient");
    this.implicitForward = g.groups === 1 && !this.directForward && !this.pointwise && strategy.implicit !== "never" &&
      (strategy.implicit === "always" || preferImplicit(this));
  }

  /** The chunks of a batch of N images, in order. */
  *chunks(N: number): Generator<Chunk> {
    const { L, images, positions } = this;
    if (images > 1) {
      for (let b0 = 0; b0 < N; b0 += images) {
        const nb = Math.min(images, N - b0);
        yield { b0, nb, l0: 0, l1: L, n: nb * L };
      }
      return;
    }
    for (let b0 = 0; b0 < N; b0++) {
      for (let l0 = 0; l0 < L; l0 += positions) {
        const l1 = Math.min(L, l0 + positions);
        yield { b0, nb: 1, l0, l1, n: l1 - l0 };
      }
    }
  }

  /** The ConvDesc words (assembly/lib/conv.ts) in an untracked int32 tensor; the caller disposes it. */
  desc(): Tensor {
    const { g } = this;
    const t = empty([19], "int32", false);
    runtime().i32().set([g.cin, ...g.inSize, ...g.outSize, ...g.k, ...g.s, ...g.p, ...g.d], t.ptr() >> 2);
    return t;
  }

  /** Scratch for the direct kernels: the zero-padded input plane. The caller disposes it. */
  paddedPlane(): Tensor {
    const { g } = this;
    const n = prod(g.outSize.map((o, i) => (o - 1) * g.s[i] + (g.k[i] - 1) * g.d[i] + 1));
    return empty([n], "float32", false);
  }

  /** Columns of the widest chunk. */
  get width(): number {
    return this.images > 1 ? this.images * this.L : this.positions;
  }

  /**
   * Scratch of the im2col path: the column buffer, a [cout, width] matrix for the outputs or upstream gradients of
   * chunks of several images (rearranged from [nb, cout, L]), and the workspace of an m×n×k GEMM. dispose() frees them.
   */
  scratch(m: number, n: number, k: number): Scratch {
    const col = empty([Math.max(1, this.g.cin * this.kk * this.width)], "float32", false);
    const tmp = this.images > 1 ? empty([this.g.cout * this.width], "float32", false) : null;
    const bytes = runtime().k.gemmWorkspace(m, n, k);
    const ws = bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
    return { col: col.ptr(), tmp: tmp ? tmp.ptr() : 0, ws: ws ? ws.ptr() : 0, dispose: () => { for (const t of [col, tmp, ws]) t?.dispose(); } };
  }

  /**
   * The [cout, n] matrix of a chunk's rows of y [N, cout, L] (outputs or upstream gradients) as (byte address, leading
   * dimension): y itself for single-image chunks, else s.tmp, filled from y when `load`.
   */
  outMatrix(y: number, c: Chunk, s: Scratch, load: boolean): [number, number] {
    const { L } = this, cout = this.g.cout;
    if (this.images === 1) return [y + (c.b0 * cout * L + c.l0) * 4, L];
    if (load) copyStrided([c.nb, cout, L], y + c.b0 * cout * L * 4, [cout * L, L, 1], s.tmp, [L, c.n, 1]);
    return [s.tmp, c.n];
  }
}

interface Scratch {
  /** Byte addresses of the column buffer, the [cout, width] matrix (0 if none) and the GEMM workspace (0 if none). */
  col: number;
  tmp: number;
  ws: number;
  dispose(): void;
}

/** im2col of every image of a chunk into the column buffer (rows c.n elements long). */
function im2colChunk(pl: Plan, desc: Tensor, x: number, c: Chunk, col: number): void {
  const k = runtime().k, img = pl.g.cin * pl.P * 4, len = c.l1 - c.l0;
  for (let j = 0; j < c.nb; j++) k.im2col(desc.ptr(), c.l0, c.l1, c.n, x + (c.b0 + j) * img, col + j * len * 4);
}

/** The batch size of a contiguous [N, C, ...] tensor. */
const batchOf = (t: Tensor) => t.shape[0];

/** Fills out [N, C, L] with bias [C] broadcast (or zeros without a bias). */
function initOutput(out: Tensor, bias: Tensor | null, C: number, L: number): void {
  if (out.size === 0) return;
  if (bias) copyStrided([batchOf(out), C, L], bias.ptr(), [0, bias.strides[0], 0], out.ptr(), [C * L, L, 1]);
  else runtime().k.fill(out.size, out.ptr(), 0);
}

/** The workspace of an m×n×k GEMM (null when the build needs none). The caller disposes it. */
function gemmWorkspace(m: number, n: number, k: number): Tensor | null {
  const bytes = runtime().k.gemmWorkspace(m, n, k);
  return bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
}

/**
 * y [N, cout, ...outSize] = conv(x, w) + bias: x contiguous [N, cin, ...inSize], w contiguous [cout, cin/G, ...k],
 * bias [cout] or null. Per chunk: col = im2col(x), y_g = W_g · col_g (GEMM) per group; or the direct kernel, or for
 * 1×1 kernels the GEMM on x itself.
 */
export function convForward(x: Tensor, w: Tensor, bias: Tensor | null, pl: Plan, outShape: number[]): Tensor {
  const { g, L, P, cinG, coutG, rows } = pl, k = runtime().k;
  const N = batchOf(x);
  const out = empty(outShape);
  if (out.size === 0) return out;
  const xp = x.ptr(), wp = w.ptr(), yp = out.ptr();
  const wG = coutG * rows * 4; // bytes between groups' weights
  if (pl.directForward) {
    initOutput(out, bias, g.cout, L);
    const desc = pl.desc(), plane = pl.paddedPlane();
    k.dwconv(desc.ptr(), N, coutG, xp, wp, yp, plane.ptr());
    desc.dispose();
    plane.dispose();
    return out;
  }
  const acc = bias !== null ? 1 : 0;
  if (pl.implicitForward) {
    if (bias) initOutput(out, bias, g.cout, L);
    const desc = pl.desc(), bytes = k.convImplicitWorkspace(desc.ptr(), g.cout);
    const ws = bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
    k.convImplicit(desc.ptr(), N, g.cout, xp, wp, yp, acc, ws ? ws.ptr() : 0);
    desc.dispose();
    ws?.dispose();
    return out;
  }
  if (pl.pointwise) {
    if (bias) initOutput(out, bias, g.cout, L);
    const ws = gemmWorkspace(coutG, L, cinG), wsp = ws ? ws.ptr() : 0;
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const xg = xp + ((n * g.cin + gi * cinG) * P) * 4, yg = yp + ((n * g.cout + gi * coutG) * L) * 4;
        k.gemm(coutG, L, cinG, wp + gi * wG, rows, 0, xg, L, 0, yg, L, acc, wsp);
      }
    }
    ws?.dispose();
    return out;
  }
  if (bias && pl.images === 1) initOutput(out, bias, g.cout, L);
  const desc = pl.desc();
  const s = pl.scratch(coutG, pl.width, rows);
  for (const c of pl.chunks(N)) {
    im2colChunk(pl, desc, xp, c, s.col);
    const [y, ldy] = pl.outMatrix(yp, c, s, false);
    if (bias && pl.images > 1) copyStrided([g.cout, c.n], bias.ptr(), [bias.strides[0], 0], y, [ldy, 1]);
    for (let gi = 0; gi < g.groups; gi++) {
      k.gemm(coutG, c.n, rows, wp + gi * wG, rows, 0, s.col + gi * rows * c.n * 4, c.n, 0, y + gi * coutG * ldy * 4, ldy, acc, s.ws);
    }
    if (pl.images > 1) copyStrided([c.nb, g.cout, L], s.tmp, [L, c.n, 1], yp + c.b0 * g.cout * L * 4, [g.cout * L, L, 1]);
  }
  desc.dispose();
  s.dispose();
  return out;
}

/**
 * dx [N, cin, ...inSize] = the adjoint of conv applied to dy [N, cout, ...outSize] (contiguous), plus bias [cin]
 * broadcast when given (a transposed convolution's bias). Per chunk: col_g = W_gᵀ · dy_g (GEMM), then col2im.
 */
export function convInputGrad(dy: Tensor, w: Tensor, bias: Tensor | null, pl: Plan, inShape: number[]): Tensor {
  const { g, L, P, cinG, coutG, rows } = pl, k = runtime().k;
  const N = batchOf(dy);
  const out = empty(inShape);
  if (out.size === 0) return out;
  const gp = dy.ptr(), wp = w.ptr(), xp = out.ptr();
  const wG = coutG * rows * 4;
  if (pl.directGradient) {
    initOutput(out, bias, g.cin, P);
    const desc = pl.desc(), plane = pl.paddedPlane();
    k.dwconvDx(desc.ptr(), N, coutG, gp, wp, xp, plane.ptr());
    desc.dispose();
    plane.dispose();
    return out;
  }
  if (pl.pointwise) {
    const acc = bias !== null ? 1 : 0;
    if (bias) initOutput(out, bias, g.cin, P);
    const ws = gemmWorkspace(cinG, L, coutG), wsp = ws ? ws.ptr() : 0;
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L) * 4, dxg = xp + ((n * g.cin + gi * cinG) * P) * 4;
        k.gemm(cinG, L, coutG, wp + gi * wG, rows, 1, dyg, L, 0, dxg, P, acc, wsp);
      }
    }
    ws?.dispose();
    return out;
  }
  initOutput(out, bias, g.cin, P);
  const desc = pl.desc();
  const s = pl.scratch(rows, pl.width, coutG);
  const img = g.cin * P * 4;
  for (const c of pl.chunks(N)) {
    const [y, ldy] = pl.outMatrix(gp, c, s, true);
    for (let gi = 0; gi < g.groups; gi++) {
      k.gemm(rows, c.n, coutG, wp + gi * wG, rows, 1, y + gi * coutG * ldy * 4, ldy, 0, s.col + gi * rows * c.n * 4, c.n, 0, s.ws);
    }
    const len = c.l1 - c.l0;
    for (let j = 0; j < c.nb; j++) k.col2im(desc.ptr(), c.l0, c.l1, c.n, s.col + j * len * 4, xp + (c.b0 + j) * img);
  }
  desc.dispose();
  s.dispose();
  return out;
}

/**
 * dw [cout, cin/G, ...k] = Σ_n dy_n · im2col(x_n)ᵀ per group, for x [N, cin, ...inSize] and dy [N, cout, ...outSize]
 * (both contiguous): a GEMM with a transposed operand per chunk, accumulated into dw.
 */
export function convWeightGrad(x: Tensor, dy: Tensor, pl: Plan, wShape: number[]): Tensor {
  const { g, L, P, cinG, coutG, rows } = pl, k = runtime().k;
  const N = batchOf(x);
  const out = empty(wShape);
  if (out.size === 0) return out;
  const xp = x.ptr(), gp = dy.ptr(), wp = out.ptr();
  const wG = coutG * rows * 4;
  if (N === 0 || L === 0 || pl.directGradient) k.fill(out.size, wp, 0);
  if (N === 0 || L === 0) return out;
  if (pl.directGradient) {
    const desc = pl.desc(), plane = pl.paddedPlane();
    k.dwconvDw(desc.ptr(), N, coutG, xp, gp, wp, plane.ptr());
    desc.dispose();
    plane.dispose();
    return out;
  }
  if (pl.pointwise) {
    const ws = gemmWorkspace(coutG, cinG, L), wsp = ws ? ws.ptr() : 0;
    for (let n = 0; n < N; n++) {
      for (let gi = 0; gi < g.groups; gi++) {
        const dyg = gp + ((n * g.cout + gi * coutG) * L) * 4, xg = xp + ((n * g.cin + gi * cinG) * P) * 4;
        k.gemm(coutG, cinG, L, dyg, L, 0, xg, P, 1, wp + gi * wG, rows, n > 0 ? 1 : 0, wsp);
      }
    }
    ws?.dispose();
    return out;
  }
  const desc = pl.desc();
  const s = pl.scratch(coutG, rows, pl.width);
  let first = true;
  for (const c of pl.chunks(N)) {
    im2colChunk(pl, desc, xp, c, s.col);
    const [y, ldy] = pl.outMatrix(gp, c, s, true);
    for (let gi = 0; gi < g.groups; gi++) {
      k.gemm(coutG, rows, c.n, y + gi * coutG * ldy * 4, ldy, 0, s.col + gi * rows * c.n * 4, c.n, 1, wp + gi * wG, rows, first ? 0 : 1, s.ws);
    }
    first = false;
  }
  desc.dispose();
  s.dispose();
  return out;
}
