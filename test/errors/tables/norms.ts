// Bad input to group and instance norm, batch/layer norm on images, and channel dropout: rows for test/helpers/errors.ts.
import { F, nn, ones, tensor, zeros } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

// modules whose forward is called are built once: their parameters are kept, which the arena check would count
let gn: nn.GroupNorm, in2: nn.InstanceNorm2d, in1: nn.InstanceNorm1d, bn3d: nn.BatchNorm3d, bn2d: nn.BatchNorm2d, ln: nn.LayerNorm, d2: nn.Dropout2d;
function setup(): void {
  [gn, in2, in1, bn3d, bn2d, ln, d2] = [
    new nn.GroupNorm(2, 4), new nn.InstanceNorm2d(3, { affine: true }), new nn.InstanceNorm1d(3), new nn.BatchNorm3d(3),
    new nn.BatchNorm2d(3), new nn.LayerNorm([3, 4, 4]), new nn.Dropout2d(0.5),
  ];
}

export const table: BadInputTable = {
  setup,
  rows: [
    ["groupNorm: groups not dividing channels", () => F.groupNorm(ones([2, 6, 3]), 4), /groupNorm: the number of channels must be divisible by numGroups, got input shape \[2, 6, 3\] and numGroups 4/],
    ["groupNorm: numGroups 0", () => F.groupNorm(ones([2, 6, 3]), 0), /groupNorm: numGroups must be a positive integer, got 0/],
    ["groupNorm: numGroups fractional", () => F.groupNorm(ones([2, 6, 3]), 1.5), /groupNorm: numGroups must be a positive integer, got 1.5/],
    ["groupNorm: 1-D input", () => F.groupNorm(ones([6]), 2), /groupNorm: input must be at least 2-D \[N, C, …\], got shape \[6\]/],
    ["groupNorm: weight shape", () => F.groupNorm(ones([2, 6, 3]), 3, ones([3])), /groupNorm: weight must have shape \[6\], got \[3\]/],
    ["groupNorm: bias not a tensor", () => F.groupNorm(ones([2, 6, 3]), 3, null, 0 as never), /groupNorm: bias must be a Tensor, got 0/],
    ["groupNorm: negative eps", () => F.groupNorm(ones([2, 6, 3]), 3, null, null, { eps: -1e-5 }), /groupNorm: eps must be a finite number >= 0, got -0.00001/],
    ["groupNorm: unknown option", () => F.groupNorm(ones([2, 6, 3]), 3, null, null, { affine: true } as never), /groupNorm: unknown option "affine" \(expected eps\)/],
    ["groupNorm: int input", () => F.groupNorm(tensor(new Int32Array(4), [1, 4]), 2), /groupNorm: input must be float32, got int32/],
    ["GroupNorm: groups not dividing channels", () => new nn.GroupNorm(4, 6), /GroupNorm: numChannels must be divisible by numGroups, got 6 and 4/],
    ["GroupNorm: numGroups", () => new nn.GroupNorm(0, 6), /GroupNorm: numGroups must be a positive integer, got 0/],
    ["GroupNorm: numChannels", () => new nn.GroupNorm(2, -4), /GroupNorm: numChannels must be a positive integer, got -4/],
    ["GroupNorm: channel mismatch", () => gn.forward(ones([2, 6, 3])), /GroupNorm: input has 6 channels \(dim 1\), the layer has numChannels = 4/],
    ["GroupNorm: 1-D input", () => gn.forward(ones([4])), /GroupNorm: input must be at least 2-D \[N, C, …\], got shape \[4\]/],
    ["GroupNorm: unknown option", () => new nn.GroupNorm(2, 4, { elementwiseAffine: true } as never), /GroupNorm: unknown option "elementwiseAffine" \(expected eps, affine\)/],

    ["instanceNorm: 1-D input", () => F.instanceNorm(ones([5])), /instanceNorm: input must be at least 2-D \[N, C, …\], got shape \[5\]/],
    ["instanceNorm: one spatial element", () => F.instanceNorm(ones([2, 3, 1])), /instanceNorm: needs more than 1 spatial element per channel, got input shape \[2, 3, 1\]/],
    ["instanceNorm: no running stats when not using input stats", () => F.instanceNorm(ones([2, 3, 4]), null, null, null, null, { useInputStats: false }),
      /instanceNorm: runningMean and runningVar are required when useInputStats is false/],
    ["instanceNorm: running mean shape", () => F.instanceNorm(ones([2, 3, 4]), zeros([2]), ones([3])), /instanceNorm: runningMean must have shape \[3\], got \[2\]/],
    ["instanceNorm: weight shape", () => F.instanceNorm(ones([2, 3, 4]), null, null, ones([3, 1])), /instanceNorm: weight must have shape \[3\], got \[3, 1\]/],
    ["instanceNorm: momentum", () => F.instanceNorm(ones([2, 3, 4]), null, null, null, null, { momentum: 1.5 }), /instanceNorm: momentum must be a number in \[0, 1\], got 1.5/],
    ["instanceNorm: useInputStats not a boolean", () => F.instanceNorm(ones([2, 3, 4]), null, null, null, null, { useInputStats: 1 as never }), /instanceNorm: useInputStats must be a boolean, got 1/],
    ["InstanceNorm2d: wrong rank", () => in2.forward(ones([3, 4])), /InstanceNorm2d: input must be 3-D or 4-D \(unbatched \[C, …\] or \[N, C, …\]\), got shape \[3, 4\]/],
    ["InstanceNorm2d: numFeatures mismatch (affine)", () => in2.forward(ones([2, 4, 3, 3])), /InstanceNorm2d: input has 4 channels \(dim 1\), the layer has numFeatures = 3/],
    ["InstanceNorm2d: numFeatures mismatch unbatched", () => in2.forward(ones([4, 3, 3])), /InstanceNorm2d: input has 4 channels \(dim 0\), the layer has numFeatures = 3/],
    ["InstanceNorm1d: one spatial element in training", () => in1.forward(ones([2, 3, 1])), /instanceNorm: needs more than 1 spatial element per channel/],
    ["InstanceNorm1d: momentum null", () => new nn.InstanceNorm1d(3, { momentum: null as never }), /InstanceNorm1d: momentum must be a number in \[0, 1\], got null/],
    ["InstanceNorm3d: numFeatures", () => new nn.InstanceNorm3d(2.5), /InstanceNorm3d: numFeatures must be a positive integer, got 2.5/],

    ["BatchNorm3d: 4-D input", () => bn3d.forward(ones([2, 3, 4, 4])), /BatchNorm3d: input must be 5-D \[N, C, …\], got shape \[2, 3, 4, 4\]/],
    ["BatchNorm3d: numFeatures mismatch", () => bn3d.forward(ones([2, 4, 2, 2, 2])), /BatchNorm3d: input has 4 channels \(dim 1\), the layer has numFeatures = 3/],
    ["BatchNorm2d: numFeatures mismatch on images", () => bn2d.forward(ones([2, 5, 4, 4])), /BatchNorm2d: input has 5 channels \(dim 1\), the layer has numFeatures = 3/],
    ["BatchNorm2d: one value per channel", () => bn2d.forward(ones([1, 3, 1, 1])), /batchNorm: training needs more than 1 value per channel, got input shape \[1, 3, 1, 1\]/],
    ["LayerNorm: over [C, H, W], image of another size", () => ln.forward(ones([2, 3, 5, 5])),
      /layerNorm: input's trailing dimensions must be normalizedShape \[3, 4, 4\], got input shape \[2, 3, 5, 5\]/],

    ["dropout2d: p below 0", () => F.dropout2d(ones([1, 2, 2, 2]), { p: -0.5 }), /dropout2d: p must be a probability in \[0, 1\], got -0.5/],
    ["dropout2d: p above 1", () => F.dropout2d(ones([1, 2, 2, 2]), { p: 1.01 }), /dropout2d: p must be a probability in \[0, 1\], got 1.01/],
    ["dropout2d: 3-D input", () => F.dropout2d(ones([2, 3, 4])), /dropout2d: input must be 4-D \[N, C, …\], got shape \[2, 3, 4\] \(for \[N, C, L\] use dropout1d; add a batch dimension to \[C, H, W\]\)/],
    ["dropout2d: 5-D input", () => F.dropout2d(ones([1, 2, 2, 2, 2])), /dropout2d: input must be 4-D \[N, C, …\], got shape \[1, 2, 2, 2, 2\]/],
    ["dropout2d: unknown option", () => F.dropout2d(ones([1, 2, 2, 2]), { inplace: true } as never), /dropout2d: unknown option "inplace" \(expected p, training, generator\)/],
    ["dropout2d: int input", () => F.dropout2d(tensor(new Int32Array(4), [1, 1, 2, 2])), /dropout2d: input must be float32, got int32/],
    ["dropout1d: 4-D input", () => F.dropout1d(ones([1, 2, 2, 2])), /dropout1d: input must be 3-D \[N, C, …\] or 2-D \[C, …\], got shape \[1, 2, 2, 2\]/],
    ["dropout3d: 3-D input", () => F.dropout3d(ones([2, 2, 2])), /dropout3d: input must be 5-D \[N, C, …\] or 4-D \[C, …\], got shape \[2, 2, 2\]/],
    ["Dropout2d: p", () => new nn.Dropout2d(1.2), /Dropout2d: p must be a probability in \[0, 1\], got 1.2/],
    ["Dropout2d: 2-D input", () => d2.forward(ones([4, 4])), /dropout2d: input must be 4-D \[N, C, …\], got shape \[4, 4\]/],
    ["Dropout3d: p NaN", () => new nn.Dropout3d(NaN), /Dropout3d: p must be a probability in \[0, 1\], got NaN/],
  ],
};
