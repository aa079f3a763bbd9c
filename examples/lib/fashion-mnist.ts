// Fashion-MNIST with an MLP, shared by the demo and its test: loading IDX bytes into tensors, the model, one epoch, evaluation.
import { F, type Tensor, data, nn, noGrad, scope, tensor } from "simdgrad";

export const CLASS_NAMES = ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

/** The four files of the set, by base name (readers may append ".gz"). */
export const FILES = {
  trainImages: "train-images-idx3-ubyte",
  trainLabels: "train-labels-idx1-ubyte",
  testImages: "t10k-images-idx3-ubyte",
  testLabels: "t10k-labels-idx1-ubyte",
} as const;

export interface FashionMnist {
  /** [N, 784] float32, standardised with the training set's pixel mean and std. */
  trainX: Tensor;
  /** [N] int32 class indices. */
  trainY: Tensor;
  testX: Tensor;
  testY: Tensor;
  /** Pixel mean and std (in [0, 1] units) of the training images used for standardisation. */
  mean: number;
  std: number;
}

/**
 * Reads the four IDX files (gzipped or not) through `read(baseName)` and makes tensors: pixels scaled to [0, 1] then
 * standardised, x' = (x/255 − mean) / std with the training set's mean and std; labels as int32. `limitTrain` /
 * `limitTest` keep only the first examples.
 */
export async function loadFashionMnist(
  read: (baseName: string) => Promise<Uint8Array> | Uint8Array,
  opts: { limitTrain?: number; limitTest?: number } = {},
): Promise<FashionMnist> {
  const [trI, trL, teI, teL] = await Promise.all(
    [FILES.trainImages, FILES.trainLabels, FILES.testImages, FILES.testLabels].map(async (name) => {
      try {
        return await data.readIdx(await read(name));
      } catch (e) {
        throw new Error(`${name}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }),
  );
  const check = (img: data.IdxArray, lab: data.IdxArray, split: string) => {
    if (img.dtype !== "uint8" || img.shape.length !== 3 || img.shape[1] !== 28 || img.shape[2] !== 28) {
      throw new Error(`${split} images: expected uint8 [N, 28, 28], got ${img.dtype} [${img.shape.join(", ")}]`);
    }
    if (lab.dtype !== "uint8" || lab.shape.length !== 1 || lab.shape[0] !== img.shape[0]) {
      throw new Error(`${split} labels: expected uint8 [${img.shape[0]}], got ${lab.dtype} [${lab.shape.join(", ")}]`);
    }
  };
  check(trI, trL, "train");
  check(teI, teL, "test");
  const nTrain = Math.min(trI.shape[0], opts.limitTrain ?? Infinity);
  const nTest = Math.min(teI.shape[0], opts.limitTest ?? Infinity);
  const trainPixels = trI.data.subarray(0, nTrain * 784) as Uint8Array;
  let s = 0, s2 = 0;
  for (const p of trainPixels) {
    s += p;
    s2 += p * p;
  }
  const count = Math.max(1, trainPixels.length);
  const mean = s / count / 255;
  const std = Math.sqrt(Math.max(s2 / count / 65025 - mean * mean, 1e-12));
  const images = (px: Uint8Array, n: number) => {
    const out = new Float32Array(n * 784);
    for (let i = 0; i < out.length; i++) out[i] = (px[i] / 255 - mean) / std;
    return tensor(out, [n, 784]);
  };
  const labels = (l: Uint8Array, n: number) => tensor(Int32Array.from(l.subarray(0, n)));
  return {
    trainX: images(trainPixels, nTrain),
    trainY: labels(trL.data as Uint8Array, nTrain),
    testX: images(teI.data as Uint8Array, nTest),
    testY: labels(teL.data as Uint8Array, nTest),
    mean,
    std,
  };
}

/** The MLP 784-256-128-10 with ReLUs. */
export function makeModel(): nn.Sequential {
  return new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
}

/**
 * One epoch over `loader`: each step (forward, cross-entropy, backward, Adam) inside scope(), so nothing it makes
 * outlives it. Calls onStep(step, meanLossSoFar, imagesSoFar) after each step; returns the epoch's mean loss.
 */
export function trainEpoch(
  model: nn.Module,
  opt: { zeroGrad(): void; step(): void },
  loader: data.DataLoader<Tensor[]>,
  onStep?: (step: number, meanLoss: number, images: number) => void,
): number {
  let total = 0, images = 0, step = 0;
  for (const [xb, yb] of loader) {
    const loss = scope(() => {
      const l = F.crossEntropy(model.forward(xb) as Tensor, yb);
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.item();
    });
    step++;
    images += xb.shape[0];
    total += loss * xb.shape[0];
    onStep?.(step, total / images, images);
  }
  return total / Math.max(1, images);
}

export interface Evaluation {
  accuracy: number;
  /** confusion[true][predicted] counts. */
  confusion: number[][];
}

/** Accuracy and 10×10 confusion matrix of model on (x, y), in chunks, without recording gradients. */
export function evaluate(model: nn.Module, x: Tensor, y: Tensor, chunk = 1000): Evaluation {
  const confusion = CLASS_NAMES.map(() => new Array<number>(CLASS_NAMES.length).fill(0));
  const truth = y.dataSync();
  const n = x.shape[0];
  let correct = 0;
  for (let start = 0; start < n; start += chunk) {
    const pred = noGrad(() =>
      scope(() => (model.forward(x.slice(0, start, Math.min(n, start + chunk))) as Tensor).argmax(1).dataSync()),
    );
    pred.forEach((p, i) => {
      const t = truth[start + i];
      confusion[t][p]++;
      if (p === t) correct++;
    });
  }
  return { accuracy: n === 0 ? 0 : correct / n, confusion };
}

/** The confusion matrix as text: one row per true class, one column per predicted class. */
export function formatConfusion(confusion: number[][]): string {
  const short = CLASS_NAMES.map((c) => c.slice(0, 5));
  const w = Math.max(5, ...confusion.flat().map((v) => String(v).length));
  const nameW = Math.max(...CLASS_NAMES.map((c) => c.length));
  const head = " ".repeat(nameW) + "  " + short.map((s) => s.padStart(w)).join(" ");
  const rows = confusion.map((row, i) => CLASS_NAMES[i].padStart(nameW) + "  " + row.map((v) => String(v).padStart(w)).join(" "));
  return ["true \\ predicted", head, ...rows].join("\n");
}

/** Each class's recall (correct ÷ its test images) from the confusion matrix, as "name NN%" items. */
export function formatRecall(confusion: number[][]): string {
  return confusion.map((row, i) => `${CLASS_NAMES[i]} ${((row[i] / Math.max(1, row.reduce((a, b) => a + b, 0))) * 100).toFixed(0)}%`).join(", ");
}
