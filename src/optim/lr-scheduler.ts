// Learning-rate schedules (optim.lrScheduler): each step() writes paramGroups[i].lr, as torch.optim.lr_scheduler does.
import { checkNumber, checkOptions } from "../ops/args";
import { describeValue, className } from "../tensor";
import type { Optimizer } from "./optimizer";

export type AnyOptimizer = Optimizer<{ lr: number }>;

/** An optimizer (anything with paramGroups), or a TypeError naming the scheduler. */
function checkOptimizer(op: string, optimizer: unknown): AnyOptimizer {
  if (typeof optimizer !== "object" || optimizer === null || !Array.isArray((optimizer as AnyOptimizer).paramGroups)) {
    throw new TypeError(`${op}: expected an optimizer (with paramGroups), got ${describeValue(optimizer)}`);
  }
  return optimizer as AnyOptimizer;
}

/** A non-negative integer count (epochs, bad epochs), or a RangeError. */
const count = (op: string, name: string, v: unknown) => checkNumber(op, name, v, (x) => Number.isInteger(x) && x >= 0, "an integer >= 0");
/** A finite number >= 0 (a decay factor, a learning rate), or a RangeError. */
const nonNegative = (op: string, name: string, v: unknown) => checkNumber(op, name, v, (x) => Number.isFinite(x) && x >= 0, "a finite number >= 0");

/** What an epoch-indexed schedule needs to resume: the epoch count and the base rates. */
export interface LRSchedulerState {
  lastEpoch: number;
  baseLrs: number[];
}

/**
 * Base of the epoch-indexed schedules: lr_i(epoch) = f(base_lr_i, epoch), with epoch = the number of step() calls.
 * The constructor applies epoch 0, so the optimizer starts at f(base_lr, 0).
 */
export abstract class LRScheduler {
  /** Number of step() calls so far. */
  lastEpoch = 0;
  /** The learning rates the schedule starts from (each group's lr at construction). */
  readonly baseLrs: number[];

  constructor(readonly optimizer: AnyOptimizer) {
    checkOptimizer(className(this), optimizer);
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }

  /** The learning rate of a group with base rate `base` at `epoch`. */
  protected abstract lrAt(base: number, epoch: number): number;

  /** Advances one epoch and writes the new rates into the optimizer. */
  step(): void {
    this.lastEpoch++;
    this.apply();
  }

  /** The rates in effect now, one per parameter group. */
  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => (g.lr = this.lrAt(this.baseLrs[i], this.lastEpoch)));
  }

  /** The schedule's position ({ lastEpoch, baseLrs }), plain numbers to store with a checkpoint (e.g. as JSON metadata). */
  stateDict(): LRSchedulerState {
    return { lastEpoch: this.lastEpoch, baseLrs: this.baseLrs.slice() };
  }

  /** Resumes from stateDict(): restores the epoch and base rates and writes the rates of that epoch into the optimizer. */
  loadStateDict(state: LRSchedulerState): void {
    const op = `${className(this)}.loadStateDict`;
    const { lastEpoch, baseLrs } = checkOptions(op, state, ["lastEpoch", "baseLrs"]);
    count(op, "lastEpoch", lastEpoch);
    const n = this.optimizer.paramGroups.length;
    if (!Array.isArray(baseLrs) || baseLrs.length !== n || !baseLrs.every((v) => Number.isFinite(v) && v >= 0)) {
      throw new RangeError(`${op}: baseLrs must hold ${n} finite learning rates >= 0 (one per parameter group), got ${describeValue(baseLrs)}`);
    }
    this.lastEpoch = lastEpoch as number;
    this.baseLrs.splice(0, this.baseLrs.length, ...baseLrs);
    this.apply();
  }
}

const positiveInt = (op: string, name: string, v: unknown) =>
  checkNumber(op, name, v, (x) => Number.isInteger(x) && x > 0, "a positive integer");

/** lr = base·γ^⌊epoch / stepSize⌋ */
export class StepLR extends LRScheduler {
  static readonly typeName: string = "StepLR";
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, readonly stepSize: number, opts?: { gamma?: number }) {
    super(optimizer);
    positiveInt("StepLR", "stepSize", stepSize);
    this.gamma = nonNegative("StepLR", "gamma", checkOptions("StepLR", opts, ["gamma"]).gamma ?? 0.1);
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    return base * this.gamma ** Math.floor(epoch / this.stepSize);
  }
}

/** lr = base·γ^(number of milestones ≤ epoch) */
export class MultiStepLR extends LRScheduler {
  static readonly typeName: string = "MultiStepLR";
  readonly gamma: number;
  constructor(optimizer: AnyOptimizer, readonly milestones: number[], opts?: { gamma?: number }) {
    super(optimizer);
    if (!Array.isArray(milestones) || !milestones.every((m) => Number.isInteger(m) && m >= 0)) {
      throw new TypeError(`MultiStepLR: milestones must be an array of non-negative integers, got ${String(milestones)}`);
    }
    this.gamma = nonNegative("MultiStepLR", "gamma", checkOptions("MultiStepLR", opts, ["gamma"]).gamma ?? 0.1);
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    return base * this.gamma ** this.milestones.filter((m) => m <= epoch).length;
  }
}

/** lr = base·γ^epoch */
export class ExponentialLR extends LRScheduler {
  static readonly typeName: string = "ExponentialLR";
  constructor(optimizer: AnyOptimizer, readonly gamma: number) {
    super(optimizer);
    nonNegative("ExponentialLR", "gamma", gamma);
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    return base * this.gamma ** epoch;
  }
}

/** lr = ηmin + (base − ηmin)·(1 + cos(π·epoch/Tmax))/2, continuing the cosine beyond Tmax as PyTorch does. */
export class CosineAnnealingLR extends LRScheduler {
  static readonly typeName: string = "CosineAnnealingLR";
  readonly etaMin: number;
  constructor(optimizer: AnyOptimizer, readonly tMax: number, opts?: { etaMin?: number }) {
    super(optimizer);
    positiveInt("CosineAnnealingLR", "tMax", tMax);
    this.etaMin = nonNegative("CosineAnnealingLR", "etaMin", checkOptions("CosineAnnealingLR", opts, ["etaMin"]).etaMin ?? 0);
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    return this.etaMin + ((base - this.etaMin) * (1 + Math.cos((Math.PI * epoch) / this.tMax))) / 2;
  }
}

/** lr = base·λ(epoch) for a user function λ. */
export class LambdaLR extends LRScheduler {
  static readonly typeName: string = "LambdaLR";
  constructor(optimizer: AnyOptimizer, readonly lrLambda: (epoch: number) => number) {
    super(optimizer);
    if (typeof lrLambda !== "function") throw new TypeError("LambdaLR: lrLambda must be a function of the epoch");
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    const f = this.lrLambda(epoch);
    return base * checkNumber("LambdaLR", `lrLambda(${epoch})`, f);
  }
}

/** Time-based decay (Keras' `decay`): lr = base / (1 + decay·epoch). */
export class InverseTimeLR extends LRScheduler {
  static readonly typeName: string = "InverseTimeLR";
  constructor(optimizer: AnyOptimizer, readonly decay: number) {
    super(optimizer);
    checkNumber("InverseTimeLR", "decay", decay, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    return base / (1 + this.decay * epoch);
  }
}

/** Linear warm-up (PyTorch's LinearLR): the factor goes linearly from startFactor to endFactor over totalIters epochs. */
export class LinearLR extends LRScheduler {
  static readonly typeName: string = "LinearLR";
  readonly startFactor: number;
  readonly endFactor: number;
  readonly totalIters: number;
  constructor(optimizer: AnyOptimizer, opts?: { startFactor?: number; endFactor?: number; totalIters?: number }) {
    super(optimizer);
    const o = checkOptions("LinearLR", opts, ["startFactor", "endFactor", "totalIters"]);
    this.startFactor = checkNumber("LinearLR", "startFactor", o.startFactor ?? 1 / 3, (v) => v > 0 && v <= 1, "in (0, 1]");
    this.endFactor = checkNumber("LinearLR", "endFactor", o.endFactor ?? 1, (v) => v >= 0 && v <= 1, "in [0, 1]");
    this.totalIters = positiveInt("LinearLR", "totalIters", o.totalIters ?? 5);
    this.apply();
  }
  protected lrAt(base: number, epoch: number) {
    const t = Math.min(epoch, this.totalIters) / this.totalIters;
    return base * (this.startFactor + (this.endFactor - this.startFactor) * t);
  }
}

export interface ReduceLROnPlateauOptions {
  mode?: "min" | "max";
  factor?: number;
  patience?: number;
  threshold?: number;
  thresholdMode?: "rel" | "abs";
  cooldown?: number;
  minLr?: number | number[];
  eps?: number;
}

/** Multiplies the rates by `factor` when the metric passed to step() has not improved for `patience` epochs. */
export class ReduceLROnPlateau {
  readonly mode: "min" | "max";
  readonly factor: number;
  readonly patience: number;
  readonly threshold: number;
  readonly thresholdMode: "rel" | "abs";
  readonly cooldown: number;
  readonly minLrs: number[];
  readonly eps: number;
  best: number;
  numBadEpochs = 0;
  cooldownCounter = 0;
  lastEpoch = 0;

  constructor(readonly optimizer: AnyOptimizer, opts?: ReduceLROnPlateauOptions) {
    checkOptimizer("ReduceLROnPlateau", optimizer);
    const o = checkOptions("ReduceLROnPlateau", opts, ["mode", "factor", "patience", "threshold", "thresholdMode", "cooldown", "minLr", "eps"]);
    this.mode = o.mode ?? "min";
    if (this.mode !== "min" && this.mode !== "max") throw new RangeError(`ReduceLROnPlateau: mode must be "min" or "max", got ${String(o.mode)}`);
    this.factor = checkNumber("ReduceLROnPlateau", "factor", o.factor ?? 0.1, (v) => v >= 0 && v < 1, "in [0, 1)");
    this.patience = checkNumber("ReduceLROnPlateau", "patience", o.patience ?? 10, (v) => Number.isInteger(v) && v >= 0, "an integer >= 0");
    this.threshold = checkNumber("ReduceLROnPlateau", "threshold", o.threshold ?? 1e-4, (v) => v >= 0, "a number >= 0");
    this.thresholdMode = o.thresholdMode ?? "rel";
    if (this.thresholdMode !== "rel" && this.thresholdMode !== "abs") {
      throw new RangeError(`ReduceLROnPlateau: thresholdMode must be "rel" or "abs", got ${String(o.thresholdMode)}`);
    }
    this.cooldown = checkNumber("ReduceLROnPlateau", "cooldown", o.cooldown ?? 0, (v) => Number.isInteger(v) && v >= 0, "an integer >= 0");
    const minLr = o.minLr ?? 0;
    if (Array.isArray(minLr)) minLr.forEach((v, i) => nonNegative("ReduceLROnPlateau", `minLr[${i}]`, v));
    else nonNegative("ReduceLROnPlateau", "minLr", minLr);
    this.minLrs = Array.isArray(minLr) ? minLr.slice() : optimizer.paramGroups.map(() => minLr);
    if (this.minLrs.length !== optimizer.paramGroups.length) {
      throw new RangeError(`ReduceLROnPlateau: minLr has ${this.minLrs.length} entries for ${optimizer.paramGroups.length} parameter groups`);
    }
    this.eps = checkNumber("ReduceLROnPlateau", "eps", o.eps ?? 1e-8, (v) => v >= 0, "a number >= 0");
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  private improves(metric: number): boolean {
    const { threshold: t } = this;
    if (this.mode === "min") return this.thresholdMode === "rel" ? metric < this.best * (1 - t) : metric < this.best - t;
    return this.thresholdMode === "rel" ? metric > this.best * (1 + t) : metric > this.best + t;
  }

  /** Records the epoch's metric (e.g. validation loss) and reduces the rates after `patience` epochs without improvement. */
  step(metric: number): void {
    checkNumber("ReduceLROnPlateau.step", "metric", metric, (v) => !Number.isNaN(v), "a number");
    this.lastEpoch++;
    if (this.improves(metric)) {
      this.best = metric;
      this.numBadEpochs = 0;
    } else this.numBadEpochs++;
    if (this.cooldownCounter > 0) {
      this.cooldownCounter--;
      this.numBadEpochs = 0;
    }
    if (this.numBadEpochs > this.patience) {
      this.optimizer.paramGroups.forEach((g, i) => {
        const next = Math.max(g.lr * this.factor, this.minLrs[i]);
        if (g.lr - next > this.eps) g.lr = next;
      });
      this.cooldownCounter = this.cooldown;
      this.numBadEpochs = 0;
    }
  }

  getLastLr(): number[] {
    return this.optimizer.paramGroups.map((g) => g.lr);
  }

  /** The plateau tracker's state, plain numbers to store with a checkpoint (best is ±Infinity before the first step). */
  stateDict(): ReduceLROnPlateauState {
    return { best: this.best, numBadEpochs: this.numBadEpochs, cooldownCounter: this.cooldownCounter, lastEpoch: this.lastEpoch };
  }

  /** Resumes from stateDict() (the optimizer's rates come back with the optimizer's own state dict). */
  loadStateDict(state: ReduceLROnPlateauState): void {
    const op = "ReduceLROnPlateau.loadStateDict";
    const s = checkOptions(op, state, ["best", "numBadEpochs", "cooldownCounter", "lastEpoch"]);
    checkNumber(op, "best", s.best, (v) => !Number.isNaN(v), "a number");
    for (const name of ["numBadEpochs", "cooldownCounter", "lastEpoch"] as const) count(op, name, s[name]);
    Object.assign(this, s);
  }
}

/** What ReduceLROnPlateau needs to resume. */
export interface ReduceLROnPlateauState {
  best: number;
  numBadEpochs: number;
  cooldownCounter: number;
  lastEpoch: number;
}
