// Parameter initialisers (nn.init): fill tensors in place from the seeded generator, with PyTorch's formulas.
import { runtime } from "../backend/runtime";
import { type Generator, defaultGenerator } from "../random";
import type { Tensor } from "../tensor";
import { checkFloat, checkNumber } from "../ops/args";

function fillWith(op: string, t: Tensor, value: () => number): Tensor {
  checkFloat(op, "tensor", t);
  if (!t.isContiguous()) throw new TypeError(`${op}: tensor must be contiguous`);
  const f = runtime().f32();
  const base = t.ptr() >> 2;
  for (let i = 0; i < t.size; i++) f[base + i] = value();
  return t;
}

/** Fills t with samples of U(a, b). */
export function uniform(t: Tensor, a = 0, b = 1, generator: Generator = defaultGenerator): Tensor {
  checkNumber("uniform", "a", a);
  checkNumber("uniform", "b", b);
  return fillWith("uniform", t, () => a + (b - a) * generator.random());
}

/** Fills t with samples of N(mean, std²). */
export function normal(t: Tensor, mean = 0, std = 1, generator: Generator = defaultGenerator): Tensor {
  checkNumber("normal", "mean", mean);
  checkNumber("normal", "std", std, (v) => v >= 0, "a number >= 0");
  return fillWith("normal", t, () => mean + std * generator.normal());
}

/** Fills t with `value`. */
export function constant(t: Tensor, value: number): Tensor {
  checkFloat("constant", "tensor", t);
  runtime().k.fill(t.size, t.ptr(), checkNumber("constant", "value", value, () => true, "a number"));
  return t;
}

export const zeros = (t: Tensor) => constant(t, 0);
export const ones = (t: Tensor) => constant(t, 1);

/** fan_in and fan_out of a weight: dims 1 and 0 times the receptive field (the product of dims 2…). */
export function calculateFanInAndFanOut(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new RangeError(`init: fan in and fan out need a tensor with at least 2 dimensions, got shape [${t.shape.join(", ")}]`);
  const receptive = t.shape.slice(2).reduce((a, b) => a * b, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}
