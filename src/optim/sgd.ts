// SGD with momentum, dampening, Nesterov, weight decay and maximize: one fused wasm kernel per parameter.
import { runtime } from "../backend/runtime";
import { checkOptions } from "../ops/args";
import type { Tensor } from "../tensor";
import { type ParamGroup, type ParamState, type ParamsInput, Optimizer, checkBool, checkHyper, checkKnown } from "./optimizer";

export interface SGDOptions {
  lr: number;
  momentum: number;
  dampening: number;
  weightDecay: number;
  nesterov: boolean;
  maximize: boolean;
}

const KNOWN = ["lr", "momentum", "dampening", "weightDecay", "nesterov", "maximize"];

/**
 * Stochastic gradient descent, as torch.optim.SGD:
 *   g ← ±∇ + λ·p;  b ← μ·b + (1 − τ)·g (b = g at the first step);  g ← nesterov ? g + μ·b : b;  p ← p − lr·g.
 * State: momentumBuffer (with momentum).
 */
export class SGD extends Optimizer<SGDOptions> {
  protected readonly stateKeys = ["momentumBuffer"];
  constructor(params: ParamsInput, options?: Partial<SGDOptions>) {
    super("SGD", params, { lr: 1e-3, momentum: 0, dampening: 0, weightDecay: 0, nesterov: false, maximize: false, ...checkOptions("SGD", options, KNOWN) });
  }
  protected validate(o: SGDOptions, op: string): SGDOptions {
    checkKnown(op, o, KNOWN);
    checkHyper(op, "lr", o.lr, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "momentum", o.momentum, (v) => v >= 0, "a finite number >= 0");
    checkHyper(op, "dampening", o.dampening, () => true, "a finite number");
    checkHyper(op, "weightDecay", o.weightDecay, (v) => v >= 0, "a finite number >= 0");
    checkBool(op, "nesterov", o.nesterov);
    checkBool(op, "maximize", o.maximize);
    if (o.nesterov && (o.momentum <= 0 || o.dampening !== 0)) throw new RangeError(`${op}: nesterov needs momentum > 0 and dampening 0`);
    return o;
  }
  protected update(p: Tensor, g: Tensor, state: ParamState, o: ParamGroup & SGDOptions): void {
    const first = o.momentum !== 0 && state.momentumBuffer === undefined;
    const buf = o.momentum !== 0 ? this.stateBuffer(state, p, "momentumBuffer") : null;
    const flags = (first ? 1 : 0) | (o.nesterov ? 2 : 0) | (o.maximize ? 4 : 0);
    runtime().k.sgd(p.size, p.ptr(), g.ptr(), buf ? buf.ptr() : 0, o.lr, o.momentum, 1 - o.dampening, o.weightDecay, flags);
  }
}
