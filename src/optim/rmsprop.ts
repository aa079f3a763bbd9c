// RMSprop with weight decay, momentum, the centered variant and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import { checkOptions } from "../ops/args";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkBool, checkHyper, checkKnown } from "./optimizer";

export interface RMSpropOptions {
  lr: number;
  alpha: number;
  eps: number;
  weightDecay: number;
  momentum: number;
  centered: boolean;
  maximize: boolean;
}

const KNOWN = ["lr", "alpha", "eps", "weightDecay", "momentum", "centered", "maximize"];

/**
 * RMSprop, as torch.optim.RMSprop: g ← ±∇ + λ·p;  v ← α·v + (1 − α)·g²;  a ← √v + ε, or centered
 * (ḡ ← α·ḡ + (1 − α)·g) a ← √(v − ḡ²) + ε;  p ← p − lr·g/a, or with momentum b ← μ·b + g/a, p ← p − lr·b.
 * State: step, squareAvg, momentumBuffer (momentum > 0), gradAvg (centered).
 */
export class RMSprop extends Optimizer<RMSpropOptions> {
  protected readonly stateKeys = ["step", "squareAvg", "momentumBuffer", "gradAvg"];
  constructor(params: ParamsInput, options?: Partial<RMSpropOptions>) {
    super("RMSprop", params, {
      lr: 1e-2, alpha: 0.99, eps: 1e-8, weightDecay: 0, momentum: 0, centered: false, maximize: false, ...checkOptions("RMSprop", options, KNOWN),
    });
  }
  protected validate(o: RMSpropOptions, op: string): RMSpropOptions {
    checkKnown(op, o, KNOWN);
    checkHyper(op, "lr", o.lr, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "alpha", o.alpha, (v) => v >= 0 && v <= 1, "in [0, 1]");
    for (const k of ["eps", "weightDecay", "momentum"] as const) checkHyper(op, k, o[k], (v) => v >= 0, "a finite number >= 0");
    checkBool(op, "centered", o.centered);
    checkBool(op, "maximize", o.maximize);
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & RMSpropOptions): void {
    this.nextStep(state);
    const v = this.stateBuffer(state, p, "squareAvg");
    const buf = o.momentum > 0 ? this.stateBuffer(state, p, "momentumBuffer") : null;
    const gavg = o.centered ? this.stateBuffer(state, p, "gradAvg") : null;
    runtime().k.rmsprop(p.size, p.ptr(), g.ptr(), v.ptr(), gavg ? gavg.ptr() : 0, buf ? buf.ptr() : 0,
      o.lr, o.alpha, 1 - o.alpha, o.eps, o.weightDecay, o.momentum, (o.centered ? 1 : 0) | (o.maximize ? 2 : 0));
  }
}
