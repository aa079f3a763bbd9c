// Softmax regression (multinomial logistic regression): p = softmax(Wx + b), cross-entropy against one-hot targets.
import { Generator, type Tensor, data, manualSeed, nn, noGrad, optim, scope } from "simdgrad";
import { type Split, accuracy } from "./data";

export interface SoftmaxOptions {
  classes: number;
  /** Seed of the weight initialisation and the shuffling (default 0). */
  seed?: number;
  /** Passes over the training set (default 10). */
  epochs?: number;
  /** SGD learning rate (default 0.1). */
  lr?: number;
  /** Mini-batch size (default 32). */
  batchSize?: number;
  /** Called after each epoch with its number (1-based) and mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
}

export interface SoftmaxResult {
  /** Mean training loss of each epoch. */
  losses: number[];
  trainAccuracy: number;
  testAccuracy: number;
}

/**
 * Cross-entropy of logits z [n, K] against one-hot targets t [n, K]: −mean over rows of Σ_k t_k·log softmax(z)_k.
 * log softmax(z) = z − logsumexp(z) is computed by logSoftmax in one stable step (softmax, then log, would underflow).
 */
export function softmaxCrossEntropy(z: Tensor, oneHot: Tensor): Tensor {
  return oneHot.mul(z.logSoftmax(1)).sum(1).mean().neg();
}

/** Trains nn.Linear(d, classes) with mini-batch SGD over a shuffled DataLoader; targets become one-hot with data.oneHot. */
export function trainSoftmax(train: Split, test: Split, options: SoftmaxOptions): SoftmaxResult {
  const { classes, seed = 0, epochs = 10, lr = 0.1, batchSize = 32, onEpoch } = options;
  manualSeed(seed);
  const model = new nn.Linear(train.x.shape[1], classes);
  const opt = new optim.SGD(model.parameters(), { lr });
  const loader = new data.DataLoader(new data.TensorDataset(train.x, train.y), { batchSize, shuffle: true, generator: new Generator(seed) });
  const losses: number[] = [];
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let total = 0;
    for (const [xb, yb] of loader) {
      total += scope(() => {
        const loss = softmaxCrossEntropy(model.forward(xb), data.oneHot(yb, classes).float());
        opt.zeroGrad();
        loss.backward();
        opt.step();
        return loss.item() * xb.shape[0];
      });
    }
    losses.push(total / train.x.shape[0]);
    onEpoch?.(epoch, losses[losses.length - 1]);
  }
  const predict = (x: Tensor) => noGrad(() => scope(() => model.forward(x).argmax(1).dataSync()));
  const result = {
    losses,
    trainAccuracy: accuracy(predict(train.x), train.y.dataSync()),
    testAccuracy: accuracy(predict(test.x), test.y.dataSync()),
  };
  model.dispose();
  opt.dispose();
  return result;
}

/** Four Gaussian classes at (±2, ±2) with std 1, the portable test's data (Bayes optimum ≈ 95.5%). */
export const FOUR_CLUSTERS = { centers: [[-2, -2], [-2, 2], [2, -2], [2, 2]], std: 1 };
