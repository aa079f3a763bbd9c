// LeNet-5 for 28×28 grey images (the model of examples/fashion-mnist-lenet.ts, its test and bench/lenet.ts), with an
// optional BatchNorm variant; random left–right flips for training batches; evaluation with BatchNorm in eval mode.
import { type Generator, type Tensor, data, nn, tensor } from "simdgrad";
import { type Evaluation, evaluate } from "./fashion-mnist";

export interface LeNetOptions {
  /** BatchNorm2d after each convolution and BatchNorm1d after each hidden dense layer, before the ReLU (default false). */
  batchNorm?: boolean;
}

/**
 * LeNet-5 with ReLUs and max pooling, for [N, 1, 28, 28] inputs:
 * conv 6@5×5 (padding 2) → ReLU → maxpool 2 → conv 16@5×5 → ReLU → maxpool 2 → flatten (16·5·5 = 400)
 * → Linear 120 → ReLU → Linear 84 → ReLU → Linear 10 (logits). With `batchNorm`, a BatchNorm sits between each
 * convolution or hidden dense layer and its ReLU, and those layers drop their bias (the norm's shift replaces it).
 */
export function makeLeNet(opts: LeNetOptions = {}): nn.Sequential {
  const bn = opts.batchNorm ?? false;
  const bias = !bn;
  const norm2d = (c: number) => (bn ? [new nn.BatchNorm2d(c)] : []);
  const norm1d = (c: number) => (bn ? [new nn.BatchNorm1d(c)] : []);
  return new nn.Sequential(
    new nn.Conv2d(1, 6, 5, { padding: 2, bias }), ...norm2d(6), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Conv2d(6, 16, 5, { bias }), ...norm2d(16), new nn.ReLU(), new nn.MaxPool2d(2),
    new nn.Flatten(),
    new nn.Linear(400, 120, { bias }), ...norm1d(120), new nn.ReLU(),
    new nn.Linear(120, 84, { bias }), ...norm1d(84), new nn.ReLU(),
    new nn.Linear(84, 10),
  );
}

/** [N, 784] rows of pixels as [N, 1, 28, 28] images (a view: no copy). */
export function asImages(x: Tensor): Tensor {
  return x.reshape([x.shape[0], 1, 28, 28]);
}

/** Test accuracy and confusion matrix in eval mode (BatchNorm uses its running statistics); the mode is restored. */
export function evaluateImages(model: nn.Module, x: Tensor, y: Tensor): Evaluation {
  const wasTraining = model.training;
  model.eval();
  try {
    return evaluate(model, x, y);
  } finally {
    model.train(wasTraining);
  }
}

/**
 * The images [N, C, H, W] and labels of a TensorDataset whose batches have each image mirrored left–right
 * (x[…, h, w] → x[…, h, W−1−w]) with probability 1/2, drawn from `generator`: the usual augmentation for clothes,
 * which look the same mirrored. The flips are made on the batch's copy; the dataset's tensors are not changed.
 */
export class FlipDataset implements data.Dataset<Tensor[]> {
  private readonly base: data.TensorDataset;
  constructor(images: Tensor, labels: Tensor, private readonly generator: Generator) {
    if (images.ndim !== 4) throw new RangeError(`FlipDataset: images must be [N, C, H, W], got shape [${images.shape.join(", ")}]`);
    this.base = new data.TensorDataset(images, labels);
  }

  get length(): number {
    return this.base.length;
  }

  get(i: number): Tensor[] {
    const [x, y] = this.getItems(Int32Array.of(i));
    const sample = [x.reshape(x.shape.slice(1)), y.reshape([])];
    x.dispose();
    y.dispose();
    return sample;
  }

  getItems(indices: Int32Array): Tensor[] {
    const [xb, yb] = this.base.getItems(indices);
    const [n, c, h, w] = xb.shape;
    const px = xb.dataSync() as Float32Array;
    for (let i = 0; i < n; i++) {
      if (this.generator.random() >= 0.5) continue;
      for (let r = i * c * h; r < (i + 1) * c * h; r++) px.subarray(r * w, (r + 1) * w).reverse();
    }
    const flipped = tensor(px, xb.shape);
    xb.dispose();
    return [flipped, yb];
  }
}
