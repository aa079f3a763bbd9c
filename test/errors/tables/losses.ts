// Bad input to the loss functions and modules: rows for the harness in test/helpers/errors.ts.
import { F, nn, ones, tensor, zeros } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const int = (...v: number[]) => tensor(new Int32Array(v));
const disposed = () => {
  const t = ones([2]);
  t.dispose();
  return t;
};

export const table: BadInputTable = {
  rows: [
    ["l1Loss: shapes", () => F.l1Loss(ones([2, 3]), ones([3])), /l1Loss: input \[2, 3\] and target \[3\] must have the same shape/],
    ["l1Loss: int32 target", () => F.l1Loss(ones([2]), int(1, 2)), /l1Loss: target must be float32, got int32/],
    ["l1Loss: not a tensor", () => F.l1Loss([1, 2] as never, ones([2])), /l1Loss: input must be a Tensor, got/],
    ["l1Loss: disposed input", () => F.l1Loss(disposed(), ones([2])), /l1Loss: input: tensor of shape \[2\] was disposed/],
    ["l1Loss: reduction", () => F.l1Loss(ones([2]), ones([2]), { reduction: "avg" as never }), /l1Loss: reduction must be "mean", "sum" or "none", got "avg"/],
    ["l1Loss: unknown option", () => F.l1Loss(ones([2]), ones([2]), { size_average: true } as never), /l1Loss: unknown option "size_average" \(expected reduction\)/],
    ["smoothL1Loss: negative beta", () => F.smoothL1Loss(ones([2]), ones([2]), { beta: -1 }), /smoothL1Loss: beta must be a finite number ≥ 0, got -1/],
    ["smoothL1Loss: NaN beta", () => F.smoothL1Loss(ones([2]), ones([2]), { beta: NaN }), /smoothL1Loss: beta must be a finite number ≥ 0, got NaN/],
    ["smoothL1Loss: delta is Huber's", () => F.smoothL1Loss(ones([2]), ones([2]), { delta: 1 } as never), /smoothL1Loss: unknown option "delta" \(expected reduction, beta\)/],
    ["huberLoss: delta 0", () => F.huberLoss(ones([2]), ones([2]), { delta: 0 }), /huberLoss: delta must be a finite number > 0, got 0/],
    ["huberLoss: string delta", () => F.huberLoss(ones([2]), ones([2]), { delta: "1" as never }), /huberLoss: delta must be a finite number > 0, got "1"/],
    ["logCoshLoss: shapes", () => F.logCoshLoss(ones([4]), ones([4, 1])), /logCoshLoss: input \[4\] and target \[4, 1\] must have the same shape/],
    ["mseLoss: reduction", () => F.mseLoss(ones([2]), ones([2]), { reduction: "batchmean" as never }), /mseLoss: reduction must be "mean", "sum" or "none", got "batchmean"/],
    ["binaryCrossEntropy: probability above 1", () => F.binaryCrossEntropy(tensor([0.5, 1.5]), ones([2])),
      /binaryCrossEntropy: input must hold probabilities in \[0, 1\], got 1.5 at position 1/],
    ["binaryCrossEntropy: negative probability", () => F.binaryCrossEntropy(tensor([-0.25]), ones([1])), /binaryCrossEntropy: input must hold probabilities in \[0, 1\], got -0.25 at position 0/],
    ["binaryCrossEntropy: NaN probability", () => F.binaryCrossEntropy(tensor([NaN, 0.5]), ones([2])), /binaryCrossEntropy: input must hold probabilities in \[0, 1\], got NaN at position 0/],
    ["binaryCrossEntropy: shapes", () => F.binaryCrossEntropy(ones([2, 1]), ones([2])), /binaryCrossEntropy: input \[2, 1\] and target \[2\] must have the same shape/],
    ["binaryCrossEntropy: weight shape", () => F.binaryCrossEntropy(ones([2, 3]), ones([2, 3]), { weight: ones([2]) }),
      /binaryCrossEntropy: weight of shape \[2\] must broadcast to the input's shape \[2, 3\]/],
    ["binaryCrossEntropy: weight larger than input", () => F.binaryCrossEntropy(ones([3]), ones([3]), { weight: ones([2, 3]) }),
      /binaryCrossEntropy: weight of shape \[2, 3\] must broadcast to the input's shape \[3\]/],
    ["binaryCrossEntropyWithLogits: posWeight shape", () => F.binaryCrossEntropyWithLogits(ones([2, 3]), ones([2, 3]), { posWeight: ones([4]) }),
      /binaryCrossEntropyWithLogits: posWeight of shape \[4\] must broadcast to the input's shape \[2, 3\]/],
    ["binaryCrossEntropyWithLogits: int32 weight", () => F.binaryCrossEntropyWithLogits(ones([2]), ones([2]), { weight: int(1, 2) }),
      /binaryCrossEntropyWithLogits: weight must be float32, got int32/],
    ["binaryCrossEntropyWithLogits: pos_weight spelling", () => F.binaryCrossEntropyWithLogits(ones([2]), ones([2]), { pos_weight: ones([2]) } as never),
      /binaryCrossEntropyWithLogits: unknown option "pos_weight" \(expected reduction, weight, posWeight\)/],
    ["klDiv: reduction", () => F.klDiv(ones([2]), ones([2]), { reduction: "batch_mean" as never }),
      /klDiv: reduction must be "mean", "batchmean", "sum" or "none", got "batch_mean"/],
    ["klDiv: logTarget", () => F.klDiv(ones([2]), ones([2]), { logTarget: 1 as never }), /klDiv: logTarget must be a boolean, got 1/],
    ["klDiv: shapes", () => F.klDiv(ones([2, 3]), ones([4])), /klDiv: input \[2, 3\] and target \[4\] cannot be broadcast together/],
    ["hingeLoss: 0/1 labels", () => F.hingeLoss(ones([3]), tensor([1, 0, 1])), /hingeLoss: target must hold -1 or 1, got 0 at position 1/],
    ["hingeLoss: soft labels", () => F.hingeLoss(ones([2]), tensor([0.5, 1])), /hingeLoss: target must hold -1 or 1, got 0.5 at position 0/],
    ["exponentialLoss: labels", () => F.exponentialLoss(ones([2]), tensor([-1, 2])), /exponentialLoss: target must hold -1 or 1, got 2 at position 1/],
    ["exponentialLoss: shapes", () => F.exponentialLoss(ones([2]), ones([3])), /exponentialLoss: input \[2\] and target \[3\] must have the same shape/],
    ["sigmoidFocalLoss: negative gamma", () => F.sigmoidFocalLoss(ones([2]), ones([2]), { gamma: -1 }), /sigmoidFocalLoss: gamma must be a finite number ≥ 0, got -1/],
    ["sigmoidFocalLoss: alpha above 1", () => F.sigmoidFocalLoss(ones([2]), ones([2]), { alpha: 1.5 }),
      /sigmoidFocalLoss: alpha must be a number ≤ 1 \(negative turns the weighting off\), got 1.5/],
    ["sigmoidFocalLoss: reduction", () => F.sigmoidFocalLoss(ones([2]), ones([2]), { reduction: "batchmean" as never }),
      /sigmoidFocalLoss: reduction must be "mean", "sum" or "none", got "batchmean"/],
    ["nllLoss: float target", () => F.nllLoss(ones([2, 3]), zeros([2])), /nllLoss: target must be an int32 tensor/],
    ["nllLoss: target out of range", () => F.nllLoss(ones([2, 3]), int(0, 5)), /nllLoss: target must hold class indices in \[0, 3\) or ignoreIndex \(-100\), got 5 at position 1/],
    ["nllLoss: weight shape", () => F.nllLoss(ones([2, 3]), int(0, 2), { weight: ones([2]) }), /nllLoss: weight must be 1-D \[3\], got shape \[2\]/],
    ["nllLoss: ignoreIndex", () => F.nllLoss(ones([2, 3]), int(0, 2), { ignoreIndex: 0.5 }), /nllLoss: ignoreIndex must be an integer, got 0.5/],
    ["nllLoss: 0-d input", () => F.nllLoss(tensor(1), int(0)), /nllLoss: input must be at least 1-D \[C\] or \[N, C, …\], got a 0-d tensor/],
    ["nllLoss: reduction", () => F.nllLoss(ones([2, 3]), int(0, 1), { reduction: "avg" as never }), /nllLoss: reduction must be "mean", "sum" or "none", got "avg"/],
    ["HuberLoss: delta checked at forward", () => new nn.HuberLoss({ delta: -2 }).forward(ones([2]), ones([2])), /huberLoss: delta must be a finite number > 0, got -2/],
    ["BCELoss: probabilities", () => new nn.BCELoss().forward(tensor([2]), ones([1])), /binaryCrossEntropy: input must hold probabilities in \[0, 1\], got 2 at position 0/],
  ],
};
