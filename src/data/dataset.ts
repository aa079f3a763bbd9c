// Datasets and batching (PyTorch's torch.utils.data): Dataset, TensorDataset, DataLoader with seeded shuffling, oneHot.
import { checkIndices, checkOptions, checkTensor } from "../ops/args";
import { indexSelect, reshape, slice, stack } from "../ops/movement";
import { tensor } from "../creation";
import { Generator, defaultGenerator } from "../random";
import { Tensor, describeValue } from "../tensor";

/** What a DataLoader batches: a sample is one tensor or an array of tensors. */
export type Sample = Tensor | Tensor[];

/** A map-style dataset: `length` samples, `get(i)` for 0 ≤ i < length. */
export interface Dataset<T extends Sample = Sample> {
  readonly length: number;
  /** Sample i; the caller owns (and disposes) the tensors returned. */
  get(i: number): T;
  /** Optional fast path (PyTorch's `__getitems__`): the samples at `indices`, already collated into a batch. */
  getItems?(indices: Int32Array): T;
}

/**
 * A dataset over tensors that share their first dimension: sample i is `[t0[i], t1[i], …]` (views, no copy).
 * Batches are gathered with one indexSelect per tensor. The dataset does not own the tensors.
 *
 * @example
 * const ds = new data.TensorDataset(images, labels); // images [N, 784], labels int32 [N]
 * ds.length;                                         // N
 * const [x, y] = ds.get(0);                          // x [784], y [] (0-d)
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: readonly Tensor[];
  constructor(...tensors: Tensor[]) {
    if (tensors.length === 0) throw new TypeError("TensorDataset: expected at least one tensor, got none");
    tensors.forEach((t, i) => {
      checkTensor("TensorDataset", `tensors[${i}]`, t);
      if (t.ndim === 0) throw new RangeError(`TensorDataset: tensors[${i}] must have a first (sample) dimension, got a 0-d tensor`);
      if (t.shape[0] !== tensors[0].shape[0]) {
        throw new RangeError(
          `TensorDataset: all tensors must have the same size in dimension 0; tensors[0] has ${tensors[0].shape[0]}, tensors[${i}] has ${t.shape[0]} (shape [${t.shape.join(", ")}])`,
        );
      }
    });
    this.tensors = tensors.slice();
  }

  get length(): number {
    return this.tensors[0].shape[0];
  }

  /** Sample i as views `t[i]` of each tensor (the leading dimension dropped). */
  get(i: number): Tensor[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) {
      throw new RangeError(`TensorDataset.get: index must be an integer in [0, ${this.length}), got ${describeValue(i)}`);
    }
    return this.tensors.map((t) => {
      const row = slice(t, 0, i, i + 1);
      const out = reshape(row, t.shape.slice(1));
      row.dispose();
      return out;
    });
  }

  /** The samples at `indices`, gathered along dimension 0 of every tensor: `[t0[indices], t1[indices], …]`. */
  getItems(indices: Int32Array): Tensor[] {
    const index = tensor(indices);
    try {
      return this.tensors.map((t) => indexSelect(t, 0, index));
    } finally {
      index.dispose();
    }
  }
}

export interface DataLoaderOptions {
  /** Samples per batch (default 1). */
  batchSize?: number;
  /** Draw a new random order every epoch (default false: dataset order). */
  shuffle?: boolean;
  /** Drop the last batch when it would be smaller than batchSize (default false). */
  dropLast?: boolean;
  /** Generator for shuffling (default: the global one seeded by manualSeed). */
  generator?: Generator;
}

/**
 * Iterates over a dataset in batches, like torch.utils.data.DataLoader (single process). Each `for…of` is one
 * epoch; with `shuffle` the order is a Fisher–Yates permutation drawn from `generator` (the same on every runtime
 * for the same seed). Samples are collated by `dataset.getItems` when present (TensorDataset: one indexSelect per
 * tensor), else by stacking `get(i)` along a new first dimension.
 *
 * Lifetimes: a batch stays valid until the next one is drawn; the loader then disposes it (and disposes the last
 * batch when the loop ends or breaks). So a training loop that wraps each step in `scope()` leaks nothing. To keep a
 * batch longer, `keep()` it (then dispose it yourself) or `clone()` what you need.
 *
 * @example
 * const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 64, shuffle: true, generator: new Generator(0) });
 * for (const [xb, yb] of loader) {
 *   scope(() => { const loss = F.crossEntropy(model.forward(xb), yb); opt.zeroGrad(); loss.backward(); opt.step(); });
 * }
 */
export class DataLoader<T extends Sample = Sample> implements Iterable<T> {
  readonly dataset: Dataset<T>;
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;

  constructor(dataset: Dataset<T>, options?: DataLoaderOptions) {
    const d = dataset as Partial<Dataset<T>> | null;
    if (typeof d !== "object" || d === null || typeof d.get !== "function" || !Number.isInteger(d.length) || (d.length as number) < 0) {
      throw new TypeError(`DataLoader: dataset must have an integer length >= 0 and a get(i) method, got ${describeValue(dataset)}`);
    }
    const o = checkOptions("DataLoader", options, ["batchSize", "shuffle", "dropLast", "generator"]);
    const { batchSize = 1, shuffle = false, dropLast = false, generator = defaultGenerator } = o;
    if (!Number.isInteger(batchSize) || batchSize < 1) throw new RangeError(`DataLoader: batchSize must be a positive integer, got ${describeValue(batchSize)}`);
    if (typeof shuffle !== "boolean") throw new TypeError(`DataLoader: shuffle must be a boolean, got ${describeValue(shuffle)}`);
    if (typeof dropLast !== "boolean") throw new TypeError(`DataLoader: dropLast must be a boolean, got ${describeValue(dropLast)}`);
    if (!(generator instanceof Generator)) throw new TypeError(`DataLoader: generator must be a Generator, got ${describeValue(generator)}`);
    this.dataset = dataset;
    this.batchSize = batchSize;
    this.shuffle = shuffle;
    this.dropLast = dropLast;
    this.generator = generator;
  }

  /** Batches per epoch: ⌊n / batchSize⌋ with dropLast, else ⌈n / batchSize⌉. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  /** One epoch of batches. The order is drawn when iteration starts. */
  [Symbol.iterator](): Iterator<T> {
    const n = this.dataset.length;
    const order = this.shuffle ? randperm(n, this.generator) : Int32Array.from({ length: n }, (_, i) => i);
    const batches = this.length;
    let b = 0;
    let current: T | null = null;
    const release = () => {
      if (current !== null) disposeSample(current);
      current = null;
    };
    return {
      next: (): IteratorResult<T> => {
        release();
        if (b >= batches) return { done: true, value: undefined };
        const indices = order.subarray(b * this.batchSize, Math.min(n, (b + 1) * this.batchSize));
        b++;
        current = this.collate(indices);
        return { done: false, value: current };
      },
      return: (): IteratorResult<T> => {
        release();
        b = batches;
        return { done: true, value: undefined };
      },
    };
  }

  private collate(indices: Int32Array): T {
    const ds = this.dataset;
    if (typeof ds.getItems === "function") return ds.getItems(indices);
    const samples = Array.from(indices, (i) => ds.get(i));
    try {
      if (samples.every((s) => s instanceof Tensor)) return stack(samples as Tensor[], 0) as T;
      const first = samples[0];
      if (!Array.isArray(first)) throw new TypeError(`DataLoader: dataset.get must return a Tensor or an array of Tensors, got ${describeValue(first)}`);
      return first.map((_, k) =>
        stack(samples.map((s, j) => {
          if (!Array.isArray(s) || s.length !== first.length) {
            throw new TypeError(`DataLoader: every sample must be an array of ${first.length} tensors; sample ${indices[j]} is ${describeValue(s)}`);
          }
          return s[k];
        }), 0),
      ) as T;
    } finally {
      for (const s of samples) disposeSample(s);
    }
  }
}

function disposeSample(s: Sample): void {
  if (s instanceof Tensor) {
    if (!s.kept) s.dispose();
  } else if (Array.isArray(s)) {
    for (const t of s) if (t instanceof Tensor && !t.kept) t.dispose();
  }
}

/**
 * A random permutation of 0…n−1 by Fisher–Yates (for i = n−1 … 1 swap i with generator.int(i + 1)): the same
 * permutation on every runtime for the same generator state.
 *
 * @example
 * data.randperm(5, new Generator(0)); // Int32Array of 0…4 in a seeded order
 */
export function randperm(n: number, generator: Generator = defaultGenerator): Int32Array {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`randperm: n must be a non-negative integer, got ${describeValue(n)}`);
  if (!(generator instanceof Generator)) throw new TypeError(`randperm: generator must be a Generator, got ${describeValue(generator)}`);
  const p = Int32Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = generator.int(i + 1);
    const t = p[i];
    p[i] = p[j];
    p[j] = t;
  }
  return p;
}

/**
 * One-hot encoding (torch.nn.functional.one_hot): out[..., c] = 1 where c = indices[...], else 0; shape
 * [...indices.shape, numClasses], int32 (call `.float()` for a float target). numClasses −1 (default) means
 * max(indices) + 1.
 *
 * @example
 * data.oneHot(tensor([0, 2], { dtype: "int32" }), 3).toArray(); // [[1, 0, 0], [0, 0, 1]]
 */
export function oneHot(indices: Tensor, numClasses = -1): Tensor {
  checkIndices("oneHot", "indices", indices);
  const values = indices.dataSync() as Int32Array;
  if (!Number.isInteger(numClasses) || (numClasses < 1 && numClasses !== -1)) {
    throw new RangeError(`oneHot: numClasses must be a positive integer or -1 (infer), got ${describeValue(numClasses)}`);
  }
  let classes = numClasses;
  if (classes === -1) {
    if (values.length === 0) throw new RangeError("oneHot: cannot infer numClasses from an empty tensor; pass numClasses");
    let max = 0;
    for (const v of values) max = Math.max(max, v);
    classes = max + 1;
  }
  const out = new Int32Array(values.length * classes);
  values.forEach((v, i) => {
    if (v < 0 || v >= classes) throw new RangeError(`oneHot: indices must lie in [0, ${classes}), got ${v} at flat position ${i}`);
    out[i * classes + v] = 1;
  });
  return tensor(out, [...indices.shape, classes]);
}
