// Metrics for fit(): functions of (output, target) that return the batch's mean value as a number.
import { noGrad } from "../autograd/grad-mode";
import { checkTensor } from "../ops/args";
import { argmax } from "../ops/reduce";
import { scope } from "../scope";
import type { Tensor } from "../tensor";

/** A metric: the mean over the batch of some per-sample score; fit() averages it over an epoch, weighted by batch size. */
export type Metric = (output: Tensor, target: Tensor) => number;

/**
 * accuracy = (1/N) Σᵢ [argmax_c output[i, c] = target[i]]: the fraction of rows of `output` (logits or probabilities,
 * [N, C]) whose largest entry is at the class index `target[i]` (int32 [N]); a float target [N, C] (one-hot or
 * probabilities) is compared by its own argmax.
 *
 * @example
 * accuracy(tensor([[2, 1], [0, 3]]), tensor([0, 0], { dtype: "int32" })); // 0.5
 * await fit(model, loader, { optimizer, loss: F.crossEntropy, metrics: { accuracy } });
 */
export function accuracy(output: Tensor, target: Tensor): number {
  checkTensor("accuracy", "output", output);
  checkTensor("accuracy", "target", target);
  if (output.ndim !== 2) {
    throw new RangeError(`accuracy: output must be 2-D [N, C] (one row of class scores per sample), got shape [${output.shape.join(", ")}]`);
  }
  const n = output.shape[0];
  const indices = target.dtype === "int32" && target.ndim === 1 && target.shape[0] === n;
  const oneHot = target.dtype === "float32" && target.ndim === 2 && target.shape[0] === n && target.shape[1] === output.shape[1];
  if (!indices && !oneHot) {
    throw new RangeError(
      `accuracy: target must be int32 class indices [${n}] or float32 [${output.shape.join(", ")}] (one-hot), got ${target.dtype} [${target.shape.join(", ")}]`,
    );
  }
  if (n === 0) return 0;
  const [predicted, truth] = noGrad(() => scope(() => [argmax(output, 1).dataSync(), indices ? target.dataSync() : argmax(target, 1).dataSync()]));
  let correct = 0;
  for (let i = 0; i < n; i++) if (predicted[i] === truth[i]) correct++;
  return correct / n;
}
