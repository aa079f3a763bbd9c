// Dropout: inverted dropout with a Bernoulli mask drawn from the seeded generator (or a given one).
import { runtime } from "../backend/runtime";
import { Generator, defaultGenerator } from "../random";
import { type Tensor, describeValue, empty } from "../tensor";
import { checkFloat, checkNumber, checkOptions } from "./args";
import { mul } from "./elementwise";
import { reshape } from "./movement";

export interface DropoutOptions {
  /** Probability of zeroing each element, in [0, 1] (default 0.5). */
  p?: number;
  /** Apply dropout (default true); false returns the input unchanged. */
  training?: boolean;
  /** Draw the mask from this generator instead of the default one (seeded by manualSeed). */
  generator?: Generator;
}

/** Checks a dropout probability: a number in [0, 1] (p = 1 zeroes everything, as in PyTorch). */
export function checkDropoutP(op: string, p: unknown): number {
  return checkNumber(op, "p", p, (v) => v >= 0 && v <= 1, "a probability in [0, 1]");
}

/**
 * dropout(x) = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element when training (all zeros for p = 1), else x.
 * The gradient is g·m/(1 − p) with the same mask (mul by a constant mask tensor).
 */
export function dropout(x: Tensor, opts?: DropoutOptions): Tensor {
  checkFloat("dropout", "input", x);
  const { p = 0.5, training = true, generator = defaultGenerator } = checkOptions("dropout", opts, ["p", "training", "generator"]);
  checkDropoutP("dropout", p);
  if (typeof training !== "boolean") throw new TypeError(`dropout: training must be a boolean, got ${describeValue(training)}`);
  if (!(generator instanceof Generator)) throw new TypeError(`dropout: generator must be a Generator, got ${describeValue(generator)}`);
  if (!training || p === 0) return reshape(x, x.shape);
  const mask = empty(x.shape, "float32", false);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const f = runtime().f32();
  const base = mask.ptr() >> 2;
  for (let i = 0; i < mask.size; i++) f[base + i] = generator.random() < p ? 0 : scale;
  const y = mul(x, mask);
  mask.dispose();
  return y;
}
