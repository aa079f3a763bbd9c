// The Upsample module: F.interpolate with fixed size or scale factor, mode and alignCorners.
import { Module } from "./module";
import type { Tensor } from "../tensor";
import { checkOptions } from "../ops/args";
import { type InterpolateOptions, interpolate } from "../ops/interpolate";

/** y = interpolate(x, { size | scaleFactor, mode, alignCorners }) for x [N, C, …] with 1–3 spatial dims. */
export class Upsample extends Module {
  static readonly typeName: string = "Upsample";
  readonly opts: InterpolateOptions;
  constructor(opts: InterpolateOptions) {
    super();
    this.opts = { ...checkOptions("Upsample", opts, ["size", "scaleFactor", "mode", "alignCorners"]) };
  }
  forward(x: Tensor): Tensor {
    return interpolate(x, this.opts);
  }
  extraRepr(): string {
    const { size, scaleFactor, mode = "nearest" } = this.opts;
    return size !== undefined && size !== null ? `size=${JSON.stringify(size)}, mode=${mode}` : `scaleFactor=${JSON.stringify(scaleFactor)}, mode=${mode}`;
  }
}
