// Adadelta with weight decay and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import { checkOptions } from "../ops/args";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkBool, checkHyper, checkKnown } from "./optimizer";

export interface AdadeltaOptions {
  lr: number;
  rho: number;
  eps: number;
  weightDecay: number;
  maximize: boolean;
}

const KNOWN = ["lr", "rho", "eps", "weightDecay", "maximize"];

/**
 * Adadelta, as torch.optim.Adadelta: g ← ±∇ + λ·p;  v ← ρ·v + (1 − ρ)·g²;  Δ ← √(u + ε)/√(v + ε) · g;
 * u ← ρ·u + (1 − ρ)·Δ²;  p ← p − lr·Δ. State: step, squareAvg (v), accDelta (u).
 */
export class Adadelta extends Optimizer<AdadeltaOptions> {
  protected readonly stateKeys = ["step", "squareAvg", "accDelta"];
  constructor(params: ParamsInput, options?: Partial<AdadeltaOptions>) {
    super("Adadelta", params, { lr: 1, rho: 0.9, eps: 1e-6, weightDecay: 0, maximize: false, ...checkOptions("Adadelta", options, KNOWN) });
  }
  protected validate(o: AdadeltaOptions, op: string): AdadeltaOptions {
    checkKnown(op, o, KNOWN);
    checkHyper(op, "lr", o.lr, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "rho", o.rho, (v) => v >= 0 && v <= 1, "in [0, 1]");
    checkHyper(op, "eps", o.eps, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "weightDecay", o.weightDecay, (v) => v >= 0, "a finite number >= 0");
    checkBool(op, "maximize", o.maximize);
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & AdadeltaOptions): void {
    this.nextStep(state);
    const v = this.stateBuffer(state, p, "squareAvg"), u = this.stateBuffer(state, p, "accDelta");
    runtime().k.adadelta(p.size, p.ptr(), g.ptr(), v.ptr(), u.ptr(), o.lr, o.rho, 1 - o.rho, o.eps, o.weightDecay, o.maximize ? 1 : 0);
  }
}
