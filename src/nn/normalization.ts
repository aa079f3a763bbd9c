// Normalisation layers: LayerNorm and BatchNorm1d/2d/3d (running statistics as PyTorch-named buffers).
import { Module, Parameter } from "./module";
import { runtime } from "../backend/runtime";
import { tensor } from "../creation";
import { type Tensor, describeValue, empty } from "../tensor";
import { checkNumber, checkOptions, checkTensor } from "../ops/args";
import { batchNorm, layerNorm } from "../ops/norm";
import { ones, zeros } from "./init";

export interface LayerNormModuleOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Learnable per-element weight (ones) and bias (zeros) of shape normalizedShape (default true). */
  elementwiseAffine?: boolean;
  /** With elementwiseAffine, whether there is a bias (default true). */
  bias?: boolean;
}

/** y = (x − E[x])/√(Var[x] + eps)·weight + bias over the trailing dims normalizedShape (biased variance). */
export class LayerNorm extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  readonly normalizedShape: readonly number[];
  readonly eps: number;
  readonly elementwiseAffine: boolean;
  constructor(normalizedShape: number | readonly number[], opts?: LayerNormModuleOptions) {
    super();
    const shape = typeof normalizedShape === "number" ? [normalizedShape] : normalizedShape;
    if (!Array.isArray(shape) || shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new TypeError(`LayerNorm: normalizedShape must be a positive integer or a non-empty array of them, got ${describeValue(normalizedShape)}`);
    }
    const { eps = 1e-5, elementwiseAffine = true, bias = true } = checkOptions("LayerNorm", opts, ["eps", "elementwiseAffine", "bias"]);
    this.normalizedShape = shape.slice();
    this.eps = checkNumber("LayerNorm", "eps", eps, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
    this.elementwiseAffine = elementwiseAffine;
    this.weight = elementwiseAffine ? Parameter(empty(shape)) : null;
    this.bias = elementwiseAffine && bias ? Parameter(empty(shape)) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight) ones(this.weight);
    if (this.bias) zeros(this.bias);
  }
  forward(x: Tensor): Tensor {
    return layerNorm(x, this.normalizedShape, this.weight, this.bias, { eps: this.eps });
  }
  extraRepr(): string {
    return `[${this.normalizedShape.join(", ")}], eps=${this.eps}, elementwiseAffine=${this.elementwiseAffine}`;
  }
}

export interface BatchNormModuleOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Weight of each batch in the running averages (default 0.1); null for a cumulative average over all batches. */
  momentum?: number | null;
  /** Learnable per-channel weight (ones) and bias (zeros) (default true). */
  affine?: boolean;
  /** Keep running_mean/running_var/num_batches_tracked and use them in eval mode (default true). */
  trackRunningStats?: boolean;
}

/**
 * Batch normalisation per channel (dim 1), PyTorch's _BatchNorm. Training: batch statistics (biased variance) and
 * running ones updated (unbiased variance); eval: the running statistics. Buffers keep PyTorch's state-dict names.
 */
abstract class BatchNormBase extends Module {
  weight: Tensor | null;
  bias: Tensor | null;
  running_mean!: Tensor | null;
  running_var!: Tensor | null;
  num_batches_tracked!: Tensor | null;
  readonly eps: number;
  readonly momentum: number | null;
  readonly affine: boolean;
  readonly trackRunningStats: boolean;
  /** Input ranks this layer accepts, e.g. [2, 3] for [N, C] and [N, C, L]. */
  protected abstract readonly ranks: number[];
  constructor(readonly numFeatures: number, opts?: BatchNormModuleOptions) {
    super();
    const op = this.constructor.name;
    checkNumber(op, "numFeatures", numFeatures, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    const { eps = 1e-5, momentum = 0.1, affine = true, trackRunningStats = true } = checkOptions(op, opts, ["eps", "momentum", "affine", "trackRunningStats"]);
    this.eps = checkNumber(op, "eps", eps, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
    this.momentum = momentum === null ? null : checkNumber(op, "momentum", momentum, (v) => v >= 0 && v <= 1, "a number in [0, 1] or null");
    this.affine = affine;
    this.trackRunningStats = trackRunningStats;
    this.weight = affine ? Parameter(empty([numFeatures])) : null;
    this.bias = affine ? Parameter(empty([numFeatures])) : null;
    this.registerBuffer("running_mean", trackRunningStats ? empty([numFeatures]) : null);
    this.registerBuffer("running_var", trackRunningStats ? empty([numFeatures]) : null);
    this.registerBuffer("num_batches_tracked", trackRunningStats ? tensor(new Int32Array(1), []) : null);
    this.resetParameters();
  }
  get runningMean(): Tensor | null { return this.running_mean; }
  get runningVar(): Tensor | null { return this.running_var; }
  get numBatchesTracked(): Tensor | null { return this.num_batches_tracked; }

  /** running_mean ← 0, running_var ← 1, num_batches_tracked ← 0. */
  resetRunningStats(): void {
    if (this.running_mean) zeros(this.running_mean);
    if (this.running_var) ones(this.running_var);
    if (this.num_batches_tracked) runtime().k.fillI32(1, this.num_batches_tracked.ptr(), 0);
  }
  resetParameters(): void {
    this.resetRunningStats();
    if (this.weight) ones(this.weight);
    if (this.bias) zeros(this.bias);
  }
  forward(x: Tensor): Tensor {
    const op = this.constructor.name;
    checkTensor(op, "input", x);
    if (!this.ranks.includes(x.ndim)) {
      throw new RangeError(`${op}: input must be ${this.ranks.map((r) => `${r}-D`).join(" or ")} [N, C, …], got shape [${x.shape.join(", ")}]`);
    }
    if (x.shape[1] !== this.numFeatures) throw new RangeError(`${op}: input has ${x.shape[1]} channels (dim 1), the layer has numFeatures = ${this.numFeatures}`);
    const nbt = this.num_batches_tracked;
    const counting = this.training && this.trackRunningStats && nbt !== null;
    const batches = counting ? nbt.item() + 1 : 0;
    const momentum = this.momentum ?? (counting ? 1 / batches : 0);
    // eval mode without running statistics normalises with the batch's own
    const useBatchStats = this.training || this.running_mean === null;
    const track = !this.training || this.trackRunningStats;
    const y = batchNorm(x, track ? this.running_mean : null, track ? this.running_var : null, this.weight, this.bias, { training: useBatchStats, momentum, eps: this.eps });
    if (counting) runtime().k.fillI32(1, nbt.ptr(), batches);
    return y;
  }
  extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/** Batch norm over [N, C] or [N, C, L] (statistics per channel C over N, or N and L). */
export class BatchNorm1d extends BatchNormBase {
  protected readonly ranks = [2, 3];
}
/** Batch norm over images [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  protected readonly ranks = [4];
}
/** Batch norm over volumes [N, C, D, H, W]. */
export class BatchNorm3d extends BatchNormBase {
  protected readonly ranks = [5];
}
