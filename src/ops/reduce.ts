// Reductions: sum and max/min along dimensions are primitives; mean, var, argmax and argmin are built on them.
import { Fn } from "../autograd/fn";
import { noGrad } from "../autograd/grad-mode";
import { runtime } from "../backend/runtime";
import { contig, filled, materialize, normDim, normDims, sum as rawSum } from "../raw";
import { type Tensor, describeValue, empty, sizeOf } from "../tensor";
import { checkFloat, checkNumber, checkOptions } from "./args";
import { div, mul, sub } from "./elementwise";

export type Dims = number | readonly number[] | null | undefined;

/** d Σ = g broadcast back over the summed dimensions (a stride-0 view, no copy). */
class Sum extends Fn {
  static readonly typeName: string = "Sum";
  constructor(private readonly dims: number[], private readonly keepdim: boolean) { super(); }
  private inShape: readonly number[] = [];
  forward(x: Tensor) {
    this.inShape = x.shape;
    return rawSum(x, this.dims, this.keepdim);
  }
  backward(g: Tensor) {
    // g's strides mapped onto the input's dimensions, 0 along the reduced ones
    const strides: number[] = [];
    let j = 0;
    for (let d = 0; d < this.inShape.length; d++) {
      if (this.dims.includes(d)) {
        strides.push(0);
        if (this.keepdim) j++;
      } else strides.push(g.strides[j++]);
    }
    return [g.stridedView(this.inShape, strides, g.offset)];
  }
}

/** max/min along one dimension (or all, dim = null) with the index of the first extremum; d = g scattered to it. */
class ArgExtremum extends Fn {
  static readonly typeName: string = "ArgExtremum";
  constructor(private readonly dim: number | null, private readonly keepdim: boolean, private readonly isMax: boolean) { super(); }
  private geometry: [number, number, number] = [1, 1, 1];
  private inShape: readonly number[] = [];
  forward(x: Tensor) {
    const k = runtime().k;
    const { dim } = this;
    this.inShape = x.shape;
    const outer = dim === null ? 1 : sizeOf(x.shape.slice(0, dim));
    const r = dim === null ? x.size : x.shape[dim] ?? 1;
    const inner = dim === null ? 1 : sizeOf(x.shape.slice(dim + 1));
    this.geometry = [outer, r, inner];
    const shape = dim === null
      ? (this.keepdim ? x.shape.map(() => 1) : [])
      : this.keepdim ? x.shape.map((d, i) => (i === dim ? 1 : d)) : x.shape.filter((_, i) => i !== dim);
    const values = empty(shape), indices = empty(shape, "int32");
    const X = contig(x);
    if (values.size > 0) (this.isMax ? k.maxAxis : k.minAxis)(outer, r, inner, X.ptr(), values.ptr(), indices.ptr());
    X.dispose();
    this.save(indices);
    return [values, indices];
  }
  backward(g: Tensor | null) {
    const [outer, r, inner] = this.geometry;
    const out = filled(this.inShape, 0, true);
    if (g === null || out.size === 0) return [out];
    const G = materialize(g, this.saved[0].shape);
    runtime().k.scatterAdd(outer, r, inner, 1, G.ptr(), this.saved[0].ptr(), out.ptr());
    G.dispose();
    return [out];
  }
}

export interface KeepdimOptions {
  keepdim?: boolean;
}

/** A boolean option (keepdim, unbiased), or a TypeError naming the op. */
function bool(op: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${describeValue(v)}`);
  return v;
}

/** Splits (dims?, options?) where the options object may come second. */
function dimsAndOptions<T extends object>(dims: Dims | T, opts: T | undefined): [Dims, T | undefined] {
  if (dims !== null && typeof dims === "object" && !Array.isArray(dims)) return [undefined, dims as T];
  return [dims as Dims, opts];
}

/** Σ x over `dims` (all when omitted); a 0-d tensor for a full sum. sum(x), sum(x, 1), sum(x, [0, 2], { keepdim: true }). */
export function sum(x: Tensor, dims?: Dims | KeepdimOptions, opts?: KeepdimOptions): Tensor {
  checkFloat("sum", "input", x);
  const [d, o] = dimsAndOptions(dims, opts);
  const { keepdim = false } = checkOptions("sum", o, ["keepdim"]);
  return new Sum(normDims("sum", d, x.ndim), bool("sum", "keepdim", keepdim)).apply(x);
}

/** Mean of x over `dims` (all when omitted). */
export function mean(x: Tensor, dims?: Dims | KeepdimOptions, opts?: KeepdimOptions): Tensor {
  checkFloat("mean", "input", x);
  const [d, o] = dimsAndOptions(dims, opts);
  const { keepdim = false } = checkOptions("mean", o, ["keepdim"]);
  bool("mean", "keepdim", keepdim);
  const ds = normDims("mean", d, x.ndim);
  const n = ds.reduce((a, i) => a * x.shape[i], 1);
  const s = new Sum(ds, keepdim).apply(x);
  const m = mul(s, 1 / n);
  s.dispose();
  return m;
}

export interface VarOptions extends KeepdimOptions {
  /** Divide by n − 1 (Bessel's correction, the default) instead of n. */
  unbiased?: boolean;
  /** Divide by n − correction; overrides unbiased. */
  correction?: number;
}

/** Variance Σ(x − mean)² / (n − correction) over `dims` (all when omitted); unbiased (correction 1) by default. */
export function variance(x: Tensor, dims?: Dims | VarOptions, opts?: VarOptions): Tensor {
  checkFloat("var", "input", x);
  const [d, o] = dimsAndOptions(dims, opts);
  const { keepdim = false, unbiased = true, correction } = checkOptions("var", o, ["keepdim", "unbiased", "correction"]);
  bool("var", "keepdim", keepdim);
  bool("var", "unbiased", unbiased);
  const c = correction === undefined ? (unbiased ? 1 : 0) : checkNumber("var", "correction", correction, (v) => v >= 0, "a number >= 0");
  const ds = normDims("var", d, x.ndim);
  const n = ds.reduce((a, i) => a * x.shape[i], 1);
  const mu = mean(x, ds, { keepdim: true });
  const diff = sub(x, mu);
  const sq = mul(diff, diff);
  const s = sum(sq, ds, { keepdim });
  const v = div(s, Math.max(0, n - c));
  for (const t of [mu, diff, sq, s]) t.dispose();
  return v;
}

export interface MaxResult {
  values: Tensor;
  indices: Tensor;
}

function extremum(op: string, isMax: boolean, x: Tensor, dim: number | KeepdimOptions | undefined, opts?: KeepdimOptions): Tensor | MaxResult {
  checkFloat(op, "input", x);
  if (dim === undefined || (typeof dim === "object" && dim !== null)) {
    checkOptions(op, dim as KeepdimOptions | undefined, []);
    if (x.size === 0) throw new RangeError(`${op}: the input is empty; a full reduction needs at least one element`);
    const [values, indices] = new ArgExtremum(null, false, isMax).applyMulti(x);
    indices.dispose();
    return values;
  }
  const { keepdim = false } = checkOptions(op, opts, ["keepdim"]);
  bool(op, "keepdim", keepdim);
  const d = normDim(op, dim, x.ndim);
  if (x.shape[d] === 0) throw new RangeError(`${op}: dimension ${d} is empty; cannot reduce over it`);
  const [values, indices] = new ArgExtremum(x.ndim === 0 ? null : d, keepdim, isMax).applyMulti(x);
  return { values, indices };
}

/** max(x): the largest element (0-d); max(x, dim, { keepdim }): { values, indices } along dim (first index on ties). */
export function max(x: Tensor): Tensor;
export function max(x: Tensor, dim: number, opts?: KeepdimOptions): MaxResult;
export function max(x: Tensor, dim?: number, opts?: KeepdimOptions): Tensor | MaxResult {
  return extremum("max", true, x, dim, opts);
}

/** min(x): the smallest element (0-d); min(x, dim, { keepdim }): { values, indices } along dim. */
export function min(x: Tensor): Tensor;
export function min(x: Tensor, dim: number, opts?: KeepdimOptions): MaxResult;
export function min(x: Tensor, dim?: number, opts?: KeepdimOptions): Tensor | MaxResult {
  return extremum("min", false, x, dim, opts);
}

function argExtremum(op: string, isMax: boolean, x: Tensor, dim: number | null | undefined, opts?: KeepdimOptions): Tensor {
  checkFloat(op, "input", x);
  const { keepdim = false } = checkOptions(op, opts, ["keepdim"]);
  bool(op, "keepdim", keepdim);
  const d = dim === undefined || dim === null ? null : normDim(op, dim, x.ndim);
  if (d === null ? x.size === 0 : x.shape[d] === 0) throw new RangeError(`${op}: cannot take the ${op} of an empty dimension`);
  const [values, indices] = noGrad(() => new ArgExtremum(d, keepdim, isMax).applyMulti(x));
  values.dispose();
  return indices;
}

/** Index of the largest element along dim (of the flattened tensor when dim is omitted), int32. */
export const argmax = (x: Tensor, dim?: number | null, opts?: KeepdimOptions) => argExtremum("argmax", true, x, dim, opts);
/** Index of the smallest element along dim (of the flattened tensor when dim is omitted), int32. */
export const argmin = (x: Tensor, dim?: number | null, opts?: KeepdimOptions) => argExtremum("argmin", false, x, dim, opts);
