// gradcheck: compares autograd gradients with float32-aware central finite differences.
import { tensor } from "../creation";
import { Generator } from "../random";
import { scope } from "../scope";
import { Tensor, describeValue } from "../tensor";
import { backward } from "./backward";
import { noGrad } from "./grad-mode";

export interface GradcheckOptions {
  /** Relative step: h = eps·max(1, |x|) (default 3e-3, right for float32). */
  eps?: number;
  /** Tolerance: |analytic − numeric| ≤ atol + rtol·|numeric| (defaults 1e-3 and 1e-3). */
  rtol?: number;
  atol?: number;
  /** Coordinates checked per input, sampled when the input is larger (default 32). */
  samples?: number;
  seed?: number;
}

export interface GradcheckResult {
  ok: boolean;
  checked: number;
  /** Worst |analytic − numeric| / (atol + rtol·|numeric|); ok when ≤ 1. */
  worst: number;
  failures: string[];
}

/**
 * Checks d/dx of L = Σ wᵢ·fn(inputs)ᵢ for fixed random w, at sampled coordinates of every input that requires grad.
 * L is summed in float64 on the host; the step is the one float32 can represent, fround(x+h) − fround(x−h).
 */
export function gradcheck(fn: (...inputs: Tensor[]) => Tensor, inputs: Tensor[], opts: GradcheckOptions = {}): GradcheckResult {
  const op = "gradcheck";
  if (typeof fn !== "function") throw new TypeError(`${op}: fn must be a function, got ${describeValue(fn)}`);
  if (!Array.isArray(inputs)) throw new TypeError(`${op}: inputs must be an array of Tensors, got ${describeValue(inputs)}`);
  inputs.forEach((t, i) => {
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: inputs[${i}] must be a Tensor, got ${describeValue(t)}`);
    t.storage(`${op}: inputs[${i}]`);
  });
  if (typeof opts !== "object" || opts === null) throw new TypeError(`${op}: options must be an object, got ${describeValue(opts)}`);
  const known = ["eps", "rtol", "atol", "samples", "seed"];
  for (const key of Object.keys(opts)) if (!known.includes(key)) throw new TypeError(`${op}: unknown option "${key}" (expected ${known.join(", ")})`);
  const { eps = 3e-3, rtol = 1e-3, atol = 1e-3, samples = 32, seed = 1 } = opts;
  const checks: [string, unknown, boolean, string][] = [
    ["eps", eps, Number.isFinite(eps) && eps > 0, "a finite number > 0"],
    ["rtol", rtol, Number.isFinite(rtol) && rtol >= 0, "a finite number >= 0"],
    ["atol", atol, Number.isFinite(atol) && atol >= 0, "a finite number >= 0"],
    ["samples", samples, Number.isInteger(samples) && samples >= 1, "a positive integer"],
  ];
  for (const [name, v, ok, want] of checks) if (!ok) throw new RangeError(`${op}: ${name} must be ${want}, got ${describeValue(v)}`);
  const gen = new Generator(seed);
  const values = inputs.map((t) => Float32Array.from(t.dataSync()));
  const probe = noGrad(() => fn(...inputs));
  if (!(probe instanceof Tensor)) throw new TypeError(`${op}: fn must return a Tensor, got ${describeValue(probe)}`);
  const weights = Float64Array.from({ length: probe.size }, () => gen.normal());
  const outShape = probe.shape;
  probe.dispose();
  const loss = (xs: Float32Array[]) =>
    scope(() => {
      const ts = xs.map((v, i) => tensor(v, inputs[i].shape, { dtype: inputs[i].dtype }));
      const out = noGrad(() => fn(...ts)).dataSync();
      let s = 0;
      for (let i = 0; i < out.length; i++) s += weights[i] * out[i];
      return s;
    });
  const analytic = scope(() => {
    const leaves = values.map((v, i) => tensor(v, inputs[i].shape, { dtype: inputs[i].dtype, requiresGrad: inputs[i].requiresGrad }));
    const out = fn(...leaves);
    backward(out, tensor(Float32Array.from(weights), outShape));
    return leaves.map((l) => (l.grad ? Float32Array.from(l.grad.dataSync()) : null));
  });
  const result: GradcheckResult = { ok: true, checked: 0, worst: 0, failures: [] };
  inputs.forEach((input, k) => {
    if (!input.requiresGrad) return;
    const n = input.size;
    const picks = n <= samples ? [...Array(n).keys()] : Array.from({ length: samples }, () => gen.int(n));
    for (const i of picks) {
      const x = values[k][i];
      const h = eps * Math.max(1, Math.abs(x));
      const up = values.map((v) => v.slice()), down = values.map((v) => v.slice());
      up[k][i] = x + h;
      down[k][i] = x - h;
      const step = up[k][i] - down[k][i];
      const numeric = (loss(up) - loss(down)) / step;
      const a = analytic[k]?.[i] ?? 0;
      const err = Math.abs(a - numeric) / (atol + rtol * Math.abs(numeric));
      result.checked++;
      result.worst = Math.max(result.worst, err);
      if (!(err <= 1)) {
        result.ok = false;
        if (result.failures.length < 8) result.failures.push(`input ${k}[${i}]: analytic ${a}, numeric ${numeric}`);
      }
    }
  });
  return result;
}
