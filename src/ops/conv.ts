// Convolutions (1-D, 2-D, 3-D, grouped, dilated, strided) and transposed convolutions, with PyTorch's semantics.
// One primitive each; both run on the engine in conv/engine.ts, a transposed convolution being the adjoint of one.
import { Fn } from "../autograd/fn";
import { contig, sum as rawSum } from "../raw";
import { type Tensor, describeValue } from "../tensor";
import { checkFloat, checkOptions } from "./args";
import { type ConvGeometry, Plan, convForward, convInputGrad, convWeightGrad } from "./conv/engine";
import { type Spatial, spatialArg } from "./pool";

/** Spatial dims of a [N, C, ...spatial] tensor, for bias gradients: Σ over N and the spatial dims. */
const reduceDims = (ndim: number) => [0, ...Array.from({ length: ndim - 2 }, (_, i) => i + 2)];

/**
 * y = conv(x, W) + b, or with `transposed` y = convᵀ(x, W) + b, the adjoint (input gradient) of the convolution with
 * this geometry, whose output x then is. Backward of conv: dx = convᵀ(g, W) (col2im of Wᵀ·g), dW = g·im2col(x)ᵀ;
 * of convᵀ: dx = conv(g, W), dW = x·im2col(g)ᵀ (the same weight gradient with the roles swapped); db = Σ_{n, spatial} g.
 */
class Conv extends Fn {
  static readonly typeName: string = "Conv";
  private readonly plan: Plan;
  constructor(geometry: ConvGeometry, private readonly outShape: number[], private readonly transposed: boolean) {
    super();
    this.plan = new Plan(geometry);
  }
  forward(x: Tensor, w: Tensor, b: Tensor | null) {
    const X = contig(x), W = contig(w);
    this.save(X, W);
    const y = (this.transposed ? convInputGrad : convForward)(X, W, b, this.plan, this.outShape);
    X.dispose();
    W.dispose();
    return y;
  }
  backward(gy: Tensor) {
    const [X, W] = this.saved;
    const G = contig(gy);
    const dx = this.needsGrad[0] ? (this.transposed ? convForward : convInputGrad)(G, W, null, this.plan, X.shape.slice()) : null;
    const dw = this.needsGrad[1] ? (this.transposed ? convWeightGrad(G, X, this.plan, W.shape.slice()) : convWeightGrad(X, G, this.plan, W.shape.slice())) : null;
    const db = this.needsGrad[2] ? rawSum(G, reduceDims(G.ndim), false) : null;
    G.dispose();
    return [dx, dw, db];
  }
}

export interface ConvOptions {
  /** Step between output positions (default 1). */
  stride?: Spatial;
  /** Zeros added on both sides (default 0); "valid" is 0, "same" keeps the input size (stride 1 only; an odd total
   * puts the extra element at the end, as PyTorch does). */
  padding?: Spatial | "same" | "valid";
  /** Spacing between kernel elements (default 1). */
  dilation?: Spatial;
  /** Input and output channels split into this many independent groups (default 1; = channels for depthwise). */
  groups?: number;
}

export interface ConvTransposeOptions {
  stride?: Spatial;
  /** Removed from both sides of the output: dilation·(kernel − 1) − padding zeros pad the input (default 0). */
  padding?: Spatial;
  /** Added to one side of the output to pick among the sizes a strided convolution maps to the same size (default 0;
   * smaller than the stride or the dilation). */
  outputPadding?: Spatial;
  dilation?: Spatial;
  groups?: number;
}

const DIM_NAMES = ["", "[N, C, L]", "[N, C, H, W]", "[N, C, D, H, W]"];
const KERNEL_NAMES = ["", "kL", "kH, kW", "kD, kH, kW"];

const positive = (v: number) => v > 0, nonNegative = (v: number) => v >= 0;
/** nd positive (or non-negative) integers from a number or an array, or a RangeError naming op and argument. */
export const spatialPositive = (op: string, name: string, v: unknown, nd: number) => spatialArg(op, name, v, nd, positive, "a positive integer");
export const spatialNonNegative = (op: string, name: string, v: unknown, nd: number) => spatialArg(op, name, v, nd, nonNegative, "a non-negative integer");

function checkGroups(op: string, groups: unknown): number {
  if (typeof groups !== "number" || !Number.isInteger(groups) || groups < 1) {
    throw new RangeError(`${op}: groups must be a positive integer, got ${describeValue(groups)}`);
  }
  return groups;
}

/** Checks input/weight/bias ranks, dtypes and bias shape; returns the kernel extents. */
function checkOperands(op: string, nd: number, x: unknown, w: unknown, b: unknown, weightLayout: string, biasLen: (w: Tensor) => number): number[] {
  const X = checkFloat(op, "input", x), W = checkFloat(op, "weight", w);
  if (b !== null) checkFloat(op, "bias", b);
  const shape = (t: Tensor) => `[${t.shape.join(", ")}]`;
  if (X.ndim !== nd + 2) throw new RangeError(`${op}: input must be ${nd + 2}-D ${DIM_NAMES[nd]}, got shape ${shape(X)}`);
  if (W.ndim !== nd + 2) throw new RangeError(`${op}: weight must be ${nd + 2}-D [${weightLayout}, ${KERNEL_NAMES[nd]}], got shape ${shape(W)}`);
  if (X.shape.slice(1).some((v) => v === 0)) throw new RangeError(`${op}: input must have non-zero channel and spatial sizes, got shape ${shape(X)}`);
  const k = W.shape.slice(2);
  if (k.some((v) => v === 0) || W.shape[1] === 0) throw new RangeError(`${op}: weight must have non-zero sizes after the first, got shape ${shape(W)}`);
  if (b !== null) {
    const B = b as Tensor, n = biasLen(W);
    if (B.ndim !== 1 || B.shape[0] !== n) throw new RangeError(`${op}: bias must be 1-D [${n}], got shape ${shape(B)}`);
  }
  return k;
}

/** Leading 1s up to three spatial dimensions. */
const to3 = (v: readonly number[], fill: number) => [...new Array<number>(3 - v.length).fill(fill), ...v];

function conv(nd: number, x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvOptions | undefined): Tensor {
  const op = `conv${nd}d`;
  const o = checkOptions(op, opts, ["stride", "padding", "dilation", "groups"]);
  const k = checkOperands(op, nd, x, weight, bias, "out, in/groups", (w) => w.shape[0]);
  const groups = checkGroups(op, o.groups ?? 1);
  const cout = weight.shape[0], cin = x.shape[1];
  if (cout % groups !== 0) throw new RangeError(`${op}: weight's out channels ${cout} must be divisible by groups ${groups}`);
  if (weight.shape[1] * groups !== cin) {
    throw new RangeError(`${op}: input has ${cin} channels, but weight of shape [${weight.shape.join(", ")}] with groups ${groups} expects ${weight.shape[1] * groups} (weight.shape[1]·groups)`);
  }
  const s = spatialPositive(op, "stride", o.stride ?? 1, nd);
  const d = spatialPositive(op, "dilation", o.dilation ?? 1, nd);
  const ext = k.map((kk, i) => d[i] * (kk - 1) + 1); // dilated kernel extents
  const inSize = x.shape.slice(2);
  let lead: number[], trail: number[];
  const padding = o.padding ?? 0;
  if (padding === "same") {
    if (s.some((v) => v !== 1)) throw new RangeError(`${op}: padding "same" needs stride 1, got stride [${s.join(", ")}]`);
    lead = ext.map((e) => Math.floor((e - 1) / 2));
    trail = ext.map((e, i) => e - 1 - lead[i]);
  } else if (padding === "valid") {
    lead = trail = new Array<number>(nd).fill(0);
  } else {
    if (typeof padding === "string") throw new RangeError(`${op}: padding must be "same", "valid" or non-negative integers, got ${describeValue(padding)}`);
    lead = trail = spatialNonNegative(op, "padding", padding, nd);
  }
  for (let i = 0; i < nd; i++) {
    const padded = inSize[i] + lead[i] + trail[i];
    if (ext[i] > padded) {
      throw new RangeError(`${op}: kernel of size ${k[i]} (dilated ${ext[i]}) is larger than the padded input size ${padded} in spatial dimension ${i} (input shape [${x.shape.join(", ")}])`);
    }
  }
  const outSize = inSize.map((n, i) => Math.floor((n + lead[i] + trail[i] - ext[i]) / s[i]) + 1);
  const g: ConvGeometry = {
    groups, cin, cout, inSize: to3(inSize, 1), outSize: to3(outSize, 1), k: to3(k, 1), s: to3(s, 1), p: to3(lead, 0), d: to3(d, 1),
  };
  return new Conv(g, [x.shape[0], cout, ...outSize], false).apply(x, weight, bias);
}

function convTranspose(nd: number, x: Tensor, weight: Tensor, bias: Tensor | null, opts: ConvTransposeOptions | undefined): Tensor {
  const op = `convTranspose${nd}d`;
  const o = checkOptions(op, opts, ["stride", "padding", "outputPadding", "dilation", "groups"]);
  const k = checkOperands(op, nd, x, weight, bias, "in, out/groups", (w) => w.shape[1] * checkGroups(op, o.groups ?? 1));
  const groups = checkGroups(op, o.groups ?? 1);
  const cin = x.shape[1], cout = weight.shape[1] * groups;
  if (weight.shape[0] !== cin) throw new RangeError(`${op}: input has ${cin} channels, but weight of shape [${weight.shape.join(", ")}] expects ${weight.shape[0]} (weight.shape[0])`);
  if (cin % groups !== 0) throw new RangeError(`${op}: input channels ${cin} must be divisible by groups ${groups}`);
  const s = spatialPositive(op, "stride", o.stride ?? 1, nd);
  const d = spatialPositive(op, "dilation", o.dilation ?? 1, nd);
  if (typeof o.padding === "string") throw new RangeError(`${op}: padding must be non-negative integers (no "same"/"valid" for transposed convolutions), got ${describeValue(o.padding)}`);
  const p = spatialNonNegative(op, "padding", o.padding ?? 0, nd);
  const op_ = spatialNonNegative(op, "outputPadding", o.outputPadding ?? 0, nd);
  op_.forEach((v, i) => {
    if (v >= s[i] && v >= d[i]) throw new RangeError(`${op}: outputPadding must be smaller than the stride or the dilation, got ${v} with stride ${s[i]} and dilation ${d[i]} in spatial dimension ${i}`);
  });
  const inSize = x.shape.slice(2);
  const outSize = inSize.map((n, i) => (n - 1) * s[i] - 2 * p[i] + d[i] * (k[i] - 1) + op_[i] + 1);
  if (outSize.some((v) => v <= 0)) {
    throw new RangeError(`${op}: output size [${outSize.join(", ")}] must be positive (input shape [${x.shape.join(", ")}], kernel [${k.join(", ")}], stride [${s.join(", ")}], padding [${p.join(", ")}], dilation [${d.join(", ")}])`);
  }
  // the convolution this one is the adjoint of: from the output (cout channels) to the input (cin channels)
  const g: ConvGeometry = {
    groups, cin: cout, cout: cin, inSize: to3(outSize, 1), outSize: to3(inSize, 1), k: to3(k, 1), s: to3(s, 1), p: to3(p, 0), d: to3(d, 1),
  };
  return new Conv(g, [x.shape[0], cout, ...outSize], true).apply(x, weight, bias);
}

/**
 * y[n, o, l] = b[o] + Σ_{c, k} W[o, c, k] · x[n, g·C/G + c, l·stride − padding + k·dilation] (cross-correlation):
 * x [N, C, L], weight [out, C/groups, kL], bias [out] or null → [N, out, Lout].
 */
export function conv1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvOptions): Tensor {
  return conv(1, x, weight, bias, opts);
}

/**
 * y[n, o, i, j] = b[o] + Σ_{c, p, q} W[o, c, p, q] · x[n, g·C/G + c, i·sH − pH + p·dH, j·sW − pW + q·dW]:
 * x [N, C, H, W], weight [out, C/groups, kH, kW], bias [out] or null → [N, out, Hout, Wout].
 */
export function conv2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvOptions): Tensor {
  return conv(2, x, weight, bias, opts);
}

/**
 * y[n, o, z, i, j] = b[o] + Σ_{c, k} W[o, c, k] · x[n, g·C/G + c, (z, i, j)·stride − padding + k·dilation]:
 * x [N, C, D, H, W], weight [out, C/groups, kD, kH, kW], bias [out] or null → [N, out, Dout, Hout, Wout].
 */
export function conv3d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvOptions): Tensor {
  return conv(3, x, weight, bias, opts);
}

/**
 * y = convᵀ(x, W) + b, the gradient of conv1d with respect to its input: x [N, C, L], weight [C, out/groups, kL],
 * bias [out] or null → [N, out, (L − 1)·stride − 2·padding + dilation·(kL − 1) + outputPadding + 1].
 */
export function convTranspose1d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvTransposeOptions): Tensor {
  return convTranspose(1, x, weight, bias, opts);
}

/**
 * y = convᵀ(x, W) + b, the gradient of conv2d with respect to its input: x [N, C, H, W], weight
 * [C, out/groups, kH, kW], bias [out] or null → [N, out, Hout, Wout], Hout = (H − 1)·sH − 2·pH + dH·(kH − 1) + opH + 1.
 */
export function convTranspose2d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvTransposeOptions): Tensor {
  return convTranspose(2, x, weight, bias, opts);
}

/**
 * y = convᵀ(x, W) + b, the gradient of conv3d with respect to its input: x [N, C, D, H, W], weight
 * [C, out/groups, kD, kH, kW], bias [out] or null → [N, out, Dout, Hout, Wout] (sizes as convTranspose2d's).
 */
export function convTranspose3d(x: Tensor, weight: Tensor, bias: Tensor | null = null, opts?: ConvTransposeOptions): Tensor {
  return convTranspose(3, x, weight, bias, opts);
}
