// Logistic regression: p = sigmoid(w·x + b) = P(y = 1 | x), fitted by minimising the binary cross-entropy.
import { F, type Tensor, manualSeed, nn, noGrad, optim, scope } from "simdgrad";
import { TWO_CLUSTERS } from "./adaline";
import { type Dataset, accuracy, clusters, disposeDataset } from "./data";

export interface LogisticOptions {
  /** Seed of the data and of the weight initialisation (default 0). */
  seed?: number;
  nTrain?: number;
  nTest?: number;
  /** SGD learning rate (default 0.5). */
  lr?: number;
  /** Full-batch steps (default 100). */
  epochs?: number;
}

export interface LogisticResult {
  /** Training binary cross-entropy before each step. */
  losses: number[];
  testLoss: number;
  trainAccuracy: number;
  testAccuracy: number;
  weights: number[];
  bias: number;
}

/** Fits nn.Linear(2, 1) with optim.SGD (full batch) on the two overlapping Gaussian classes of the ADALINE example. */
export function trainLogistic(options: LogisticOptions = {}): LogisticResult {
  const { seed = 0, nTrain = 400, nTest = 1000, lr = 0.5, epochs = 100 } = options;
  const data = clusters({ nTrain, nTest, ...TWO_CLUSTERS, seed });
  const [yTrain, yTest] = [data.train.y, data.test.y].map((y) => scope(() => y.float().reshape([-1, 1]))); // [n, 1] of 0/1
  manualSeed(seed);
  const model = new nn.Linear(2, 1);
  const opt = new optim.SGD(model.parameters(), { lr });
  const losses: number[] = [];
  for (let epoch = 0; epoch < epochs; epoch++) {
    scope(() => {
      const loss = F.binaryCrossEntropyWithLogits(model.forward(data.train.x), yTrain);
      opt.zeroGrad();
      loss.backward();
      opt.step();
      losses.push(loss.item());
    });
  }
  const predict = (x: Tensor) => noGrad(() => scope(() => Array.from(model.forward(x).sigmoid().gt(0.5).dataSync()))); // p > 0.5
  const result: LogisticResult = {
    losses,
    testLoss: noGrad(() => scope(() => F.binaryCrossEntropyWithLogits(model.forward(data.test.x), yTest).item())),
    trainAccuracy: accuracy(predict(data.train.x), data.train.y.dataSync()),
    testAccuracy: accuracy(predict(data.test.x), data.test.y.dataSync()),
    weights: Array.from(model.weight.dataSync()),
    bias: model.bias!.item(),
  };
  model.dispose();
  opt.dispose();
  for (const t of [yTrain, yTest]) t.dispose();
  disposeDataset(data as Dataset);
  return result;
}
