// Basic layers: Linear, Identity, Flatten, Unflatten and the activation modules, each a thin wrapper over a function.
import { Parameter, Module } from "./module";
import { type Tensor, describeValue, empty } from "../tensor";
import { checkNumber, checkOptions, checkTensor } from "../ops/args";
import * as A from "../ops/activation";
import { flatten, reshape } from "../ops/movement";
import { normDim } from "../raw";
import { linear } from "../ops/matmul";
import { threshold as thresholdFn } from "../ops/threshold";
import { uniform } from "./init";

/** An integer hyper-parameter (a dimension index), or a RangeError naming the module. */
const integer = (op: string, name: string, v: unknown) => checkNumber(op, name, v, Number.isInteger, "an integer");

/**
 * y = x·Wᵀ + b. Weight [outFeatures, inFeatures] and bias [outFeatures] start as U(−1/√in, 1/√in), PyTorch's default
 * (kaiming_uniform with a = √5). Input [..., inFeatures] → output [..., outFeatures].
 */
export class Linear extends Module {
  static readonly typeName: string = "Linear";
  weight: Tensor;
  bias: Tensor | null;
  constructor(readonly inFeatures: number, readonly outFeatures: number, opts?: { bias?: boolean }) {
    super();
    checkNumber("Linear", "inFeatures", inFeatures, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer");
    checkNumber("Linear", "outFeatures", outFeatures, (v) => Number.isInteger(v) && v >= 0, "a non-negative integer");
    const { bias = true } = checkOptions("Linear", opts, ["bias"]);
    this.weight = Parameter(empty([outFeatures, inFeatures]));
    this.bias = bias ? Parameter(empty([outFeatures])) : null;
    this.resetParameters();
  }
  resetParameters(): void {
    const bound = this.inFeatures > 0 ? 1 / Math.sqrt(this.inFeatures) : 0;
    uniform(this.weight, -bound, bound);
    if (this.bias) uniform(this.bias, -bound, bound);
  }
  forward(x: Tensor): Tensor {
    return linear(x, this.weight, this.bias);
  }
  extraRepr(): string {
    return `inFeatures=${this.inFeatures}, outFeatures=${this.outFeatures}, bias=${this.bias !== null}`;
  }
}

/** y = x (a new handle; gradients flow through). Arguments are ignored, as in PyTorch. */
export class Identity extends Module {
  static readonly typeName: string = "Identity";
  constructor(..._args: unknown[]) { super(); }
  forward(x: Tensor): Tensor {
    return reshape(checkTensor("Identity", "input", x), x.shape);
  }
}

/** Flattens dimensions startDim..endDim (default 1..−1: everything but the batch). */
export class Flatten extends Module {
  static readonly typeName: string = "Flatten";
  constructor(readonly startDim = 1, readonly endDim = -1) {
    super();
    integer("Flatten", "startDim", startDim);
    integer("Flatten", "endDim", endDim);
  }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
  extraRepr() { return `startDim=${this.startDim}, endDim=${this.endDim}`; }
}

/** Splits dimension `dim` into `sizes` (one entry may be −1): [N, 12] with Unflatten(1, [3, 4]) → [N, 3, 4]. */
export class Unflatten extends Module {
  static readonly typeName: string = "Unflatten";
  readonly sizes: readonly number[];
  constructor(readonly dim: number, sizes: readonly number[]) {
    super();
    checkNumber("Unflatten", "dim", dim, Number.isInteger, "an integer");
    if (!Array.isArray(sizes) || sizes.length === 0 || !sizes.every((s) => Number.isInteger(s) && s >= -1) || sizes.filter((s) => s === -1).length > 1) {
      throw new TypeError(`Unflatten: sizes must be a non-empty array of non-negative integers with at most one -1, got ${describeValue(sizes)}`);
    }
    this.sizes = sizes.slice();
  }
  forward(x: Tensor): Tensor {
    checkTensor("Unflatten", "input", x);
    const d = normDim("Unflatten", this.dim, x.ndim);
    const known = this.sizes.reduce((a, s) => (s === -1 ? a : a * s), 1);
    const n = x.shape[d];
    if (this.sizes.includes(-1) ? known === 0 || n % known !== 0 : known !== n) {
      throw new RangeError(`Unflatten: sizes [${this.sizes.join(", ")}] do not fit dimension ${d} of size ${n} (input shape [${x.shape.join(", ")}])`);
    }
    const sizes = this.sizes.map((s) => (s === -1 ? n / known : s));
    return reshape(x, [...x.shape.slice(0, d), ...sizes, ...x.shape.slice(d + 1)]);
  }
  extraRepr() { return `dim=${this.dim}, sizes=[${this.sizes.join(", ")}]`; }
}

export class ReLU extends Module {
  static readonly typeName: string = "ReLU";
  forward(x: Tensor) { return A.relu(x); }
}
export class Sigmoid extends Module {
  static readonly typeName: string = "Sigmoid";
  forward(x: Tensor) { return A.sigmoid(x); }
}
export class Tanh extends Module {
  static readonly typeName: string = "Tanh";
  forward(x: Tensor) { return A.tanh(x); }
}
export class GELU extends Module {
  static readonly typeName: string = "GELU";
  constructor(readonly opts: { approximate?: "none" | "tanh" } = {}) {
    super();
    A.geluOptions("GELU", opts);
  }
  forward(x: Tensor) { return A.gelu(x, this.opts); }
}
export class LeakyReLU extends Module {
  static readonly typeName: string = "LeakyReLU";
  constructor(readonly negativeSlope = 0.01) {
    super();
    checkNumber("LeakyReLU", "negativeSlope", negativeSlope);
  }
  forward(x: Tensor) { return A.leakyRelu(x, { negativeSlope: this.negativeSlope }); }
  extraRepr() { return `negativeSlope=${this.negativeSlope}`; }
}
export class ELU extends Module {
  static readonly typeName: string = "ELU";
  constructor(readonly alpha = 1) {
    super();
    checkNumber("ELU", "alpha", alpha);
  }
  forward(x: Tensor) { return A.elu(x, { alpha: this.alpha }); }
}
export class Softplus extends Module {
  static readonly typeName: string = "Softplus";
  constructor(readonly opts: { beta?: number; threshold?: number } = {}) {
    super();
    A.softplusOptions("Softplus", opts);
  }
  forward(x: Tensor) { return A.softplus(x, this.opts); }
}
export class Hardtanh extends Module {
  static readonly typeName: string = "Hardtanh";
  constructor(readonly minVal = -1, readonly maxVal = 1) {
    super();
    A.hardtanhBounds("Hardtanh", minVal, maxVal);
  }
  forward(x: Tensor) { return A.hardtanh(x, { minVal: this.minVal, maxVal: this.maxVal }); }
}
/** y = x > threshold ? x : value */
export class Threshold extends Module {
  static readonly typeName: string = "Threshold";
  constructor(readonly threshold: number, readonly value: number) {
    super();
    for (const [name, v] of [["threshold", threshold], ["value", value]] as const) checkNumber("Threshold", name, v, (n) => n === n, "a number");
  }
  forward(x: Tensor) { return thresholdFn(x, this.threshold, this.value); }
  extraRepr() { return `threshold=${this.threshold}, value=${this.value}`; }
}
/** The perceptron's threshold unit: x > 0 ? 1 : 0. */
export class Step extends Module {
  static readonly typeName: string = "Step";
  forward(x: Tensor) { return A.step(x); }
}
export class Softmax extends Module {
  static readonly typeName: string = "Softmax";
  constructor(readonly dim: number) {
    super();
    integer("Softmax", "dim", dim);
  }
  forward(x: Tensor) { return A.softmax(x, this.dim); }
  extraRepr() { return `dim=${this.dim}`; }
}
export class LogSoftmax extends Module {
  static readonly typeName: string = "LogSoftmax";
  constructor(readonly dim: number) {
    super();
    integer("LogSoftmax", "dim", dim);
  }
  forward(x: Tensor) { return A.logSoftmax(x, this.dim); }
  extraRepr() { return `dim=${this.dim}`; }
}
