// Adam and AdamW (decoupled weight decay), with amsgrad and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import { checkOptions } from "../ops/args";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkBool, checkHyper, checkKnown } from "./optimizer";

export interface AdamOptions {
  lr: number;
  betas: [number, number];
  eps: number;
  weightDecay: number;
  amsgrad: boolean;
  maximize: boolean;
}

const KNOWN = ["lr", "betas", "eps", "weightDecay", "amsgrad", "maximize"];

/**
 * Adam, as torch.optim.Adam (AdamW: decoupled = true):
 *   m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²;  p ← p − lr/(1 − β1ᵗ) · m / (√v / √(1 − β2ᵗ) + ε),
 * with g ← ±g + λ·p (Adam) or p ← p·(1 − lr·λ) (AdamW) first; amsgrad uses the running max of v.
 * State: step, expAvg, expAvgSq, maxExpAvgSq (amsgrad).
 */
export class Adam extends Optimizer<AdamOptions> {
  protected readonly stateKeys = ["step", "expAvg", "expAvgSq", "maxExpAvgSq"];
  protected decoupled = false;
  constructor(params: ParamsInput, options?: Partial<AdamOptions>, name = "Adam", defaults: Partial<AdamOptions> = {}) {
    super(name, params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...defaults, ...checkOptions(name, options, KNOWN) });
  }
  protected validate(o: AdamOptions, op: string): AdamOptions {
    checkKnown(op, o, KNOWN);
    checkHyper(op, "lr", o.lr, (v) => v >= 0, "a finite number >= 0");
    if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new RangeError(`${op}: betas must be a pair [beta1, beta2], got ${String(o.betas)}`);
    checkHyper(op, "betas[0]", o.betas[0], (v) => v >= 0 && v < 1, "in [0, 1)");
    checkHyper(op, "betas[1]", o.betas[1], (v) => v >= 0 && v < 1, "in [0, 1)");
    checkHyper(op, "eps", o.eps, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "weightDecay", o.weightDecay, (v) => v >= 0, "a finite number >= 0");
    checkBool(op, "amsgrad", o.amsgrad);
    checkBool(op, "maximize", o.maximize);
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & AdamOptions): void {
    const t = this.nextStep(state);
    const m = this.stateBuffer(state, p, "expAvg"), v = this.stateBuffer(state, p, "expAvgSq");
    const vmax = o.amsgrad ? this.stateBuffer(state, p, "maxExpAvgSq") : null;
    const [b1, b2] = o.betas;
    const stepSize = o.lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const flags = (o.amsgrad ? 1 : 0) | (this.decoupled ? 2 : 0) | (o.maximize ? 4 : 0);
    runtime().k.adam(p.size, p.ptr(), g.ptr(), m.ptr(), v.ptr(), vmax ? vmax.ptr() : 0,
      b1, b2, 1 - b1, 1 - b2, o.eps, o.weightDecay, 1 - o.lr * o.weightDecay, stepSize, bc2Sqrt, flags);
  }
}

/** AdamW: Adam with decoupled weight decay p ← p·(1 − lr·λ); default weightDecay 0.01 as PyTorch. */
export class AdamW extends Adam {
  constructor(params: ParamsInput, options?: Partial<AdamOptions>) {
    super(params, options, "AdamW", { weightDecay: 0.01 });
    this.decoupled = true;
  }
}
