// Loss modules: thin wrappers that hold the options of the loss functions in src/ops/loss.ts and src/ops/losses/.
import { Module } from "./module";
import type { Tensor } from "../tensor";
import { checkOptions } from "../ops/args";
import { type CrossEntropyOptions, type KlDivOptions, type NllLossOptions, checkReduction, crossEntropy, klDiv, nllLoss } from "../ops/loss";
import {
  type HuberLossOptions, type RegressionLossOptions, type SmoothL1LossOptions, huberLoss, l1Loss, logCoshLoss, mseLoss, smoothL1Loss,
} from "../ops/losses/regression";
import {
  type BinaryCrossEntropyOptions, type BinaryCrossEntropyWithLogitsOptions, type MarginLossOptions, type SigmoidFocalLossOptions,
  binaryCrossEntropy, binaryCrossEntropyWithLogits, exponentialLoss, hingeLoss, sigmoidFocalLoss,
} from "../ops/losses/binary";

/**
 * A loss module's options checked at construction, so that a typo fails where the module is made: known names (the
 * function's), and a valid reduction; the other values are checked by the function at each forward.
 */
function lossOptions<T extends object>(name: string, opts: T, keys: readonly string[], reductions = true): T {
  const o = checkOptions(name, opts, ["reduction", ...keys]) as { reduction?: unknown };
  if (reductions && o.reduction !== undefined) checkReduction(name, o.reduction);
  return opts;
}

/** (input − target)², see F.mseLoss. */
export class MSELoss extends Module {
  static readonly typeName: string = "MSELoss";
  constructor(readonly opts: RegressionLossOptions = {}) {
    super();
    lossOptions("MSELoss", opts, []);
  }
  forward(input: Tensor, target: Tensor) { return mseLoss(input, target, this.opts); }
}
/** |input − target|, see F.l1Loss. */
export class L1Loss extends Module {
  static readonly typeName: string = "L1Loss";
  constructor(readonly opts: RegressionLossOptions = {}) {
    super();
    lossOptions("L1Loss", opts, []);
  }
  forward(input: Tensor, target: Tensor) { return l1Loss(input, target, this.opts); }
}
/** ½d²/β where |d| < β, else |d| − ½β; see F.smoothL1Loss. */
export class SmoothL1Loss extends Module {
  static readonly typeName: string = "SmoothL1Loss";
  constructor(readonly opts: SmoothL1LossOptions = {}) {
    super();
    lossOptions("SmoothL1Loss", opts, ["beta"]);
  }
  forward(input: Tensor, target: Tensor) { return smoothL1Loss(input, target, this.opts); }
}
/** ½d² where |d| < δ, else δ(|d| − ½δ); see F.huberLoss. */
export class HuberLoss extends Module {
  static readonly typeName: string = "HuberLoss";
  constructor(readonly opts: HuberLossOptions = {}) {
    super();
    lossOptions("HuberLoss", opts, ["delta"]);
  }
  forward(input: Tensor, target: Tensor) { return huberLoss(input, target, this.opts); }
}
/** ln cosh(input − target), see F.logCoshLoss. */
export class LogCoshLoss extends Module {
  static readonly typeName: string = "LogCoshLoss";
  constructor(readonly opts: RegressionLossOptions = {}) {
    super();
    lossOptions("LogCoshLoss", opts, []);
  }
  forward(input: Tensor, target: Tensor) { return logCoshLoss(input, target, this.opts); }
}
/** −Σ_c w_c·q_c·log softmax(x)_c, see F.crossEntropy. */
export class CrossEntropyLoss extends Module {
  static readonly typeName: string = "CrossEntropyLoss";
  constructor(readonly opts: CrossEntropyOptions = {}) {
    super();
    lossOptions("CrossEntropyLoss", opts, ["weight", "ignoreIndex", "labelSmoothing"]);
  }
  forward(input: Tensor, target: Tensor) { return crossEntropy(input, target, this.opts); }
}
/** −w[t]·input[t] for log-probabilities, see F.nllLoss. */
export class NLLLoss extends Module {
  static readonly typeName: string = "NLLLoss";
  constructor(readonly opts: NllLossOptions = {}) {
    super();
    lossOptions("NLLLoss", opts, ["weight", "ignoreIndex"]);
  }
  forward(input: Tensor, target: Tensor) { return nllLoss(input, target, this.opts); }
}
/** t·(ln t − x) for log-probabilities x, see F.klDiv. */
export class KLDivLoss extends Module {
  static readonly typeName: string = "KLDivLoss";
  constructor(readonly opts: KlDivOptions = {}) {
    super();
    lossOptions("KLDivLoss", opts, ["logTarget"], false);
  }
  forward(input: Tensor, target: Tensor) { return klDiv(input, target, this.opts); }
}
/** −w·(y·ln x + (1 − y)·ln(1 − x)) for probabilities x, see F.binaryCrossEntropy. */
export class BCELoss extends Module {
  static readonly typeName: string = "BCELoss";
  constructor(readonly opts: BinaryCrossEntropyOptions = {}) {
    super();
    lossOptions("BCELoss", opts, ["weight"]);
  }
  forward(input: Tensor, target: Tensor) { return binaryCrossEntropy(input, target, this.opts); }
}
/** −w·(p·y·ln σ(x) + (1 − y)·ln(1 − σ(x))) for logits x, see F.binaryCrossEntropyWithLogits. */
export class BCEWithLogitsLoss extends Module {
  static readonly typeName: string = "BCEWithLogitsLoss";
  constructor(readonly opts: BinaryCrossEntropyWithLogitsOptions = {}) {
    super();
    lossOptions("BCEWithLogitsLoss", opts, ["weight", "posWeight"]);
  }
  forward(input: Tensor, target: Tensor) { return binaryCrossEntropyWithLogits(input, target, this.opts); }
}
/** α_t·(1 − p_t)^γ·BCEWithLogits(x, y), see F.sigmoidFocalLoss (default reduction "none"). */
export class SigmoidFocalLoss extends Module {
  static readonly typeName: string = "SigmoidFocalLoss";
  constructor(readonly opts: SigmoidFocalLossOptions = {}) {
    super();
    lossOptions("SigmoidFocalLoss", opts, ["alpha", "gamma"]);
  }
  forward(input: Tensor, target: Tensor) { return sigmoidFocalLoss(input, target, this.opts); }
}
/** max(0, 1 − y·f) for y ∈ {−1, 1}, see F.hingeLoss. */
export class HingeLoss extends Module {
  static readonly typeName: string = "HingeLoss";
  constructor(readonly opts: MarginLossOptions = {}) {
    super();
    lossOptions("HingeLoss", opts, []);
  }
  forward(input: Tensor, target: Tensor) { return hingeLoss(input, target, this.opts); }
}
/** e^(−y·f) for y ∈ {−1, 1}, see F.exponentialLoss. */
export class ExponentialLoss extends Module {
  static readonly typeName: string = "ExponentialLoss";
  constructor(readonly opts: MarginLossOptions = {}) {
    super();
    lossOptions("ExponentialLoss", opts, []);
  }
  forward(input: Tensor, target: Tensor) { return exponentialLoss(input, target, this.opts); }
}
