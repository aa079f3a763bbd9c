// Bad input to layers, containers, normalisation, dropout, embedding and nn.init: rows for test/helpers/errors.ts.
import { F, nn, ones, tensor, zeros } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

// modules whose forward is called are built once: their parameters are kept, which the arena check would count
let ln4: nn.LayerNorm, bn4: nn.BatchNorm1d, bn3: nn.BatchNorm1d, bn2d: nn.BatchNorm2d, emb: nn.Embedding;
function setup(): void {
  [ln4, bn4, bn3, bn2d, emb] = [new nn.LayerNorm(4), new nn.BatchNorm1d(4), new nn.BatchNorm1d(3), new nn.BatchNorm2d(3), new nn.Embedding(3, 2)];
}

const int = (...v: number[]) => tensor(new Int32Array(v));

export const table: BadInputTable = {
  setup,
  rows: [
    ["dropout: p below 0", () => F.dropout(ones([3]), { p: -0.1 }), /dropout: p must be a probability in \[0, 1\], got -0.1/],
    ["dropout: p above 1", () => F.dropout(ones([3]), { p: 1.5 }), /dropout: p must be a probability in \[0, 1\], got 1.5/],
    ["dropout: p NaN", () => F.dropout(ones([3]), { p: NaN }), /dropout: p must be a probability in \[0, 1\], got NaN/],
    ["dropout: training not a boolean", () => F.dropout(ones([3]), { training: "yes" as never }), /dropout: training must be a boolean, got "yes"/],
    ["dropout: generator", () => F.dropout(ones([3]), { generator: 42 as never }), /dropout: generator must be a Generator, got 42/],
    ["dropout: unknown option", () => F.dropout(ones([3]), { rate: 0.1 } as never), /dropout: unknown option "rate" \(expected p, training, generator\)/],
    ["dropout: int input", () => F.dropout(int(1, 2)), /dropout: input must be float32, got int32/],
    ["Dropout: p", () => new nn.Dropout(1.2), /Dropout: p must be a probability in \[0, 1\], got 1.2/],

    ["layerNorm: normalizedShape mismatch", () => F.layerNorm(ones([2, 3]), [4]), /layerNorm: input's trailing dimensions must be normalizedShape \[4\], got input shape \[2, 3\]/],
    ["layerNorm: normalizedShape longer than input", () => F.layerNorm(ones([3]), [2, 3]), /layerNorm: input's trailing dimensions must be normalizedShape \[2, 3\], got input shape \[3\]/],
    ["layerNorm: bad normalizedShape", () => F.layerNorm(ones([2, 3]), [0]), /layerNorm: normalizedShape must be a positive integer or a non-empty array of them, got array of length 1/],
    ["layerNorm: weight shape", () => F.layerNorm(ones([2, 3]), [3], ones([2])), /layerNorm: weight must have shape \[3\], got \[2\]/],
    ["layerNorm: bias not a tensor", () => F.layerNorm(ones([2, 3]), [3], null, [0, 0, 0] as never), /layerNorm: bias must be a Tensor, got array of length 3/],
    ["layerNorm: negative eps", () => F.layerNorm(ones([2, 3]), 3, null, null, { eps: -1 }), /layerNorm: eps must be a finite number >= 0, got -1/],
    ["LayerNorm: normalizedShape", () => new nn.LayerNorm([3, -1]), /LayerNorm: normalizedShape must be a positive integer or a non-empty array of them/],
    ["LayerNorm: input mismatch", () => ln4.forward(ones([2, 3])), /layerNorm: input's trailing dimensions must be normalizedShape \[4\], got input shape \[2, 3\]/],
    ["LayerNorm: unknown option", () => new nn.LayerNorm(4, { elementwise_affine: false } as never), /LayerNorm: unknown option "elementwise_affine"/],

    ["batchNorm: 1-D input", () => F.batchNorm(ones([3]), null, null, null, null, { training: true }), /batchNorm: input must be at least 2-D \[N, C, …\], got shape \[3\]/],
    ["batchNorm: running mean shape", () => F.batchNorm(ones([2, 3]), zeros([4]), ones([3])), /batchNorm: runningMean must have shape \[3\], got \[4\]/],
    ["batchNorm: eval without running stats", () => F.batchNorm(ones([2, 3]), null, null), /batchNorm: runningMean and runningVar are required when training is false/],
    ["batchNorm: one value per channel", () => F.batchNorm(ones([1, 3]), null, null, null, null, { training: true }), /batchNorm: training needs more than 1 value per channel, got input shape \[1, 3\]/],
    ["batchNorm: momentum", () => F.batchNorm(ones([2, 3]), zeros([3]), ones([3]), null, null, { momentum: 2 }), /batchNorm: momentum must be a number in \[0, 1\], got 2/],
    ["BatchNorm1d: numFeatures mismatch", () => bn4.forward(ones([2, 3])), /BatchNorm1d: input has 3 channels \(dim 1\), the layer has numFeatures = 4/],
    ["BatchNorm1d: 4-D input", () => bn3.forward(ones([2, 3, 4, 4])), /BatchNorm1d: input must be 2-D or 3-D \[N, C, …\], got shape \[2, 3, 4, 4\]/],
    ["BatchNorm2d: 3-D input", () => bn2d.forward(ones([2, 3, 4])), /BatchNorm2d: input must be 4-D \[N, C, …\], got shape \[2, 3, 4\]/],
    ["BatchNorm1d: numFeatures", () => new nn.BatchNorm1d(0), /BatchNorm1d: numFeatures must be a positive integer, got 0/],
    ["BatchNorm1d: momentum", () => new nn.BatchNorm1d(3, { momentum: -0.5 }), /BatchNorm1d: momentum must be a number in \[0, 1\] or null, got -0.5/],
    ["BatchNorm1d: batch of one in training", () => bn3.forward(ones([1, 3])), /batchNorm: training needs more than 1 value per channel/],

    ["embedding: index out of range", () => F.embedding(int(0, 5), ones([5, 2])), /embedding: indices must lie in \[0, 5\), got 5 at flat position 1/],
    ["embedding: negative index", () => F.embedding(int(-1), ones([5, 2])), /embedding: indices must lie in \[0, 5\), got -1 at flat position 0/],
    ["embedding: float indices", () => F.embedding(tensor([1, 2]), ones([5, 2])), /embedding: indices must be an int32 tensor/],
    ["embedding: weight rank", () => F.embedding(int(0), ones([5])), /embedding: weight must be 2-D \[numEmbeddings, embeddingDim\], got shape \[5\]/],
    ["embedding: paddingIdx out of range", () => F.embedding(int(0), ones([5, 2]), { paddingIdx: 5 }), /embedding: paddingIdx must be an integer in \[-5, 5\) or null, got 5/],
    ["Embedding: numEmbeddings", () => new nn.Embedding(-3, 2), /Embedding: numEmbeddings must be a non-negative integer, got -3/],
    ["Embedding: paddingIdx", () => new nn.Embedding(3, 2, { paddingIdx: 1.5 }), /Embedding: paddingIdx must be an integer in \[-3, 3\) or null, got 1.5/],
    ["Embedding: index out of range", () => emb.forward(int(3)), /embedding: indices must lie in \[0, 3\), got 3/],

    ["ModuleList: not a module", () => new nn.ModuleList([new nn.ReLU(), 3 as never]), /ModuleList: module 1 must be a Module, got 3/],
    ["ModuleList: index out of range", () => new nn.ModuleList([new nn.ReLU()]).at(1), /ModuleList: index must be an integer in \[-1, 0\], got 1/],
    ["ModuleList: not iterable", () => new nn.ModuleList(5 as never), /ModuleList: modules must be an iterable of Modules, got 5/],
    ["Sequential: not a module", () => new nn.Sequential(new nn.ReLU(), {} as never), /Sequential: module 1 must be a Module, got Object/],
    ["ModuleDict: missing key", () => new nn.ModuleDict({ a: new nn.ReLU() }).get("b"), /ModuleDict: no module under key "b" \(keys: a\)/],
    ["ModuleDict: dotted key", () => new nn.ModuleDict({ "a.b": new nn.ReLU() }), /ModuleDict: key must be a non-empty string without ".", got "a.b"/],
    ["ModuleDict: not a module", () => new nn.ModuleDict().set("a", {} as never), /ModuleDict: module "a" must be a Module, got Object/],
    ["Module: registerBuffer name", () => new nn.ReLU().registerBuffer("a.b", zeros([1])), /registerBuffer: name must be a non-empty string without ".", got "a.b"/],
    ["Module: registerParameter value", () => new nn.ReLU().registerParameter("w", [1] as never), /registerParameter: parameter "w" must be a Tensor or null, got array of length 1/],
    ["Module: train mode", () => new nn.ReLU().train("no" as never), /train: mode must be a boolean, got "no"/],
    ["Module: loadStateDict option", () => new nn.ReLU().loadStateDict({}, { strcit: false } as never), /loadStateDict: unknown option "strcit" \(expected strict\)/],
    ["Unflatten: sizes do not fit", () => new nn.Unflatten(1, [2, 4]).forward(ones([3, 6])), /Unflatten: sizes \[2, 4\] do not fit dimension 1 of size 6/],
    ["Unflatten: two -1", () => new nn.Unflatten(1, [-1, -1]), /Unflatten: sizes must be a non-empty array of non-negative integers with at most one -1/],
    ["Unflatten: dim", () => new nn.Unflatten(2, [1]).forward(ones([3, 6])), /Unflatten: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["threshold: NaN threshold", () => F.threshold(ones([2]), NaN, 0), /threshold: threshold must be a number, got NaN/],

    ["nn.init.xavierUniform: a 1-D tensor", () => nn.init.xavierUniform(ones([3])), /init: fan in and fan out need a tensor with at least 2 dimensions, got shape \[3\]/],
    ["nn.init.kaimingNormal: mode", () => nn.init.kaimingNormal(ones([3, 3]), { mode: "fan_in" as never }), /kaimingNormal: mode must be "fanIn" or "fanOut", got "fan_in"/],
    ["nn.init.kaimingUniform: nonlinearity", () => nn.init.kaimingUniform(ones([3, 3]), { nonlinearity: "swish" as never }), /calculateGain: unsupported nonlinearity "swish" \(expected linear, conv1d/],
    ["nn.init.xavierNormal: unknown option", () => nn.init.xavierNormal(ones([3, 3]), { gian: 2 } as never), /xavierNormal: unknown option "gian" \(expected generator, gain\)/],
    ["nn.init.normal: generator", () => nn.init.normal(ones([3]), 0, 1, { generator: {} as never }), /normal: generator must be a Generator, got Object/],
    ["nn.init.normal: negative std", () => nn.init.normal(ones([3]), 0, -1), /normal: std must be a finite number >= 0, got -1/],
    ["nn.init.uniform: bounds reversed", () => nn.init.uniform(ones([3]), 1, 0), /uniform: b must be a finite number >= a \(1\), got 0/],
    ["nn.init.zeros: int tensor", () => nn.init.zeros(int(1, 2)), /constant: tensor must be float32, got int32/],
  ],
};
