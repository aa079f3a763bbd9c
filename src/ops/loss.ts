// Losses: shared argument checks and reductions; fused, stable cross-entropy on class indices; NLL and the general
// cross-entropy composed from log-softmax; KL divergence. Regression and binary losses live in ./losses/.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { broadcastShapes, contig } from "../raw";
import { tensor as makeTensor } from "../creation";
import { scope } from "../scope";
import { type Tensor, describeValue, empty, sameShape } from "../tensor";
import { checkFloat, checkIndices, checkNumber, checkOptions, checkTensor } from "./args";
import { logSoftmax } from "./activation";
import { add, div, eq, exp, log, mul, neg, sub, where } from "./elementwise";
import { gather, permute, reshape, unsqueeze } from "./movement";
import { mean, sum } from "./reduce";

export type Reduction = "mean" | "sum" | "none";

/** "mean", "sum" or "none", or a RangeError naming the op. */
export function checkReduction(op: string, r: unknown): Reduction {
  if (r !== "mean" && r !== "sum" && r !== "none") throw new RangeError(`${op}: reduction must be "mean", "sum" or "none", got ${describeValue(r)}`);
  return r;
}

/** The mean or sum of the per-element losses (disposing them), or the losses themselves for "none". */
export function reduce(loss: Tensor, reduction: Reduction): Tensor {
  if (reduction === "none") return loss;
  const r = reduction === "mean" ? mean(loss) : sum(loss);
  loss.dispose();
  return r;
}

/**
 * The checks every elementwise loss shares: float32 input and target of one shape (PyTorch broadcasts mse/l1 with a
 * warning and refuses mismatches elsewhere; simdgrad always asks for equal shapes), known option keys and a valid
 * reduction. Returns the options with the reduction filled in.
 */
export function lossArgs<T extends { reduction?: Reduction }>(
  op: string, input: Tensor, target: Tensor, opts: T | undefined, keys: readonly string[], defaultReduction: Reduction = "mean",
): Partial<T> & { reduction: Reduction } {
  checkFloat(op, "input", input);
  checkFloat(op, "target", target);
  const o = checkOptions(op, opts, ["reduction", ...keys]);
  const reduction = checkReduction(op, o.reduction ?? defaultReduction);
  if (!sameShape(input.shape, target.shape)) {
    throw new RangeError(`${op}: input [${input.shape.join(", ")}] and target [${target.shape.join(", ")}] must have the same shape`);
  }
  return { ...o, reduction };
}

/**
 * Fused cross-entropy for logits [N, C] and class indices [N]: forward through the stable log-softmax kernel,
 * backward g·coefᵢ·(softmax − onehot) in one kernel. coefᵢ = w[tᵢ] (0 for ignored rows), divided by Σ coef for "mean".
 */
class CrossEntropy extends Fn {
  static readonly typeName: string = "CrossEntropy";
  constructor(private readonly coef: Float32Array, private readonly reduction: Reduction) { super(); }
  forward(x: Tensor, target: Tensor) {
    const k = runtime().k;
    const [n, c] = x.shape;
    const X = contig(x);
    const logp = empty([n, c], "float32", false);
    if (logp.size > 0) k.logSoftmax(n, c, X.ptr(), logp.ptr());
    X.dispose();
    const t = target.dataSync();
    const f = runtime().f32();
    const base = logp.ptr() >> 2;
    const losses = new Float32Array(n);
    for (let i = 0; i < n; i++) losses[i] = this.coef[i] === 0 ? 0 : -this.coef[i] * f[base + i * c + t[i]];
    this.save(logp, target);
    logp.dispose();
    if (this.reduction === "none") return makeTensor(losses, [n]);
    let s = 0;
    for (let i = 0; i < n; i++) s += losses[i];
    return makeTensor([s], []);
  }
  backward(g: Tensor) {
    const [logp, target] = this.saved;
    const [n, c] = logp.shape;
    const gv = g.dataSync();
    const scale = new Float32Array(n);
    for (let i = 0; i < n; i++) scale[i] = this.coef[i] * (this.reduction === "none" ? gv[i] : gv[0]);
    const s = makeTensor(scale, [n]);
    const T = contig(target);
    const out = empty([n, c]);
    if (out.size > 0) runtime().k.crossEntropyBwd(n, c, logp.ptr(), T.ptr(), s.ptr(), out.ptr());
    s.dispose();
    T.dispose();
    return [out, null];
  }
}

export interface CrossEntropyOptions {
  reduction?: Reduction;
  /** Per-class weights [C]. */
  weight?: Tensor | null;
  /** Targets equal to this class index contribute nothing (default -100). */
  ignoreIndex?: number;
  /** Mixes the targets with the uniform distribution: q = (1 − ε)·target + ε/C. */
  labelSmoothing?: number;
}

/** Class dimension (1, or 0 for unbatched [C] input) moved last and flattened: [rows, C]; index targets flattened to [rows]. */
function rowsOf(x: Tensor): Tensor {
  if (x.ndim <= 2) return x.ndim === 1 ? unsqueeze(x, 0) : reshape(x, x.shape);
  const perm = [0, ...Array.from({ length: x.ndim - 2 }, (_, i) => i + 2), 1];
  const p = permute(x, perm);
  const r = reshape(p, [-1, x.shape[1]]);
  p.dispose();
  return r;
}

/** The class count C of input [C] or [N, C, …], and the checked class weights [C] and ignoreIndex (default −100). */
function classArgs(op: string, input: Tensor, o: { weight?: Tensor | null; ignoreIndex?: number }) {
  const ignoreIndex = o.ignoreIndex ?? -100;
  if (!Number.isInteger(ignoreIndex)) throw new TypeError(`${op}: ignoreIndex must be an integer, got ${describeValue(ignoreIndex)}`);
  if (input.ndim === 0) throw new RangeError(`${op}: input must be at least 1-D [C] or [N, C, …], got a 0-d tensor`);
  const c = input.shape[input.ndim === 1 ? 0 : 1];
  const weight = o.weight ?? null;
  if (weight !== null) {
    checkFloat(op, "weight", weight);
    if (weight.ndim !== 1 || weight.shape[0] !== c) throw new RangeError(`${op}: weight must be 1-D [${c}], got shape [${weight.shape.join(", ")}]`);
  }
  return { c, weight, ignoreIndex };
}

/** Per-row weights w[tᵢ] (0 where tᵢ = ignoreIndex); validates the class indices. */
function rowCoefficients(op: string, target: Int32Array, c: number, weight: Tensor | null, ignoreIndex: number): Float32Array {
  const w = weight ? weight.dataSync() : null;
  const coef = new Float32Array(target.length);
  for (let i = 0; i < target.length; i++) {
    const t = target[i];
    if (t === ignoreIndex) continue;
    if (t < 0 || t >= c) throw new RangeError(`${op}: target must hold class indices in [0, ${c}) or ignoreIndex (${ignoreIndex}), got ${t} at position ${i}`);
    coef[i] = w ? w[t] : 1;
  }
  return coef;
}

/**
 * Cross-entropy between logits and targets: −Σ_c w_c·q_c·log softmax(x)_c per sample, with q the one-hot class index
 * (or the given probabilities), optionally label-smoothed. input [N, C] (or [C], or [N, C, d…]); target int32 class
 * indices [N] ([N, d…]) or float probabilities shaped like input. Reductions as PyTorch (weighted mean for indices).
 */
export function crossEntropy(input: Tensor, target: Tensor, opts?: CrossEntropyOptions): Tensor {
  checkFloat("crossEntropy", "input", input);
  checkTensor("crossEntropy", "target", target);
  const o = checkOptions("crossEntropy", opts, ["reduction", "weight", "ignoreIndex", "labelSmoothing"]);
  const reduction = checkReduction("crossEntropy", o.reduction ?? "mean");
  const eps = checkNumber("crossEntropy", "labelSmoothing", o.labelSmoothing ?? 0, (v) => v >= 0 && v <= 1, "a number in [0, 1]");
  const { c, weight, ignoreIndex } = classArgs("crossEntropy", input, o);
  if (target.dtype === "float32") {
    if (!sameShape(target.shape, input.shape)) {
      throw new RangeError(`crossEntropy: probability targets must have the input's shape [${input.shape.join(", ")}], got [${target.shape.join(", ")}]`);
    }
    return probabilityCrossEntropy(input, target, weight, eps, reduction, c);
  }
  checkIndices("crossEntropy", "target", target);
  const want = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
  if (!sameShape(target.shape, want)) {
    throw new RangeError(`crossEntropy: class-index targets for input [${input.shape.join(", ")}] must have shape [${want.join(", ")}], got [${target.shape.join(", ")}]`);
  }
  const coef = rowCoefficients("crossEntropy", target.dataSync() as Int32Array, c, weight, ignoreIndex);
  const x = rowsOf(input);
  const t = reshape(target, [-1]);
  let loss: Tensor;
  if (eps === 0) {
    if (reduction === "mean") {
      const total = coef.reduce((a, b) => a + b, 0);
      for (let i = 0; i < coef.length; i++) coef[i] /= total;
    }
    loss = new CrossEntropy(coef, reduction).apply(x, t);
  } else {
    loss = smoothedIndexCrossEntropy(x, t, coef, weight, eps, reduction, c);
  }
  x.dispose();
  t.dispose();
  if (reduction === "none" && !sameShape(loss.shape, target.shape)) {
    const r = reshape(loss, target.shape);
    loss.dispose();
    return r;
  }
  return loss;
}

/** (1 − ε)·nll + ε/C·Σ_c w_c·(−log p_c), with PyTorch's denominators (Σ w[tᵢ] for "mean"). */
function smoothedIndexCrossEntropy(x: Tensor, t: Tensor, coef: Float32Array, weight: Tensor | null, eps: number, reduction: Reduction, c: number): Tensor {
  const logp = logSoftmax(x, 1);
  const safe = makeTensor(Int32Array.from(t.dataSync(), (v, i) => (coef[i] === 0 && (v < 0 || v >= c) ? 0 : v)), [t.size, 1]);
  const picked = gather(logp, 1, safe);
  const coefT = makeTensor(coef, [t.size, 1]);
  const mask = makeTensor(coef.map((v) => (v === 0 ? 0 : 1)), [t.size, 1]);
  const wl = weight ? mul(logp, weight) : logp;
  const rowSum = sum(wl, 1, { keepdim: true });
  const nll = mul(picked, coefT);
  const smooth = mul(rowSum, mask);
  const a = mul(nll, -(1 - eps)), b = mul(smooth, -eps / c);
  let loss = add(a, b);
  for (const tt of [logp, safe, picked, coefT, mask, rowSum, nll, smooth, a, b]) tt.dispose();
  if (wl !== logp) wl.dispose();
  const flat = reshape(loss, [-1]);
  loss.dispose();
  if (reduction === "none") return flat;
  loss = sum(flat);
  flat.dispose();
  if (reduction === "sum") return loss;
  const total = coef.reduce((s, v) => s + v, 0);
  const m = mul(loss, 1 / total);
  loss.dispose();
  return m;
}

/** −Σ_c w_c·q_c·log p_c with q = (1 − ε)·target + ε/C; "mean" divides by the number of samples. */
function probabilityCrossEntropy(input: Tensor, target: Tensor, weight: Tensor | null, eps: number, reduction: Reduction, c: number): Tensor {
  const x = rowsOf(input), q0 = rowsOf(target);
  const logp = logSoftmax(x, 1);
  const scaled = mul(q0, 1 - eps);
  const q = eps === 0 ? q0 : add(scaled, eps / c);
  const wq = weight ? mul(q, weight) : q;
  const prod = mul(logp, wq);
  const s = sum(prod, 1);
  const loss = neg(s);
  for (const t of new Set([x, q0, logp, scaled, q, wq, prod, s])) t.dispose();
  if (reduction === "none") {
    const shape = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
    const r = reshape(loss, shape);
    loss.dispose();
    return r;
  }
  return reduce(loss, reduction);
}

export interface NllLossOptions {
  reduction?: Reduction;
  weight?: Tensor | null;
  ignoreIndex?: number;
}

/** Negative log-likelihood −w[tᵢ]·input[i, tᵢ] for log-probabilities [N, C] and class indices [N]; "mean" divides by Σ w[tᵢ]. */
export function nllLoss(input: Tensor, target: Tensor, opts?: NllLossOptions): Tensor {
  checkFloat("nllLoss", "input", input);
  checkIndices("nllLoss", "target", target);
  const o = checkOptions("nllLoss", opts, ["reduction", "weight", "ignoreIndex"]);
  const reduction = checkReduction("nllLoss", o.reduction ?? "mean");
  const { c, weight, ignoreIndex } = classArgs("nllLoss", input, o);
  const want = input.ndim === 1 ? [] : [input.shape[0], ...input.shape.slice(2)];
  if (!sameShape(target.shape, want)) throw new RangeError(`nllLoss: target for input [${input.shape.join(", ")}] must have shape [${want.join(", ")}], got [${target.shape.join(", ")}]`);
  const tv = target.dataSync() as Int32Array;
  const coef = rowCoefficients("nllLoss", tv, c, weight, ignoreIndex);
  const x = rowsOf(input);
  const safe = makeTensor(Int32Array.from(tv, (v, i) => (coef[i] === 0 && (v < 0 || v >= c) ? 0 : v)), [tv.length, 1]);
  const picked = gather(x, 1, safe);
  const coefT = makeTensor(coef.map((v) => -v), [tv.length, 1]);
  const l = mul(picked, coefT);
  const flat = reshape(l, reduction === "none" ? target.shape : [-1]);
  for (const t of [x, safe, picked, coefT, l]) t.dispose();
  if (reduction !== "mean") return reduce(flat, reduction);
  const s = sum(flat);
  flat.dispose();
  const m = mul(s, 1 / coef.reduce((a, b) => a + b, 0));
  s.dispose();
  return m;
}


export interface KlDivOptions {
  /** "mean" divides the sum by the number of elements (PyTorch's default); "batchmean" by input.shape[0], which gives the KL divergence per sample. */
  reduction?: Reduction | "batchmean";
  /** The target holds log-probabilities instead of probabilities (default false). */
  logTarget?: boolean;
}

/**
 * Kullback–Leibler divergence t·(ln t − x) pointwise (0 where t = 0), or eᵗ·(t − x) with logTarget; the input x holds
 * log-probabilities. input and target broadcast together, as in PyTorch. Reductions "mean" (÷ numel), "batchmean"
 * (÷ input.shape[0], the mathematical KL per sample), "sum", "none".
 */
export function klDiv(input: Tensor, target: Tensor, opts?: KlDivOptions): Tensor {
  checkFloat("klDiv", "input", input);
  checkFloat("klDiv", "target", target);
  const o = checkOptions("klDiv", opts, ["reduction", "logTarget"]);
  const reduction = o.reduction ?? "mean";
  if (reduction !== "batchmean" && reduction !== "mean" && reduction !== "sum" && reduction !== "none") {
    throw new RangeError(`klDiv: reduction must be "mean", "batchmean", "sum" or "none", got ${describeValue(reduction)}`);
  }
  const logTarget = o.logTarget ?? false;
  if (typeof logTarget !== "boolean") throw new TypeError(`klDiv: logTarget must be a boolean, got ${describeValue(logTarget)}`);
  try {
    broadcastShapes("klDiv", input.shape, target.shape);
  } catch {
    throw new RangeError(`klDiv: input [${input.shape.join(", ")}] and target [${target.shape.join(", ")}] cannot be broadcast together`);
  }
  return scope(() => {
    let loss: Tensor;
    if (logTarget) {
      loss = mul(exp(target), sub(target, input));
    } else {
      // 0 where t = 0, with a zero gradient for both arguments there (PyTorch masks the target's gradient likewise);
      // ln is taken of 1 at those places so that the masked branch holds no 0·(−∞) = NaN
      const zero = eq(target, 0);
      loss = where(zero, 0, mul(target, sub(log(where(zero, 1, target)), input)));
    }
    if (reduction !== "batchmean") return reduce(loss, reduction);
    const s = sum(loss);
    return input.ndim === 0 ? s : div(s, input.shape[0]);
  });
}
