// The dropout modules: F.dropout (per element) and F.dropout1d/2d/3d (per channel) with the module's p, only in training mode.
import { Module } from "./module";
import { type Tensor, className } from "../tensor";
import { type Generator } from "../random";
import { checkOptions } from "../ops/args";
import { type DropoutOptions, checkDropoutP, dropout, dropout1d, dropout2d, dropout3d } from "../ops/dropout";

/**
 * y = x·m/(1 − p), m ~ Bernoulli(1 − p) per element, in training mode; y = x in eval mode (inverted dropout).
 * The mask comes from the default generator (seeded by manualSeed) or the one given.
 */
export class Dropout extends Module {
  static readonly typeName: string = "Dropout";
  readonly generator: Generator | undefined;
  constructor(readonly p = 0.5, opts?: { generator?: Generator }) {
    super();
    checkDropoutP(className(this), p);
    this.generator = checkOptions(className(this), opts, ["generator"]).generator;
  }
  /** The functional form this module applies. */
  protected fn(x: Tensor, opts: DropoutOptions): Tensor { return dropout(x, opts); }
  forward(x: Tensor): Tensor {
    return this.fn(x, { p: this.p, training: this.training, generator: this.generator });
  }
  extraRepr() { return `p=${this.p}`; }
}

/** Channel dropout of [N, C, L] or [C, L]: each channel zeroed with probability p, the rest scaled by 1/(1 − p). */
export class Dropout1d extends Dropout {
  static readonly typeName: string = "Dropout1d";
  protected fn(x: Tensor, opts: DropoutOptions): Tensor { return dropout1d(x, opts); }
}
/** Channel dropout of images [N, C, H, W]: each feature map zeroed with probability p, the rest scaled by 1/(1 − p). */
export class Dropout2d extends Dropout {
  static readonly typeName: string = "Dropout2d";
  protected fn(x: Tensor, opts: DropoutOptions): Tensor { return dropout2d(x, opts); }
}
/** Channel dropout of volumes [N, C, D, H, W] or [C, D, H, W]: each channel zeroed with probability p, the rest scaled. */
export class Dropout3d extends Dropout {
  static readonly typeName: string = "Dropout3d";
  protected fn(x: Tensor, opts: DropoutOptions): Tensor { return dropout3d(x, opts); }
}
