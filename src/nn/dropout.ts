// The Dropout module: F.dropout with the module's p, active only in training mode.
import { Module } from "./module";
import type { Tensor } from "../tensor";
import { type Generator } from "../random";
import { checkOptions } from "../ops/args";
import { checkDropoutP, dropout } from "../ops/dropout";

/**
 * y = x·m/(1 − p), m ~ Bernoulli(1 − p) per element, in training mode; y = x in eval mode (inverted dropout).
 * The mask comes from the default generator (seeded by manualSeed) or the one given.
 */
export class Dropout extends Module {
  readonly generator: Generator | undefined;
  constructor(readonly p = 0.5, opts?: { generator?: Generator }) {
    super();
    checkDropoutP("Dropout", p);
    this.generator = checkOptions("Dropout", opts, ["generator"]).generator;
  }
  forward(x: Tensor): Tensor {
    return dropout(x, { p: this.p, training: this.training, generator: this.generator });
  }
  extraRepr() { return `p=${this.p}`; }
}
