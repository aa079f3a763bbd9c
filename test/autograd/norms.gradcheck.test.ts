// Gradient checks of group/instance/batch/layer norm on image shapes the golden files do not cover: channels not divisible
// by 4, 1×1 spatial, batch 1, train and eval, runs long enough for the kernels' vector blocks; channel dropout (fixed mask).
import { F, Generator, ones, tensor, zeros } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

checkGrad("groupNorm [2,6,3,5] 3 groups, weight and bias", (x, w, b) => F.groupNorm(x, 3, w, b), [[2, 6, 3, 5], [6], [6]]);
checkGrad("groupNorm [1,5,1,1] one group: batch 1, 1×1 spatial", (x, w, b) => F.groupNorm(x, 1, w, b, { eps: 0.1 }), [[1, 5, 1, 1], [5], [5]]);
checkGrad("groupNorm [3,6] (no spatial) 2 groups, weight only", (x, w) => F.groupNorm(x, 2, w), [[3, 6], [6]]);
checkGrad("groupNorm [2,4,9,9] 2 groups (long runs)", (x, w, b) => F.groupNorm(x, 2, w, b), [[2, 4, 9, 9], [4], [4]]);
checkGrad("instanceNorm [2,3,7] with weight and bias", (x, w, b) => F.instanceNorm(x, null, null, w, b), [[2, 3, 7], [3], [3]]);
checkGrad("instanceNorm [1,5,3,3] batch 1, updating running stats", (x, w, b) =>
  F.instanceNorm(x, zeros([5]), ones([5]), w, b, { momentum: 0.2 }), [[1, 5, 3, 3], [5], [5]]);
checkGrad("instanceNorm [2,3,2,1,3] volumes, no affine", (x) => F.instanceNorm(x), [[2, 3, 2, 1, 3]]);
checkGrad("instanceNorm eval [2,3,4] with running stats", (x, w, b) =>
  F.instanceNorm(x, tensor([0.5, -1, 0]), tensor([2, 0.3, 1]), w, b, { useInputStats: false }), [[2, 3, 4], [3], [3]]);
checkGrad("batchNorm train [3,5,2,3] images", (x, w, b) => F.batchNorm(x, null, null, w, b, { training: true }), [[3, 5, 2, 3], [5], [5]]);
checkGrad("batchNorm train [1,3,3,3] batch 1", (x, w, b) => F.batchNorm(x, zeros([3]), ones([3]), w, b, { training: true }), [[1, 3, 3, 3], [3], [3]]);
checkGrad("batchNorm train [2,5,1,1] 1×1 spatial", (x, w, b) => F.batchNorm(x, null, null, w, b, { training: true, eps: 1e-3 }), [[2, 5, 1, 1], [5], [5]]);
checkGrad("batchNorm train [4,3,20,20] (long runs)", (x, w, b) => F.batchNorm(x, null, null, w, b, { training: true }), [[4, 3, 20, 20], [3], [3]]);
checkGrad("batchNorm eval [2,3,3,2] images", (x, w, b) => F.batchNorm(x, tensor([0.5, -1, 0]), tensor([2, 0.3, 1]), w, b), [[2, 3, 3, 2], [3], [3]]);
checkGrad("batchNorm train [2,3,2,2,2] volumes, no affine", (x) => F.batchNorm(x, null, null, null, null, { training: true }), [[2, 3, 2, 2, 2]]);
checkGrad("layerNorm [2,3,4,5] over [3,4,5] (an image)", (x, w, b) => F.layerNorm(x, [3, 4, 5], w, b), [[2, 3, 4, 5], [3, 4, 5], [3, 4, 5]]);
checkGrad("layerNorm [1,5,1,1] over [5,1,1], bias only", (x, b) => F.layerNorm(x, [5, 1, 1], null, b), [[1, 5, 1, 1], [5, 1, 1]]);
checkGrad("layerNorm [3,300] (long rows)", (x, w) => F.layerNorm(x, 300, w), [[3, 300], [300]]);
checkGrad("dropout2d p=0.4 with a fixed mask", (x) => F.dropout2d(x, { p: 0.4, generator: new Generator(5) }), [[3, 5, 2, 2]]);
checkGrad("dropout1d [C, L] p=0.5 with a fixed mask", (x) => F.dropout1d(x.square(), { p: 0.5, generator: new Generator(2) }), [[6, 3]]);
