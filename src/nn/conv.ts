// Convolution layers: Conv1d/2d/3d and ConvTranspose1d/2d/3d, thin modules over F.conv* with PyTorch's default init.
import { Module, Parameter } from "./module";
import { type Tensor, describeValue, empty } from "../tensor";
import { checkNumber, checkOptions, checkTensor } from "../ops/args";
import {
  conv1d, conv2d, conv3d, convTranspose1d, convTranspose2d, convTranspose3d, spatialNonNegative, spatialPositive,
} from "../ops/conv";
import type { Spatial } from "../ops/pool";
import { pad } from "../ops/movement";
import { kaimingUniform, uniform } from "./init";

export type PaddingMode = "zeros" | "reflect" | "replicate";

export interface ConvModuleOptions {
  stride?: Spatial;
  padding?: Spatial | "same" | "valid";
  dilation?: Spatial;
  groups?: number;
  /** Learn an additive bias (default true). */
  bias?: boolean;
  /** How the padding is filled: "zeros" (default), "reflect" (mirror, edge not repeated) or "replicate" (edge). */
  paddingMode?: PaddingMode;
}

export interface ConvTransposeModuleOptions {
  stride?: Spatial;
  padding?: Spatial;
  outputPadding?: Spatial;
  dilation?: Spatial;
  groups?: number;
  bias?: boolean;
}

type ConvFn = typeof conv2d;
type ConvTFn = typeof convTranspose2d;

function channels(op: string, inChannels: number, outChannels: number, groups: unknown): number {
  checkNumber(op, "inChannels", inChannels, (v) => Number.isInteger(v) && v > 0, "a positive integer");
  checkNumber(op, "outChannels", outChannels, (v) => Number.isInteger(v) && v > 0, "a positive integer");
  const g = checkNumber(op, "groups", groups, (v) => Number.isInteger(v) && v > 0, "a positive integer");
  if (inChannels % g !== 0) throw new RangeError(`${op}: inChannels ${inChannels} must be divisible by groups ${g}`);
  if (outChannels % g !== 0) throw new RangeError(`${op}: outChannels ${outChannels} must be divisible by groups ${g}`);
  return g;
}

/** PyTorch's reset_parameters: weight kaiming_uniform(a = √5), i.e. U(±1/√fanIn), bias U(±1/√fanIn), fanIn = weight.shape[1]·∏kernel. */
function resetConv(weight: Tensor, bias: Tensor | null): void {
  kaimingUniform(weight, { a: Math.sqrt(5) });
  if (bias) {
    const fanIn = weight.shape.slice(1).reduce((a, b) => a * b, 1);
    const bound = fanIn > 0 ? 1 / Math.sqrt(fanIn) : 0;
    uniform(bias, -bound, bound);
  }
}

/** The shared body of Conv1d/2d/3d. */
abstract class ConvNd extends Module {
  static readonly typeName: string = "ConvNd";
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[] | "same" | "valid";
  readonly dilation: number[];
  readonly groups: number;
  readonly paddingMode: PaddingMode;

  constructor(private readonly nd: number, private readonly fn: ConvFn, readonly inChannels: number, readonly outChannels: number, kernelSize: Spatial, opts?: ConvModuleOptions) {
    super();
    const op = `Conv${nd}d`;
    const o = checkOptions(op, opts, ["stride", "padding", "dilation", "groups", "bias", "paddingMode"]);
    this.groups = channels(op, inChannels, outChannels, o.groups ?? 1);
    this.kernelSize = spatialPositive(op, "kernelSize", kernelSize, nd);
    this.stride = spatialPositive(op, "stride", o.stride ?? 1, nd);
    this.dilation = spatialPositive(op, "dilation", o.dilation ?? 1, nd);
    const padding = o.padding ?? 0;
    if (padding === "same" || padding === "valid") {
      if (padding === "same" && this.stride.some((s) => s !== 1)) throw new RangeError(`${op}: padding "same" needs stride 1, got stride [${this.stride.join(", ")}]`);
      this.padding = padding;
    } else this.padding = spatialNonNegative(op, "padding", padding, nd);
    const mode = o.paddingMode ?? "zeros";
    if (mode !== "zeros" && mode !== "reflect" && mode !== "replicate") {
      throw new RangeError(`${op}: paddingMode must be "zeros", "reflect" or "replicate", got ${describeValue(mode)}`);
    }
    this.paddingMode = mode;
    this.weight = Parameter(empty([outChannels, inChannels / this.groups, ...this.kernelSize]));
    this.bias = o.bias ?? true ? Parameter(empty([outChannels])) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    resetConv(this.weight, this.bias);
  }
  forward(x: Tensor): Tensor {
    const opts = { stride: this.stride, dilation: this.dilation, groups: this.groups };
    if (this.paddingMode === "zeros") return this.fn(x, this.weight, this.bias, { ...opts, padding: this.padding });
    // reflect / replicate: pad explicitly (F.pad lists the last dimension first), then convolve without padding
    const widths = this.padding === "valid" ? new Array<number>(this.nd).fill(0) : this.padding;
    const pairs = widths === "same"
      ? this.kernelSize.map((k, i) => { const t = this.dilation[i] * (k - 1), a = Math.floor(t / 2); return [a, t - a]; })
      : widths.map((p) => [p, p]);
    const padded = pad(x, pairs.reverse().flat(), { mode: this.paddingMode });
    const y = this.fn(padded, this.weight, this.bias, opts);
    padded.dispose();
    return y;
  }
  extraRepr(): string {
    const pad = typeof this.padding === "string" ? `"${this.padding}"` : `[${this.padding.join(", ")}]`;
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(", ")}], stride=[${this.stride.join(", ")}], padding=${pad}` +
      (this.dilation.some((d) => d !== 1) ? `, dilation=[${this.dilation.join(", ")}]` : "") +
      (this.groups !== 1 ? `, groups=${this.groups}` : "") + (this.bias ? "" : ", bias=false") +
      (this.paddingMode !== "zeros" ? `, paddingMode=${this.paddingMode}` : "");
  }
}

/** The shared body of ConvTranspose1d/2d/3d. */
abstract class ConvTransposeNd extends Module {
  static readonly typeName: string = "ConvTransposeNd";
  weight: Tensor;
  bias: Tensor | null;
  readonly kernelSize: number[];
  readonly stride: number[];
  readonly padding: number[];
  readonly outputPadding: number[];
  readonly dilation: number[];
  readonly groups: number;

  constructor(private readonly nd: number, private readonly fn: ConvTFn, readonly inChannels: number, readonly outChannels: number, kernelSize: Spatial, opts?: ConvTransposeModuleOptions) {
    super();
    const op = `ConvTranspose${nd}d`;
    const o = checkOptions(op, opts, ["stride", "padding", "outputPadding", "dilation", "groups", "bias"]);
    this.groups = channels(op, inChannels, outChannels, o.groups ?? 1);
    this.kernelSize = spatialPositive(op, "kernelSize", kernelSize, nd);
    this.stride = spatialPositive(op, "stride", o.stride ?? 1, nd);
    this.padding = spatialNonNegative(op, "padding", o.padding ?? 0, nd);
    this.outputPadding = spatialNonNegative(op, "outputPadding", o.outputPadding ?? 0, nd);
    this.dilation = spatialPositive(op, "dilation", o.dilation ?? 1, nd);
    this.weight = Parameter(empty([inChannels, outChannels / this.groups, ...this.kernelSize]));
    this.bias = o.bias ?? true ? Parameter(empty([outChannels])) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    resetConv(this.weight, this.bias);
  }
  /**
   * y = convTranspose(x). A strided convolution maps several input sizes to the same output size; `outputSize` picks
   * the one to return (its spatial sizes, or the full [N, C, ...spatial] shape), overriding outputPadding, as in PyTorch.
   */
  forward(x: Tensor, opts?: { outputSize?: readonly number[] }): Tensor {
    const { stride, padding, dilation, groups } = this;
    const { outputSize } = checkOptions(`ConvTranspose${this.nd}d.forward`, opts, ["outputSize"]);
    const outputPadding = outputSize === undefined ? this.outputPadding : this.paddingFor(x, outputSize);
    return this.fn(x, this.weight, this.bias, { stride, padding, outputPadding, dilation, groups });
  }
  /** The output padding that makes the output `size`: size − minimum size per spatial dimension, below the stride. */
  private paddingFor(x: Tensor, size: readonly number[]): number[] {
    const op = `ConvTranspose${this.nd}d.forward`, nd = this.nd;
    checkTensor(op, "input", x);
    if (!Array.isArray(size) || (size.length !== nd && size.length !== nd + 2) || x.ndim !== nd + 2) {
      throw new RangeError(`${op}: outputSize must have ${nd} (or ${nd + 2}) entries for a ${nd + 2}-D input, got ${describeValue(size)} for input shape [${x.shape.join(", ")}]`);
    }
    const want = size.slice(size.length - nd);
    return want.map((v, i) => {
      const min = (x.shape[i + 2] - 1) * this.stride[i] - 2 * this.padding[i] + this.dilation[i] * (this.kernelSize[i] - 1) + 1;
      const max = min + Math.max(this.stride[i], this.dilation[i]) - 1;
      if (!Number.isInteger(v) || v < min || v > max) {
        throw new RangeError(`${op}: outputSize [${want.join(", ")}] is not reachable: spatial dimension ${i} must be in [${min}, ${max}] for input shape [${x.shape.join(", ")}], got ${describeValue(v)}`);
      }
      return v - min;
    });
  }
  extraRepr(): string {
    return `${this.inChannels}, ${this.outChannels}, kernelSize=[${this.kernelSize.join(", ")}], stride=[${this.stride.join(", ")}], padding=[${this.padding.join(", ")}]` +
      (this.outputPadding.some((p) => p !== 0) ? `, outputPadding=[${this.outputPadding.join(", ")}]` : "") +
      (this.dilation.some((d) => d !== 1) ? `, dilation=[${this.dilation.join(", ")}]` : "") +
      (this.groups !== 1 ? `, groups=${this.groups}` : "") + (this.bias ? "" : ", bias=false");
  }
}

/** y = conv1d(x, weight, bias): [N, inChannels, L] → [N, outChannels, Lout]; weight [out, in/groups, k]. */
export class Conv1d extends ConvNd {
  static readonly typeName: string = "Conv1d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvModuleOptions) {
    super(1, conv1d, inChannels, outChannels, kernelSize, opts);
  }
}

/** y = conv2d(x, weight, bias): [N, inChannels, H, W] → [N, outChannels, Hout, Wout]; weight [out, in/groups, kH, kW]. */
export class Conv2d extends ConvNd {
  static readonly typeName: string = "Conv2d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvModuleOptions) {
    super(2, conv2d, inChannels, outChannels, kernelSize, opts);
  }
}

/** y = conv3d(x, weight, bias): [N, inChannels, D, H, W] → [N, outChannels, Dout, Hout, Wout]. */
export class Conv3d extends ConvNd {
  static readonly typeName: string = "Conv3d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvModuleOptions) {
    super(3, conv3d, inChannels, outChannels, kernelSize, opts);
  }
}

/** y = convTranspose1d(x, weight, bias): [N, inChannels, L] → [N, outChannels, Lout]; weight [in, out/groups, k]. */
export class ConvTranspose1d extends ConvTransposeNd {
  static readonly typeName: string = "ConvTranspose1d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvTransposeModuleOptions) {
    super(1, convTranspose1d, inChannels, outChannels, kernelSize, opts);
  }
}

/** y = convTranspose2d(x, weight, bias): [N, inChannels, H, W] → [N, outChannels, Hout, Wout]; weight [in, out/groups, kH, kW]. */
export class ConvTranspose2d extends ConvTransposeNd {
  static readonly typeName: string = "ConvTranspose2d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvTransposeModuleOptions) {
    super(2, convTranspose2d, inChannels, outChannels, kernelSize, opts);
  }
}

/** y = convTranspose3d(x, weight, bias): [N, inChannels, D, H, W] → [N, outChannels, Dout, Hout, Wout]. */
export class ConvTranspose3d extends ConvTransposeNd {
  static readonly typeName: string = "ConvTranspose3d";
  constructor(inChannels: number, outChannels: number, kernelSize: Spatial, opts?: ConvTransposeModuleOptions) {
    super(3, convTranspose3d, inChannels, outChannels, kernelSize, opts);
  }
}
