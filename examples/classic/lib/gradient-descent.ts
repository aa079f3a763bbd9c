// Batch, stochastic and mini-batch gradient descent compared on one MLP and one DataLoader: loss per epoch and time per epoch.
import { F, Generator, type Tensor, data, manualSeed, nn, noGrad, optim, scope } from "simdgrad";
import { trainEpoch } from "../../lib/fashion-mnist";
import { type Dataset, accuracy, disposeDataset, moons } from "./data";

export interface Variant {
  name: string;
  /** Samples per gradient step: the whole training set (batch GD), 1 (stochastic GD) or a few (mini-batch GD). */
  batchSize: number;
  /** SGD learning rate, tuned per variant (smaller batches give noisier gradients and want smaller steps). */
  lr: number;
}

export interface VariantResult extends Variant {
  /** Gradient steps per epoch: ⌈n / batchSize⌉. */
  stepsPerEpoch: number;
  /** Full training loss after each epoch (measured the same way for every variant). */
  losses: number[];
  /** Wall time of each epoch in ms. */
  msPerEpoch: number[];
  testAccuracy: number;
}

export interface CompareOptions {
  /** Seed of the data, of the (shared) initial weights and of the shuffling (default 0). */
  seed?: number;
  /** Passes over the training set, the same for every variant (default 30). */
  epochs?: number;
  nTrain?: number;
  nTest?: number;
  /** Batch size and learning rate per variant (default: VARIANTS with batch GD over all nTrain points). */
  variants?: Variant[];
  onEpoch?: (variant: string, epoch: number, loss: number, ms: number) => void;
}

/** The default comparison; batchSize 0 stands for the whole training set. */
export const VARIANTS: Variant[] = [
  { name: "batch GD", batchSize: 0, lr: 1 },
  { name: "stochastic GD", batchSize: 1, lr: 0.05 },
  { name: "mini-batch GD", batchSize: 16, lr: 0.3 },
];

/** The MLP 2-16-16-2 with tanh, for the two-moons data. */
export function makeMoonsMlp(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(2, 16), new nn.Tanh(), new nn.Linear(16, 16), new nn.Tanh(), new nn.Linear(16, 2));
}

/**
 * Trains the same MLP from the same initial weights with each variant: the one DataLoader (shuffled, seeded) yields
 * batches of the variant's size; each batch is one step of optim.SGD on the cross-entropy. Batch GD takes one exact
 * step per epoch, stochastic GD n noisy ones, mini-batch GD a few averaged ones: per epoch (one pass over the data)
 * the small batches make more progress, per step the large ones are cheaper per sample.
 */
export function compareGradientDescent(options: CompareOptions = {}): VariantResult[] {
  const { seed = 0, epochs = 30, nTrain = 200, nTest = 1000, variants = VARIANTS, onEpoch } = options;
  const ds: Dataset = moons({ nTrain, nTest, noise: 0.15, seed });
  const trainLoss = (model: nn.Module) => noGrad(() => scope(() => F.crossEntropy(model.forward(ds.train.x) as Tensor, ds.train.y).item()));
  const results = variants.map((v): VariantResult => {
    const batchSize = v.batchSize > 0 ? v.batchSize : nTrain;
    manualSeed(seed);
    const model = makeMoonsMlp();
    const opt = new optim.SGD(model.parameters(), { lr: v.lr });
    const loader = new data.DataLoader(new data.TensorDataset(ds.train.x, ds.train.y), { batchSize, shuffle: true, generator: new Generator(seed) });
    const losses: number[] = [], msPerEpoch: number[] = [];
    for (let epoch = 1; epoch <= epochs; epoch++) {
      const start = performance.now();
      trainEpoch(model, opt, loader); // each batch: cross-entropy, backward, opt.step(), in scope()
      msPerEpoch.push(performance.now() - start);
      losses.push(trainLoss(model));
      onEpoch?.(v.name, epoch, losses[losses.length - 1], msPerEpoch[msPerEpoch.length - 1]);
    }
    const pred = noGrad(() => scope(() => model.forward(ds.test.x).argmax(1).dataSync()));
    const testAccuracy = accuracy(pred, ds.test.y.dataSync());
    model.dispose();
    opt.dispose();
    return { ...v, batchSize, stepsPerEpoch: loader.length, losses, msPerEpoch, testAccuracy };
  });
  disposeDataset(ds);
  return results;
}
