// Loss modules: thin wrappers that hold the options of the loss functions in src/ops/loss.ts.
import { Module } from "./module";
import type { Tensor } from "../tensor";
import { type CrossEntropyOptions, type NllLossOptions, type Reduction, crossEntropy, mseLoss, nllLoss } from "../ops/loss";

export class MSELoss extends Module {
  constructor(readonly opts: { reduction?: Reduction } = {}) { super(); }
  forward(input: Tensor, target: Tensor) { return mseLoss(input, target, this.opts); }
}
export class CrossEntropyLoss extends Module {
  constructor(readonly opts: CrossEntropyOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor) { return crossEntropy(input, target, this.opts); }
}
export class NLLLoss extends Module {
  constructor(readonly opts: NllLossOptions = {}) { super(); }
  forward(input: Tensor, target: Tensor) { return nllLoss(input, target, this.opts); }
}
