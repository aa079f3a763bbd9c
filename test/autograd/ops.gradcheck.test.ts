// Gradient checks (float32-aware central differences) of every differentiable op over odd sizes, size-1 dims and broadcasting.
import { F, cat, matmul, split, stack, tensor, where } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

const pos = (...shape: number[]) => ({ shape, kind: "positive" as const });
const away = (...shape: number[]) => ({ shape, kind: "awayFromZero" as const });
const distinct = (...shape: number[]) => ({ shape, kind: "distinct" as const });

checkGrad("add broadcast [4,1,3]+[5,1]", (a, b) => a.add(b), [[4, 1, 3], [5, 1]]);
checkGrad("sub broadcast [17]-[1]", (a, b) => a.sub(b), [[17], [1]]);
checkGrad("mul broadcast [3,1,5]*[2,5]", (a, b) => a.mul(b), [[3, 1, 5], [2, 5]]);
checkGrad("div broadcast [33]/[33] tails", (a, b) => a.div(b), [[33], pos(33)]);
checkGrad("scalar ops x*2-1/x", (x) => x.mul(2).sub(1).div(x.add(3)), [pos(9)]);
checkGrad("pow tensor exponent", (x, e) => x.pow(e), [pos(2, 7), [7]]);
checkGrad("pow scalar 3", (x) => x.pow(3), [[13]]);
checkGrad("maximum/minimum", (a, b) => a.maximum(b).add(a.minimum(b).mul(2)), [distinct(5, 3), distinct(3)]);
checkGrad("where broadcast", (a, b) => where(tensor([1, 0, 1]), a, b), [[4, 3], [1]]);
checkGrad("clamp away from bounds", (x) => x.clamp(-0.35, 0.45), [distinct(19)]);
checkGrad("neg exp", (x) => x.neg().exp(), [[3, 5]]);
checkGrad("log sqrt", (x) => x.log().add(x.sqrt()), [pos(1, 17)]);
checkGrad("abs", (x) => x.abs(), [away(65)]);
checkGrad("sigmoid tanh", (x) => x.sigmoid().mul(x.tanh()), [[5, 7]]);
checkGrad("relu leakyRelu", (x) => x.relu().add(F.leakyRelu(x, { negativeSlope: 0.2 })), [away(2, 9)]);
checkGrad("elu softplus", (x) => F.elu(x, { alpha: 0.7 }).add(F.softplus(x, { beta: 2, threshold: 5 })), [away(31)]);
checkGrad("gelu exact and tanh", (x) => F.gelu(x).add(F.gelu(x, { approximate: "tanh" }).mul(2)), [[6, 3]]);
checkGrad("hardtanh", (x) => F.hardtanh(x, { minVal: -0.5, maxVal: 0.5 }), [distinct(21)]);
checkGrad("softmax dim 0 of [3,1,5]", (x) => x.softmax(0), [[3, 1, 5]]);
checkGrad("softmax dim -1 odd", (x) => x.softmax(-1), [[2, 37]]);
checkGrad("logSoftmax dim 1", (x) => x.logSoftmax(1), [[4, 9, 2]]);
checkGrad("sum over [0,2] keepdim", (x) => x.sum([0, 2], { keepdim: true }), [[3, 4, 5]]);
checkGrad("sum full / mean dim", (x) => x.sum().add(x.mean(1).sum()), [[7, 1, 3]]);
checkGrad("var unbiased / biased", (x) => x.var(1).add(x.var([0, 1], { unbiased: false })), [[5, 9]], { rtol: 1e-2 });
checkGrad("max over dim", (x) => x.max(1).values, [distinct(4, 7, 3)]);
checkGrad("min over dim keepdim", (x) => x.min(0, { keepdim: true }).values, [distinct(5, 3)]);
checkGrad("max full", (x) => x.max(), [distinct(33)]);
checkGrad("matmul odd 2-D", (a, b) => matmul(a, b), [[5, 7], [7, 3]], { rtol: 1e-2 });
checkGrad("matmul batched broadcast", (a, b) => matmul(a, b), [[2, 1, 3, 4], [5, 4, 2]], { rtol: 1e-2 });
checkGrad("matmul 1-D @ 2-D and 2-D @ 1-D", (a, b, v) => matmul(v, a).sum().add(matmul(b, v).sum()), [[9, 5], [3, 9], [9]], { rtol: 1e-2 });
checkGrad("matmul of transposed views", (a, b) => matmul(a.transpose(0, 1), b.transpose(0, 1)), [[6, 5], [3, 6]], { rtol: 1e-2 });
checkGrad("linear 3-D input with bias", (x, w, b) => F.linear(x, w, b), [[2, 3, 5], [4, 5], [4]], { rtol: 1e-2 });
checkGrad("linear without bias, 1 row", (x, w) => F.linear(x, w, null), [[1, 17], [3, 17]], { rtol: 1e-2 });
checkGrad("reshape permute transpose", (x) => x.reshape([6, -1]).transpose(0, 1).permute([1, 0]).reshape([2, 3, 5]).mul(x), [[2, 3, 5]]);
checkGrad("expand", (x) => x.expand([3, 4, 5]).mul(tensor([1, 2, 3, 4, 5])), [[4, 1]]);
checkGrad("slice with step then scale", (x) => x.slice(1, 1, null, 3).mul(2), [[3, 10]]);
checkGrad("cat and stack", (a, b) => cat([a, b, a], 1).sum(0).add(stack([a, a], 2).sum([1, 2]).sum()), [[2, 3], [2, 5]]);
checkGrad("split sections", (x) => { const [p, q, r] = split(x, [1, 3, 2], 1); return p.mul(3).sum().add(q.sum()).add(r.square().sum()); }, [[4, 6]]);
checkGrad("pad constant / reflect / replicate", (x) =>
  F.pad(x, [1, 2], { value: 0.5 }).sum().add(F.pad(x, [2, 1, 1, 0], { mode: "reflect" }).square().sum()).add(F.pad(x, [1, 1], { mode: "replicate" }).square().sum()),
  [[2, 3, 4]]);
checkGrad("indexSelect with repeats", (x) => x.indexSelect(1, tensor(new Int32Array([2, 0, 2, 3]))).square(), [[3, 4]]);
checkGrad("gather", (x) => x.gather(1, tensor(new Int32Array([0, 2, 2, 1, 0, 0]), [3, 2])).square(), [[3, 4]]);
checkGrad("squeeze unsqueeze flatten", (x) => x.unsqueeze(0).squeeze(2).flatten().square(), [[3, 1, 4]]);
checkGrad("crossEntropy index targets", (x) => F.crossEntropy(x, tensor(new Int32Array([2, 0, 4, 1, 1]))), [[5, 5]]);
checkGrad("crossEntropy weighted, ignoreIndex, sum", (x) =>
  F.crossEntropy(x, tensor(new Int32Array([1, -100, 2, 0])), { weight: tensor([0.5, 2, 1]), reduction: "sum" }), [[4, 3]]);
checkGrad("crossEntropy label smoothing, weighted", (x) =>
  F.crossEntropy(x, tensor(new Int32Array([1, 2, 0])), { weight: tensor([0.5, 2, 1]), labelSmoothing: 0.2 }), [[3, 3]]);
checkGrad("crossEntropy probability targets, K-dim", (x, t) => F.crossEntropy(x, t.softmax(1)), [[2, 4, 3], { shape: [2, 4, 3], grad: false }]);
checkGrad("crossEntropy none reduction K-dim", (x) =>
  F.crossEntropy(x, tensor(new Int32Array([0, 3, 1, 2, 2, 0]), [2, 3]), { reduction: "none" }), [[2, 4, 3]]);
checkGrad("mseLoss", (a, b) => F.mseLoss(a, b), [[7, 3], [7, 3]]);
