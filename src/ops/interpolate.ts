// F.interpolate: nearest and (bi/tri)linear resizing over 1–3 spatial dims with PyTorch's source-index rules, one pass per dim.
import { Fn } from "../autograd/fn";
import { runtime, useExtension } from "../backend/runtime";
import { tensor } from "../creation";
import { contig } from "../raw";
import { type Tensor, describeValue, empty, sizeOf } from "../tensor";
import { checkFloat, checkOptions } from "./args";
import { indexSelect, reshape } from "./movement";

// its kernels are in the extension module: init() loads it when this module is part of the app
useExtension();

export type InterpolateMode = "nearest" | "linear" | "bilinear" | "trilinear";
const LINEAR_RANK: Record<string, number> = { linear: 3, bilinear: 4, trilinear: 5 };

export interface InterpolateOptions {
  /** Output spatial size: one number for every spatial dim or one per dim. Exactly one of size and scaleFactor. */
  size?: number | readonly number[] | null;
  /** Multiplier per spatial dim (non-integer allowed): output = ⌊in · scaleFactor⌋, source scale 1/scaleFactor. */
  scaleFactor?: number | readonly number[] | null;
  /** "nearest" (default), or "linear" (3-D input), "bilinear" (4-D), "trilinear" (5-D). */
  mode?: InterpolateMode;
  /** Linear modes: map corner pixel centres onto each other (src = dst·(in−1)/(out−1)); default false (half-pixel). */
  alignCorners?: boolean | null;
}

/** Per output row j along one axis: source rows idx[2j], idx[2j+1] and weights wt[2j], wt[2j+1] (f32 values). */
interface Taps {
  idx: Int32Array;
  wt: Float32Array;
}

/** out[…, j, …] = wt[2j]·x[…, idx[2j], …] + wt[2j+1]·x[…, idx[2j+1], …] along dim; d x = the weights scattered back */
class LinearAxis extends Fn {
  static readonly typeName: string = "LinearAxis";
  constructor(private readonly dim: number, private readonly taps: Taps) { super(); }
  private inShape: number[] = [];
  forward(x: Tensor) {
    this.inShape = x.shape.slice();
    const outShape = x.shape.slice();
    outShape[this.dim] = this.taps.idx.length / 2;
    const X = contig(x);
    const out = empty(outShape);
    this.call(x.shape, outShape[this.dim], X, out, false);
    X.dispose();
    return out;
  }
  backward(g: Tensor) {
    const G = contig(g);
    const gx = empty(this.inShape);
    this.call(this.inShape, g.shape[this.dim], G, gx, true);
    G.dispose();
    return [gx];
  }
  /** Runs the forward or backward kernel with the taps copied into the arena for the call. */
  private call(inShape: readonly number[], outSize: number, src: Tensor, dst: Tensor, bwd: boolean): void {
    if (src.size === 0 || dst.size === 0) return;
    const rt = runtime();
    const I = empty([this.taps.idx.length], "int32", false), W = empty([this.taps.wt.length], "float32", false);
    rt.i32().set(this.taps.idx, I.ptr() >> 2);
    rt.f32().set(this.taps.wt, W.ptr() >> 2);
    const outer = sizeOf(inShape.slice(0, this.dim)), inner = sizeOf(inShape.slice(this.dim + 1));
    (bwd ? rt.k.interpLinearBwd : rt.k.interpLinear)(outer, inShape[this.dim], inner, outSize, src.ptr(), I.ptr(), W.ptr(), dst.ptr());
    I.dispose();
    W.dispose();
  }
}

const f = Math.fround;

/** PyTorch's source scale: f32(1/scaleFactor) when a scale factor was given, else f32(in/out). */
const sourceScale = (inSize: number, outSize: number, sf: number | null) => (sf !== null ? f(1 / sf) : f(inSize / outSize));

/**
 * Nearest source rows min(⌊f32(j·scale)⌋, in − 1). PyTorch 1.13's 2-D and 3-D kernels (nearest_idx) take j itself when
 * the size is unchanged (even for a scale factor such as 1.1) and j >> 1 when it doubles; its 1-D kernel does not.
 */
function nearestIndex(inSize: number, outSize: number, sf: number | null, shortcuts: boolean): Int32Array {
  const scale = sourceScale(inSize, outSize, sf);
  return Int32Array.from({ length: outSize }, (_, j) =>
    shortcuts && outSize === inSize ? j : shortcuts && outSize === 2 * inSize ? j >> 1 : Math.min(Math.floor(f(j * scale)), inSize - 1));
}

/**
 * Linear taps in f32 as PyTorch computes them: src = j·(in−1)/(out−1) with alignCorners, else max(scale·(j + ½) − ½, 0);
 * i0 = ⌊src⌋, i1 = min(i0 + 1, in − 1), weights 1 − λ and λ = src − i0.
 */
function linearTaps(inSize: number, outSize: number, sf: number | null, alignCorners: boolean): Taps {
  const ratio = alignCorners ? (outSize > 1 ? f(f(inSize - 1) / (outSize - 1)) : 0) : sourceScale(inSize, outSize, sf);
  const idx = new Int32Array(2 * outSize), wt = new Float32Array(2 * outSize);
  for (let j = 0; j < outSize; j++) {
    const src = alignCorners ? f(ratio * j) : Math.max(f(f(ratio * f(j + 0.5)) - 0.5), 0);
    const i0 = Math.min(Math.trunc(src), inSize - 1);
    const l1 = f(src - i0);
    idx[2 * j] = i0;
    idx[2 * j + 1] = i0 < inSize - 1 ? i0 + 1 : i0;
    wt[2 * j] = f(1 - l1);
    wt[2 * j + 1] = l1;
  }
  return { idx, wt };
}

/** nd positive values from a number or an array of nd, or a RangeError. */
function perDim(name: string, v: unknown, nd: number, integer: boolean): number[] {
  const list = typeof v === "number" ? new Array<number>(nd).fill(v) : Array.isArray(v) && v.length === nd ? v : null;
  const ok = (x: unknown) => typeof x === "number" && Number.isFinite(x) && x > 0 && (!integer || Number.isInteger(x));
  if (list === null || !list.every(ok)) {
    const what = integer ? "a positive integer" : "a positive finite number";
    throw new RangeError(`interpolate: ${name} must be ${what} or an array of ${nd} of them (one per spatial dim), got ${describeValue(v)}`);
  }
  return list.slice();
}

/**
 * Resizes the spatial dims of x [N, C, …] (1–3 of them): y = x sampled at PyTorch's source positions. "nearest":
 * src = min(⌊dst·scale⌋, in − 1); linear modes blend the two nearest source rows per dim (separably), with half-pixel
 * centres (clamped at 0) unless alignCorners. scale = 1/scaleFactor when scaleFactor is given, else in/out.
 */
export function interpolate(x: Tensor, opts: InterpolateOptions): Tensor {
  checkFloat("interpolate", "input", x);
  const { size = null, scaleFactor = null, mode = "nearest", alignCorners = null } = checkOptions("interpolate", opts, ["size", "scaleFactor", "mode", "alignCorners"]);
  if (mode !== "nearest" && !(mode in LINEAR_RANK)) {
    throw new RangeError(`interpolate: mode must be "nearest", "linear", "bilinear" or "trilinear", got ${describeValue(mode)}`);
  }
  if (mode === "nearest" ? x.ndim < 3 || x.ndim > 5 : x.ndim !== LINEAR_RANK[mode]) {
    const want = mode === "nearest" ? "a 3-D, 4-D or 5-D input [N, C, …]" : `a ${LINEAR_RANK[mode]}-D input [N, C, ${["L", "H, W", "D, H, W"][LINEAR_RANK[mode] - 3]}]`;
    throw new RangeError(`interpolate: mode "${mode}" needs ${want}, got shape [${x.shape.join(", ")}]`);
  }
  if (alignCorners !== null && typeof alignCorners !== "boolean") throw new TypeError(`interpolate: alignCorners must be a boolean or null, got ${describeValue(alignCorners)}`);
  if (mode === "nearest" && alignCorners !== null) {
    throw new RangeError(`interpolate: alignCorners can only be set with the linear modes ("linear", "bilinear", "trilinear"), got mode "nearest"`);
  }
  if ((size === null) === (scaleFactor === null)) {
    throw new RangeError(`interpolate: exactly one of size and scaleFactor must be given, got ${size === null ? "neither" : "both"}`);
  }
  const nd = x.ndim - 2, inS = x.shape.slice(2);
  if (inS.some((s) => s === 0)) throw new RangeError(`interpolate: input's spatial dimensions must be non-zero, got shape [${x.shape.join(", ")}]`);
  const sf = scaleFactor === null ? null : perDim("scaleFactor", scaleFactor, nd, false);
  const outS = sf === null ? perDim("size", size, nd, true) : inS.map((L, i) => Math.floor(L * sf[i]));
  if (outS.some((s) => s <= 0)) {
    throw new RangeError(`interpolate: output size [${outS.join(", ")}] must be positive (input [${inS.join(", ")}] · scaleFactor [${sf!.join(", ")}])`);
  }
  // one pass per spatial dim, the last first (PyTorch's nesting order); a dim whose size is unchanged is copied as is
  // (PyTorch's linear kernels do the same), except by 1-D nearest with a scale factor
  let out = x;
  for (let i = nd - 1; i >= 0; i--) {
    const dim = 2 + i, s = sf === null ? null : sf[i];
    if (outS[i] === inS[i] && (mode !== "nearest" || nd > 1 || s === null)) continue;
    let next: Tensor;
    if (mode === "nearest") {
      const index = tensor(nearestIndex(inS[i], outS[i], s, nd > 1));
      next = indexSelect(out, dim, index);
      index.dispose();
    } else {
      next = new LinearAxis(dim, linearTaps(inS[i], outS[i], s, alignCorners ?? false)).apply(out);
    }
    if (out !== x) out.dispose();
    out = next;
  }
  return out === x ? reshape(x, x.shape) : out;
}
