// Tensor creation: from data, constant fills, ranges, identity, and seeded random tensors.
import { runtime } from "./backend/runtime";
import { Generator, defaultGenerator } from "./random";
import { type DType, type NestedArray, Tensor, describeValue, empty } from "./tensor";

export interface TensorOptions {
  requiresGrad?: boolean;
  dtype?: DType;
}

/** Typed arrays other than Float32Array/Int32Array (images as Uint8Array, Float64Array, …) are converted. */
export type NumericArray = Float64Array | Uint8Array | Uint8ClampedArray | Int8Array | Uint16Array | Int16Array | Uint32Array;
export type TensorData = number | NestedArray | Float32Array | Int32Array | NumericArray | readonly number[];

/**
 * Makes a tensor from a number, nested arrays, or a flat typed array/array with an explicit shape.
 * `tensor([[1, 2], [3, 4]])`, `tensor(new Float32Array(6), [2, 3])`, `tensor([1, 2], { requiresGrad: true })`.
 * An Int32Array makes an int32 tensor unless dtype says otherwise; other typed arrays (e.g. Uint8Array pixels) become
 * float32 unless dtype is "int32".
 */
export function tensor(data: TensorData, shapeOrOptions?: readonly number[] | TensorOptions, options: TensorOptions = {}): Tensor {
  let shape: number[] | undefined;
  if (Array.isArray(shapeOrOptions)) shape = checkShape("tensor", shapeOrOptions);
  else if (shapeOrOptions !== undefined) options = shapeOrOptions as TensorOptions;
  checkOptions("tensor", options);
  const dtype: DType = options.dtype ?? (data instanceof Int32Array ? "int32" : "float32");
  let flat: ArrayLike<number>;
  if (ArrayBuffer.isView(data) && !(data instanceof DataView) && !(data instanceof BigInt64Array) && !(data instanceof BigUint64Array)) {
    flat = data as ArrayLike<number>;
    shape ??= [flat.length];
  } else if (typeof data === "number") {
    flat = [data];
    shape ??= [];
  } else if (Array.isArray(data)) {
    const inferred = inferShape(data);
    flat = inferred.length > 1 ? (data as NestedArray[]).flat(inferred.length - 1 as 1) as number[] : (data as number[]);
    if (shape) {
      if (inferred.length !== 1) throw new TypeError(`tensor: with an explicit shape, data must be flat, got nested arrays of shape [${inferred}]`);
    } else shape = inferred;
    for (let i = 0; i < flat.length; i++) {
      if (typeof flat[i] !== "number") throw new TypeError(`tensor: data must contain numbers, got ${describeValue(flat[i])} at flat index ${i}`);
    }
  } else {
    throw new TypeError(`tensor: data must be a number, nested arrays or a typed array, got ${describeValue(data)}`);
  }
  const size = shape.reduce((a, b) => a * b, 1);
  if (size !== flat.length) throw new RangeError(`tensor: shape [${shape.join(", ")}] holds ${size} elements, but data has ${flat.length}`);
  // checked before allocating, so that a bad value leaves nothing behind
  if (dtype === "int32" && !(flat instanceof Int32Array)) {
    for (let i = 0; i < size; i++) {
      const v = flat[i];
      if (!Number.isInteger(v) || v < -2147483648 || v > 2147483647) {
        throw new TypeError(`tensor: int32 data must be integers in [-2147483648, 2147483647], got ${v} at flat index ${i}`);
      }
    }
  }
  const t = empty(shape, dtype);
  const rt = runtime();
  const dst = dtype === "int32" ? rt.i32() : rt.f32();
  const base = t.ptr() >> 2;
  if (dtype === "int32" && !(flat instanceof Int32Array)) {
    for (let i = 0; i < size; i++) dst[base + i] = flat[i];
  } else dst.set(flat as ArrayLike<number>, base);
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

function inferShape(data: readonly unknown[]): number[] {
  const shape: number[] = [];
  let level: unknown = data;
  while (Array.isArray(level)) {
    shape.push(level.length);
    level = level[0];
  }
  const check = (v: unknown, d: number, path: string) => {
    if (d === shape.length) {
      if (Array.isArray(v)) throw new TypeError(`tensor: nested arrays must be rectangular; ${path} is an array where a number was expected`);
      return;
    }
    if (!Array.isArray(v) || v.length !== shape[d]) {
      throw new TypeError(`tensor: nested arrays must be rectangular; ${path} should have length ${shape[d]}, got ${describeValue(v)}`);
    }
    v.forEach((x, i) => check(x, d + 1, `${path}[${i}]`));
  };
  check(data, 0, "data");
  return shape;
}

/** Validates a shape argument: an array of non-negative integers. */
export function checkShape(op: string, shape: unknown): number[] {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new TypeError(`${op}: shape must be an array of non-negative integers, got ${describeValue(shape)}${Array.isArray(shape) ? ` [${shape.join(", ")}]` : ""}`);
  }
  return shape.slice();
}

function checkOptions(op: string, o: TensorOptions): void {
  if (typeof o !== "object" || o === null) throw new TypeError(`${op}: options must be an object, got ${describeValue(o)}`);
  for (const key of Object.keys(o)) {
    if (key !== "requiresGrad" && key !== "dtype") throw new TypeError(`${op}: unknown option "${key}" (expected requiresGrad, dtype)`);
  }
  if (o.dtype !== undefined && o.dtype !== "float32" && o.dtype !== "int32") {
    throw new TypeError(`${op}: dtype must be "float32" or "int32", got ${describeValue(o.dtype)}`);
  }
}

/** A shape given as an array or as separate numbers: zeros([2, 3]) or zeros(2, 3). */
export type ShapeArgs = [readonly number[], TensorOptions?] | number[];

function parseShapeArgs(op: string, args: ShapeArgs): [number[], TensorOptions] {
  if (Array.isArray(args[0])) return [checkShape(op, args[0]), (args[1] as TensorOptions) ?? {}];
  return [checkShape(op, args), {}];
}

function finish(t: Tensor, options: TensorOptions): Tensor {
  if (options.requiresGrad) t.requiresGrad = true;
  return t;
}

/** A tensor filled with `value`. */
export function full(shape: readonly number[], value: number, options: TensorOptions = {}): Tensor {
  checkShape("full", shape);
  checkOptions("full", options);
  if (typeof value !== "number") throw new TypeError(`full: value must be a number, got ${describeValue(value)}`);
  const dtype = options.dtype ?? "float32";
  if (dtype === "int32" && !Number.isInteger(value)) throw new TypeError(`full: an int32 fill value must be an integer, got ${value}`);
  const t = empty(shape, dtype);
  const k = runtime().k;
  if (dtype === "int32") k.fillI32(t.size, t.ptr(), value);
  else k.fill(t.size, t.ptr(), value);
  return finish(t, options);
}

/** A tensor of zeros: zeros([2, 3]) or zeros(2, 3). */
export function zeros(...args: ShapeArgs): Tensor {
  const [shape, options] = parseShapeArgs("zeros", args);
  return full(shape, 0, options);
}

/** A tensor of ones: ones([2, 3]) or ones(2, 3). */
export function ones(...args: ShapeArgs): Tensor {
  const [shape, options] = parseShapeArgs("ones", args);
  return full(shape, 1, options);
}

/** A tensor filled with value, of t's shape and (unless options say otherwise) dtype. */
function like(op: string, t: Tensor, value: number, options: TensorOptions): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: input must be a Tensor, got ${describeValue(t)}`);
  t.storage(`${op}: input`);
  checkOptions(op, options);
  return full(t.shape, value, { dtype: t.dtype, ...options });
}

/** Zeros of t's shape and dtype. */
export const zerosLike = (t: Tensor, options: TensorOptions = {}) => like("zerosLike", t, 0, options);
/** Ones of t's shape and dtype. */
export const onesLike = (t: Tensor, options: TensorOptions = {}) => like("onesLike", t, 1, options);
/** `value` everywhere, in t's shape and dtype. */
export const fullLike = (t: Tensor, value: number, options: TensorOptions = {}) => like("fullLike", t, value, options);

function fromValues(op: string, shape: number[], options: TensorOptions, value: (i: number) => number): Tensor {
  checkOptions(op, options);
  const t = empty(shape, options.dtype ?? "float32");
  const rt = runtime();
  const dst = t.dtype === "int32" ? rt.i32() : rt.f32();
  const base = t.ptr() >> 2;
  for (let i = 0; i < t.size; i++) dst[base + i] = value(i);
  return finish(t, options);
}

/** Values start, start + step, … below end (PyTorch's arange): arange(5), arange(1, 4), arange(0, 1, 0.25). */
export function arange(start: number, end?: number, step = 1, options: TensorOptions = {}): Tensor {
  if (end === undefined) [start, end] = [0, start];
  for (const [name, v] of [["start", start], ["end", end], ["step", step]] as const) {
    if (!Number.isFinite(v)) throw new TypeError(`arange: ${name} must be a finite number, got ${describeValue(v)}`);
  }
  if (step === 0) throw new RangeError("arange: step must be nonzero, got 0");
  const n = Math.max(0, Math.ceil((end - start) / step));
  return fromValues("arange", [n], options, (i) => start + i * step);
}

/** `steps` evenly spaced values from start to end inclusive. */
export function linspace(start: number, end: number, steps: number, options: TensorOptions = {}): Tensor {
  for (const [name, v] of [["start", start], ["end", end]] as const) {
    if (!Number.isFinite(v)) throw new TypeError(`linspace: ${name} must be a finite number, got ${describeValue(v)}`);
  }
  if (!Number.isInteger(steps) || steps < 0) throw new RangeError(`linspace: steps must be a non-negative integer, got ${describeValue(steps)}`);
  const step = steps > 1 ? (end - start) / (steps - 1) : 0;
  // PyTorch fills the second half backwards from end, so both ends are exact.
  const half = Math.floor(steps / 2);
  return fromValues("linspace", [steps], options, (i) => (i < half ? start + step * i : end - step * (steps - 1 - i)));
}

/** The n×m identity matrix (m defaults to n). */
export function eye(n: number, m = n, options: TensorOptions = {}): Tensor {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`eye: n must be a non-negative integer, got ${describeValue(n)}`);
  if (!Number.isInteger(m) || m < 0) throw new RangeError(`eye: m must be a non-negative integer, got ${describeValue(m)}`);
  return fromValues("eye", [n, m], options, (i) => (Math.floor(i / m) === i % m ? 1 : 0));
}

export interface RandomOptions extends TensorOptions {
  /** Draw from this generator instead of the default one (seeded by manualSeed). */
  generator?: Generator;
}

function splitRandom(op: string, args: unknown[]): [number[], TensorOptions, Generator] {
  const last = args[args.length - 1];
  const opts = (typeof last === "object" && last !== null && !Array.isArray(last) ? args.pop() : {}) as RandomOptions;
  for (const key of Object.keys(opts)) {
    if (!["requiresGrad", "dtype", "generator"].includes(key)) throw new TypeError(`${op}: unknown option "${key}" (expected requiresGrad, dtype, generator)`);
  }
  const { generator, ...rest } = opts;
  if (rest.dtype !== undefined && rest.dtype !== "float32") {
    throw new TypeError(`${op}: dtype must be "float32" (${op === "rand" ? "uniform samples in [0, 1)" : "normal samples"} are not integers; use randint), got ${describeValue(rest.dtype)}`);
  }
  return [parseShapeArgs(op, args as ShapeArgs)[0], rest, generatorOf(op, generator)];
}

/** The generator option (default: the one manualSeed seeds), or a TypeError naming the op. */
function generatorOf(op: string, g: unknown): Generator {
  if (g === undefined) return defaultGenerator;
  if (!(g instanceof Generator)) throw new TypeError(`${op}: generator must be a Generator, got ${describeValue(g)}`);
  return g;
}

/** Uniform samples in [0, 1): rand([2, 3]) or rand(2, 3). */
export function rand(...args: (number | readonly number[] | RandomOptions)[]): Tensor {
  const [shape, options, gen] = splitRandom("rand", args);
  return fromValues("rand", shape, options, () => gen.random());
}

/** Standard normal samples: randn([2, 3]) or randn(2, 3). */
export function randn(...args: (number | readonly number[] | RandomOptions)[]): Tensor {
  const [shape, options, gen] = splitRandom("randn", args);
  return fromValues("randn", shape, options, () => gen.normal());
}

/** Uniform integers in [low, high) as an int32 tensor. */
export function randint(low: number, high: number, shape: readonly number[], options: RandomOptions = {}): Tensor {
  if (!Number.isInteger(low) || !Number.isInteger(high) || high <= low) {
    throw new RangeError(`randint: need integers low < high, got low=${describeValue(low)}, high=${describeValue(high)}`);
  }
  if (typeof options !== "object" || options === null) throw new TypeError(`randint: options must be an object, got ${describeValue(options)}`);
  const { generator, ...rest } = options;
  const gen = generatorOf("randint", generator);
  return fromValues("randint", checkShape("randint", shape), { dtype: "int32", ...rest }, () => low + gen.int(high - low));
}
