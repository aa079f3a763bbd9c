// Adam and AdamW (decoupled weight decay), with amsgrad and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkHyper, checkKnown } from "./optimizer";

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
 * with g ← g + λ·p (Adam) or p ← p·(1 − lr·λ) (AdamW) first; amsgrad uses the running max of v.
 */
export class Adam extends Optimizer<AdamOptions> {
  protected decoupled = false;
  constructor(params: ParamsInput, options: Partial<AdamOptions> = {}, name = "Adam", defaults: Partial<AdamOptions> = {}) {
    checkKnown(name, options, KNOWN);
    super(name, params, { lr: 1e-3, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false, ...defaults, ...options });
  }
  protected validate(o: AdamOptions): AdamOptions {
    checkKnown(this.name, o, KNOWN);
    checkHyper(this.name, "lr", o.lr, (v) => v >= 0, "a finite number >= 0");
    if (!Array.isArray(o.betas) || o.betas.length !== 2) throw new RangeError(`${this.name}: betas must be a pair [beta1, beta2], got ${String(o.betas)}`);
    checkHyper(this.name, "betas[0]", o.betas[0], (v) => v >= 0 && v < 1, "in [0, 1)");
    checkHyper(this.name, "betas[1]", o.betas[1], (v) => v >= 0 && v < 1, "in [0, 1)");
    checkHyper(this.name, "eps", o.eps, (v) => v >= 0, "a finite number >= 0");
    checkHyper(this.name, "weightDecay", o.weightDecay, (v) => v >= 0, "a finite number >= 0");
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & AdamOptions): void {
    if (state.step === undefined) {
      state.step = 0;
      state.expAvg = this.buffer(p);
      state.expAvgSq = this.buffer(p);
      if (o.amsgrad) state.maxExpAvgSq = this.buffer(p);
    }
    const t = (state.step as number) + 1;
    state.step = t;
    const [b1, b2] = o.betas;
    const stepSize = o.lr / (1 - b1 ** t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** t);
    const vmax = state.maxExpAvgSq as Tensor | undefined;
    const flags = (o.amsgrad ? 1 : 0) | (this.decoupled ? 2 : 0) | (o.maximize ? 4 : 0);
    runtime().k.adam(p.size, p.ptr(), g.ptr(), (state.expAvg as Tensor).ptr(), (state.expAvgSq as Tensor).ptr(), vmax ? vmax.ptr() : 0,
      o.lr, b1, b2, o.eps, o.weightDecay, stepSize, bc2Sqrt, flags);
  }
}

/** AdamW: Adam with decoupled weight decay p ← p·(1 − lr·λ); default weightDecay 0.01 as PyTorch. */
export class AdamW extends Adam {
  constructor(params: ParamsInput, options: Partial<AdamOptions> = {}) {
    super(params, options, "AdamW", { weightDecay: 0.01 });
    this.decoupled = true;
  }
}
