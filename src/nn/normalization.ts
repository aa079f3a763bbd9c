// Normalisation layers: LayerNorm, GroupNorm, BatchNorm1d/2d/3d and InstanceNorm1d/2d/3d (running statistics as PyTorch-named buffers).
import { Module, Parameter } from "./module";
import { runtime } from "../backend/runtime";
import { tensor } from "../creation";
import { type Tensor, describeValue, empty, className } from "../tensor";
import { checkNumber, checkOptions, checkTensor } from "../ops/args";
import { batchNorm, groupNorm, instanceNorm, layerNorm } from "../ops/norm";
import { reshape } from "../ops/movement";
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
  static readonly typeName: string = "LayerNorm";
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

export interface GroupNormModuleOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Learnable per-channel weight (ones) and bias (zeros) (default true). */
  affine?: boolean;
}

/** y = (x − μ)/√(σ² + eps)·weight + bias, μ and σ² (biased) per sample over each group of numChannels/numGroups channels. */
export class GroupNorm extends Module {
  static readonly typeName: string = "GroupNorm";
  weight: Tensor | null;
  bias: Tensor | null;
  readonly eps: number;
  readonly affine: boolean;
  constructor(readonly numGroups: number, readonly numChannels: number, opts?: GroupNormModuleOptions) {
    super();
    checkNumber("GroupNorm", "numGroups", numGroups, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    checkNumber("GroupNorm", "numChannels", numChannels, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    if (numChannels % numGroups !== 0) throw new RangeError(`GroupNorm: numChannels must be divisible by numGroups, got ${numChannels} and ${numGroups}`);
    const { eps = 1e-5, affine = true } = checkOptions("GroupNorm", opts, ["eps", "affine"]);
    this.eps = checkNumber("GroupNorm", "eps", eps, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
    this.affine = affine;
    this.weight = affine ? Parameter(empty([numChannels])) : null;
    this.bias = affine ? Parameter(empty([numChannels])) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    if (this.weight) ones(this.weight);
    if (this.bias) zeros(this.bias);
  }
  forward(x: Tensor): Tensor {
    checkTensor("GroupNorm", "input", x);
    if (x.ndim < 2) throw new RangeError(`GroupNorm: input must be at least 2-D [N, C, …], got shape [${x.shape.join(", ")}]`);
    if (x.shape[1] !== this.numChannels) throw new RangeError(`GroupNorm: input has ${x.shape[1]} channels (dim 1), the layer has numChannels = ${this.numChannels}`);
    return groupNorm(x, this.numGroups, this.weight, this.bias, { eps: this.eps });
  }
  extraRepr(): string {
    return `${this.numGroups}, ${this.numChannels}, eps=${this.eps}, affine=${this.affine}`;
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
 * What batch and instance norm share (PyTorch's _NormBase): per-channel weight and bias, and the running statistics
 * running_mean, running_var, num_batches_tracked as buffers with PyTorch's state-dict names.
 */
abstract class NormBase extends Module {
  static readonly typeName: string = "NormBase";
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
  /** The layouts those ranks stand for, in error messages. */
  protected readonly layouts: string = "[N, C, …]";
  constructor(readonly numFeatures: number, opts: BatchNormModuleOptions | undefined, defaults: { affine: boolean; trackRunningStats: boolean; nullMomentum: boolean }) {
    super();
    const op = className(this);
    checkNumber(op, "numFeatures", numFeatures, (v) => Number.isInteger(v) && v > 0, "a positive integer");
    const { eps = 1e-5, momentum = 0.1, affine = defaults.affine, trackRunningStats = defaults.trackRunningStats } =
      checkOptions(op, opts, ["eps", "momentum", "affine", "trackRunningStats"]);
    this.eps = checkNumber(op, "eps", eps, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
    this.momentum = momentum === null && defaults.nullMomentum ? null
      : checkNumber(op, "momentum", momentum, (v) => v >= 0 && v <= 1, defaults.nullMomentum ? "a number in [0, 1] or null" : "a number in [0, 1]");
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
  /** Checks the input's rank (one of `ranks`) and its channels at `dim` (a module error naming both). */
  protected checkInput(x: Tensor, dim: number, always: boolean): void {
    const op = className(this);
    checkTensor(op, "input", x);
    if (!this.ranks.includes(x.ndim)) {
      throw new RangeError(`${op}: input must be ${this.ranks.map((r) => `${r}-D`).join(" or ")} ${this.layouts}, got shape [${x.shape.join(", ")}]`);
    }
    if (always && x.shape[dim] !== this.numFeatures) {
      throw new RangeError(`${op}: input has ${x.shape[dim]} channels (dim ${dim}), the layer has numFeatures = ${this.numFeatures}`);
    }
  }
  extraRepr(): string {
    return `${this.numFeatures}, eps=${this.eps}, momentum=${this.momentum}, affine=${this.affine}, trackRunningStats=${this.trackRunningStats}`;
  }
}

/**
 * Batch normalisation per channel (dim 1), PyTorch's _BatchNorm. Training: batch statistics (biased variance) and
 * running ones updated (unbiased variance); eval: the running statistics. Buffers keep PyTorch's state-dict names.
 */
abstract class BatchNormBase extends NormBase {
  static readonly typeName: string = "BatchNormBase";
  constructor(numFeatures: number, opts?: BatchNormModuleOptions) {
    super(numFeatures, opts, { affine: true, trackRunningStats: true, nullMomentum: true });
  }
  forward(x: Tensor): Tensor {
    this.checkInput(x, 1, true);
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
}

/** Batch norm over [N, C] or [N, C, L] (statistics per channel C over N, or N and L). */
export class BatchNorm1d extends BatchNormBase {
  static readonly typeName: string = "BatchNorm1d";
  protected readonly ranks = [2, 3];
}
/** Batch norm over images [N, C, H, W]. */
export class BatchNorm2d extends BatchNormBase {
  static readonly typeName: string = "BatchNorm2d";
  protected readonly ranks = [4];
}
/** Batch norm over volumes [N, C, D, H, W]. */
export class BatchNorm3d extends BatchNormBase {
  static readonly typeName: string = "BatchNorm3d";
  protected readonly ranks = [5];
}

export interface InstanceNormModuleOptions {
  /** Added to the variance inside the square root (default 1e-5). */
  eps?: number;
  /** Weight of each batch in the running averages (default 0.1). */
  momentum?: number;
  /** Learnable per-channel weight (ones) and bias (zeros) (default false). */
  affine?: boolean;
  /** Keep running averages of the instance statistics and normalise with them in eval mode (default false). */
  trackRunningStats?: boolean;
}

/**
 * Instance normalisation, PyTorch's _InstanceNorm: statistics per sample and channel over the spatial dims (biased
 * variance). With trackRunningStats the running averages of the batch-averaged instance statistics are updated in
 * training and used in eval mode (num_batches_tracked is kept for the state dict but, as in PyTorch, not counted).
 * Unbatched input (no N) is accepted. The channel count is checked where it is used (affine or trackRunningStats).
 */
abstract class InstanceNormBase extends NormBase {
  static readonly typeName: string = "InstanceNormBase";
  constructor(numFeatures: number, opts?: InstanceNormModuleOptions) {
    super(numFeatures, opts, { affine: false, trackRunningStats: false, nullMomentum: false });
  }
  protected readonly layouts = "(unbatched [C, …] or [N, C, …])";
  forward(x: Tensor): Tensor {
    const batched = checkTensor(className(this), "input", x).ndim === this.ranks[1];
    this.checkInput(x, batched ? 1 : 0, this.affine || this.trackRunningStats);
    const xb = batched ? x : reshape(x, [1, ...x.shape]);
    const y = instanceNorm(xb, this.running_mean, this.running_var, this.weight, this.bias, {
      useInputStats: this.training || !this.trackRunningStats, momentum: this.momentum ?? 0.1, eps: this.eps,
    });
    if (batched) return y;
    xb.dispose();
    const out = reshape(y, x.shape);
    y.dispose();
    return out;
  }
}

/** Instance norm over [N, C, L] or unbatched [C, L]. */
export class InstanceNorm1d extends InstanceNormBase {
  static readonly typeName: string = "InstanceNorm1d";
  protected readonly ranks = [2, 3];
}
/** Instance norm over images [N, C, H, W] or unbatched [C, H, W]. */
export class InstanceNorm2d extends InstanceNormBase {
  static readonly typeName: string = "InstanceNorm2d";
  protected readonly ranks = [3, 4];
}
/** Instance norm over volumes [N, C, D, H, W] or unbatched [C, D, H, W]. */
export class InstanceNorm3d extends InstanceNormBase {
  static readonly typeName: string = "InstanceNorm3d";
  protected readonly ranks = [4, 5];
}
