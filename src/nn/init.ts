// Parameter initialisers (nn.init): fill tensors in place from the seeded generator, with PyTorch's formulas.
import { runtime } from "../backend/runtime";
import { Generator, defaultGenerator } from "../random";
import { type Tensor, describeValue, forEachOffset } from "../tensor";
import { checkFloat, checkNumber, checkOptions, checkTensor } from "../ops/args";

export interface GeneratorOptions {
  /** Draw from this generator instead of the default one (seeded by manualSeed). */
  generator?: Generator;
}

function generatorOf(op: string, opts: GeneratorOptions | undefined, more: string[] = []): Generator {
  const { generator = defaultGenerator } = checkOptions(op, opts, ["generator", ...more]);
  if (!(generator instanceof Generator)) throw new TypeError(`${op}: generator must be a Generator, got ${describeValue(generator)}`);
  return generator;
}

/** Writes value() into every element of t in row-major order (any strides), without autograd. */
function fillWith(op: string, t: Tensor, value: () => number): Tensor {
  checkFloat(op, "tensor", t);
  const f = runtime().f32();
  const base = t.ptr() >> 2;
  if (t.isContiguous()) for (let i = 0; i < t.size; i++) f[base + i] = value();
  else forEachOffset(t.shape, t.strides, (_, off) => (f[base + off] = value()));
  return t;
}

/** Fills t with samples of U(a, b). */
export function uniform(t: Tensor, a = 0, b = 1, opts?: GeneratorOptions): Tensor {
  const gen = generatorOf("uniform", opts);
  checkNumber("uniform", "a", a);
  checkNumber("uniform", "b", b, (v) => Number.isFinite(v) && v >= a, `a finite number >= a (${a})`);
  // contiguous, and random() not overridden by a subclass: the same numbers from a tight loop
  if (checkFloat("uniform", "tensor", t).isContiguous() && gen.random === Generator.prototype.random) {
    gen.fillUniform(runtime().f32(), t.ptr() >> 2, t.size, a, b);
    return t;
  }
  return fillWith("uniform", t, () => a + (b - a) * gen.random());
}

/** Fills t with samples of N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1, opts?: GeneratorOptions): Tensor {
  const gen = generatorOf("normal", opts);
  checkNumber("normal", "mean", mean);
  checkNumber("normal", "std", std, (v) => Number.isFinite(v) && v >= 0, "a finite number >= 0");
  return fillWith("normal", t, () => mean + std * gen.normal());
}

/** Fills t with `value`. */
export function constant(t: Tensor, value: number): Tensor {
  const v = checkNumber("constant", "value", value, (x) => typeof x === "number", "a number");
  if (checkFloat("constant", "tensor", t).isContiguous()) runtime().k.fill(t.size, t.ptr(), v);
  else fillWith("constant", t, () => v);
  return t;
}

/** Fills t with 0. */
export const zeros = (t: Tensor) => constant(t, 0);
/** Fills t with 1. */
export const ones = (t: Tensor) => constant(t, 1);

/** fan_in and fan_out of a weight: dims 1 and 0 times the receptive field (the product of dims 2…). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  checkTensor("calculateFanInAndFanOut", "tensor", t);
  if (t.ndim < 2) throw new RangeError(`init: fan in and fan out need a tensor with at least 2 dimensions, got shape [${t.shape.join(", ")}]`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

export type Nonlinearity =
  | "linear" | "conv1d" | "conv2d" | "conv3d" | "convTranspose1d" | "convTranspose2d" | "convTranspose3d"
  | "sigmoid" | "tanh" | "relu" | "leakyRelu" | "selu";

const UNIT_GAIN = ["linear", "conv1d", "conv2d", "conv3d", "convTranspose1d", "convTranspose2d", "convTranspose3d", "sigmoid"];

/**
 * The recommended gain for a nonlinearity (PyTorch's calculate_gain): 1 for linear/conv/sigmoid, 5/3 for tanh, √2 for
 * relu, √(2/(1 + slope²)) for leakyRelu (slope = param, default 0.01), 3/4 for selu.
 */
export function calculateGain(nonlinearity: Nonlinearity, param?: number | null): number {
  if (UNIT_GAIN.includes(nonlinearity)) return 1;
  if (nonlinearity === "tanh") return 5 / 3;
  if (nonlinearity === "relu") return Math.SQRT2;
  if (nonlinearity === "selu") return 3 / 4;
  if (nonlinearity === "leakyRelu") {
    const slope = param ?? 0.01;
    checkNumber("calculateGain", "param (negative slope)", slope);
    return Math.sqrt(2 / (1 + slope * slope));
  }
  throw new RangeError(`calculateGain: unsupported nonlinearity ${describeValue(nonlinearity)} (expected ${[...UNIT_GAIN, "tanh", "relu", "leakyRelu", "selu"].join(", ")})`);
}

export interface XavierOptions extends GeneratorOptions {
  /** Scale factor (default 1; see calculateGain). */
  gain?: number;
}

function xavierStd(op: string, t: Tensor, gain: number): number {
  checkFloat(op, "tensor", t);
  checkNumber(op, "gain", gain);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  return t.size === 0 ? 0 : gain * Math.sqrt(2 / (fanIn + fanOut)); // a zero-element tensor: nothing to fill
}

/** Xavier/Glorot uniform: U(−b, b) with b = gain·√(6/(fanIn + fanOut)). */
export function xavierUniform(t: Tensor, opts?: XavierOptions): Tensor {
  const gen = generatorOf("xavierUniform", opts, ["gain"]);
  const bound = Math.sqrt(3) * xavierStd("xavierUniform", t, opts?.gain ?? 1);
  return uniform(t, -bound, bound, { generator: gen });
}

/** Xavier/Glorot normal: N(0, std²) with std = gain·√(2/(fanIn + fanOut)). */
export function xavierNormal(t: Tensor, opts?: XavierOptions): Tensor {
  const gen = generatorOf("xavierNormal", opts, ["gain"]);
  return normal(t, 0, xavierStd("xavierNormal", t, opts?.gain ?? 1), { generator: gen });
}

export interface KaimingOptions extends GeneratorOptions {
  /** Negative slope of the leaky ReLU that follows (used with nonlinearity "leakyRelu"; default 0). */
  a?: number;
  /** "fanIn" (default) keeps the forward variance, "fanOut" the backward one. */
  mode?: "fanIn" | "fanOut";
  /** The nonlinearity that follows (default "leakyRelu"). */
  nonlinearity?: Nonlinearity;
}

function kaimingStd(op: string, t: Tensor, opts: KaimingOptions | undefined): number {
  const { a = 0, mode = "fanIn", nonlinearity = "leakyRelu" } = opts ?? {};
  checkFloat(op, "tensor", t);
  checkNumber(op, "a", a);
  if (mode !== "fanIn" && mode !== "fanOut") throw new RangeError(`${op}: mode must be "fanIn" or "fanOut", got ${describeValue(mode)}`);
  const [fanIn, fanOut] = calculateFanInAndFanOut(t);
  const gain = calculateGain(nonlinearity, a);
  return t.size === 0 ? 0 : gain / Math.sqrt(mode === "fanIn" ? fanIn : fanOut); // a zero-element tensor: nothing to fill
}

const KAIMING_KEYS = ["a", "mode", "nonlinearity"];

/** Kaiming/He uniform: U(−b, b) with b = gain·√(3/fan), gain = calculateGain(nonlinearity, a), fan by mode. */
export function kaimingUniform(t: Tensor, opts?: KaimingOptions): Tensor {
  const gen = generatorOf("kaimingUniform", opts, KAIMING_KEYS);
  const bound = Math.sqrt(3) * kaimingStd("kaimingUniform", t, opts);
  return uniform(t, -bound, bound, { generator: gen });
}

/** Kaiming/He normal: N(0, std²) with std = gain/√fan, gain = calculateGain(nonlinearity, a), fan by mode. */
export function kaimingNormal(t: Tensor, opts?: KaimingOptions): Tensor {
  const gen = generatorOf("kaimingNormal", opts, KAIMING_KEYS);
  return normal(t, 0, kaimingStd("kaimingNormal", t, opts), { generator: gen });
}
