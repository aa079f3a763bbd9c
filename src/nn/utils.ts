// nn.utils: gradient clipping, L1/L2 penalties and early stopping.
import { noGrad } from "../autograd/grad-mode";
import { runtime } from "../backend/runtime";
import { checkNumber, checkOptions } from "../ops/args";
import { abs, mul, square } from "../ops/elementwise";
import { sum } from "../ops/reduce";
import { copy, inPlace, readScalar } from "../raw";
import { keep, scope } from "../scope";
import { Tensor, describeValue } from "../tensor";
import type { Module, StateDict } from "./module";

/** The parameters as a checked list: a Tensor or an iterable of Tensors. */
function paramList(op: string, params: Iterable<Tensor> | Tensor): Tensor[] {
  if (!(params instanceof Tensor) && (typeof params !== "object" || params === null || typeof params[Symbol.iterator] !== "function")) {
    throw new TypeError(`${op}: params must be a Tensor or an iterable of Tensors, got ${describeValue(params)}`);
  }
  const list = params instanceof Tensor ? [params] : [...params];
  list.forEach((p, i) => {
    if (!(p instanceof Tensor)) throw new TypeError(`${op}: params[${i}] must be a Tensor, got ${describeValue(p)}`);
  });
  return list;
}

function gradsOf(op: string, params: Iterable<Tensor> | Tensor): Tensor[] {
  return paramList(op, params).map((p) => p.grad).filter((g): g is Tensor => g !== null);
}

/**
 * Rescales the gradients of `params` in place so that their joint norm is at most maxNorm:
 * total = (Σ‖g‖ₚᵖ)^(1/p) (p = Infinity: max |g|), g ← g·min(1, maxNorm/(total + 1e-6)). Returns the total norm.
 */
export function clipGradNorm(params: Iterable<Tensor> | Tensor, maxNorm: number, normType = 2): number {
  checkNumber("clipGradNorm", "maxNorm", maxNorm, (v) => v >= 0, "a number >= 0");
  checkNumber("clipGradNorm", "normType", normType, (v) => v > 0 && !Number.isNaN(v), "a positive number or Infinity");
  const grads = gradsOf("clipGradNorm", params);
  const k = runtime().k;
  const norms = grads.map((g) =>
    scope(() => {
      const a = abs(g);
      if (normType === Infinity) return g.size === 0 ? 0 : readScalar(a.max());
      return readScalar(sum(normType === 2 ? square(g) : a.pow(normType)));
    }),
  );
  const total = normType === Infinity ? Math.max(0, ...norms) : norms.reduce((s, v) => s + v, 0) ** (1 / normType);
  const coef = maxNorm / (total + 1e-6);
  if (coef < 1) for (const g of grads) inPlace(g, (n, ptr) => k.mulc(n, ptr, coef, ptr));
  return total;
}

/** Clamps every gradient element of `params` into [−clipValue, clipValue] in place. */
export function clipGradValue(params: Iterable<Tensor> | Tensor, clipValue: number): void {
  checkNumber("clipGradValue", "clipValue", clipValue, (v) => v >= 0, "a number >= 0");
  const k = runtime().k;
  for (const g of gradsOf("clipGradValue", params)) inPlace(g, (n, ptr) => k.clamp(n, ptr, ptr, -clipValue, clipValue));
}

/** L1 penalty λ·Σ|p| over the parameters, a 0-d tensor to add to the loss. */
export function l1Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty("l1Penalty", params, lambda, abs);
}

/** L2 penalty λ·Σp² over the parameters, a 0-d tensor to add to the loss (its gradient is 2λp: weight decay 2λ). */
export function l2Penalty(params: Iterable<Tensor>, lambda: number): Tensor {
  return penalty("l2Penalty", params, lambda, square);
}

function penalty(op: string, params: Iterable<Tensor>, lambda: number, f: (p: Tensor) => Tensor): Tensor {
  checkNumber(op, "lambda", lambda, (v) => v >= 0, "a number >= 0");
  const list = paramList(op, params);
  if (list.length === 0) throw new RangeError(`${op}: got an empty parameter list`);
  let total: Tensor | null = null;
  for (const p of list) {
    const s = scope(() => sum(f(p)));
    total = total === null ? s : keepSum(total, s);
  }
  const out = mul(total!, lambda);
  total!.dispose();
  return out;
}

function keepSum(a: Tensor, b: Tensor): Tensor {
  const c = a.add(b);
  a.dispose();
  b.dispose();
  return c;
}

export interface EarlyStoppingOptions {
  /** Epochs without improvement to wait before stopping (default 5). */
  patience?: number;
  /** The smallest change that counts as an improvement (default 0). */
  minDelta?: number;
  /** "min" for losses (default), "max" for accuracies. */
  mode?: "min" | "max";
  /** Keep a copy of the best weights so restore() can bring them back (default false). */
  restoreBestWeights?: boolean;
}

/**
 * Stops training when a monitored metric stops improving. Call step(metric, model) once per epoch; it returns true
 * when training should stop. With restoreBestWeights, the best epoch's weights are copied and restore(model) loads them.
 */
export class EarlyStopping {
  readonly patience: number;
  readonly minDelta: number;
  readonly mode: "min" | "max";
  readonly restoreBestWeights: boolean;
  best: number;
  bestEpoch = -1;
  epoch = -1;
  private bestState: StateDict | null = null;

  constructor(opts?: EarlyStoppingOptions) {
    const o = checkOptions("EarlyStopping", opts, ["patience", "minDelta", "mode", "restoreBestWeights"]);
    this.patience = checkNumber("EarlyStopping", "patience", o.patience ?? 5, (v) => Number.isInteger(v) && v >= 0, "an integer >= 0");
    this.minDelta = checkNumber("EarlyStopping", "minDelta", o.minDelta ?? 0, (v) => v >= 0, "a number >= 0");
    this.mode = o.mode ?? "min";
    if (this.mode !== "min" && this.mode !== "max") throw new RangeError(`EarlyStopping: mode must be "min" or "max", got ${String(o.mode)}`);
    this.restoreBestWeights = o.restoreBestWeights ?? false;
    if (typeof this.restoreBestWeights !== "boolean") throw new TypeError(`EarlyStopping: restoreBestWeights must be a boolean, got ${describeValue(this.restoreBestWeights)}`);
    this.best = this.mode === "min" ? Infinity : -Infinity;
  }

  /** Records this epoch's metric; returns true once `patience` epochs have passed without an improvement. */
  step(metric: number, model?: Module): boolean {
    checkNumber("EarlyStopping.step", "metric", metric, (v) => !Number.isNaN(v), "a number");
    this.epoch++;
    const better = this.mode === "min" ? metric < this.best - this.minDelta : metric > this.best + this.minDelta;
    if (better) {
      this.best = metric;
      this.bestEpoch = this.epoch;
      if (this.restoreBestWeights) {
        if (!model) throw new TypeError("EarlyStopping.step: restoreBestWeights needs the model as second argument");
        this.disposeBest();
        this.bestState = Object.fromEntries(Object.entries(model.stateDict()).map(([k, t]) => [k, keep(noGrad(() => copy(t, false)))]));
      }
    }
    return this.epoch - this.bestEpoch >= this.patience;
  }

  /** Loads the best epoch's weights into the model (restoreBestWeights must be on). */
  restore(model: Module): void {
    if (!this.bestState) throw new TypeError("EarlyStopping.restore: no weights were kept (enable restoreBestWeights and call step with the model)");
    model.loadStateDict(this.bestState);
  }

  /** Frees the kept copy of the best weights. */
  dispose(): void {
    this.disposeBest();
  }

  private disposeBest(): void {
    if (this.bestState) for (const t of Object.values(this.bestState)) t.dispose();
    this.bestState = null;
  }
}

