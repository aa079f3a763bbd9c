// Shape and movement ops: views where the layout allows (reshape, permute, expand, slice), copies otherwise.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { contig, copy, copyStrided, filled, normDim, permuteView } from "../raw";
import { Tensor, contiguousStrides, describeValue, empty, sameShape, sizeOf } from "../tensor";
import { checkIndices, checkOptions, checkTensor } from "./args";

/** A view when x is contiguous, else a contiguous copy viewed with the new shape. */
function reshapeRaw(x: Tensor, shape: readonly number[]): Tensor {
  if (x.isContiguous()) return x.stridedView(shape, contiguousStrides(shape), x.offset);
  const c = copy(x, false);
  const v = c.stridedView(shape, contiguousStrides(shape), 0);
  c.dispose();
  return v;
}

/** d reshape = g reshaped back */
class Reshape extends Fn {
  static readonly typeName: string = "Reshape";
  constructor(private readonly shape: readonly number[]) { super(); }
  private inShape: readonly number[] = [];
  forward(x: Tensor) { this.inShape = x.shape; return reshapeRaw(x, this.shape); }
  backward(g: Tensor) { return [reshapeRaw(g, this.inShape)]; }
}

/** d clone = g */
class Clone extends Fn {
  static readonly typeName: string = "Clone";
  forward(x: Tensor) { return copy(x); }
  backward(g: Tensor) { return [g.detach()]; }
}

/** d permute = g permuted by the inverse permutation */
class Permute extends Fn {
  static readonly typeName: string = "Permute";
  constructor(private readonly perm: readonly number[]) { super(); }
  forward(x: Tensor) { return permuteView(x, this.perm); }
  backward(g: Tensor) {
    const inv = new Array<number>(this.perm.length);
    this.perm.forEach((p, i) => (inv[p] = i));
    return [permuteView(g, inv)];
  }
}

/** d expand = g (autograd sums it back over the expanded dimensions) */
class Expand extends Fn {
  static readonly typeName: string = "Expand";
  constructor(private readonly shape: readonly number[]) { super(); }
  forward(x: Tensor) {
    const lead = this.shape.length - x.ndim;
    const strides = this.shape.map((_, i) => (i < lead || x.shape[i - lead] !== this.shape[i] ? 0 : x.strides[i - lead]));
    return x.stridedView(this.shape, strides, x.offset);
  }
  backward(g: Tensor) { return [g.detach()]; }
}

/** d slice = g written into zeros at the sliced positions */
class Slice extends Fn {
  static readonly typeName: string = "Slice";
  constructor(private readonly dim: number, private readonly start: number, private readonly len: number, private readonly step: number) { super(); }
  private inShape: readonly number[] = [];
  forward(x: Tensor) {
    this.inShape = x.shape;
    const shape = x.shape.slice();
    shape[this.dim] = this.len;
    const strides = x.strides.slice();
    strides[this.dim] *= this.step;
    return x.stridedView(shape, strides, x.offset + this.start * x.strides[this.dim]);
  }
  backward(g: Tensor) {
    const out = filled(this.inShape, 0, true);
    const strides = out.strides.slice();
    const offset = this.start * strides[this.dim];
    strides[this.dim] *= this.step;
    copyStrided(g.shape, g.ptr(), g.strides, out.ptr() + offset * 4, strides);
    return [out];
  }
}

/** d cat = the matching slice of g for each input */
class Cat extends Fn {
  static readonly typeName: string = "Cat";
  constructor(private readonly dim: number) { super(); }
  private sizes: number[] = [];
  forward(...xs: Tensor[]) {
    const { dim } = this;
    this.sizes = xs.map((x) => x.shape[dim]);
    const shape = xs[0].shape.slice();
    shape[dim] = this.sizes.reduce((a, b) => a + b, 0);
    const out = empty(shape, xs[0].dtype);
    let at = 0;
    for (const x of xs) {
      copyStrided(x.shape, x.ptr(), x.strides, out.ptr() + at * out.strides[dim] * 4, out.strides);
      at += x.shape[dim];
    }
    return out;
  }
  backward(g: Tensor) {
    let at = 0;
    return this.sizes.map((n, i) => {
      const shape = g.shape.slice();
      shape[this.dim] = n;
      const v = this.needsGrad[i] ? g.stridedView(shape, g.strides, g.offset + at * g.strides[this.dim]) : null;
      at += n;
      return v;
    });
  }
}

/** Constant padding; d pad = the un-padded region of g */
class Pad extends Fn {
  static readonly typeName: string = "Pad";
  constructor(private readonly before: number[], private readonly after: number[], private readonly value: number) { super(); }
  forward(x: Tensor) {
    const shape = x.shape.map((d, i) => d + this.before[i] + this.after[i]);
    const out = filled(shape, this.value, true);
    const offset = this.before.reduce((a, b, i) => a + b * out.strides[i], 0);
    copyStrided(x.shape, x.ptr(), x.strides, out.ptr() + offset * 4, out.strides);
    return out;
  }
  backward(g: Tensor) {
    const shape = g.shape.map((d, i) => d - this.before[i] - this.after[i]);
    const offset = this.before.reduce((a, b, i) => a + b * g.strides[i], g.offset);
    return [g.stridedView(shape, g.strides, offset)];
  }
}

/** Geometry of a tensor seen as [outer, r, inner] around dimension dim. */
function around(shape: readonly number[], dim: number): [number, number, number] {
  return [sizeOf(shape.slice(0, dim)), shape[dim] ?? 1, sizeOf(shape.slice(dim + 1))];
}

/** Throws unless every index lies in [0, limit). */
function checkRange(op: string, arg: string, idx: Tensor, limit: number): void {
  const I = contig(idx);
  const w = runtime().i32();
  const base = I.ptr() >> 2;
  for (let i = 0; i < I.size; i++) {
    const v = w[base + i];
    if (v < 0 || v >= limit) {
      I.dispose();
      throw new RangeError(`${op}: ${arg} must lie in [0, ${limit}), got ${v} at flat position ${i}`);
    }
  }
  I.dispose();
}

/** d index_select = g added back at the selected rows (repeats accumulate) */
class IndexSelect extends Fn {
  static readonly typeName: string = "IndexSelect";
  constructor(private readonly dim: number) { super(); }
  private inShape: readonly number[] = [];
  forward(x: Tensor, idx: Tensor) {
    this.inShape = x.shape;
    const [outer, r, inner] = around(x.shape, this.dim);
    const shape = x.shape.slice();
    shape[this.dim] = idx.size;
    const out = empty(shape, x.dtype);
    const X = contig(x), I = contig(idx);
    if (out.size > 0) runtime().k.indexSelect(outer, r, inner, idx.size, X.ptr(), I.ptr(), out.ptr());
    X.dispose();
    this.save(I);
    I.dispose();
    return out;
  }
  backward(g: Tensor) {
    const [outer, r, inner] = around(this.inShape, this.dim);
    const [I] = this.saved;
    const out = filled(this.inShape, 0, true);
    const G = contig(g);
    if (G.size > 0) runtime().k.indexAdd(outer, r, inner, I.size, G.ptr(), I.ptr(), out.ptr());
    G.dispose();
    return [out, null];
  }
}

/** torch.gather over x narrowed to the index's extent; d gather = g scatter-added back */
class Gather extends Fn {
  static readonly typeName: string = "Gather";
  constructor(private readonly dim: number) { super(); }
  private inShape: readonly number[] = [];
  forward(x: Tensor, idx: Tensor) {
    this.inShape = x.shape;
    const narrowShape = idx.shape.map((d, i) => (i === this.dim ? x.shape[i] : d));
    const narrow = x.stridedView(narrowShape, x.strides, x.offset, false);
    const X = copy(narrow, false);
    narrow.dispose();
    const I = contig(idx);
    const [outer, r, inner] = around(narrowShape, this.dim);
    const out = empty(idx.shape, x.dtype);
    if (out.size > 0) runtime().k.gather(outer, r, inner, idx.shape[this.dim], X.ptr(), I.ptr(), out.ptr());
    X.dispose();
    this.save(I);
    I.dispose();
    return out;
  }
  backward(g: Tensor) {
    const [I] = this.saved;
    const narrowShape = I.shape.map((d, i) => (i === this.dim ? this.inShape[i] : d));
    const [outer, r, inner] = around(narrowShape, this.dim);
    const acc = filled(narrowShape, 0);
    const G = contig(g);
    if (G.size > 0) runtime().k.scatterAdd(outer, r, inner, I.shape[this.dim], G.ptr(), I.ptr(), acc.ptr());
    G.dispose();
    const out = filled(this.inShape, 0, true);
    copyStrided(narrowShape, acc.ptr(), acc.strides, out.ptr(), out.strides);
    acc.dispose();
    return [out, null];
  }
}

// ---- public functions -----------------------------------------------------------------------------------------

/** The shape with one -1 inferred from the element count; errors name the op. */
function resolveShape(op: string, x: Tensor, shape: readonly number[]): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= -1)) {
    throw new TypeError(`${op}: shape must be an array of integers >= -1, got ${describeValue(shape)}`);
  }
  const free = shape.filter((d) => d === -1).length;
  if (free > 1) throw new RangeError(`${op}: only one dimension can be -1, got [${shape.join(", ")}]`);
  const known = shape.reduce((a, d) => (d === -1 ? a : a * d), 1);
  const out = shape.slice();
  if (free === 1) {
    if (known === 0 || x.size % known !== 0) throw new RangeError(`${op}: shape [${shape.join(", ")}] is invalid for input of size ${x.size} (shape [${x.shape.join(", ")}])`);
    out[out.indexOf(-1)] = x.size / known;
  } else if (known !== x.size) {
    throw new RangeError(`${op}: shape [${shape.join(", ")}] is invalid for input of size ${x.size} (shape [${x.shape.join(", ")}])`);
  }
  return out;
}

/** The same elements in a new shape (one dimension may be -1); a view when the layout allows. */
export function reshape(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("reshape", "input", x);
  return new Reshape(resolveShape("reshape", x, shape)).apply(x);
}

/** A copy of x with its own storage (gradients flow through). */
export function clone(x: Tensor): Tensor {
  return new Clone().apply(checkTensor("clone", "input", x));
}

/** x itself laid out row-major: a view when it already is, else a copy (gradients flow through). */
export function contiguous(x: Tensor): Tensor {
  checkTensor("contiguous", "input", x);
  return new Reshape(x.shape).apply(x);
}

/** Dimensions startDim..endDim merged into one. */
export function flatten(x: Tensor, startDim = 0, endDim = -1): Tensor {
  checkTensor("flatten", "input", x);
  if (x.ndim === 0) return reshape(x, [1]);
  const s = normDim("flatten", startDim, x.ndim, "startDim"), e = normDim("flatten", endDim, x.ndim, "endDim");
  if (s > e) throw new RangeError(`flatten: startDim (${startDim}) must not come after endDim (${endDim})`);
  return reshape(x, [...x.shape.slice(0, s), sizeOf(x.shape.slice(s, e + 1)), ...x.shape.slice(e + 1)]);
}

/** Removes size-1 dimensions (all, or the one given). */
export function squeeze(x: Tensor, dim?: number): Tensor {
  checkTensor("squeeze", "input", x);
  if (dim === undefined) return reshape(x, x.shape.filter((d) => d !== 1));
  const d = normDim("squeeze", dim, x.ndim);
  return x.shape[d] === 1 ? reshape(x, x.shape.filter((_, i) => i !== d)) : reshape(x, x.shape);
}

/** Inserts a size-1 dimension at dim (−ndim−1 ≤ dim ≤ ndim). */
export function unsqueeze(x: Tensor, dim: number): Tensor {
  checkTensor("unsqueeze", "input", x);
  const d = normDim("unsqueeze", dim, x.ndim + 1);
  const shape = x.shape.slice();
  shape.splice(d, 0, 1);
  return reshape(x, shape);
}

/** Dimensions reordered: output dimension i is input dimension dims[i]. */
export function permute(x: Tensor, dims: readonly number[]): Tensor {
  checkTensor("permute", "input", x);
  if (!Array.isArray(dims) || dims.length !== x.ndim) {
    throw new RangeError(`permute: dims must list each of the input's ${x.ndim} dimensions once, got ${describeValue(dims)}`);
  }
  const perm = dims.map((d) => normDim("permute", d, x.ndim));
  if (new Set(perm).size !== perm.length) throw new RangeError(`permute: dims [${dims.join(", ")}] repeat a dimension`);
  return new Permute(perm).apply(x);
}

/** Dimensions dim0 and dim1 swapped (a view). */
export function transpose(x: Tensor, dim0: number, dim1: number): Tensor {
  checkTensor("transpose", "input", x);
  const perm = [...x.shape.keys()];
  const a = normDim("transpose", dim0, x.ndim, "dim0"), b = normDim("transpose", dim1, x.ndim, "dim1");
  [perm[a], perm[b]] = [perm[b], perm[a]];
  return new Permute(perm).apply(x);
}

/** A view repeating size-1 dimensions (and new leading ones) to `shape`; -1 keeps a dimension. */
export function expand(x: Tensor, shape: readonly number[]): Tensor {
  checkTensor("expand", "input", x);
  if (!Array.isArray(shape) || shape.length < x.ndim) {
    throw new RangeError(`expand: shape must have at least ${x.ndim} dimensions, got ${describeValue(shape)}`);
  }
  const lead = shape.length - x.ndim;
  const out = shape.map((d, i) => {
    const src = i < lead ? 1 : x.shape[i - lead];
    const want = d === -1 && i >= lead ? src : d;
    if (!Number.isInteger(want) || want < 0 || (src !== 1 && src !== want)) {
      throw new RangeError(`expand: cannot expand shape [${x.shape.join(", ")}] to [${shape.join(", ")}] (dimension ${i})`);
    }
    return want;
  });
  return new Expand(out).apply(x);
}

/** Elements start, start+step, … below end along dim (Python slicing; negative start/end count from the end). */
export function slice(x: Tensor, dim: number, start = 0, end?: number | null, step = 1): Tensor {
  checkTensor("slice", "input", x);
  const d = normDim("slice", dim, x.ndim);
  const n = x.shape[d];
  if (!Number.isInteger(step) || step < 1) throw new RangeError(`slice: step must be a positive integer, got ${describeValue(step)}`);
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (v !== undefined && v !== null && !Number.isInteger(v)) throw new TypeError(`slice: ${name} must be an integer, got ${describeValue(v)}`);
  }
  const clampIdx = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
  const s = clampIdx(start), e = end === undefined || end === null ? n : clampIdx(end);
  const len = Math.max(0, Math.ceil((e - s) / step));
  return new Slice(d, s, len, step).apply(x);
}

/** Tensors joined along dim; all other dimensions must match. */
export function cat(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError(`cat: tensors must be a non-empty array of Tensors, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => checkTensor("cat", `tensors[${i}]`, t));
  const first = tensors[0];
  const d = normDim("cat", dim, first.ndim);
  tensors.forEach((t, i) => {
    if (t.dtype !== first.dtype) throw new TypeError(`cat: tensors[${i}] is ${t.dtype} but tensors[0] is ${first.dtype}`);
    if (t.ndim !== first.ndim || t.shape.some((s: number, j: number) => j !== d && s !== first.shape[j])) {
      throw new RangeError(`cat: tensors[${i}] has shape [${t.shape.join(", ")}], which does not match [${first.shape.join(", ")}] outside dimension ${d}`);
    }
  });
  return new Cat(d).apply(...tensors);
}

/** Tensors of equal shape stacked along a new dimension dim. */
export function stack(tensors: readonly Tensor[], dim = 0): Tensor {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError(`stack: tensors must be a non-empty array of Tensors, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => {
    checkTensor("stack", `tensors[${i}]`, t);
    if (!sameShape(t.shape, tensors[0].shape)) {
      throw new RangeError(`stack: all tensors must have the same shape; tensors[${i}] is [${t.shape.join(", ")}], tensors[0] is [${tensors[0].shape.join(", ")}]`);
    }
  });
  const d = normDim("stack", dim, tensors[0].ndim + 1);
  const parts = tensors.map((t) => unsqueeze(t, d));
  const out = cat(parts, d);
  for (const p of parts) p.dispose();
  return out;
}

/** Splits along dim into chunks of splitSize (the last may be smaller) or into the given section sizes. */
export function split(x: Tensor, splitSizeOrSections: number | readonly number[], dim = 0): Tensor[] {
  checkTensor("split", "input", x);
  const d = normDim("split", dim, x.ndim);
  const n = x.shape[d];
  let sizes: number[];
  if (typeof splitSizeOrSections === "number") {
    if (!Number.isInteger(splitSizeOrSections) || splitSizeOrSections < 1) {
      throw new RangeError(`split: splitSize must be a positive integer, got ${describeValue(splitSizeOrSections)}`);
    }
    sizes = [];
    for (let at = 0; at < n; at += splitSizeOrSections) sizes.push(Math.min(splitSizeOrSections, n - at));
    if (sizes.length === 0) sizes.push(0);
  } else if (Array.isArray(splitSizeOrSections) && splitSizeOrSections.every((s) => Number.isInteger(s) && s >= 0)) {
    sizes = splitSizeOrSections.slice();
    const total = sizes.reduce((a, b) => a + b, 0);
    if (total !== n) throw new RangeError(`split: sections [${sizes.join(", ")}] sum to ${total}, but dimension ${d} has size ${n}`);
  } else {
    throw new TypeError(`split: splitSizeOrSections must be a positive integer or an array of sizes, got ${describeValue(splitSizeOrSections)}`);
  }
  let at = 0;
  return sizes.map((s) => {
    const part = new Slice(d, at, s, 1).apply(x);
    at += s;
    return part;
  });
}

export interface PadOptions {
  mode?: "constant" | "reflect" | "replicate";
  /** Fill value for mode "constant". */
  value?: number;
}

/**
 * Pads x: padding lists (before, after) pairs starting from the last dimension, as F.pad does: pad(x, [1, 1]) pads
 * the last dimension by one on each side, pad(x, [1, 1, 2, 2]) the last two. Modes: "constant" (value, default 0),
 * "reflect" (mirror without repeating the edge; pads must be smaller than the dimension), "replicate" (repeat the edge).
 */
export function pad(x: Tensor, padding: readonly number[], opts?: PadOptions): Tensor {
  checkTensor("pad", "input", x);
  const { mode = "constant", value = 0 } = checkOptions("pad", opts, ["mode", "value"]);
  if (mode !== "constant" && mode !== "reflect" && mode !== "replicate") {
    throw new RangeError(`pad: mode must be "constant", "reflect" or "replicate", got ${describeValue(mode)}`);
  }
  if (typeof value !== "number") throw new TypeError(`pad: value must be a number, got ${describeValue(value)}`);
  if (!Array.isArray(padding) || padding.length % 2 !== 0 || padding.length / 2 > x.ndim || !padding.every((p) => Number.isInteger(p) && p >= 0)) {
    throw new RangeError(`pad: padding must be an even-length array of non-negative integers, at most 2 per dimension (${2 * x.ndim}), got ${describeValue(padding)}`);
  }
  const before = new Array<number>(x.ndim).fill(0), after = new Array<number>(x.ndim).fill(0);
  for (let i = 0; i < padding.length / 2; i++) {
    before[x.ndim - 1 - i] = padding[2 * i];
    after[x.ndim - 1 - i] = padding[2 * i + 1];
  }
  if (mode === "constant") return new Pad(before, after, value).apply(x);
  // reflect / replicate: one index_select per padded dimension, so the gradient folds back onto the source positions
  let out = x;
  for (let d = 0; d < x.ndim; d++) {
    if (before[d] === 0 && after[d] === 0) continue;
    const n = x.shape[d];
    if (mode === "reflect" && (before[d] >= n || after[d] >= n)) {
      throw new RangeError(`pad: reflect padding (${before[d]}, ${after[d]}) must be smaller than dimension ${d} of size ${n}`);
    }
    if (n === 0) throw new RangeError(`pad: cannot ${mode}-pad the empty dimension ${d}`);
    const idx = new Int32Array(before[d] + n + after[d]);
    for (let i = 0; i < idx.length; i++) {
      const j = i - before[d];
      idx[i] = mode === "replicate" ? Math.min(n - 1, Math.max(0, j)) : j < 0 ? -j : j >= n ? 2 * (n - 1) - j : j;
    }
    const index = indexTensor(idx);
    const next = indexSelect(out, d, index);
    index.dispose();
    if (out !== x) out.dispose();
    out = next;
  }
  return out === x ? reshape(x, x.shape) : out;
}

/** A 1-D int32 tensor of the given positions. */
function indexTensor(values: Int32Array): Tensor {
  const t = empty([values.length], "int32");
  runtime().i32().set(values, t.ptr() >> 2);
  return t;
}

/** Rows (slices along dim) picked by a 1-D int32 index tensor. */
export function indexSelect(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor("indexSelect", "input", x);
  checkIndices("indexSelect", "index", index);
  if (index.ndim > 1) throw new RangeError(`indexSelect: index must be 0-D or 1-D, got shape [${index.shape.join(", ")}]`);
  const d = normDim("indexSelect", dim, x.ndim);
  checkRange("indexSelect", "index", index, x.shape[d] ?? 1);
  return new IndexSelect(x.ndim === 0 ? 0 : d).apply(x, index);
}

/** out[i][j][k] = x[i][index[i][j][k]][k] for dim = 1 (torch.gather); index has x's rank and fits inside it. */
export function gather(x: Tensor, dim: number, index: Tensor): Tensor {
  checkTensor("gather", "input", x);
  checkIndices("gather", "index", index);
  const d = normDim("gather", dim, x.ndim);
  if (index.ndim !== x.ndim || index.shape.some((s, i) => i !== d && s > x.shape[i])) {
    throw new RangeError(`gather: index of shape [${index.shape.join(", ")}] must have the input's rank and fit inside [${x.shape.join(", ")}] outside dimension ${d}`);
  }
  checkRange("gather", "index", index, x.shape[d]);
  return new Gather(d).apply(x, index);
}
