// Normalisation: a fused primitive that standardises over some dimensions with its own backward; layerNorm and batchNorm on it.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { binary, copyStrided, sum as rawSum, unary } from "../raw";
import { type Tensor, contiguousStrides, describeValue, sameShape } from "../tensor";
import { checkFloat, checkNumber, checkOptions } from "./args";
import { add, mul, neg, sub } from "./elementwise";
import { reshape } from "./movement";

/** Mean over `dims` (keepdim) of a tensor with n elements per group; untracked. */
function meanOver(t: Tensor, dims: readonly number[], n: number): Tensor {
  const s = rawSum(t, dims, true, false);
  const m = binary("div", s, n, false);
  s.dispose();
  return m;
}

/** 1/√(v + eps), elementwise; untracked. */
function invStd(v: Tensor, eps: number): Tensor {
  const ve = binary("add", v, eps, false);
  const sd = unary(runtime().k.sqrt, ve);
  const r = binary("div", 1, sd, false);
  ve.dispose();
  sd.dispose();
  return r;
}

/** Called with the batch mean and biased variance (keepdim shape) while they exist, e.g. to update running statistics. */
export type StatsHook = (mean: Tensor, variance: Tensor) => void;

/**
 * x̂ = (x − μ)·r, r = 1/√(σ² + eps), with μ and the biased σ² over `dims` (two passes, sums accumulated in f64).
 * One primitive instead of ~10 composed ops: 5 full-size passes forward, 7 backward, only x̂ and r kept; measured
 * 1.4–2.3× faster forward + backward than the composition (mean/var/sub/div/sqrt) on [64,128] to [32,64,100].
 */
class Normalize extends Fn {
  constructor(private readonly dims: number[], private readonly eps: number, private readonly onStats: StatsHook | null) { super(); }
  private n = 1;
  forward(x: Tensor) {
    const n = (this.n = this.dims.reduce((a, d) => a * x.shape[d], 1));
    const mu = meanOver(x, this.dims, n);
    const xc = binary("sub", x, mu, false);
    const sq = binary("mul", xc, xc, false);
    const v = meanOver(sq, this.dims, n);
    const r = invStd(v, this.eps);
    const xhat = binary("mul", xc, r);
    this.onStats?.(mu, v);
    this.save(xhat, r);
    for (const t of [mu, xc, sq, v, r]) t.dispose();
    return xhat;
  }
  /** dx = r·(g − mean(g) − x̂·mean(g·x̂)), means over `dims` */
  backward(g: Tensor) {
    const [xhat, r] = this.saved;
    const { dims, n } = this;
    const gm = meanOver(g, dims, n);
    const gx = binary("mul", g, xhat, false);
    const gxm = meanOver(gx, dims, n);
    const proj = binary("mul", xhat, gxm, false);
    const centred = binary("sub", g, gm, false);
    const diff = binary("sub", centred, proj, false);
    const dx = binary("mul", diff, r);
    for (const t of [gm, gx, gxm, proj, centred, diff]) t.dispose();
    return [dx];
  }
}

/**
 * x̂ = (x − mean)/√(var + eps) over `dims` (sorted, non-negative), var biased; gradients flow to x.
 * `onStats` sees the batch statistics (for running averages). Layer and batch norm use it; group and instance norm can.
 */
export function normalize(x: Tensor, dims: number[], eps: number, onStats: StatsHook | null = null): Tensor {
  return new Normalize(dims, eps, onStats).apply(x);
}

/**
 * y = x·weight + bias, each optional (null), broadcast against x (reshaped to `shape` if given). Consumes x: returns
 * it when there is nothing to apply, else disposes it.
 */
function affineOwned(x: Tensor, weight: Tensor | null, bias: Tensor | null, shape: readonly number[] | null): Tensor {
  let y = x;
  for (const [t, op] of [[weight, mul], [bias, add]] as const) {
    if (t === null) continue;
    const v = shape === null ? t : reshape(t, shape);
    const next = op(y, v);
    if (v !== t) v.dispose();
    y.dispose();
    y = next;
  }
  return y;
}

/** Checks an optional per-feature tensor: null, or float32 of exactly `shape`. */
function checkOptional(op: string, arg: string, t: unknown, shape: readonly number[]): Tensor | null {
  if (t === null || t === undefined) return null;
  const x = checkFloat(op, arg, t);
  if (!sameShape(x.shape, shape)) throw new RangeError(`${op}: ${arg} must have shape [${shape.join(", ")}], got [${x.shape.join(", ")}]`);
  return x;
}

const checkEps = (op: string, eps: unknown) => checkNumber(op, "eps", eps, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");

export interface LayerNormOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
}

/**
 * layerNorm(x) = (x − E[x])/√(Var[x] + eps)·weight + bias, statistics over the trailing dims `normalizedShape`
 * (biased variance); weight and bias (optional, null) have shape normalizedShape.
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], weight: Tensor | null = null, bias: Tensor | null = null, opts?: LayerNormOptions): Tensor {
  checkFloat("layerNorm", "input", x);
  const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
  if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new TypeError(`layerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${describeValue(normalizedShape)}`);
  }
  const { eps = 1e-5 } = checkOptions("layerNorm", opts, ["eps"]);
  checkEps("layerNorm", eps);
  const k = shape.length;
  if (x.ndim < k || !sameShape(x.shape.slice(x.ndim - k), shape)) {
    throw new RangeError(`layerNorm: input's trailing dimensions must be normalizedShape [${shape.join(", ")}], got input shape [${x.shape.join(", ")}]`);
  }
  const w = checkOptional("layerNorm", "weight", weight, shape), b = checkOptional("layerNorm", "bias", bias, shape);
  const dims = shape.map((_, i) => x.ndim - k + i);
  return affineOwned(normalize(x, dims, eps), w, b, null);
}

export interface BatchNormOptions {
  /** Normalise with the batch statistics and update the running ones (default false: use the running statistics). */
  training?: boolean;
  /** Weight of the batch statistic in the running average: running ← (1 − momentum)·running + momentum·batch (0.1). */
  momentum?: number;
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
}

/** dst ← (1 − m)·dst + m·src in place (src contiguous, with dst's element count and order). */
function lerpInto(dst: Tensor, src: Tensor, m: number): void {
  const flat = contiguousStrides(dst.shape);
  const s = src.stridedView(dst.shape, flat, src.offset, false);
  const a = binary("mul", dst, 1 - m, false);
  const b = binary("mul", s, m, false);
  const c = binary("add", a, b, false);
  copyStrided(dst.shape, c.ptr(), flat, dst.ptr(), dst.strides);
  for (const t of [s, a, b, c]) t.dispose();
}

/**
 * batchNorm(x) = (x − μ)/√(σ² + eps)·weight + bias per channel (dim 1) of x [N, C, …]. Training: μ, σ² are the batch
 * statistics over every dim but 1 (σ² biased), and the running ones, when given, are updated in place:
 * running_mean ← (1 − m)·running_mean + m·μ, running_var ← (1 − m)·running_var + m·σ²·n/(n − 1).
 * Otherwise μ, σ² are runningMean, runningVar. All per-channel tensors are [C]; weight and bias optional (null).
 */
export function batchNorm(
  x: Tensor, runningMean: Tensor | null, runningVar: Tensor | null, weight: Tensor | null = null, bias: Tensor | null = null, opts?: BatchNormOptions,
): Tensor {
  checkFloat("batchNorm", "input", x);
  const { training = false, momentum = 0.1, eps = 1e-5 } = checkOptions("batchNorm", opts, ["training", "momentum", "eps"]);
  if (typeof training !== "boolean") throw new TypeError(`batchNorm: training must be a boolean, got ${describeValue(training)}`);
  checkNumber("batchNorm", "momentum", momentum, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
  checkEps("batchNorm", eps);
  if (x.ndim < 2) throw new RangeError(`batchNorm: input must be at least 2-D [N, C, …], got shape [${x.shape.join(", ")}]`);
  const c = x.shape[1];
  const [rm, rv, w, b] = ([["runningMean", runningMean], ["runningVar", runningVar], ["weight", weight], ["bias", bias]] as const).map(([name, t]) =>
    checkOptional("batchNorm", name, t, [c]),
  );
  const shape = [c, ...x.shape.slice(2).map(() => 1)];
  if (!training) {
    if (rm === null || rv === null) throw new TypeError("batchNorm: runningMean and runningVar are required when training is false");
    return batchNormEval(x, rm, rv, w, b, eps, shape);
  }
  const dims = [...x.shape.keys()].filter((d) => d !== 1);
  const n = x.size / Math.max(c, 1);
  if (n <= 1) throw new RangeError(`batchNorm: training needs more than 1 value per channel, got input shape [${x.shape.join(", ")}]`);
  const update: StatsHook = (mu, v) => {
    if (rm) lerpInto(rm, mu, momentum);
    if (!rv) return;
    const unbiased = binary("mul", v, n / (n - 1), false);
    lerpInto(rv, unbiased, momentum);
    unbiased.dispose();
  };
  return affineOwned(normalize(x, dims, eps, rm || rv ? update : null), w, b, shape);
}

/** Running statistics folded into one scale and shift per channel: y = x·s + t, s = weight/√(var + eps), t = bias − mean·s. */
function batchNormEval(x: Tensor, rm: Tensor, rv: Tensor, w: Tensor | null, b: Tensor | null, eps: number, shape: number[]): Tensor {
  const r = invStd(rv, eps);
  const scale = w ? mul(w, r) : r;
  const ms = mul(rm, scale);
  const shift = b ? sub(b, ms) : neg(ms);
  const sv = reshape(scale, shape), tv = reshape(shift, shape);
  const xs = mul(x, sv);
  const y = add(xs, tv);
  for (const t of new Set([r, scale, ms, shift, sv, tv, xs])) t.dispose();
  return y;
}
