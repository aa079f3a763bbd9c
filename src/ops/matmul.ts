// Matrix products on the packed GEMM kernel: matmul (batched, broadcasting) and linear, with their backward passes.
// Transposed operands are never copied: a transposed view is handed to the kernel as a transpose flag.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { broadcastShapes, broadcastStrides, contig, copyStrided, permuteView, sum as rawSum } from "../raw";
import { type Tensor, empty, sizeOf } from "../tensor";
import { checkFloat } from "./args";
import { squeeze, unsqueeze } from "./movement";

/** How the kernel reads a 2-D matrix view: base pointer, leading dimension, transposed or not; tmp to dispose. */
interface Operand {
  ptr: number;
  ld: number;
  trans: number;
  tmp: Tensor | null;
}

/** A [rows, cols] matrix at element offset `offset` of t's storage with strides (sr, sc). */
function operand(t: Tensor, rows: number, cols: number, sr: number, sc: number, offset: number): Operand {
  const base = t.storage().ptr + offset * 4;
  if ((sc === 1 || cols === 1) && (sr >= cols || rows === 1)) return { ptr: base, ld: Math.max(rows === 1 ? cols : sr, 1), trans: 0, tmp: null };
  if ((sr === 1 || rows === 1) && (sc >= rows || cols === 1)) return { ptr: base, ld: Math.max(cols === 1 ? rows : sc, 1), trans: 1, tmp: null };
  const tmp = empty([rows, cols], "float32", false);
  copyStrided([rows, cols], base, [sr, sc], tmp.ptr(), [cols, 1]);
  return { ptr: tmp.ptr(), ld: cols, trans: 0, tmp };
}

/** A scratch block for the kernel's packing buffers (null when it needs none). */
function workspace(m: number, n: number, k: number): Tensor | null {
  const bytes = runtime().k.gemmWorkspace(m, n, k);
  return bytes > 0 ? empty([Math.ceil(bytes / 4)], "float32", false) : null;
}

/** C[m×n] (+)= A[m×k]·B[k×n] for 2-D views A and B; C contiguous at byte address c. */
function gemm2d(a: Tensor, aOff: number, b: Tensor, bOff: number, m: number, n: number, k: number, c: number, accumulate: boolean, ws: Tensor | null): void {
  const nd = (t: Tensor) => t.ndim;
  const A = operand(a, m, k, a.strides[nd(a) - 2], a.strides[nd(a) - 1], aOff);
  const B = operand(b, k, n, b.strides[nd(b) - 2], b.strides[nd(b) - 1], bOff);
  runtime().k.gemm(m, n, k, A.ptr, A.ld, A.trans, B.ptr, B.ld, B.trans, c, n, accumulate ? 1 : 0, ws ? ws.ptr() : 0);
  A.tmp?.dispose();
  B.tmp?.dispose();
}

/** a @ b for a [..., m, k] and b [..., k, n] with broadcast batch dimensions; no autograd. */
export function bmm(a: Tensor, b: Tensor): Tensor {
  const m = a.shape[a.ndim - 2], k = a.shape[a.ndim - 1], n = b.shape[b.ndim - 1];
  const batch = broadcastShapes("matmul", a.shape.slice(0, -2), b.shape.slice(0, -2));
  const out = empty([...batch, m, n]);
  if (out.size === 0) return out;
  if (k === 0) {
    runtime().k.fill(out.size, out.ptr(), 0);
    return out;
  }
  const batchOf = (t: Tensor) => broadcastStrides(t.shape.slice(0, -2), t.strides.slice(0, -2), batch);
  const sa = batchOf(a), sb = batchOf(b);
  const ws = workspace(m, n, k);
  const count = sizeOf(batch);
  const idx = new Array<number>(batch.length).fill(0);
  for (let i = 0; i < count; i++) {
    let oa = a.offset, ob = b.offset;
    for (let d = 0; d < batch.length; d++) {
      oa += idx[d] * sa[d];
      ob += idx[d] * sb[d];
    }
    gemm2d(a, oa, b, ob, m, n, k, out.ptr() + i * m * n * 4, false, ws);
    for (let d = batch.length - 1; d >= 0 && ++idx[d] === batch[d]; d--) idx[d] = 0;
  }
  ws?.dispose();
  return out;
}

const mT = (t: Tensor) => {
  const perm = [...t.shape.keys()];
  [perm[t.ndim - 2], perm[t.ndim - 1]] = [perm[t.ndim - 1], perm[t.ndim - 2]];
  return permuteView(t, perm, false);
};

/** d(a@b) = g@bᵀ, aᵀ@g (summed back over broadcast batch dimensions by autograd) */
class Matmul extends Fn {
  static readonly typeName: string = "Matmul";
  forward(a: Tensor, b: Tensor) { this.save(a, b); return bmm(a, b); }
  backward(g: Tensor) {
    const [a, b] = this.saved;
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (this.needsGrad[0]) {
      const bt = mT(b);
      ga = bmm(g, bt);
      bt.dispose();
    }
    if (this.needsGrad[1]) {
      const at = mT(a);
      gb = bmm(at, g);
      at.dispose();
    }
    return [ga, gb];
  }
}

/**
 * Matrix product with PyTorch's matmul semantics: 1-D operands are promoted (and the added dimension removed),
 * batch dimensions broadcast. a @ b.
 */
export function matmul(a: Tensor, b: Tensor): Tensor {
  checkFloat("matmul", "input", a);
  checkFloat("matmul", "other", b);
  if (a.ndim === 0 || b.ndim === 0) throw new RangeError(`matmul: both operands must be at least 1-D, got shapes [${a.shape.join(", ")}] and [${b.shape.join(", ")}]`);
  const ka = a.shape[a.ndim - 1], kb = b.shape[Math.max(0, b.ndim - 2)];
  if (ka !== kb) {
    throw new RangeError(`matmul: inner dimensions differ: [${a.shape.join(", ")}] @ [${b.shape.join(", ")}] (${ka} vs ${kb})`);
  }
  const A = a.ndim === 1 ? unsqueeze(a, 0) : a;
  const B = b.ndim === 1 ? unsqueeze(b, 1) : b;
  broadcastShapes("matmul", A.shape.slice(0, -2), B.shape.slice(0, -2));
  let out = new Matmul().apply(A, B);
  // remove the promoted dimensions: A's first (it sits at -2 while B's is still at -1)
  for (const [t, orig, dim] of [[A, a, -2], [B, b, -1]] as const) {
    if (t === orig) continue;
    const s = squeeze(out, dim);
    out.dispose();
    out = s;
    t.dispose();
  }
  return out;
}

/**
 * Up to this many rows, linear runs a matrix-vector product per row (W's rows read in place) instead of GEMM, which
 * packs all of W per call (and computes 5–6 rows per tile): measured with bench/latency.ts, batch-1 inference of the
 * 784-256-128-10 MLP.
 */
const GEMV_ROWS = 2;

/** out[r, :] (+)= W·x[r, :] for each of `rows` contiguous rows of x (byte address x), W [outF, inF] with unit column stride. */
function gemvRows(rows: number, outF: number, inF: number, x: number, w: Tensor, out: number, accumulate: boolean): void {
  const k = runtime().k;
  const ld = outF === 1 ? inF : w.strides[0];
  const wp = w.ptr();
  for (let r = 0; r < rows; r++) k.gemv(outF, inF, x + r * inF * 4, wp, ld, out + r * outF * 4, accumulate ? 1 : 0);
}

/** d linear: g_x = g·W, g_W = gᵀ·x, g_b = Σ_rows g */
class Linear extends Fn {
  static readonly typeName: string = "Linear";
  forward(x: Tensor, w: Tensor, b: Tensor | null) {
    const inF = w.shape[1], outF = w.shape[0];
    const rows = x.size / Math.max(inF, 1);
    const X = contig(x);
    this.save(X, w);
    const out = empty([...x.shape.slice(0, -1), outF]);
    if (out.size > 0) {
      if (b) copyStrided([rows, outF], b.ptr(), [0, b.strides[0]], out.ptr(), [outF, 1]);
      if (inF > 0 && rows <= GEMV_ROWS && (w.strides[1] === 1 || inF === 1)) {
        gemvRows(rows, outF, inF, X.ptr(), w, out.ptr(), b !== null);
        X.dispose();
        return out;
      }
      const X2 = X.stridedView([rows, inF], [inF, 1], X.offset, false);
      const wt = permuteView(w, [1, 0], false);
      const ws = workspace(rows, outF, inF);
      if (inF > 0) gemm2d(X2, X2.offset, wt, wt.offset, rows, outF, inF, out.ptr(), b !== null, ws);
      else if (!b) runtime().k.fill(out.size, out.ptr(), 0);
      for (const t of [X2, wt, ws]) t?.dispose();
    }
    X.dispose();
    return out;
  }
  backward(g: Tensor) {
    const [X, w] = this.saved;
    const inF = w.shape[1], outF = w.shape[0];
    const rows = X.size / Math.max(inF, 1);
    const G = contig(g);
    const G2 = G.stridedView([rows, outF], [outF, 1], G.offset, false);
    let gx: Tensor | null = null, gw: Tensor | null = null, gb: Tensor | null = null;
    if (this.needsGrad[0]) {
      gx = bmm(G2, w);
      const r = gx.stridedView(X.shape, X.strides, 0);
      gx.dispose();
      gx = r;
    }
    if (this.needsGrad[1]) {
      const X2 = X.stridedView([rows, inF], [inF, 1], X.offset, false);
      const gt = permuteView(G2, [1, 0], false);
      gw = bmm(gt, X2);
      X2.dispose();
      gt.dispose();
    }
    if (this.needsGrad[2]) gb = rawSum(G2, [0], false);
    G2.dispose();
    G.dispose();
    return [gx, gw, gb];
  }
}

/** y = x·Wᵀ + b for x [..., in], weight [out, in], bias [out] or null. */
export function linear(x: Tensor, weight: Tensor, bias: Tensor | null = null): Tensor {
  checkFloat("linear", "input", x);
  checkFloat("linear", "weight", weight);
  if (weight.ndim !== 2) throw new RangeError(`linear: weight must be 2-D [out, in], got shape [${weight.shape.join(", ")}]`);
  if (x.ndim === 0 || x.shape[x.ndim - 1] !== weight.shape[1]) {
    throw new RangeError(`linear: input's last dimension must equal weight's in-features ${weight.shape[1]}, got input shape [${x.shape.join(", ")}]`);
  }
  if (bias !== null) {
    checkFloat("linear", "bias", bias);
    if (bias.ndim !== 1 || bias.shape[0] !== weight.shape[0]) {
      throw new RangeError(`linear: bias must be 1-D [${weight.shape[0]}], got shape [${bias.shape.join(", ")}]`);
    }
  }
  return new Linear().apply(x, weight, bias);
}
