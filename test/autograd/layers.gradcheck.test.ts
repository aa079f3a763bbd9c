// Gradient checks of the layer ops over odd shapes and size-1 dims: layer/batch norm, embedding, dropout (fixed mask).
import { F, Generator, ones, tensor, zeros } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

const idx = (...v: number[]) => tensor(new Int32Array(v));

checkGrad("layerNorm [3,7] over [7] with weight and bias", (x, w, b) => F.layerNorm(x, [7], w, b), [[3, 7], [7], [7]]);
checkGrad("layerNorm [2,3,5] over [3,5] without affine", (x) => F.layerNorm(x, [3, 5]), [[2, 3, 5]]);
checkGrad("layerNorm [5,1,3] over [1,3], eps 0.1, weight only", (x, w) => F.layerNorm(x, [1, 3], w, null, { eps: 0.1 }), [[5, 1, 3], [1, 3]]);
checkGrad("batchNorm train [5,3] with weight and bias", (x, w, b) => F.batchNorm(x, null, null, w, b, { training: true }), [[5, 3], [3], [3]]);
checkGrad("batchNorm train [3,4,7] updating running stats", (x, w, b) =>
  F.batchNorm(x, zeros([4]), ones([4]), w, b, { training: true, momentum: 0.3 }), [[3, 4, 7], [4], [4]]);
checkGrad("batchNorm train [2,1,3,5] (one channel, images)", (x) => F.batchNorm(x, null, null, null, null, { training: true, eps: 1e-3 }), [[2, 1, 3, 5]]);
checkGrad("batchNorm eval [3,2,5] with running stats", (x, w, b) =>
  F.batchNorm(x, tensor([0.5, -1]), tensor([2, 0.3]), w, b), [[3, 2, 5], [2], [2]]);
checkGrad("embedding with repeated indices", (w) => F.embedding(idx(3, 0, 3, 5, 1, 3).reshape([2, 3]), w), [[6, 5]]);
checkGrad("embedding with paddingIdx not looked up", (w) => F.embedding(idx(0, 2, 2, 1), w, { paddingIdx: -1 }).mul(w.sum()), [[4, 3]]);
checkGrad("dropout p=0.3 with a fixed mask", (x) => F.dropout(x, { p: 0.3, generator: new Generator(7) }), [[4, 9]]);
checkGrad("dropout in a product, p=0.6", (x) => F.dropout(x.square(), { p: 0.6, generator: new Generator(3) }).mul(x), [[17]]);
checkGrad("threshold away from the threshold", (x) => F.threshold(x, 0.05, -2), [{ shape: [3, 11], kind: "awayFromZero" }]);
