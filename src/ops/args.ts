// Argument checks shared by every public op: clear errors naming the op, the argument, what was expected and what came.
import { Tensor, describeValue } from "../tensor";

/** A live Tensor of the current runtime, or a TypeError. */
export function checkTensor(op: string, arg: string, t: unknown): Tensor {
  if (!(t instanceof Tensor)) throw new TypeError(`${op}: ${arg} must be a Tensor, got ${describeValue(t)}`);
  if (!t.isLive()) t.storage(`${op}: ${arg}`); // throws the disposed / stale-runtime error
  return t;
}

/** A float32 Tensor, or a TypeError. */
export function checkFloat(op: string, arg: string, t: unknown): Tensor {
  const x = checkTensor(op, arg, t);
  if (x.dtype !== "float32") throw new TypeError(`${op}: ${arg} must be float32, got ${x.dtype}`);
  return x;
}

/** A number passing `check` (default: finite), or a RangeError saying what was wanted. */
export function checkNumber(op: string, name: string, v: unknown, check: (v: number) => boolean = Number.isFinite, want = "a finite number"): number {
  if (typeof v !== "number" || !check(v)) throw new RangeError(`${op}: ${name} must be ${want}, got ${describeValue(v)}`);
  return v;
}

/** An options object with only known keys (typos such as `learningRate` for `lr` are errors, not ignored). */
export function checkOptions<T extends object>(op: string, o: T | undefined, known: readonly string[]): Partial<T> {
  if (o === undefined) return {};
  if (typeof o !== "object" || o === null || Array.isArray(o)) throw new TypeError(`${op}: options must be an object, got ${describeValue(o)}`);
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new TypeError(`${op}: unknown option "${key}" (expected ${known.length ? known.join(", ") : "none"})`);
  }
  return o;
}

/** An int32 Tensor of class indices or positions, or a TypeError. */
export function checkIndices(op: string, arg: string, t: unknown): Tensor {
  const x = checkTensor(op, arg, t);
  if (x.dtype !== "int32") throw new TypeError(`${op}: ${arg} must be an int32 tensor (tensor(data, { dtype: "int32" }) or an Int32Array), got ${x.dtype}`);
  return x;
}
