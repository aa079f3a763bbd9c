// Pooling modules: MaxPool1d/2d/3d, AvgPool1d/2d/3d, AdaptiveAvgPool1d/2d, AdaptiveMaxPool2d, MaxUnpool1d/2d.
import { Module } from "./module";
import { type Tensor, className } from "../tensor";
import { checkOptions } from "../ops/args";
import * as P from "../ops/pool";

type Spatial = P.Spatial;
const fmt = (v: unknown) => (Array.isArray(v) ? `[${v.join(", ")}]` : String(v));

/** Shared by MaxPool1d/2d/3d: hyper-parameters checked at construction (by a dry run of the option parsing). */
abstract class MaxPoolNd extends Module {
  static readonly typeName: string = "MaxPoolNd";
  protected abstract readonly fn: typeof P.maxPool2d;
  readonly opts: P.MaxPoolOptions;
  constructor(readonly kernelSize: Spatial, opts?: P.MaxPoolOptions) {
    super();
    this.opts = { ...checkOptions(className(this), opts, ["stride", "padding", "dilation", "ceilMode", "returnIndices"]) };
  }
  forward(x: Tensor): Tensor | [Tensor, Tensor] {
    return this.fn(x, this.kernelSize, this.opts);
  }
  extraRepr(): string {
    const o = this.opts;
    return `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(o.stride ?? this.kernelSize)}, padding=${fmt(o.padding ?? 0)}, dilation=${fmt(o.dilation ?? 1)}, ceilMode=${o.ceilMode ?? false}`;
  }
}
/** y = maxPool1d(x, kernelSize, opts): x [N, C, L] or [C, L]; with returnIndices, forward returns [y, indices]. */
export class MaxPool1d extends MaxPoolNd { static readonly typeName: string = "MaxPool1d"; protected readonly fn = P.maxPool1d; }
/** y = maxPool2d(x, kernelSize, opts): x [N, C, H, W] or [C, H, W]; with returnIndices, forward returns [y, indices]. */
export class MaxPool2d extends MaxPoolNd { static readonly typeName: string = "MaxPool2d"; protected readonly fn = P.maxPool2d; }
/** y = maxPool3d(x, kernelSize, opts): x [N, C, D, H, W] or [C, D, H, W]; with returnIndices, forward returns [y, indices]. */
export class MaxPool3d extends MaxPoolNd { static readonly typeName: string = "MaxPool3d"; protected readonly fn = P.maxPool3d; }

abstract class AvgPoolNd extends Module {
  static readonly typeName: string = "AvgPoolNd";
  protected abstract readonly fn: typeof P.avgPool2d;
  readonly opts: P.AvgPoolNdOptions;
  constructor(readonly kernelSize: Spatial, opts?: P.AvgPoolNdOptions) {
    super();
    this.opts = { ...checkOptions(className(this), opts, ["stride", "padding", "ceilMode", "countIncludePad", "divisorOverride"]) };
  }
  forward(x: Tensor): Tensor {
    return this.fn(x, this.kernelSize, this.opts);
  }
  extraRepr(): string {
    const o = this.opts;
    return `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(o.stride ?? this.kernelSize)}, padding=${fmt(o.padding ?? 0)}`;
  }
}
/** y = avgPool1d(x, kernelSize, opts): x [N, C, L] or [C, L]. */
export class AvgPool1d extends AvgPoolNd {
  static readonly typeName: string = "AvgPool1d";
  protected readonly fn = P.avgPool1d;
  constructor(kernelSize: Spatial, opts?: P.AvgPoolOptions) { super(kernelSize, opts); }
}
/** y = avgPool2d(x, kernelSize, opts): x [N, C, H, W] or [C, H, W]. */
export class AvgPool2d extends AvgPoolNd { static readonly typeName: string = "AvgPool2d"; protected readonly fn = P.avgPool2d; }
/** y = avgPool3d(x, kernelSize, opts): x [N, C, D, H, W] or [C, D, H, W]. */
export class AvgPool3d extends AvgPoolNd { static readonly typeName: string = "AvgPool3d"; protected readonly fn = P.avgPool3d; }

/** y = adaptiveAvgPool1d(x, outputSize): x [N, C, L] or [C, L] → [..., outputSize]. */
export class AdaptiveAvgPool1d extends Module {
  static readonly typeName: string = "AdaptiveAvgPool1d";
  constructor(readonly outputSize: number) { super(); }
  forward(x: Tensor): Tensor { return P.adaptiveAvgPool1d(x, this.outputSize); }
  extraRepr() { return `outputSize=${this.outputSize}`; }
}
/** y = adaptiveAvgPool2d(x, outputSize): x [N, C, H, W] or [C, H, W] → [..., oh, ow]; AdaptiveAvgPool2d(1) is global average pooling. */
export class AdaptiveAvgPool2d extends Module {
  static readonly typeName: string = "AdaptiveAvgPool2d";
  constructor(readonly outputSize: number | readonly (number | null)[]) { super(); }
  forward(x: Tensor): Tensor { return P.adaptiveAvgPool2d(x, this.outputSize); }
  extraRepr() { return `outputSize=${fmt(this.outputSize)}`; }
}
/** y = adaptiveMaxPool2d(x, outputSize): x [N, C, H, W] or [C, H, W]; with returnIndices, forward returns [y, indices]. */
export class AdaptiveMaxPool2d extends Module {
  static readonly typeName: string = "AdaptiveMaxPool2d";
  readonly returnIndices: boolean;
  constructor(readonly outputSize: number | readonly (number | null)[], opts?: { returnIndices?: boolean }) {
    super();
    this.returnIndices = checkOptions("AdaptiveMaxPool2d", opts, ["returnIndices"]).returnIndices ?? false;
  }
  forward(x: Tensor): Tensor | [Tensor, Tensor] { return P.adaptiveMaxPool2d(x, this.outputSize, { returnIndices: this.returnIndices }); }
  extraRepr() { return `outputSize=${fmt(this.outputSize)}`; }
}

abstract class MaxUnpoolNd extends Module {
  static readonly typeName: string = "MaxUnpoolNd";
  protected abstract readonly fn: typeof P.maxUnpool2d;
  readonly opts: { stride?: Spatial | null; padding?: Spatial };
  constructor(readonly kernelSize: Spatial, opts?: { stride?: Spatial | null; padding?: Spatial }) {
    super();
    this.opts = { ...checkOptions(className(this), opts, ["stride", "padding"]) };
  }
  /** y = maxUnpool(x, indices) into an output of the default size, or of outputSize (spatial, or with [N, C] in front). */
  forward(x: Tensor, indices: Tensor, outputSize: readonly number[] | null = null): Tensor {
    return this.fn(x, indices, this.kernelSize, { ...this.opts, outputSize });
  }
  extraRepr() { return `kernelSize=${fmt(this.kernelSize)}, stride=${fmt(this.opts.stride ?? this.kernelSize)}, padding=${fmt(this.opts.padding ?? 0)}`; }
}
/** y = maxUnpool1d(x, indices, kernelSize, opts): the inverse of MaxPool1d with returnIndices. */
export class MaxUnpool1d extends MaxUnpoolNd { static readonly typeName: string = "MaxUnpool1d"; protected readonly fn = P.maxUnpool1d; }
/** y = maxUnpool2d(x, indices, kernelSize, opts): the inverse of MaxPool2d with returnIndices. */
export class MaxUnpool2d extends MaxUnpoolNd { static readonly typeName: string = "MaxUnpool2d"; protected readonly fn = P.maxUnpool2d; }
