// Basic layers: Linear, Sequential, Identity, Flatten and the activation modules, each a thin wrapper over a function.
import { Parameter, Module } from "./module";
import { empty, type Tensor } from "../tensor";
import { checkNumber, checkOptions } from "../ops/args";
import * as A from "../ops/activation";
import { flatten } from "../ops/movement";
import { linear } from "../ops/matmul";
import { uniform } from "./init";

/**
 * y = x·Wᵀ + b. Weight [outFeatures, inFeatures] and bias [outFeatures] start as U(−1/√in, 1/√in), PyTorch's default
 * (kaiming_uniform with a = √5). Input [..., inFeatures] → output [..., outFeatures].
 */
export class Linear extends Module {
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

/** Runs modules in order, each on the previous one's output; children are named "0", "1", … */
export class Sequential extends Module {
  [index: number]: Module;
  readonly length: number;
  constructor(...modules: Module[]) {
    super();
    modules.forEach((m, i) => {
      if (!(m instanceof Module)) throw new TypeError(`Sequential: argument ${i} must be a Module`);
      this[i] = m;
    });
    this.length = modules.length;
  }
  forward(x: Tensor): Tensor {
    let out = x;
    for (const m of this.children()) {
      const next = m.forward(out) as Tensor;
      if (out !== x) out.dispose();
      out = next;
    }
    return out === x ? flattenNone(x) : out;
  }
}

/** An empty Sequential returns its input; give the caller its own handle so disposing it is safe. */
const flattenNone = (x: Tensor) => x.detach();

/** Returns its input. */
export class Identity extends Module {
  forward(x: Tensor): Tensor {
    return x.detach();
  }
}

/** Flattens dimensions startDim..endDim (default 1..−1: everything but the batch). */
export class Flatten extends Module {
  constructor(readonly startDim = 1, readonly endDim = -1) { super(); }
  forward(x: Tensor): Tensor {
    return flatten(x, this.startDim, this.endDim);
  }
}

export class ReLU extends Module {
  forward(x: Tensor) { return A.relu(x); }
}
export class Sigmoid extends Module {
  forward(x: Tensor) { return A.sigmoid(x); }
}
export class Tanh extends Module {
  forward(x: Tensor) { return A.tanh(x); }
}
export class GELU extends Module {
  constructor(readonly opts: { approximate?: "none" | "tanh" } = {}) { super(); }
  forward(x: Tensor) { return A.gelu(x, this.opts); }
}
export class LeakyReLU extends Module {
  constructor(readonly negativeSlope = 0.01) { super(); }
  forward(x: Tensor) { return A.leakyRelu(x, { negativeSlope: this.negativeSlope }); }
  extraRepr() { return `negativeSlope=${this.negativeSlope}`; }
}
export class ELU extends Module {
  constructor(readonly alpha = 1) { super(); }
  forward(x: Tensor) { return A.elu(x, { alpha: this.alpha }); }
}
export class Softplus extends Module {
  constructor(readonly opts: { beta?: number; threshold?: number } = {}) { super(); }
  forward(x: Tensor) { return A.softplus(x, this.opts); }
}
export class Hardtanh extends Module {
  constructor(readonly minVal = -1, readonly maxVal = 1) { super(); }
  forward(x: Tensor) { return A.hardtanh(x, { minVal: this.minVal, maxVal: this.maxVal }); }
}
/** The perceptron's threshold unit: x > 0 ? 1 : 0. */
export class Step extends Module {
  forward(x: Tensor) { return A.step(x); }
}
export class Softmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor) { return A.softmax(x, this.dim); }
  extraRepr() { return `dim=${this.dim}`; }
}
export class LogSoftmax extends Module {
  constructor(readonly dim: number) { super(); }
  forward(x: Tensor) { return A.logSoftmax(x, this.dim); }
  extraRepr() { return `dim=${this.dim}`; }
}
