// The perceptron (Rosenblatt, 1958): ŷ = step(w·x + b), trained one sample at a time by w ← w + η(y − ŷ)x.
import { F, type Tensor, keep, noGrad, scope, zeros } from "simdgrad";
import { type Dataset, accuracy, disposeDataset, separable } from "./data";

export interface PerceptronOptions {
  /** Seed of the data (default 0). */
  seed?: number;
  /** Training / test points (default 200 / 1000) in `dims` dimensions (default 2). */
  nTrain?: number;
  nTest?: number;
  dims?: number;
  /** Minimum distance of every point from the true hyperplane (default 0.05). */
  margin?: number;
  /** Learning rate η (default 1; with w₀ = 0 it only scales w, so the mistakes are the same for any η > 0). */
  lr?: number;
  /** Stop after this many epochs if some point is still misclassified (default 100). */
  maxEpochs?: number;
}

export interface PerceptronResult {
  /** Misclassified training points (= updates made) in each epoch; the last is 0 when it converged. */
  mistakes: number[];
  converged: boolean;
  trainAccuracy: number;
  testAccuracy: number;
  weights: number[];
  bias: number;
  /** The true separating hyperplane the data was drawn from. */
  trueWeights: number[];
  trueBias: number;
}

/**
 * Trains a perceptron on seeded linearly separable points. Each step, under noGrad (the rule needs no gradients):
 *   ŷ = step(w·x + b);   w ← w + η(y − ŷ)x;   b ← b + η(y − ŷ)
 * so w moves towards x when a 1 was called 0, away when a 0 was called 1, and stays when ŷ = y. By the perceptron
 * convergence theorem it stops making mistakes after at most (R/γ)² updates (R = max‖(x, 1)‖, γ the margin of the
 * best separating hyperplane).
 */
export function trainPerceptron(options: PerceptronOptions = {}): PerceptronResult {
  const { seed = 0, nTrain = 200, nTest = 1000, dims = 2, margin = 0.05, lr = 1, maxEpochs = 100 } = options;
  const data = separable({ nTrain, nTest, dims, margin, seed });
  const targets = data.train.y.float(); // y ∈ {0, 1} as float32, to subtract ŷ from
  let w = keep(zeros([dims]));
  let b = keep(zeros([]));
  const mistakes: number[] = [];
  noGrad(() => {
    for (let epoch = 0; epoch < maxEpochs; epoch++) {
      let errors = 0;
      for (let i = 0; i < nTrain; i++) {
        const next = scope(() => {
          const x = data.train.x.slice(0, i, i + 1).reshape([dims]);
          const y = targets.slice(0, i, i + 1).reshape([]);
          const yHat = F.step(x.mul(w).sum().add(b)); // ŷ = step(w·x + b)
          const delta = y.sub(yHat).mul(lr); // η(y − ŷ) ∈ {−η, 0, η}
          if (delta.item() === 0) return null;
          return [keep(w.add(x.mul(delta))), keep(b.add(delta))]; // w + η(y − ŷ)x, b + η(y − ŷ)
        });
        if (next === null) continue;
        errors++;
        w.dispose();
        b.dispose();
        [w, b] = next;
      }
      mistakes.push(errors);
      if (errors === 0) break;
    }
  });
  const predict = (x: Tensor) => noGrad(() => scope(() => Array.from(F.step(x.matmul(w).add(b)).dataSync())));
  const result: PerceptronResult = {
    mistakes,
    converged: mistakes[mistakes.length - 1] === 0,
    trainAccuracy: accuracy(predict(data.train.x), data.train.y.dataSync()),
    testAccuracy: accuracy(predict(data.test.x), data.test.y.dataSync()),
    weights: Array.from(w.dataSync()),
    bias: b.item(),
    trueWeights: data.w,
    trueBias: data.b,
  };
  for (const t of [w, b, targets]) t.dispose();
  disposeDataset(data as Dataset);
  return result;
}
