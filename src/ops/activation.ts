// Activation functions and (log-)softmax: primitives over fused wasm kernels, forward and backward side by side.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { moveDimLast, moveLastBack, normDim, unary, unaryBwd } from "../raw";
import { type Tensor, empty, describeValue } from "../tensor";
import { checkFloat, checkNumber as number, checkOptions as options } from "./args";
import { clamp } from "./elementwise";

/** d relu = g·[x > 0] */
class Relu extends Fn {
  static readonly typeName: string = "Relu";
  forward(x: Tensor) { this.save(x); return unary(runtime().k.relu, x); }
  backward(g: Tensor) { return [unaryBwd(runtime().k.reluBwd, this.saved[0], g)]; }
}
/** d σ = g·y(1 − y) */
class Sigmoid extends Fn {
  static readonly typeName: string = "Sigmoid";
  forward(x: Tensor) { const y = unary(runtime().k.sigmoid, x); this.save(y); return y; }
  backward(g: Tensor) { return [unaryBwd(runtime().k.sigmoidBwd, this.saved[0], g)]; }
}
/** d tanh = g·(1 − y²) */
class Tanh extends Fn {
  static readonly typeName: string = "Tanh";
  forward(x: Tensor) { const y = unary(runtime().k.tanh, x); this.save(y); return y; }
  backward(g: Tensor) { return [unaryBwd(runtime().k.tanhBwd, this.saved[0], g)]; }
}
/** d leaky_relu = g·(x > 0 ? 1 : slope) */
class LeakyRelu extends Fn {
  static readonly typeName: string = "LeakyRelu";
  constructor(private readonly slope: number) { super(); }
  forward(x: Tensor) { this.save(x); return unary(runtime().k.leakyRelu, x, this.slope); }
  backward(g: Tensor) { return [unaryBwd(runtime().k.leakyReluBwd, this.saved[0], g, this.slope)]; }
}
/** d elu = g·(x > 0 ? 1 : α·eˣ) */
class Elu extends Fn {
  static readonly typeName: string = "Elu";
  constructor(private readonly alpha: number) { super(); }
  forward(x: Tensor) { this.save(x); return unary(runtime().k.elu, x, this.alpha); }
  backward(g: Tensor) { return [unaryBwd(runtime().k.eluBwd, this.saved[0], g, this.alpha)]; }
}
/** d softplus = g·(βx > threshold ? 1 : σ(βx)) */
class Softplus extends Fn {
  static readonly typeName: string = "Softplus";
  constructor(private readonly beta: number, private readonly threshold: number) { super(); }
  forward(x: Tensor) { this.save(x); return unary(runtime().k.softplus, x, this.beta, this.threshold); }
  backward(g: Tensor) { return [unaryBwd(runtime().k.softplusBwd, this.saved[0], g, this.beta, this.threshold)]; }
}
/** d gelu = g·(Φ(x) + x·φ(x)); tanh form: see the kernel. */
class Gelu extends Fn {
  static readonly typeName: string = "Gelu";
  constructor(private readonly tanh: boolean) { super(); }
  forward(x: Tensor) { this.save(x); const k = runtime().k; return unary(this.tanh ? k.geluTanh : k.gelu, x); }
  backward(g: Tensor) { const k = runtime().k; return [unaryBwd(this.tanh ? k.geluTanhBwd : k.geluBwd, this.saved[0], g)]; }
}

/** relu(x) = max(x, 0) */
export const relu = (x: Tensor) => new Relu().apply(checkFloat("relu", "input", x));
/** σ(x) = 1 / (1 + e⁻ˣ) */
export const sigmoid = (x: Tensor) => new Sigmoid().apply(checkFloat("sigmoid", "input", x));
/** tanh(x) */
export const tanh = (x: Tensor) => new Tanh().apply(checkFloat("tanh", "input", x));

/** leakyRelu(x) = x > 0 ? x : negativeSlope·x  (default 0.01) */
export function leakyRelu(x: Tensor, opts?: { negativeSlope?: number }): Tensor {
  const { negativeSlope = 0.01 } = options("leakyRelu", opts, ["negativeSlope"]);
  return new LeakyRelu(number("leakyRelu", "negativeSlope", negativeSlope)).apply(checkFloat("leakyRelu", "input", x));
}

/** elu(x) = x > 0 ? x : α(eˣ − 1)  (default α = 1) */
export function elu(x: Tensor, opts?: { alpha?: number }): Tensor {
  const { alpha = 1 } = options("elu", opts, ["alpha"]);
  return new Elu(number("elu", "alpha", alpha)).apply(checkFloat("elu", "input", x));
}

/** Softplus's options checked (for F.softplus and nn.Softplus): β finite and nonzero, threshold finite. */
export function softplusOptions(op: string, opts: { beta?: number; threshold?: number } | undefined): { beta: number; threshold: number } {
  const { beta = 1, threshold = 20 } = options(op, opts, ["beta", "threshold"]);
  number(op, "beta", beta, (v) => Number.isFinite(v) && v !== 0, "a finite nonzero number");
  return { beta, threshold: number(op, "threshold", threshold) };
}

/** softplus(x) = ln(1 + e^(βx))/β, linear where βx > threshold  (defaults β = 1, threshold = 20) */
export function softplus(x: Tensor, opts?: { beta?: number; threshold?: number }): Tensor {
  const { beta, threshold } = softplusOptions("softplus", opts);
  return new Softplus(beta, threshold).apply(checkFloat("softplus", "input", x));
}

/** GELU's options checked (for F.gelu and nn.GELU): whether the tanh approximation is asked for. */
export function geluOptions(op: string, opts: { approximate?: "none" | "tanh" } | undefined): boolean {
  const { approximate = "none" } = options(op, opts, ["approximate"]);
  if (approximate !== "none" && approximate !== "tanh") {
    throw new RangeError(`${op}: approximate must be "none" or "tanh", got ${describeValue(approximate)}`);
  }
  return approximate === "tanh";
}

/** gelu(x) = x·Φ(x); approximate "tanh": ½x(1 + tanh(√(2/π)(x + 0.044715x³))) */
export function gelu(x: Tensor, opts?: { approximate?: "none" | "tanh" }): Tensor {
  return new Gelu(geluOptions("gelu", opts)).apply(checkFloat("gelu", "input", x));
}

/** Hardtanh's bounds checked (for F.hardtanh and nn.Hardtanh): finite, minVal ≤ maxVal. */
export function hardtanhBounds(op: string, minVal: unknown, maxVal: unknown): [number, number] {
  const lo = number(op, "minVal", minVal), hi = number(op, "maxVal", maxVal);
  if (lo > hi) throw new RangeError(`${op}: minVal (${lo}) must not exceed maxVal (${hi})`);
  return [lo, hi];
}

/** hardtanh(x) = clamp(x, minVal, maxVal)  (defaults −1, 1) */
export function hardtanh(x: Tensor, opts?: { minVal?: number; maxVal?: number }): Tensor {
  const { minVal = -1, maxVal = 1 } = options("hardtanh", opts, ["minVal", "maxVal"]);
  checkFloat("hardtanh", "input", x);
  return clamp(x, ...hardtanhBounds("hardtanh", minVal, maxVal));
}

/** step(x) = x > 0 ? 1 : 0  (the perceptron's activation; no gradient flows through it). */
export function step(x: Tensor): Tensor {
  return unary(runtime().k.step, checkFloat("step", "input", x));
}

/** Softmax and log-softmax along a dimension, through row kernels over a last-dim-contiguous copy. */
class RowSoftmax extends Fn {
  static readonly typeName: string = "RowSoftmax";
  constructor(private readonly dim: number, private readonly log: boolean) { super(); }
  forward(x: Tensor) {
    const k = runtime().k;
    const rows = moveDimLast(x, this.dim);
    const y = empty(rows.shape, "float32", false);
    const cols = rows.shape[rows.ndim - 1] ?? 1;
    if (y.size > 0) (this.log ? k.logSoftmax : k.softmax)(y.size / cols, cols, rows.ptr(), y.ptr());
    rows.dispose();
    this.save(y);
    const out = moveLastBack(y, this.dim);
    y.dispose();
    return out;
  }
  /** softmax: g_x = y ⊙ (g − Σ g·y);  log-softmax: g_x = g − eʸ·Σ g */
  backward(g: Tensor) {
    const k = runtime().k;
    const [y] = this.saved;
    const gr = moveDimLast(g, this.dim);
    const gx = empty(y.shape, "float32", false);
    const cols = y.shape[y.ndim - 1] ?? 1;
    if (gx.size > 0) (this.log ? k.logSoftmaxBwd : k.softmaxBwd)(gx.size / cols, cols, y.ptr(), gr.ptr(), gx.ptr());
    gr.dispose();
    const out = moveLastBack(gx, this.dim);
    gx.dispose();
    return [out];
  }
}

/** softmax(x)ᵢ = e^(xᵢ − max x) / Σⱼ e^(xⱼ − max x) along `dim`. */
export function softmax(x: Tensor, dim: number): Tensor {
  checkFloat("softmax", "input", x);
  return new RowSoftmax(normDim("softmax", dim, x.ndim), false).apply(x);
}

/** logSoftmax(x)ᵢ = xᵢ − max x − ln Σⱼ e^(xⱼ − max x) along `dim` (stable). */
export function logSoftmax(x: Tensor, dim: number): Tensor {
  checkFloat("logSoftmax", "input", x);
  return new RowSoftmax(normDim("logSoftmax", dim, x.ndim), true).apply(x);
}

