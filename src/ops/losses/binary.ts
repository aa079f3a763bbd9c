// Binary-classification and margin losses: BCE on probabilities (a primitive, as PyTorch's kernel) and on logits,
// sigmoid focal loss, hinge and exponential loss; all but BCE composed from stable elementwise ops.
import { Fn } from "../../autograd/fn";
import { runtime } from "../../backend/runtime";
import { binary, broadcastShapes, unary } from "../../raw";
import { scope } from "../../scope";
import { type Tensor, describeValue, sameShape } from "../../tensor";
import { softplus, relu, sigmoid } from "../activation";
import { checkFloat, checkNumber } from "../args";
import { add, clamp, exp, mul, neg, pow, sub } from "../elementwise";
import { type Reduction, lossArgs, reduce } from "../loss";

/** max(ln v, −100), as PyTorch clamps the logs of binary cross-entropy (untracked kernel results). */
function clampedLog(v: Tensor): Tensor {
  const k = runtime().k;
  const l = unary(k.log, v);
  const c = unary(k.clamp, l, -100, Infinity);
  l.dispose();
  return c;
}

/**
 * Elementwise binary cross-entropy −(y·max(ln x, −100) + (1 − y)·max(ln(1 − x), −100)), PyTorch's kernel. A primitive
 * because composing log would give 0·∞ = NaN gradients where x is exactly 0 or 1 (saturated sigmoids), where
 * PyTorch's gradient stays finite.
 * d/dx = g·(x − y)/max(x(1 − x), 1e-12)  (PyTorch's rule);  d/dy = g·(max(ln(1 − x), −100) − max(ln x, −100)).
 */
class BinaryCrossEntropy extends Fn {
  static readonly typeName: string = "BinaryCrossEntropy";
  forward(x: Tensor, y: Tensor) {
    this.save(x, y);
    const lx = clampedLog(x), omx = binary("sub", 1, x), l1x = clampedLog(omx), omy = binary("sub", 1, y);
    const a = binary("mul", y, lx), b = binary("mul", omy, l1x), s = binary("add", a, b);
    const out = unary(runtime().k.neg, s);
    for (const t of [lx, omx, l1x, omy, a, b, s]) t.dispose();
    return out;
  }
  backward(g: Tensor) {
    const [x, y] = this.saved;
    let gx: Tensor | null = null, gy: Tensor | null = null;
    if (this.needsGrad[0]) {
      const omx = binary("sub", 1, x), xx = binary("mul", x, omx), den = binary("max", xx, 1e-12);
      const num = binary("sub", x, y), q = binary("div", num, den);
      gx = binary("mul", g, q);
      for (const t of [omx, xx, den, num, q]) t.dispose();
    }
    if (this.needsGrad[1]) {
      const lx = clampedLog(x), omx = binary("sub", 1, x), l1x = clampedLog(omx), d = binary("sub", l1x, lx);
      gy = binary("mul", g, d);
      for (const t of [lx, omx, l1x, d]) t.dispose();
    }
    return [gx, gy];
  }
}

/** An optional float32 tensor that broadcasts to `shape` (without enlarging it), or an error naming the option. */
function checkBroadcastTo(op: string, name: string, t: Tensor | null | undefined, shape: readonly number[]): Tensor | null {
  if (t === undefined || t === null) return null;
  checkFloat(op, name, t);
  let ok = t.ndim <= shape.length;
  try {
    ok &&= sameShape(broadcastShapes(op, shape, t.shape), shape);
  } catch {
    ok = false;
  }
  if (!ok) throw new RangeError(`${op}: ${name} of shape [${t.shape.join(", ")}] must broadcast to the input's shape [${shape.join(", ")}]`);
  return t;
}

export interface BinaryCrossEntropyOptions {
  reduction?: Reduction;
  /** Rescales each element's loss; broadcasts to the input's shape. */
  weight?: Tensor | null;
}

/**
 * −w·(y·ln x + (1 − y)·ln(1 − x)) for probabilities x ∈ [0, 1] and targets y, each log clamped to ≥ −100 as in
 * PyTorch (so x = 0 or 1 gives a finite loss and gradient). Reduced (default "mean", over all elements).
 */
export function binaryCrossEntropy(input: Tensor, target: Tensor, opts?: BinaryCrossEntropyOptions): Tensor {
  const o = lossArgs("binaryCrossEntropy", input, target, opts, ["weight"]);
  const weight = checkBroadcastTo("binaryCrossEntropy", "weight", o.weight, input.shape);
  const x = input.dataSync();
  for (let i = 0; i < x.length; i++) {
    if (!(x[i] >= 0 && x[i] <= 1)) throw new RangeError(`binaryCrossEntropy: input must hold probabilities in [0, 1], got ${x[i]} at position ${i}`);
  }
  return scope(() => {
    const loss = new BinaryCrossEntropy().apply(input, target);
    return reduce(weight ? mul(loss, weight) : loss, o.reduction);
  });
}

/** Elementwise p·y·softplus(−x) + (1 − y)·softplus(x) = −p·y·ln σ(x) − (1 − y)·ln(1 − σ(x)): no exp overflows, no cancellation. */
function logitsCrossEntropy(x: Tensor, y: Tensor, posWeight: Tensor | null): Tensor {
  const pos = mul(y, softplus(neg(x)));
  return add(posWeight ? mul(pos, posWeight) : pos, mul(sub(1, y), softplus(x)));
}

export interface BinaryCrossEntropyWithLogitsOptions extends BinaryCrossEntropyOptions {
  /** Weight of the positive term, broadcast along the last (class) dimension: > 1 raises recall. */
  posWeight?: Tensor | null;
}

/**
 * −w·(p·y·ln σ(x) + (1 − y)·ln(1 − σ(x))) for logits x, evaluated stably through ln σ(x) = −softplus(−x) (finite at
 * any logit). Reduced (default "mean", over all elements).
 */
export function binaryCrossEntropyWithLogits(input: Tensor, target: Tensor, opts?: BinaryCrossEntropyWithLogitsOptions): Tensor {
  const op = "binaryCrossEntropyWithLogits";
  const o = lossArgs(op, input, target, opts, ["weight", "posWeight"]);
  const weight = checkBroadcastTo(op, "weight", o.weight, input.shape);
  const posWeight = checkBroadcastTo(op, "posWeight", o.posWeight, input.shape);
  return scope(() => {
    const loss = logitsCrossEntropy(input, target, posWeight);
    return reduce(weight ? mul(loss, weight) : loss, o.reduction);
  });
}

/** The smallest normal float32. */
const FLT_MIN = 1.1754943508222875e-38;

export interface SigmoidFocalLossOptions {
  /** Weight of the positive class, 1 − α for the negatives (default 0.25); a negative α turns the weighting off. */
  alpha?: number;
  /** Focusing exponent on (1 − p_t) (default 2). */
  gamma?: number;
  /** Default "none", as in torchvision. */
  reduction?: Reduction;
}

/**
 * Focal loss from logits (torchvision's sigmoid_focal_loss): α_t·(1 − p_t)^γ·BCEWithLogits(x, y), p = σ(x),
 * p_t = p·y + (1 − p)(1 − y), α_t = α·y + (1 − α)(1 − y). 1 − p_t is formed as y·σ(−x) + (1 − y)·σ(x), which keeps its
 * tiny values where 1 − p would round to 0, and raised to γ after clamping it to ≥ FLT_MIN: where it underflows to 0
 * (|x| ≳ 88 on the right side) a γ < 1 would otherwise turn 0·∞ into NaN gradients; the loss there is 0 in float32
 * either way. Default reduction "none".
 */
export function sigmoidFocalLoss(input: Tensor, target: Tensor, opts?: SigmoidFocalLossOptions): Tensor {
  const op = "sigmoidFocalLoss";
  const o = lossArgs(op, input, target, opts, ["alpha", "gamma"], "none");
  const alpha = checkNumber(op, "alpha", o.alpha ?? 0.25, (v) => Number.isFinite(v) && v <= 1, "a number ≤ 1 (negative turns the weighting off)");
  const gamma = checkNumber(op, "gamma", o.gamma ?? 2, (v) => v >= 0 && v < Infinity, "a finite number ≥ 0");
  return scope(() => {
    const ce = logitsCrossEntropy(input, target, null);
    const oneMinusPt = add(mul(target, sigmoid(neg(input))), mul(sub(1, target), sigmoid(input)));
    let loss = gamma === 0 ? ce : mul(ce, pow(clamp(oneMinusPt, FLT_MIN), gamma));
    if (alpha >= 0) loss = mul(loss, add(mul(target, 2 * alpha - 1), 1 - alpha));
    return reduce(loss, o.reduction);
  });
}

/** Targets must be −1 or 1 (margin losses). */
function checkSigns(op: string, target: Tensor): void {
  const y = target.dataSync();
  for (let i = 0; i < y.length; i++) {
    if (y[i] !== 1 && y[i] !== -1) throw new RangeError(`${op}: target must hold -1 or 1, got ${describeValue(y[i])} at position ${i}`);
  }
}

export interface MarginLossOptions {
  reduction?: Reduction;
}

/** Hinge loss max(0, 1 − y·f) for scores f (input) and labels y ∈ {−1, 1}; reduced (default "mean"). */
export function hingeLoss(input: Tensor, target: Tensor, opts?: MarginLossOptions): Tensor {
  const { reduction } = lossArgs("hingeLoss", input, target, opts, []);
  checkSigns("hingeLoss", target);
  return scope(() => reduce(relu(sub(1, mul(target, input))), reduction));
}

/** Exponential loss e^(−y·f) (AdaBoost's) for scores f (input) and labels y ∈ {−1, 1}; reduced (default "mean"). */
export function exponentialLoss(input: Tensor, target: Tensor, opts?: MarginLossOptions): Tensor {
  const { reduction } = lossArgs("exponentialLoss", input, target, opts, []);
  checkSigns("exponentialLoss", target);
  return scope(() => reduce(exp(neg(mul(target, input))), reduction));
}
