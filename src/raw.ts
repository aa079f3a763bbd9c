// Tensor-level kernel calls without autograd: strided copies, broadcasting binary ops, unary maps and reductions.
// The vocabulary that autograd (unbroadcasting) and the ops' forward and backward passes are written in.
import { runtime } from "./backend/runtime";
import type { Kernels } from "./backend/kernels";
import { Tensor, contiguousStrides, describeValue, empty, sameShape, sizeOf } from "./tensor";

const MAX_COPY_DIMS = 16;

/**
 * out[i] = x[i] over `shape`, each side with its own strides (elements) from its own base pointer (bytes).
 * Adjacent dimensions that are contiguous on both sides are merged, size-1 dimensions dropped.
 */
export function copyStrided(shape: readonly number[], x: number, xStrides: readonly number[], out: number, outStrides: readonly number[]): void {
  const dims: number[] = [], xs: number[] = [], os: number[] = [];
  for (let d = 0; d < shape.length; d++) {
    if (shape[d] === 1) continue;
    if (shape[d] === 0) return;
    const k = dims.length - 1;
    if (k >= 0 && xs[k] === xStrides[d] * shape[d] && os[k] === outStrides[d] * shape[d]) {
      dims[k] *= shape[d];
      xs[k] = xStrides[d];
      os[k] = outStrides[d];
    } else {
      dims.push(shape[d]);
      xs.push(xStrides[d]);
      os.push(outStrides[d]);
    }
  }
  if (dims.length > MAX_COPY_DIMS) throw new RangeError(`copy: at most ${MAX_COPY_DIMS} non-trivial dimensions are supported, got ${dims.length}`);
  const rt = runtime();
  const w = rt.i32();
  const base = rt.scratch >> 2;
  const n = dims.length;
  w[base] = n;
  for (let d = 0; d < n; d++) {
    w[base + 1 + d] = dims[d];
    w[base + 1 + n + d] = xs[d];
    w[base + 1 + 2 * n + d] = os[d];
  }
  rt.k.copyStrided(rt.scratch, x, out);
}

/** A contiguous copy of t (always a new tensor). */
export function copy(t: Tensor, tracked = true): Tensor {
  const out = empty(t.shape, t.dtype, tracked);
  copyStrided(t.shape, t.ptr(), t.strides, out.ptr(), out.strides);
  return out;
}

/** A contiguous handle on t's elements: a view when already contiguous, else a copy. The caller disposes it. */
export function contig(t: Tensor, tracked = false): Tensor {
  if (t.isContiguous()) return t.stridedView(t.shape, contiguousStrides(t.shape), t.offset, tracked);
  return copy(t, tracked);
}

/** PyTorch broadcasting: the shape two operands broadcast to, or a RangeError naming the op. */
export function broadcastShapes(op: string, a: readonly number[], b: readonly number[]): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1, db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new RangeError(`${op}: shapes [${a.join(", ")}] and [${b.join(", ")}] cannot be broadcast together (dimension ${i}: ${da} vs ${db})`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Strides that read a tensor of (shape, strides) as if expanded to `to` (0 along broadcast dimensions). */
export function broadcastStrides(shape: readonly number[], strides: readonly number[], to: readonly number[]): number[] {
  const lead = to.length - shape.length;
  return to.map((_, i) => (i < lead || shape[i - lead] === 1 ? 0 : strides[i - lead]));
}

/** t expanded to `shape` as a contiguous tensor (untracked unless asked). */
export function materialize(t: Tensor, shape: readonly number[], tracked = false): Tensor {
  if (sameShape(t.shape, shape)) return contig(t, tracked);
  const out = empty(shape, t.dtype, tracked);
  copyStrided(shape, t.ptr(), broadcastStrides(t.shape, t.strides, shape), out.ptr(), out.strides);
  return out;
}

export type BinaryOp = "add" | "sub" | "mul" | "div" | "max" | "min" | "pow" | "eq" | "ne" | "lt" | "le" | "gt" | "ge";

type K = keyof Kernels;
/** Per op: the same-size kernel, the `a op c` kernel and the `c op a` kernel. */
const BINARY: Record<BinaryOp, [K, K, K]> = {
  add: ["add", "addc", "addc"], sub: ["sub", "subc", "subrc"], mul: ["mul", "mulc", "mulc"], div: ["div", "divc", "divrc"],
  max: ["max", "maxc", "maxc"], min: ["min", "minc", "minc"], pow: ["pow", "powc", "powrc"],
  eq: ["eq", "eqc", "eqc"], ne: ["ne", "nec", "nec"], lt: ["lt", "ltc", "gtc"], le: ["le", "lec", "gec"],
  gt: ["gt", "gtc", "ltc"], ge: ["ge", "gec", "lec"],
};

type ScalarKernel = (n: number, a: number, c: number, out: number) => void;
type PairKernel = (n: number, a: number, b: number, out: number) => void;

/** float32 view of an operand: int32 tensors are converted (exact below 2^24). The caller disposes the result. */
function asFloat(t: Tensor): Tensor {
  return t.dtype === "float32" ? contig(t) : toFloat(t, false);
}

/** Elementwise `a op b` with PyTorch broadcasting; float32 result. */
export function binary(op: BinaryOp, a: Tensor | number, b: Tensor | number, tracked = true): Tensor {
  const k = runtime().k;
  const [same, right, left] = BINARY[op];
  if (typeof b === "number") return mapScalar(k[right] as ScalarKernel, a as Tensor, b, tracked);
  if (typeof a === "number") return mapScalar(k[left] as ScalarKernel, b, a, tracked);
  const shape = broadcastShapes(op, a.shape, b.shape);
  const out = empty(shape, "float32", tracked);
  const n = out.size;
  if (n === 0) return out;
  if (a.size === 1 && b.size === n) return fillScalarForm(k[left] as ScalarKernel, b, readScalar(a), out);
  if (b.size === 1 && a.size === n) return fillScalarForm(k[right] as ScalarKernel, a, readScalar(b), out);
  const A = operand(a, shape), B = operand(b, shape);
  (k[same] as PairKernel)(n, A.ptr(), B.ptr(), out.ptr());
  A.dispose();
  B.dispose();
  return out;
}

/** A contiguous float32 operand of the broadcast shape (int32 converted, exact below 2^24). The caller disposes it. */
function operand(t: Tensor, shape: readonly number[]): Tensor {
  if (t.size === sizeOf(shape)) return asFloat(t);
  if (t.dtype === "float32") return materialize(t, shape);
  const f = toFloat(t, false);
  const m = materialize(f, shape);
  f.dispose();
  return m;
}

function fillScalarForm(kernel: ScalarKernel, t: Tensor, c: number, out: Tensor): Tensor {
  const T = asFloat(t);
  kernel(out.size, T.ptr(), c, out.ptr());
  T.dispose();
  return out;
}

function mapScalar(kernel: ScalarKernel, t: Tensor, c: number, tracked: boolean): Tensor {
  const out = empty(t.shape, "float32", tracked);
  if (out.size > 0) fillScalarForm(kernel, t, c, out);
  return out;
}

/** The value of a one-element tensor, read straight from memory. */
export function readScalar(t: Tensor): number {
  const rt = runtime();
  return (t.dtype === "int32" ? rt.i32() : rt.f32())[t.ptr() >> 2];
}

/** out = kernel(x, params…) elementwise; a contiguous float32 result of x's shape. */
export function unary(kernel: (n: number, x: number, out: number, ...params: number[]) => void, x: Tensor, ...params: number[]): Tensor {
  const X = contig(x);
  const out = empty(x.shape);
  if (out.size > 0) kernel(out.size, X.ptr(), out.ptr(), ...params);
  X.dispose();
  return out;
}

/** out = kernel(saved, g, params…) elementwise, for backward rules; g may be a broadcast view. */
export function unaryBwd(
  kernel: (n: number, s: number, g: number, out: number, ...params: number[]) => void, saved: Tensor, g: Tensor, ...params: number[]
): Tensor {
  const S = contig(saved);
  const G = materialize(g, saved.shape);
  const out = empty(saved.shape);
  if (out.size > 0) kernel(out.size, S.ptr(), G.ptr(), out.ptr(), ...params);
  S.dispose();
  G.dispose();
  return out;
}

/** int32 → float32 copy. */
export function toFloat(t: Tensor, tracked = true): Tensor {
  const out = empty(t.shape, "float32", tracked);
  const rt = runtime();
  const src = rt.i32(), dst = rt.f32();
  const base = out.ptr() >> 2, sb = t.storage().ptr >> 2;
  if (t.isContiguous()) for (let i = 0; i < out.size; i++) dst[base + i] = src[sb + t.offset + i];
  else {
    const C = contig(t);
    const cb = C.ptr() >> 2;
    for (let i = 0; i < out.size; i++) dst[base + i] = src[cb + i];
    C.dispose();
  }
  return out;
}

/** Normalises a possibly negative dimension index, with an error naming the op. */
export function normDim(op: string, dim: number, ndim: number, arg = "dim"): number {
  const lo = ndim === 0 ? -1 : -ndim, hi = ndim === 0 ? 0 : ndim - 1;
  if (!Number.isInteger(dim) || dim < lo || dim > hi) {
    throw new RangeError(`${op}: ${arg} must be an integer in [${lo}, ${hi}] for a ${ndim}-D tensor, got ${String(dim)}`);
  }
  return dim < 0 ? dim + Math.max(ndim, 1) : dim;
}

/** Sorted, unique, non-negative dims from a number, an array or undefined (= all dims). */
export function normDims(op: string, dims: number | readonly number[] | undefined | null, ndim: number): number[] {
  if (dims === undefined || dims === null) return Array.from({ length: ndim }, (_, i) => i);
  const list = typeof dims === "number" ? [dims] : dims;
  if (!Array.isArray(list)) throw new TypeError(`${op}: dim must be a number or an array of numbers, got ${describeValue(dims)}`);
  const out = [...new Set(list.map((d) => normDim(op, d, ndim)))].sort((a, b) => a - b);
  if (out.length !== list.length) throw new RangeError(`${op}: dim [${list.join(", ")}] repeats a dimension`);
  return ndim === 0 ? [] : out;
}

/** Σ over `dims` (sorted, unique). Consecutive dims reduce in one kernel pass; others in successive passes. */
export function sum(x: Tensor, dims: readonly number[], keepdim: boolean, tracked = true): Tensor {
  const k = runtime().k;
  const keptShape = x.shape.map((d, i) => (dims.includes(i) ? 1 : d));
  const finalShape = keepdim ? keptShape : x.shape.filter((_, i) => !dims.includes(i));
  if (dims.length === 0) return reshapeOwned(copy(x, tracked), finalShape, tracked);
  let cur = contig(x);
  let shape = x.shape.slice();
  // runs of consecutive reduced dims, processed last to first so earlier indices stay valid
  const runs: [number, number][] = [];
  for (const d of dims) {
    const last = runs[runs.length - 1];
    if (last && last[1] === d) last[1] = d + 1;
    else runs.push([d, d + 1]);
  }
  for (let r = runs.length - 1; r >= 0; r--) {
    const [lo, hi] = runs[r];
    const outer = sizeOf(shape.slice(0, lo)), red = sizeOf(shape.slice(lo, hi)), inner = sizeOf(shape.slice(hi));
    shape = [...shape.slice(0, lo), ...new Array(hi - lo).fill(1), ...shape.slice(hi)];
    const next = empty(shape, "float32", r === 0 && tracked);
    if (next.size > 0) {
      if (red === 0) k.fill(next.size, next.ptr(), 0);
      else k.sumAxis(outer, red, inner, cur.ptr(), next.ptr());
    }
    cur.dispose();
    cur = next;
  }
  return reshapeOwned(cur, finalShape, tracked);
}

/** Reshapes a contiguous tensor the caller owns, disposing the original handle. */
export function reshapeOwned(t: Tensor, shape: readonly number[], tracked = true): Tensor {
  if (sameShape(t.shape, shape)) return t;
  const v = t.stridedView(shape, contiguousStrides(shape), t.offset, tracked);
  t.dispose();
  return v;
}

/** Sums a broadcast gradient back to `shape` (the inverse of broadcasting); returns g itself if shapes match. */
export function sumTo(g: Tensor, shape: readonly number[]): Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.ndim - shape.length;
  const dims: number[] = [];
  for (let i = 0; i < g.ndim; i++) if (i < lead || (shape[i - lead] === 1 && g.shape[i] !== 1)) dims.push(i);
  const s = sum(g, dims, true);
  return reshapeOwned(s, shape);
}

/** out = cond != 0 ? a : b, all three broadcast together. */
export function where(cond: Tensor, a: Tensor | number, b: Tensor | number): Tensor {
  const sa = typeof a === "number" ? [] : a.shape, sb = typeof b === "number" ? [] : b.shape;
  const shape = broadcastShapes("where", broadcastShapes("where", cond.shape, sa), sb);
  const out = empty(shape);
  if (out.size === 0) return out;
  const C = operand(cond, shape);
  const A = typeof a === "number" ? filled(shape, a) : operand(a, shape);
  const B = typeof b === "number" ? filled(shape, b) : operand(b, shape);
  runtime().k.where(out.size, C.ptr(), A.ptr(), B.ptr(), out.ptr());
  C.dispose();
  A.dispose();
  B.dispose();
  return out;
}

/** An untracked tensor filled with v. */
export function filled(shape: readonly number[], v: number, tracked = false): Tensor {
  const t = empty(shape, "float32", tracked);
  if (t.size > 0) runtime().k.fill(t.size, t.ptr(), v);
  return t;
}

/** A contiguous copy of x with dimension `dim` moved last, so row kernels can run over it. */
export function moveDimLast(x: Tensor, dim: number): Tensor {
  if (dim === x.ndim - 1) return contig(x);
  const perm = [...x.shape.keys()].filter((d) => d !== dim).concat(dim);
  return copy(permuteView(x, perm, false), false);
}

/** Inverse of moveDimLast: a view of the last-dim-moved tensor y in the original dimension order. */
export function moveLastBack(y: Tensor, dim: number, tracked = true): Tensor {
  const nd = y.ndim;
  if (dim === nd - 1) return y.stridedView(y.shape, y.strides, y.offset, tracked);
  const perm: number[] = [];
  for (let d = 0; d < nd; d++) perm.push(d < dim ? d : d === dim ? nd - 1 : d - 1);
  return permuteView(y, perm, tracked);
}

/** The view of x with dimensions reordered: out dim i is x dim perm[i]. */
export function permuteView(x: Tensor, perm: readonly number[], tracked = true): Tensor {
  return x.stridedView(perm.map((p) => x.shape[p]), perm.map((p) => x.strides[p]), x.offset, tracked);
}

/** float32 → int32 copy, truncating toward zero like PyTorch's .int() (NaN → 0; out-of-range values saturate). */
export function toInt(t: Tensor, tracked = true): Tensor {
  const C = contig(t);
  const out = empty(t.shape, "int32", tracked);
  const rt = runtime();
  const src = rt.f32(), dst = rt.i32();
  const sb = C.ptr() >> 2, db = out.ptr() >> 2;
  for (let i = 0; i < out.size; i++) {
    const v = Math.trunc(src[sb + i]);
    dst[db + i] = v !== v ? 0 : Math.max(-2147483648, Math.min(2147483647, v));
  }
  C.dispose();
  return out;
}

/**
 * Runs kernel(n, ptr) over t's elements in place: directly when t is contiguous, else on a contiguous copy written
 * back through t's strides (so strided views, e.g. a gradient assigned from a slice, are updated correctly).
 */
export function inPlace(t: Tensor, kernel: (n: number, ptr: number) => void): void {
  if (t.size === 0) return;
  if (t.isContiguous()) {
    kernel(t.size, t.ptr());
    return;
  }
  const c = copy(t, false);
  kernel(c.size, c.ptr());
  copyStrided(t.shape, c.ptr(), c.strides, t.ptr(), t.strides);
  c.dispose();
}
