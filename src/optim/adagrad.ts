// Adagrad with learning-rate decay, weight decay, an initial accumulator and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import { checkOptions } from "../ops/args";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkBool, checkHyper, checkKnown } from "./optimizer";

export interface AdagradOptions {
  lr: number;
  lrDecay: number;
  weightDecay: number;
  initialAccumulatorValue: number;
  eps: number;
  maximize: boolean;
}

const KNOWN = ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps", "maximize"];

/**
 * Adagrad, as torch.optim.Adagrad: g ← ±∇ + λ·p;  S ← S + g²  (S₀ = initialAccumulatorValue);
 * p ← p − lr/(1 + (t − 1)·lrDecay) · g / (√S + ε). State: step, sum.
 */
export class Adagrad extends Optimizer<AdagradOptions> {
  protected readonly stateKeys = ["step", "sum"];
  constructor(params: ParamsInput, options?: Partial<AdagradOptions>) {
    super("Adagrad", params, {
      lr: 1e-2, lrDecay: 0, weightDecay: 0, initialAccumulatorValue: 0, eps: 1e-10, maximize: false, ...checkOptions("Adagrad", options, KNOWN),
    });
  }
  protected validate(o: AdagradOptions, op: string): AdagradOptions {
    checkKnown(op, o, KNOWN);
    for (const k of ["lr", "lrDecay", "weightDecay", "initialAccumulatorValue", "eps"] as const) checkHyper(op, k, o[k], (v) => v >= 0, "a finite number >= 0");
    checkBool(op, "maximize", o.maximize);
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & AdagradOptions): void {
    const t = this.nextStep(state);
    const sum = this.stateBuffer(state, p, "sum", o.initialAccumulatorValue);
    const clr = o.lr / (1 + (t - 1) * o.lrDecay);
    runtime().k.adagrad(p.size, p.ptr(), g.ptr(), sum.ptr(), clr, o.eps, o.weightDecay, o.maximize ? 1 : 0);
  }
}
