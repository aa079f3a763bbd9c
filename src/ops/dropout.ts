// Dropout: inverted dropout with a Bernoulli mask (per element, or per channel for dropout1d/2d/3d) from the seeded generator.
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

/** Checks dropout's options; null when the result is the input itself (eval mode or p = 0). */
function dropoutArgs(op: string, opts: DropoutOptions | undefined): { p: number; generator: Generator } | null {
  const { p = 0.5, training = true, generator = defaultGenerator } = checkOptions(op, opts, ["p", "training", "generator"]);
  checkDropoutP(op, p);
  if (typeof training !== "boolean") throw new TypeError(`${op}: training must be a boolean, got ${describeValue(training)}`);
  if (!(generator instanceof Generator)) throw new TypeError(`${op}: generator must be a Generator, got ${describeValue(generator)}`);
  return !training || p === 0 ? null : { p, generator };
}

/** x·m with m of `shape` (broadcast against x), m = 0 with probability p, else 1/(1 − p) (0 for p = 1). */
function applyMask(x: Tensor, shape: readonly number[], p: number, generator: Generator): Tensor {
  const mask = empty(shape, "float32", false);
  const scale = p === 1 ? 0 : 1 / (1 - p);
  const f = runtime().f32();
  const base = mask.ptr() >> 2;
  for (let i = 0; i < mask.size; i++) f[base + i] = generator.random() < p ? 0 : scale;
  const y = mul(x, mask);
  mask.dispose();
  return y;
}

/**
 * dropout(x) = x·m/(1 − p) with m ~ Bernoulli(1 − p) per element when training (all zeros for p = 1), else x.
 * The gradient is g·m/(1 − p) with the same mask (mul by a constant mask tensor).
 */
export function dropout(x: Tensor, opts?: DropoutOptions): Tensor {
  checkFloat("dropout", "input", x);
  const a = dropoutArgs("dropout", opts);
  return a === null ? reshape(x, x.shape) : applyMask(x, x.shape, a.p, a.generator);
}

/**
 * Channel dropout over x [N, C, spatial…] (`spatial` dims) or unbatched [C, spatial…]: each channel of each sample is
 * kept and scaled by 1/(1 − p), or zeroed, with probability p, as a whole; identity when not training.
 */
function channelDropout(op: string, x: Tensor, spatial: number, unbatched: boolean, opts: DropoutOptions | undefined): Tensor {
  checkFloat(op, "input", x);
  const ranks = unbatched ? [spatial + 1, spatial + 2] : [spatial + 2];
  if (!ranks.includes(x.ndim)) {
    const want = unbatched ? `${spatial + 2}-D [N, C, …] or ${spatial + 1}-D [C, …]` : `${spatial + 2}-D [N, C, …]`;
    const hint = op === "dropout2d" && x.ndim === 3 ? " (for [N, C, L] use dropout1d; add a batch dimension to [C, H, W])" : "";
    throw new RangeError(`${op}: input must be ${want}, got shape [${x.shape.join(", ")}]${hint}`);
  }
  const a = dropoutArgs(op, opts);
  if (a === null) return reshape(x, x.shape);
  const channels = x.ndim - spatial; // 1 (unbatched: [C]) or 2 ([N, C])
  return applyMask(x, x.shape.map((d, i) => (i < channels ? d : 1)), a.p, a.generator);
}

/** dropout1d(x): whole channels of x [N, C, L] or [C, L] zeroed with probability p, the rest scaled by 1/(1 − p). */
export function dropout1d(x: Tensor, opts?: DropoutOptions): Tensor {
  return channelDropout("dropout1d", x, 1, true, opts);
}

/**
 * dropout2d(x): whole channels of images x [N, C, H, W] zeroed with probability p, the rest scaled by 1/(1 − p).
 * 3-D input is refused: PyTorch treats it as [N, C, L] (with a warning that this will change to [C, H, W]).
 */
export function dropout2d(x: Tensor, opts?: DropoutOptions): Tensor {
  return channelDropout("dropout2d", x, 2, false, opts);
}

/** dropout3d(x): whole channels of volumes x [N, C, D, H, W] or [C, D, H, W] zeroed with probability p, the rest scaled. */
export function dropout3d(x: Tensor, opts?: DropoutOptions): Tensor {
  return channelDropout("dropout3d", x, 3, true, opts);
}
