// Preprocessing: a seeded train/test split and min-max / z-score normalisation fitted on one tensor, applied to others.
import { noGrad } from "../autograd/grad-mode";
import { tensor } from "../creation";
import { checkFloat, checkNumber, checkOptions, checkTensor } from "../ops/args";
import { div, sub } from "../ops/elementwise";
import { indexSelect } from "../ops/movement";
import { max, mean, min, variance } from "../ops/reduce";
import { Generator, defaultGenerator } from "../random";
import { keep } from "../scope";
import { type Tensor, describeValue, sameShape } from "../tensor";
import { randperm } from "./dataset";

export interface SplitOptions {
  /** Fraction of samples in the test part, in (0, 1) (default 0.25); or a whole number of test samples. */
  testSize?: number;
  /** Shuffle before splitting (default true) with the given generator (default: the one manualSeed seeds). */
  shuffle?: boolean;
  generator?: Generator;
}

/**
 * Splits tensors that share their first dimension into train and test parts, scikit-learn style:
 * `const [xTrain, xTest, yTrain, yTest] = data.trainTestSplit([x, y], { testSize: 0.2 })`.
 */
export function trainTestSplit(tensors: Tensor[], opts?: SplitOptions): Tensor[] {
  if (!Array.isArray(tensors) || tensors.length === 0) throw new TypeError(`trainTestSplit: tensors must be a non-empty array, got ${describeValue(tensors)}`);
  tensors.forEach((t, i) => checkTensor("trainTestSplit", `tensors[${i}]`, t));
  const o = checkOptions("trainTestSplit", opts, ["testSize", "shuffle", "generator"]);
  const n = tensors[0].shape[0];
  tensors.forEach((t, i) => {
    if (t.ndim === 0 || t.shape[0] !== n) throw new RangeError(`trainTestSplit: tensors[${i}] has ${t.ndim === 0 ? "no first dimension" : `first dimension ${t.shape[0]}`}, tensors[0] has ${n}`);
  });
  const size = o.testSize ?? 0.25;
  const nTest = size >= 1 ? size : Math.ceil(size * n);
  checkNumber("trainTestSplit", "testSize", size, (v) => (v > 0 && v < 1) || (Number.isInteger(v) && v >= 1 && v < n), `a fraction in (0, 1) or a whole number below ${n}`);
  if (nTest < 1 || nTest >= n) throw new RangeError(`trainTestSplit: testSize ${size} leaves ${n - nTest} training and ${nTest} test samples of ${n}; both parts need at least one`);
  if (o.shuffle !== undefined && typeof o.shuffle !== "boolean") throw new TypeError(`trainTestSplit: shuffle must be a boolean, got ${describeValue(o.shuffle)}`);
  if (o.generator !== undefined && !(o.generator instanceof Generator)) throw new TypeError(`trainTestSplit: generator must be a Generator, got ${describeValue(o.generator)}`);
  const order = o.shuffle === false ? Int32Array.from({ length: n }, (_, i) => i) : randperm(n, o.generator ?? defaultGenerator);
  const trainIdx = tensor(order.subarray(nTest)), testIdx = tensor(order.subarray(0, nTest));
  const out = tensors.flatMap((t) => [indexSelect(t, 0, trainIdx), indexSelect(t, 0, testIdx)]);
  trainIdx.dispose();
  testIdx.dispose();
  return out;
}

export interface NormalizeOptions {
  /** "zscore": (x − mean)/std (population std, like scikit-learn's StandardScaler; default); "minmax": (x − min)/(max − min). */
  method?: "zscore" | "minmax";
  /** Dimensions the statistics are taken over (default 0: per feature over the samples); null for all. */
  dims?: number | number[] | null;
}

/**
 * Normalisation statistics fitted on one tensor and applied to any tensor of compatible shape:
 * `const norm = data.Normalizer.fit(xTrain); norm.transform(xTest)`. Constant features (std or range 0) are left
 * centred but unscaled, as scikit-learn does. Holds two kept tensors until dispose().
 */
export class Normalizer {
  private constructor(readonly method: "zscore" | "minmax", readonly shift: Tensor, readonly scale: Tensor) {}

  static fit(x: Tensor, opts?: NormalizeOptions): Normalizer {
    checkFloat("Normalizer.fit", "input", x);
    const o = checkOptions("Normalizer.fit", opts, ["method", "dims"]);
    const method = o.method ?? "zscore";
    if (method !== "zscore" && method !== "minmax") throw new RangeError(`Normalizer.fit: method must be "zscore" or "minmax", got ${describeValue(method)}`);
    const dims = o.dims === undefined ? 0 : o.dims;
    const list = dims === null ? [] : typeof dims === "number" ? [dims] : dims;
    if (!Array.isArray(list) || !list.every((d) => Number.isInteger(d) && d >= -x.ndim && d < x.ndim)) {
      throw new RangeError(`Normalizer.fit: dims must be integers in [${-x.ndim}, ${x.ndim - 1}] for a ${x.ndim}-D tensor, got ${describeValue(dims)}`);
    }
    const reduced = dims === null ? x.shape : list.map((d) => x.shape[d < 0 ? d + x.ndim : d]);
    if (reduced.some((n) => n === 0)) throw new RangeError(`Normalizer.fit: cannot fit statistics over an empty dimension (input shape [${x.shape.join(", ")}])`);
    const [shift, spread] = noGrad(() => {
      if (method === "zscore") {
        const v = variance(x, dims, { keepdim: true, unbiased: false });
        const s = v.sqrt();
        v.dispose();
        return [mean(x, dims, { keepdim: true }), s];
      }
      const all = dims === null ? [...x.shape.keys()] : typeof dims === "number" ? [dims] : dims;
      let lo = x.detach(), hi = x.detach();
      for (const d of [...all].sort((a, b) => b - a)) {
        const l = min(lo, d, { keepdim: true }), h = max(hi, d, { keepdim: true });
        for (const t of [lo, hi, l.indices, h.indices]) t.dispose();
        lo = l.values;
        hi = h.values;
      }
      const r = sub(hi, lo);
      hi.dispose();
      return [lo, r];
    });
    // a spread of 0 (constant feature) becomes 1: centred, not scaled
    const values = spread.dataSync() as Float32Array;
    const scale = tensor(values.map((v) => (v === 0 ? 1 : v)), spread.shape);
    spread.dispose();
    return new Normalizer(method, keep(shift), keep(scale));
  }

  /** (x − shift) / scale with the fitted statistics. */
  transform(x: Tensor): Tensor {
    checkFloat("Normalizer.transform", "input", x);
    if (x.ndim !== this.shift.ndim || !sameShape(x.shape.map((d, i) => (this.shift.shape[i] === 1 ? 1 : d)), this.shift.shape)) {
      throw new RangeError(`Normalizer.transform: input [${x.shape.join(", ")}] does not fit statistics of shape [${this.shift.shape.join(", ")}]`);
    }
    const c = sub(x, this.shift);
    const out = div(c, this.scale);
    c.dispose();
    return out;
  }

  /** Frees the statistics. */
  dispose(): void {
    this.shift.dispose();
    this.scale.dispose();
  }
}

/** Normalises x with statistics of x itself (z-score per feature by default): `data.normalize(x, { method: "minmax" })`. */
export function normalize(x: Tensor, opts?: NormalizeOptions): Tensor {
  const n = Normalizer.fit(x, opts);
  const out = n.transform(x);
  n.dispose();
  return out;
}
