// Pooling over 1–3 spatial dims with PyTorch's window rules: max (with indices), average, adaptive average/max, max-unpool.
import { Fn } from "../autograd/fn";
import { runtime, useExtension } from "../backend/runtime";
import { contig, filled } from "../raw";
import { type Tensor, describeValue, empty, sizeOf } from "../tensor";
import { checkFloat, checkIndices, checkOptions } from "./args";

// its kernels are in the extension module: init() loads it when this module is part of the app
useExtension();

/** A spatial hyper-parameter: one number for every spatial dim, or one per dim. */
export type Spatial = number | readonly number[];
const DIM_NAMES = ["", "L", "H, W", "D, H, W"];

/** n integers from a number or an array of 1 or n, each passing `ok` (described by `want`), or a RangeError. */
export function spatialArg(op: string, name: string, v: unknown, n: number, ok: (x: number) => boolean, want: string): number[] {
  const list = typeof v === "number" ? [v] : Array.isArray(v) ? v : null;
  if (list === null || (list.length !== 1 && list.length !== n) || !list.every((x) => typeof x === "number" && Number.isInteger(x) && ok(x))) {
    throw new RangeError(`${op}: ${name} must be ${want} or an array of ${n} of them, got ${describeValue(v)}`);
  }
  return list.length === n ? list.slice() : new Array<number>(n).fill(list[0]);
}
const positive = (x: number) => x > 0, nonNegative = (x: number) => x >= 0;

/** Where a pool's input splits into planes (leading dims) and nd spatial dims. */
interface Planes {
  lead: number[];
  planes: number;
  inS: number[];
}

/** x as (N, C, …) or (C, …) with nd spatial dims, all spatial dims non-zero; a RangeError naming the op otherwise. */
function planesOf(op: string, x: Tensor, nd: number): Planes {
  if (x.ndim !== nd + 1 && x.ndim !== nd + 2) {
    throw new RangeError(`${op}: input must be ${nd + 1}-D [C, ${DIM_NAMES[nd]}] or ${nd + 2}-D [N, C, ${DIM_NAMES[nd]}], got shape [${x.shape.join(", ")}]`);
  }
  const lead = x.shape.slice(0, x.ndim - nd), inS = x.shape.slice(x.ndim - nd);
  if (inS.some((s) => s === 0)) throw new RangeError(`${op}: input's spatial dimensions must be non-zero, got shape [${x.shape.join(", ")}]`);
  return { lead, planes: sizeOf(lead), inS };
}

/** The kernels' geometry: sizes padded to 3 spatial dims, and the descriptor words of assembly/kernels/pool.ts. */
class Geometry {
  readonly inShape: number[];
  readonly outShape: number[];
  readonly inPlane: number;
  readonly outPlane: number;
  private readonly words: number[];
  constructor(readonly planes: Planes, readonly outS: number[], k: number[] = [], s: number[] = [], p: number[] = [], d: number[] = [],
    countIncludePad = true, divisorOverride = 0) {
    const three = (v: number[], fill: number) => [...new Array<number>(3 - v.length).fill(fill), ...v];
    const pad3 = (v: number[], fill: number) => (v.length === 0 ? [fill, fill, fill] : three(v, fill));
    this.inShape = [...planes.lead, ...planes.inS];
    this.outShape = [...planes.lead, ...outS];
    this.inPlane = sizeOf(planes.inS);
    this.outPlane = sizeOf(outS);
    this.words = [planes.planes, ...three(planes.inS, 1), ...three(outS, 1), ...pad3(k, 1), ...pad3(s, 1), ...pad3(p, 0), ...pad3(d, 1),
      countIncludePad ? 1 : 0, divisorOverride];
  }
  /** Calls a descriptor kernel: the words go to the scratch block right before the call (after every allocation). */
  run(kernel: (desc: number, ...ptrs: number[]) => void, ...ptrs: number[]): void {
    const rt = runtime();
    rt.i32().set(this.words, rt.scratch >> 2);
    kernel(rt.scratch, ...ptrs);
  }
}

/**
 * Output sizes of a sliding-window pool, PyTorch's rule: ⌊(L + 2p − d(k−1) − 1 + (ceil ? s−1 : 0)) / s⌋ + 1, and in ceil
 * mode a last window that would start in the right padding ((out−1)·s ≥ L + p) is dropped. Checks padding ≤ k/2 and
 * that the dilated kernel fits in the padded input.
 */
function windowOutput(op: string, inS: number[], k: number[], s: number[], p: number[], d: number[], ceilMode: boolean): number[] {
  return inS.map((L, i) => {
    if (p[i] > Math.floor(k[i] / 2)) throw new RangeError(`${op}: padding must be at most half of kernelSize, got padding ${p[i]} for kernel size ${k[i]} in spatial dim ${i}`);
    const extent = d[i] * (k[i] - 1) + 1;
    if (L + 2 * p[i] < extent) {
      throw new RangeError(`${op}: kernel extent ${extent} (kernelSize ${k[i]}, dilation ${d[i]}) is larger than the padded input ${L + 2 * p[i]} (size ${L} + 2·padding ${p[i]}) in spatial dim ${i}`);
    }
    let out = Math.floor((L + 2 * p[i] - extent + (ceilMode ? s[i] - 1 : 0)) / s[i]) + 1;
    if (ceilMode && (out - 1) * s[i] >= L + p[i]) out--;
    return out;
  });
}

/** max over each window, with the flat index of the maximum in its plane; d x[p, idx[p, o]] += g[p, o] */
class MaxPool extends Fn {
  static readonly typeName: string = "MaxPool";
  constructor(private readonly geo: Geometry, private readonly adaptive: boolean) { super(); }
  forward(x: Tensor) {
    const k = runtime().k, geo = this.geo;
    const X = contig(x);
    const out = empty(geo.outShape), idx = empty(geo.outShape, "int32");
    if (out.size > 0) geo.run(this.adaptive ? k.adaptiveMaxPool : k.maxPool, X.ptr(), out.ptr(), idx.ptr());
    X.dispose();
    this.save(idx);
    return [out, idx];
  }
  backward(g: Tensor) {
    const geo = this.geo;
    const [I] = this.saved;
    const gx = filled(geo.inShape, 0, true);
    const G = contig(g);
    if (G.size > 0) runtime().k.scatterAdd(geo.planes.planes, geo.inPlane, 1, geo.outPlane, G.ptr(), I.ptr(), gx.ptr());
    G.dispose();
    return [gx];
  }
}

/** mean over each window; d x[i] = Σ over windows o holding i of g[o] / divisor(o) */
class AvgPool extends Fn {
  static readonly typeName: string = "AvgPool";
  constructor(private readonly geo: Geometry, private readonly adaptive: boolean) { super(); }
  forward(x: Tensor) {
    const k = runtime().k, geo = this.geo;
    const X = contig(x);
    const out = empty(geo.outShape);
    if (out.size > 0) geo.run(this.adaptive ? k.adaptiveAvgPool : k.avgPool, X.ptr(), out.ptr());
    X.dispose();
    return out;
  }
  backward(g: Tensor) {
    const k = runtime().k, geo = this.geo;
    const G = contig(g);
    const gx = empty(geo.inShape);
    if (gx.size > 0) geo.run(this.adaptive ? k.adaptiveAvgPoolBwd : k.avgPoolBwd, G.ptr(), gx.ptr());
    G.dispose();
    return [gx];
  }
}

/** out[p, idx[p, i]] = x[p, i], zeros elsewhere; d x[p, i] = g[p, idx[p, i]] */
class MaxUnpool extends Fn {
  static readonly typeName: string = "MaxUnpool";
  constructor(private readonly geo: Geometry) { super(); }
  forward(x: Tensor, indices: Tensor) {
    const geo = this.geo;
    const X = contig(x), I = contig(indices);
    const out = empty(geo.outShape);
    if (out.size > 0) runtime().k.maxUnpool(geo.planes.planes, geo.inPlane, geo.outPlane, X.ptr(), I.ptr(), out.ptr());
    X.dispose();
    this.save(I);
    I.dispose();
    return out;
  }
  backward(g: Tensor) {
    const geo = this.geo;
    const [I] = this.saved;
    const G = contig(g);
    const gx = empty(geo.inShape);
    if (gx.size > 0) runtime().k.gather(geo.planes.planes, geo.outPlane, 1, geo.inPlane, G.ptr(), I.ptr(), gx.ptr());
    G.dispose();
    return [gx, null];
  }
}

export interface MaxPoolOptions {
  /** Window step (default: kernelSize). */
  stride?: Spatial | null;
  /** Implicit −∞ padding on both sides, at most half the kernel (default 0). */
  padding?: Spatial;
  /** Spacing between window elements (default 1). */
  dilation?: Spatial;
  /** Round the output size up instead of down (a window starting in the right padding is dropped). */
  ceilMode?: boolean;
  /** Also return the flat per-plane indices of the maxima (int32), for maxUnpool. */
  returnIndices?: boolean;
}
const MAX_POOL_KEYS = ["stride", "padding", "dilation", "ceilMode", "returnIndices"] as const;

function checkBool(op: string, name: string, v: unknown): boolean {
  if (typeof v !== "boolean") throw new TypeError(`${op}: ${name} must be a boolean, got ${describeValue(v)}`);
  return v;
}

function maxPoolNd(op: string, nd: number, x: Tensor, kernelSize: Spatial, opts?: MaxPoolOptions): Tensor | [Tensor, Tensor] {
  checkFloat(op, "input", x);
  const o = checkOptions(op, opts, MAX_POOL_KEYS);
  const k = spatialArg(op, "kernelSize", kernelSize, nd, positive, "a positive integer");
  const s = o.stride === undefined || o.stride === null ? k : spatialArg(op, "stride", o.stride, nd, positive, "a positive integer");
  const p = spatialArg(op, "padding", o.padding ?? 0, nd, nonNegative, "a non-negative integer");
  const d = spatialArg(op, "dilation", o.dilation ?? 1, nd, positive, "a positive integer");
  const ceilMode = checkBool(op, "ceilMode", o.ceilMode ?? false), returnIndices = checkBool(op, "returnIndices", o.returnIndices ?? false);
  const planes = planesOf(op, x, nd);
  const geo = new Geometry(planes, windowOutput(op, planes.inS, k, s, p, d, ceilMode), k, s, p, d);
  const [out, indices] = new MaxPool(geo, false).applyMulti(x);
  if (returnIndices) return [out, indices];
  indices.dispose();
  return out;
}

export type MaxPoolFn = {
  (x: Tensor, kernelSize: Spatial, opts: MaxPoolOptions & { returnIndices: true }): [Tensor, Tensor];
  (x: Tensor, kernelSize: Spatial, opts?: MaxPoolOptions & { returnIndices?: false }): Tensor;
  (x: Tensor, kernelSize: Spatial, opts?: MaxPoolOptions): Tensor | [Tensor, Tensor];
};

/**
 * y[n, c, l] = max over the window of x [N, C, L] (or [C, L]); padding is −∞. With returnIndices, [y, indices] where
 * indices (int32) are positions in the input's last dim.
 */
export const maxPool1d = ((x, kernelSize, opts) => maxPoolNd("maxPool1d", 1, x, kernelSize, opts)) as MaxPoolFn;
/** y[n, c, h, w] = max over the window of x [N, C, H, W] (or [C, H, W]); with returnIndices, [y, indices] with indices h·W + w. */
export const maxPool2d = ((x, kernelSize, opts) => maxPoolNd("maxPool2d", 2, x, kernelSize, opts)) as MaxPoolFn;
/** y[n, c, d, h, w] = max over the window of x [N, C, D, H, W] (or [C, D, H, W]); indices (d·H + h)·W + w. */
export const maxPool3d = ((x, kernelSize, opts) => maxPoolNd("maxPool3d", 3, x, kernelSize, opts)) as MaxPoolFn;

export interface AvgPoolOptions {
  /** Window step (default: kernelSize). */
  stride?: Spatial | null;
  /** Implicit zero padding on both sides, at most half the kernel (default 0). */
  padding?: Spatial;
  /** Round the output size up instead of down (a window starting in the right padding is dropped). */
  ceilMode?: boolean;
  /** Count the zero padding in the divisor (default true); the window is clipped to the padded extent either way. */
  countIncludePad?: boolean;
}
export interface AvgPoolNdOptions extends AvgPoolOptions {
  /** Divide every window's sum by this instead (a non-zero integer). */
  divisorOverride?: number | null;
}

function avgPoolNd(op: string, nd: number, x: Tensor, kernelSize: Spatial, opts?: AvgPoolNdOptions): Tensor {
  checkFloat(op, "input", x);
  const o = checkOptions(op, opts, nd === 1 ? ["stride", "padding", "ceilMode", "countIncludePad"] : ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"]);
  const k = spatialArg(op, "kernelSize", kernelSize, nd, positive, "a positive integer");
  const s = o.stride === undefined || o.stride === null ? k : spatialArg(op, "stride", o.stride, nd, positive, "a positive integer");
  const p = spatialArg(op, "padding", o.padding ?? 0, nd, nonNegative, "a non-negative integer");
  const ceilMode = checkBool(op, "ceilMode", o.ceilMode ?? false), countIncludePad = checkBool(op, "countIncludePad", o.countIncludePad ?? true);
  const div = o.divisorOverride ?? 0;
  if (o.divisorOverride !== undefined && o.divisorOverride !== null && !(typeof div === "number" && Number.isInteger(div) && div !== 0 && Math.abs(div) < 2 ** 31)) {
    throw new RangeError(`${op}: divisorOverride must be a non-zero integer or null, got ${describeValue(o.divisorOverride)}`);
  }
  const planes = planesOf(op, x, nd);
  const ones = new Array<number>(nd).fill(1);
  const geo = new Geometry(planes, windowOutput(op, planes.inS, k, s, p, ones, ceilMode), k, s, p, ones, countIncludePad, div);
  return new AvgPool(geo, false).apply(x);
}

/** y[n, c, l] = mean of x [N, C, L] (or [C, L]) over the window [l·s − p, min(l·s − p + k, L + p)). */
export function avgPool1d(x: Tensor, kernelSize: Spatial, opts?: AvgPoolOptions): Tensor {
  return avgPoolNd("avgPool1d", 1, x, kernelSize, opts);
}
/** y[n, c, h, w] = Σ x over the window / divisor, for x [N, C, H, W] (or [C, H, W]). */
export function avgPool2d(x: Tensor, kernelSize: Spatial, opts?: AvgPoolNdOptions): Tensor {
  return avgPoolNd("avgPool2d", 2, x, kernelSize, opts);
}
/** y[n, c, d, h, w] = Σ x over the window / divisor, for x [N, C, D, H, W] (or [C, D, H, W]). */
export function avgPool3d(x: Tensor, kernelSize: Spatial, opts?: AvgPoolNdOptions): Tensor {
  return avgPoolNd("avgPool3d", 3, x, kernelSize, opts);
}

/** Adaptive output sizes: a number or an array of nd, each a positive integer or null (= that input size). */
function adaptiveGeometry(op: string, x: Tensor, nd: number, outputSize: unknown): Geometry {
  checkFloat(op, "input", x);
  const planes = planesOf(op, x, nd);
  const list = typeof outputSize === "number" ? new Array<number>(nd).fill(outputSize) : Array.isArray(outputSize) && outputSize.length === nd ? outputSize : null;
  if (list === null || !list.every((v) => v === null || (typeof v === "number" && Number.isInteger(v) && v > 0))) {
    throw new RangeError(`${op}: outputSize must be a positive integer or an array of ${nd} positive integers (or null for the input's size), got ${describeValue(outputSize)}`);
  }
  return new Geometry(planes, list.map((v, i) => v ?? planes.inS[i]));
}

/** y[n, c, i] = mean of x [N, C, L] (or [C, L]) over [⌊i·L/out⌋, ⌈(i+1)·L/out⌉). */
export function adaptiveAvgPool1d(x: Tensor, outputSize: Spatial): Tensor {
  return new AvgPool(adaptiveGeometry("adaptiveAvgPool1d", x, 1, outputSize), true).apply(x);
}
/** y[n, c, i, j] = mean of x [N, C, H, W] (or [C, H, W]) over bins [⌊i·H/oh⌋, ⌈(i+1)·H/oh⌉) × [⌊j·W/ow⌋, ⌈(j+1)·W/ow⌉). */
export function adaptiveAvgPool2d(x: Tensor, outputSize: Spatial | readonly (number | null)[]): Tensor {
  return new AvgPool(adaptiveGeometry("adaptiveAvgPool2d", x, 2, outputSize), true).apply(x);
}

export type AdaptiveMaxFn = {
  (x: Tensor, outputSize: Spatial | readonly (number | null)[], opts: { returnIndices: true }): [Tensor, Tensor];
  (x: Tensor, outputSize: Spatial | readonly (number | null)[], opts?: { returnIndices?: false }): Tensor;
  (x: Tensor, outputSize: Spatial | readonly (number | null)[], opts?: { returnIndices?: boolean }): Tensor | [Tensor, Tensor];
};
/** y[n, c, i, j] = max of x [N, C, H, W] (or [C, H, W]) over the adaptive bin (i, j); with returnIndices, [y, indices]. */
export const adaptiveMaxPool2d = ((x: Tensor, outputSize: Spatial, opts?: { returnIndices?: boolean }) => {
  const { returnIndices = false } = checkOptions("adaptiveMaxPool2d", opts, ["returnIndices"]);
  checkBool("adaptiveMaxPool2d", "returnIndices", returnIndices);
  const [out, indices] = new MaxPool(adaptiveGeometry("adaptiveMaxPool2d", x, 2, outputSize), true).applyMulti(x);
  if (returnIndices) return [out, indices];
  indices.dispose();
  return out;
}) as AdaptiveMaxFn;

export interface MaxUnpoolOptions {
  /** Window step of the pool being inverted (default: kernelSize). */
  stride?: Spatial | null;
  /** Padding of the pool being inverted (default 0). */
  padding?: Spatial;
  /** Output spatial size (nd entries, or nd + 2 with the leading [N, C]); default (in − 1)·s − 2p + k. */
  outputSize?: readonly number[] | null;
}

function maxUnpoolNd(op: string, nd: number, x: Tensor, indices: Tensor, kernelSize: Spatial, opts?: MaxUnpoolOptions): Tensor {
  checkFloat(op, "input", x);
  checkIndices(op, "indices", indices);
  const o = checkOptions(op, opts, ["stride", "padding", "outputSize"]);
  const k = spatialArg(op, "kernelSize", kernelSize, nd, positive, "a positive integer");
  const s = o.stride === undefined || o.stride === null ? k : spatialArg(op, "stride", o.stride, nd, positive, "a positive integer");
  const p = spatialArg(op, "padding", o.padding ?? 0, nd, nonNegative, "a non-negative integer");
  const planes = planesOf(op, x, nd);
  if (indices.shape.length !== x.ndim || indices.shape.some((v, i) => v !== x.shape[i])) {
    throw new RangeError(`${op}: indices must have the input's shape [${x.shape.join(", ")}], got [${indices.shape.join(", ")}]`);
  }
  const deflt = planes.inS.map((L, i) => (L - 1) * s[i] - 2 * p[i] + k[i]);
  let outS = deflt;
  if (o.outputSize !== undefined && o.outputSize !== null) {
    const want = o.outputSize;
    if (!Array.isArray(want) || (want.length !== nd && want.length !== nd + 2) || !want.every((v) => Number.isInteger(v))) {
      throw new RangeError(`${op}: outputSize must be an array of ${nd} (or ${nd + 2}) integers, got ${describeValue(want)}`);
    }
    outS = want.slice(want.length - nd);
    outS.forEach((v, i) => {
      if (!(deflt[i] - s[i] < v && v < deflt[i] + s[i])) {
        throw new RangeError(`${op}: outputSize ${v} in spatial dim ${i} must lie strictly between ${deflt[i] - s[i]} and ${deflt[i] + s[i]}`);
      }
    });
  }
  if (outS.some((v) => v <= 0)) throw new RangeError(`${op}: output size [${outS.join(", ")}] must be positive (input [${x.shape.join(", ")}], kernelSize [${k}], stride [${s}], padding [${p}])`);
  const geo = new Geometry(planes, outS);
  const values = indices.dataSync(), limit = geo.outPlane;
  const bad = values.findIndex((v) => v < 0 || v >= limit);
  if (bad >= 0) throw new RangeError(`${op}: indices must lie in [0, ${limit}) (the output plane [${outS.join(", ")}]), got ${values[bad]} at flat position ${bad}`);
  return new MaxUnpool(geo).apply(x, indices);
}

/** y[n, c, indices[n, c, l]] = x[n, c, l], zeros elsewhere: the inverse of maxPool1d with returnIndices. */
export function maxUnpool1d(x: Tensor, indices: Tensor, kernelSize: Spatial, opts?: MaxUnpoolOptions): Tensor {
  return maxUnpoolNd("maxUnpool1d", 1, x, indices, kernelSize, opts);
}
/** y[n, c, indices[n, c, h, w]] = x[n, c, h, w] over flat output planes, zeros elsewhere: the inverse of maxPool2d. */
export function maxUnpool2d(x: Tensor, indices: Tensor, kernelSize: Spatial, opts?: MaxUnpoolOptions): Tensor {
  return maxUnpoolNd("maxUnpool2d", 2, x, indices, kernelSize, opts);
}
