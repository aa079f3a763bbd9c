// Seeded synthetic datasets for the classic-algorithm examples: linearly separable points, Gaussian clusters, two moons.
import { Generator, type Tensor, tensor } from "simdgrad";

/** Inputs [n, d] float32 and class indices [n] int32. */
export interface Split {
  x: Tensor;
  y: Tensor;
}

export interface Dataset {
  train: Split;
  test: Split;
}

/** Frees a dataset's tensors. */
export function disposeDataset(d: Dataset): void {
  for (const t of [d.train.x, d.train.y, d.test.x, d.test.y]) t.dispose();
}

/** Builds train and test splits from a point generator (`nTrain` points, then `nTest`, from one seeded stream). */
function make(nTrain: number, nTest: number, dims: number, point: () => [number[], number]): Dataset {
  const split = (n: number): Split => {
    const x = new Float32Array(n * dims), y = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const [p, label] = point();
      x.set(p, i * dims);
      y[i] = label;
    }
    return { x: tensor(x, [n, dims]), y: tensor(y) };
  };
  const train = split(nTrain);
  return { train, test: split(nTest) };
}

/**
 * Linearly separable points: x uniform in [−1, 1]^d, label 1 where w*·x + b* > 0 for a random unit w* and b* in
 * [−0.2, 0.2], keeping only points at distance ≥ margin from that hyperplane (so a perceptron provably converges).
 */
export function separable(opts: { nTrain: number; nTest: number; dims: number; margin: number; seed: number }): Dataset & { w: number[]; b: number } {
  const g = new Generator(opts.seed);
  const raw = Array.from({ length: opts.dims }, () => g.normal());
  const norm = Math.hypot(...raw);
  const w = raw.map((v) => v / norm), b = (g.random() - 0.5) * 0.4;
  const point = (): [number[], number] => {
    for (;;) {
      const p = Array.from({ length: opts.dims }, () => g.random() * 2 - 1);
      const s = p.reduce((a, v, i) => a + v * w[i], b);
      if (Math.abs(s) >= opts.margin) return [p, s > 0 ? 1 : 0];
    }
  };
  return { ...make(opts.nTrain, opts.nTest, opts.dims, point), w, b };
}

/** Gaussian clusters: a point of class k (drawn uniformly) is centers[k] + std·N(0, I). */
export function clusters(opts: { nTrain: number; nTest: number; centers: number[][]; std: number; seed: number }): Dataset {
  const g = new Generator(opts.seed);
  const dims = opts.centers[0].length;
  return make(opts.nTrain, opts.nTest, dims, () => {
    const k = g.int(opts.centers.length);
    return [opts.centers[k].map((c) => c + opts.std * g.normal()), k];
  });
}

/** Two interleaving half circles (scikit-learn's make_moons, shifted to be centred at 0) with Gaussian noise: not linearly separable. */
export function moons(opts: { nTrain: number; nTest: number; noise: number; seed: number }): Dataset {
  const g = new Generator(opts.seed);
  return make(opts.nTrain, opts.nTest, 2, () => {
    const k = g.int(2), t = Math.PI * g.random();
    const p = k === 0 ? [Math.cos(t) - 0.5, Math.sin(t) - 0.25] : [0.5 - Math.cos(t), 0.25 - Math.sin(t)]; // centred at 0
    return [p.map((v) => v + opts.noise * g.normal()), k];
  });
}

/** Fraction of positions where prediction and truth agree. */
export function accuracy(pred: ArrayLike<number>, truth: ArrayLike<number>): number {
  let hits = 0;
  for (let i = 0; i < truth.length; i++) if (pred[i] === truth[i]) hits++;
  return truth.length === 0 ? 0 : hits / truth.length;
}
