// ADALINE (Widrow & Hoff, 1960): a linear unit ŷ = w·x + b fitted to targets ±1 by gradient descent on the squared
// error (the delta rule, least mean squares); it classifies by the sign of ŷ.
import { type Tensor, keep, noGrad, scope, zeros } from "simdgrad";
import { type Dataset, accuracy, clusters, disposeDataset } from "./data";

export interface AdalineOptions {
  /** Seed of the data (default 0). */
  seed?: number;
  nTrain?: number;
  nTest?: number;
  /** Learning rate η (default 0.01). */
  lr?: number;
  /** Full-batch gradient steps (default 60). */
  epochs?: number;
}

export interface AdalineResult {
  /** Mean squared error before each step. */
  losses: number[];
  trainAccuracy: number;
  testAccuracy: number;
  weights: number[];
  bias: number;
  /** max |autograd's ∂L/∂w − the delta rule's (2/n)·Xᵀ(ŷ − t)| at the first step: the two are the same gradient. */
  deltaRuleGap: number;
}

/** The two overlapping Gaussian classes ADALINE and logistic regression learn: centres (−1, −1) and (1, 1), std 1. */
export const TWO_CLUSTERS = { centers: [[-1, -1], [1, 1]], std: 1 };

/**
 * Full-batch gradient descent on L = mean((w·x + b − t)²), t = 2y − 1 ∈ {−1, 1}, with the gradient from autograd:
 *   ∂L/∂w = (2/n)·Σ (ŷ − t)·x,   so   w ← w − η·∂L/∂w = w + η·(2/n)·Σ (t − ŷ)·x,
 * Widrow and Hoff's delta rule. Unlike the perceptron's, the error uses the linear output ŷ, not the thresholded one,
 * so it also settles (at the least-squares fit) when the classes overlap.
 */
export function trainAdaline(options: AdalineOptions = {}): AdalineResult {
  const { seed = 0, nTrain = 400, nTest = 1000, lr = 0.01, epochs = 60 } = options;
  const data = clusters({ nTrain, nTest, ...TWO_CLUSTERS, seed });
  const t = scope(() => keep(data.train.y.float().mul(2).sub(1))); // targets ±1
  let w = keep(zeros([2], { requiresGrad: true }));
  let b = keep(zeros([], { requiresGrad: true }));
  const losses: number[] = [];
  let deltaRuleGap = NaN;
  for (let epoch = 0; epoch < epochs; epoch++) {
    const next = scope(() => {
      const yHat = data.train.x.matmul(w).add(b); // ŷ = Xw + b, linear activation
      const loss = yHat.sub(t).square().mean(); // L = mean((ŷ − t)²)
      loss.backward();
      losses.push(loss.item());
      return noGrad(() => {
        if (epoch === 0) {
          const rule = data.train.x.transpose(0, 1).matmul(yHat.sub(t)).mul(2 / nTrain); // (2/n)·Xᵀ(ŷ − t)
          deltaRuleGap = rule.sub(w.grad!).abs().max().item();
        }
        return [keep(w.sub(w.grad!.mul(lr))), keep(b.sub(b.grad!.mul(lr)))]; // w ← w − η∂L/∂w
      });
    });
    w.dispose();
    b.dispose();
    [w, b] = next;
    w.requiresGrad = true;
    b.requiresGrad = true;
  }
  const predict = (x: Tensor) => noGrad(() => scope(() => Array.from(x.matmul(w).add(b).gt(0).dataSync()))); // sign(ŷ) as 1/0
  const result: AdalineResult = {
    losses,
    trainAccuracy: accuracy(predict(data.train.x), data.train.y.dataSync()),
    testAccuracy: accuracy(predict(data.test.x), data.test.y.dataSync()),
    weights: Array.from(w.dataSync()),
    bias: b.item(),
    deltaRuleGap,
  };
  for (const v of [w, b, t]) v.dispose();
  disposeDataset(data as Dataset);
  return result;
}
