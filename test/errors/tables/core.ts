// Bad input across the core API (tensors, ops, Linear, SGD/Adam, init): rows for the harness in test/helpers/errors.ts.
import { F, cat, init, matmul, nn, optim, ones, split, tensor, zeros } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

let linear: nn.Linear;
function setup(): void {
  linear = new nn.Linear(2, 2);
}

const int = (...v: number[]) => tensor(new Int32Array(v));

export const table: BadInputTable = {
  setup,
  rows: [
    ["init: unknown option", () => init({ isa: "simd", thread: 2 } as never), /init: unknown option "thread"/],
    ["init: isa", () => init({ isa: "avx" as never }), /init: isa must be "relaxed", "simd" or "scalar", got "avx"/],
    ["init: threads 0", () => init({ threads: 0 }), /init: threads must be a positive integer, got 0/],
    ["init: fractional threads", () => init({ threads: 1.5 }), /init: threads must be a positive integer, got 1.5/],
    ["init: threads as a string", () => init({ threads: "2" as never }), /init: threads must be a positive integer, got "2"/],
    ["init: maxMemoryBytes below 1 MiB", () => init({ maxMemoryBytes: 10 }), /init: maxMemoryBytes must be a number of bytes >= 1 MiB, got 10/],
    ["tensor: ragged nested arrays", () => tensor([[1, 2], [3]]), /tensor: nested arrays must be rectangular; data\[1\] should have length 2/],
    ["tensor: shape/data mismatch", () => tensor(new Float32Array(5), [2, 3]), /tensor: shape \[2, 3\] holds 6 elements, but data has 5/],
    ["tensor: bad data", () => tensor("abc" as never), /tensor: data must be a number, nested arrays/],
    ["tensor: unknown option", () => tensor([1], { requiresgrad: true } as never), /tensor: unknown option "requiresgrad"/],
    ["zeros: negative dimension", () => zeros([2, -1]), /zeros: shape must be an array of non-negative integers/],
    ["add: shapes that do not broadcast", () => ones([2, 3]).add(ones([4])), /add: shapes \[2, 3\] and \[4\] cannot be broadcast together/],
    ["mul: not a tensor", () => ones([2]).mul("x" as never), /mul: other must be a Tensor, got "x"/],
    ["matmul: inner dimensions", () => matmul(ones([2, 3]), ones([4, 5])), /matmul: inner dimensions differ: \[2, 3\] @ \[4, 5\] \(3 vs 4\)/],
    ["matmul: 0-d operand", () => matmul(tensor(1), ones([2])), /matmul: both operands must be at least 1-D/],
    ["linear: weight rank", () => F.linear(ones([2, 3]), ones([3]), null), /linear: weight must be 2-D \[out, in\], got shape \[3\]/],
    ["linear: in-features", () => F.linear(ones([2, 3]), ones([4, 5]), null), /linear: input's last dimension must equal weight's in-features 5/],
    ["linear: bias shape", () => F.linear(ones([2, 3]), ones([4, 3]), ones([3])), /linear: bias must be 1-D \[4\], got shape \[3\]/],
    ["sum: dim out of range", () => ones([2, 3]).sum(2), /sum: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["sum: repeated dim", () => ones([2, 3]).sum([1, -1]), /sum: dim \[1, -1\] repeats a dimension/],
    ["sum: unknown option", () => ones([2]).sum(0, { keepDim: true } as never), /sum: unknown option "keepDim" \(expected keepdim\)/],
    ["max: empty", () => zeros([0]).max(), /max: the input is empty/],
    ["softmax: dim", () => ones([2, 3]).softmax(3), /softmax: dim must be an integer in \[-2, 1\]/],
    ["reshape: size", () => ones([2, 3]).reshape([4, 2]), /reshape: shape \[4, 2\] is invalid for input of size 6/],
    ["reshape: two -1", () => ones([2, 3]).reshape([-1, -1]), /reshape: only one dimension can be -1/],
    ["permute: not a permutation", () => ones([2, 3]).permute([0, 0]), /permute: dims \[0, 0\] repeat a dimension/],
    ["expand: incompatible", () => ones([2, 3]).expand([4, 3]), /expand: cannot expand shape \[2, 3\] to \[4, 3\]/],
    ["slice: step", () => ones([4]).slice(0, 0, 4, 0), /slice: step must be a positive integer, got 0/],
    ["cat: mismatched shapes", () => cat([ones([2, 3]), ones([3, 3])], 1), /cat: tensors\[1\] has shape \[3, 3\], which does not match \[2, 3\] outside dimension 1/],
    ["cat: empty list", () => cat([]), /cat: tensors must be a non-empty array/],
    ["split: sections", () => split(ones([5]), [2, 2]), /split: sections \[2, 2\] sum to 4, but dimension 0 has size 5/],
    ["pad: reflect too wide", () => F.pad(ones([1, 3]), [3, 0], { mode: "reflect" }), /pad: reflect padding \(3, 0\) must be smaller than dimension 1 of size 3/],
    ["pad: mode", () => F.pad(ones([3]), [1, 1], { mode: "circular" as never }), /pad: mode must be "constant", "reflect" or "replicate", got "circular"/],
    ["indexSelect: float index", () => ones([3]).indexSelect(0, tensor([0])), /indexSelect: index must be an int32 tensor/],
    ["indexSelect: out of range", () => ones([3, 2]).indexSelect(0, int(0, 3)), /indexSelect: index must lie in \[0, 3\), got 3 at flat position 1/],
    ["gather: index rank", () => ones([3, 2]).gather(1, int(0)), /gather: index of shape \[1\] must have the input's rank/],
    ["leakyRelu: slope", () => F.leakyRelu(ones([2]), { negativeSlope: NaN }), /leakyRelu: negativeSlope must be a finite number, got NaN/],
    ["gelu: approximate", () => F.gelu(ones([2]), { approximate: "fast" as never }), /gelu: approximate must be "none" or "tanh", got "fast"/],
    ["clamp: nothing given", () => ones([2]).clamp(), /clamp: at least one of min and max must be given/],
    ["crossEntropy: float class targets of the wrong shape", () => F.crossEntropy(ones([2, 3]), ones([2])), /crossEntropy: probability targets must have the input's shape \[2, 3\], got \[2\]/],
    ["crossEntropy: target out of range", () => F.crossEntropy(ones([2, 3]), int(0, 3)), /crossEntropy: target must hold class indices in \[0, 3\) or ignoreIndex \(-100\), got 3 at position 1/],
    ["crossEntropy: target shape", () => F.crossEntropy(ones([2, 3]), int(0, 1, 2)), /crossEntropy: class-index targets for input \[2, 3\] must have shape \[2\], got \[3\]/],
    ["crossEntropy: reduction", () => F.crossEntropy(ones([2, 3]), int(0, 1), { reduction: "avg" as never }), /crossEntropy: reduction must be "mean", "sum" or "none", got "avg"/],
    ["mseLoss: shapes", () => F.mseLoss(ones([2, 3]), ones([3, 2])), /mseLoss: input \[2, 3\] and target \[3, 2\] must have the same shape/],
    ["backward: non-scalar", () => ones([2], { requiresGrad: true }).mul(2).backward(), /backward: a gradient can be created implicitly only for one-element outputs/],
    ["Linear: bad size", () => new nn.Linear(-1, 2), /Linear: inFeatures must be a non-negative integer, got -1/],
    ["Linear: unknown option", () => new nn.Linear(2, 2, { bais: false } as never), /Linear: unknown option "bais"/],
    ["SGD: negative lr", () => new optim.SGD([ones([2], { requiresGrad: true })], { lr: -1 }), /SGD: lr must be a finite number >= 0, got -1/],
    ["SGD: typo in option", () => new optim.SGD([ones([2], { requiresGrad: true })], { learningRate: 0.1 } as never), /SGD: unknown option "learningRate"/],
    ["SGD: nesterov without momentum", () => new optim.SGD([ones([2], { requiresGrad: true })], { lr: 0.1, nesterov: true }), /SGD: nesterov needs momentum > 0 and dampening 0/],
    ["Adam: beta out of range", () => new optim.Adam([ones([2], { requiresGrad: true })], { betas: [0.9, 1] }), /Adam: betas\[1\] must be in \[0, 1\), got 1/],
    ["Adam: empty params", () => new optim.Adam([]), /Adam: got an empty parameter list/],
    ["Adam: non-leaf param", () => new optim.Adam([ones([2], { requiresGrad: true }).mul(2)]), /Adam: params\[0\] must be a float32 leaf tensor/],
    ["Module.loadStateDict: missing and unexpected keys", () => linear.loadStateDict({ weight: ones([2, 2]), extra: ones([1]) }),
      /loadStateDict: keys do not match the module \(strict\); missing: bias; unexpected: extra/],
    ["Module.loadStateDict: shape", () => linear.loadStateDict({ weight: ones([2, 3]), bias: ones([2]) }),
      /loadStateDict: "weight" has shape \[2, 3\], the module expects \[2, 2\]/],
  ],
};
