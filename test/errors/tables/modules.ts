// Bad input to the activation, loss, pooling and small utility modules, nn.Parameter, nn.init and nn.utils: module
// hyper-parameters rejected at construction, inputs rejected at forward.
import { type Tensor, nn, ones, tensor } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const int = (...v: number[]) => tensor(new Int32Array(v));
const disposed = (shape = [2]) => {
  const t = ones(shape);
  t.dispose();
  return t;
};
// a module with a parameter and a gradient, and a tensor without one, built once (their kept state is not a leak)
let lin: nn.Linear, w: Tensor;
function setup(): void {
  lin = new nn.Linear(2, 2);
  lin.weight.grad = ones([2, 2]);
  w = nn.Parameter(ones([3]));
}
function teardown(): void {
  lin.dispose();
  w.dispose();
}

export const table: BadInputTable = {
  setup,
  teardown,
  rows: [
    // activation modules
    ["ReLU: int32 input", () => new nn.ReLU().forward(int(1)), /relu: input must be float32, got int32/],
    ["Sigmoid: disposed input", () => new nn.Sigmoid().forward(disposed()), /sigmoid: input: tensor of shape \[2\] was disposed/],
    ["Tanh: not a tensor", () => new nn.Tanh().forward([1] as never), /tanh: input must be a Tensor, got array of length 1/],
    ["Step: int32 input", () => new nn.Step().forward(int(1)), /step: input must be float32, got int32/],
    ["GELU: approximate", () => new nn.GELU({ approximate: "fast" as never }), /GELU: approximate must be "none" or "tanh", got "fast"/],
    ["GELU: unknown option", () => new nn.GELU({ approx: "tanh" } as never), /GELU: unknown option "approx" \(expected approximate\)/],
    ["LeakyReLU: NaN slope", () => new nn.LeakyReLU(NaN), /LeakyReLU: negativeSlope must be a finite number, got NaN/],
    ["ELU: alpha a string", () => new nn.ELU("1" as never), /ELU: alpha must be a finite number, got "1"/],
    ["Softplus: beta 0", () => new nn.Softplus({ beta: 0 }), /Softplus: beta must be a finite nonzero number, got 0/],
    ["Softplus: unknown option", () => new nn.Softplus({ betta: 2 } as never), /Softplus: unknown option "betta" \(expected beta, threshold\)/],
    ["Hardtanh: bounds reversed", () => new nn.Hardtanh(1, -1), /Hardtanh: minVal \(1\) must not exceed maxVal \(-1\)/],
    ["Threshold: NaN threshold", () => new nn.Threshold(NaN, 0), /Threshold: threshold must be a number, got NaN/],
    ["Softmax: dim a string", () => new nn.Softmax("1" as never), /Softmax: dim must be an integer, got "1"/],
    ["Softmax: dim out of range at forward", () => new nn.Softmax(2).forward(ones([2, 3])), /softmax: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["LogSoftmax: dim missing", () => new nn.LogSoftmax(undefined as never), /LogSoftmax: dim must be an integer, got undefined/],
    ["Flatten: fractional startDim", () => new nn.Flatten(0.5), /Flatten: startDim must be an integer, got 0.5/],
    ["Flatten: endDim before startDim at forward", () => new nn.Flatten(2, 1).forward(ones([2, 3, 4])), /flatten: startDim \(2\) must not come after endDim \(1\)/],
    ["Identity: not a tensor", () => new nn.Identity().forward(3 as never), /Identity: input must be a Tensor, got 3/],
    ["Dropout1d: 4-D input", () => new nn.Dropout1d(0.5).forward(ones([2, 3, 4, 5])), /dropout1d: input must be 3-D \[N, C, …\] or 2-D \[C, …\], got shape \[2, 3, 4, 5\]/],
    ["Dropout1d: p above 1", () => new nn.Dropout1d(2), /Dropout1d: p must be a probability in \[0, 1\], got 2/],

    // loss modules: options checked where the loss runs, with the function's name
    ["MSELoss: shapes", () => new nn.MSELoss().forward(ones([2]), ones([3])), /mseLoss: input \[2\] and target \[3\] must have the same shape/],
    ["MSELoss: reduction", () => new nn.MSELoss({ reduction: "avg" as never }), /MSELoss: reduction must be "mean", "sum" or "none", got "avg"/],
    ["L1Loss: unknown option", () => new nn.L1Loss({ size_average: true } as never), /L1Loss: unknown option "size_average" \(expected reduction\)/],
    ["SmoothL1Loss: negative beta", () => new nn.SmoothL1Loss({ beta: -1 }).forward(ones([2]), ones([2])), /smoothL1Loss: beta must be a finite number ≥ 0, got -1/],
    ["LogCoshLoss: int32 target", () => new nn.LogCoshLoss().forward(ones([2]), int(1, 2)), /logCoshLoss: target must be float32, got int32/],
    ["CrossEntropyLoss: class out of range", () => new nn.CrossEntropyLoss().forward(ones([2, 3]), int(0, 3)), /crossEntropy: target must hold class indices in \[0, 3\) or ignoreIndex \(-100\), got 3 at position 1/],
    ["CrossEntropyLoss: negative class", () => new nn.CrossEntropyLoss().forward(ones([2, 3]), int(-1, 0)), /crossEntropy: target must hold class indices in \[0, 3\) or ignoreIndex \(-100\), got -1 at position 0/],
    ["CrossEntropyLoss: labelSmoothing above 1", () => new nn.CrossEntropyLoss({ labelSmoothing: 1.5 }).forward(ones([2, 3]), int(0, 1)), /crossEntropy: labelSmoothing must be a number in \[0, 1\], got 1.5/],
    ["CrossEntropyLoss: weight of the wrong length", () => new nn.CrossEntropyLoss({ weight: ones([2]) }).forward(ones([2, 3]), int(0, 1)), /crossEntropy: weight must be 1-D \[3\], got shape \[2\]/],
    ["CrossEntropyLoss: empty class dimension", () => new nn.CrossEntropyLoss().forward(ones([2, 0]), int(0, 0)), /crossEntropy: target must hold class indices in \[0, 0\)/],
    ["NLLLoss: class out of range", () => new nn.NLLLoss().forward(ones([2, 3]), int(0, 7)), /nllLoss: target must hold class indices in \[0, 3\) or ignoreIndex \(-100\), got 7 at position 1/],
    ["NLLLoss: target shape", () => new nn.NLLLoss().forward(ones([2, 3]), int(0)), /nllLoss: target for input \[2, 3\] must have shape \[2\], got \[1\]/],
    ["KLDivLoss: reduction", () => new nn.KLDivLoss({ reduction: "batch" as never }).forward(ones([2]), ones([2])), /klDiv: reduction must be "mean", "batchmean", "sum" or "none", got "batch"/],
    ["KLDivLoss: log_target spelling", () => new nn.KLDivLoss({ log_target: true } as never), /KLDivLoss: unknown option "log_target" \(expected reduction, logTarget\)/],
    ["BCEWithLogitsLoss: shapes", () => new nn.BCEWithLogitsLoss().forward(ones([2]), ones([2, 1])), /binaryCrossEntropyWithLogits: input \[2\] and target \[2, 1\] must have the same shape/],
    ["SigmoidFocalLoss: gamma NaN", () => new nn.SigmoidFocalLoss({ gamma: NaN }).forward(ones([2]), ones([2])), /sigmoidFocalLoss: gamma must be a finite number ≥ 0, got NaN/],
    ["HingeLoss: labels 0/1", () => new nn.HingeLoss().forward(ones([2]), tensor([0, 1])), /hingeLoss: target must hold -1 or 1, got 0 at position 0/],
    ["ExponentialLoss: reduction", () => new nn.ExponentialLoss({ reduction: 1 as never }), /ExponentialLoss: reduction must be "mean", "sum" or "none", got 1/],
    ["CrossEntropyLoss: label_smoothing spelling", () => new nn.CrossEntropyLoss({ label_smoothing: 0.1 } as never), /CrossEntropyLoss: unknown option "label_smoothing" \(expected reduction, weight, ignoreIndex, labelSmoothing\)/],

    // pooling modules
    ["MaxPool1d: kernel larger than the input", () => new nn.MaxPool1d(5).forward(ones([1, 1, 3])), /maxPool1d: /],
    ["MaxPool1d: unknown option", () => new nn.MaxPool1d(2, { strides: 2 } as never), /MaxPool1d: unknown option "strides"/],
    ["MaxPool3d: 3-D input", () => new nn.MaxPool3d(2).forward(ones([2, 4, 4])), /maxPool3d: input must be/],
    ["AvgPool1d: kernel 0", () => new nn.AvgPool1d(0).forward(ones([1, 1, 4])), /avgPool1d: kernelSize must be/],
    ["AvgPool2d: unknown option", () => new nn.AvgPool2d(2, { count_include_pad: false } as never), /AvgPool2d: unknown option "count_include_pad"/],
    ["AvgPool3d: negative padding", () => new nn.AvgPool3d(2, { padding: -1 }).forward(ones([1, 1, 4, 4, 4])), /avgPool3d: padding must be/],
    ["AdaptiveAvgPool1d: output size 0", () => new nn.AdaptiveAvgPool1d(0).forward(ones([1, 2, 4])), /adaptiveAvgPool1d: outputSize must be a positive integer/],
    ["AdaptiveAvgPool2d: 2-D input", () => new nn.AdaptiveAvgPool2d(1).forward(ones([4, 4])), /adaptiveAvgPool2d: input must be/],
    ["AdaptiveMaxPool2d: unknown option", () => new nn.AdaptiveMaxPool2d(2, { return_indices: true } as never), /AdaptiveMaxPool2d: unknown option "return_indices" \(expected returnIndices\)/],
    ["MaxUnpool1d: float indices", () => new nn.MaxUnpool1d(2).forward(ones([1, 1, 2]), ones([1, 1, 2])), /maxUnpool1d: indices must be an int32 tensor/],
    ["MaxUnpool2d: indices of another shape", () => new nn.MaxUnpool2d(2).forward(ones([1, 1, 2, 2]), tensor(new Int32Array(2), [1, 1, 1, 2])), /maxUnpool2d: indices must have the input's shape/],

    // parameters, initialisers, utilities
    ["Parameter: not a tensor", () => nn.Parameter([1, 2] as never), /Parameter: expected a Tensor, got array of length 2/],
    ["Parameter: int32", () => nn.Parameter(int(1)), /requiresGrad: only float32 tensors can require grad, got int32/],
    ["Parameter: disposed", () => nn.Parameter(disposed()), /Parameter: tensor of shape \[2\] was disposed/],
    ["nn.init.calculateFanInAndFanOut: not a tensor", () => nn.init.calculateFanInAndFanOut([3, 3] as never), /calculateFanInAndFanOut: tensor must be a Tensor, got array of length 2/],
    ["nn.init.calculateGain: unknown nonlinearity", () => nn.init.calculateGain("swish" as never), /calculateGain: unsupported nonlinearity "swish"/],
    ["nn.init.calculateGain: NaN slope", () => nn.init.calculateGain("leakyRelu", NaN), /calculateGain: param \(negative slope\) must be a finite number, got NaN/],
    ["nn.init.constant: value not a number", () => nn.init.constant(ones([2]), "1" as never), /constant: value must be a number, got "1"/],
    ["nn.init.constant: disposed", () => nn.init.constant(disposed(), 1), /constant: tensor: tensor of shape \[2\] was disposed/],
    ["nn.init.ones: int32", () => nn.init.ones(int(1)), /constant: tensor must be float32, got int32/],
    ["nn.init.uniform: Infinity bound", () => nn.init.uniform(ones([2]), 0, Infinity), /uniform: b must be a finite number >= a \(0\), got Infinity/],
    ["nn.init.xavierUniform: gain NaN", () => nn.init.xavierUniform(ones([2, 2]), { gain: NaN }), /xavierUniform: gain must be a finite number, got NaN/],
    ["nn.init.kaimingNormal: a Infinity", () => nn.init.kaimingNormal(ones([2, 2]), { a: Infinity }), /kaimingNormal: a must be a finite number, got Infinity/],
    ["nn.init.kaimingUniform: unknown option", () => nn.init.kaimingUniform(ones([2, 2]), { fan: "in" } as never), /kaimingUniform: unknown option "fan" \(expected generator, a, mode, nonlinearity\)/],
    ["nn.utils.clipGradNorm: negative maxNorm", () => nn.utils.clipGradNorm(lin.parameters(), -1), /clipGradNorm: maxNorm must be a number >= 0, got -1/],
    ["nn.utils.clipGradNorm: normType 0", () => nn.utils.clipGradNorm(lin.parameters(), 1, 0), /clipGradNorm: normType must be a positive number or Infinity, got 0/],
    ["nn.utils.clipGradNorm: params null", () => nn.utils.clipGradNorm(null as never, 1), /clipGradNorm: params must be a Tensor or an iterable of Tensors, got null/],
    ["nn.utils.clipGradNorm: a non-tensor param", () => nn.utils.clipGradNorm([lin.weight, 3] as never, 1), /clipGradNorm: params\[1\] must be a Tensor, got 3/],
    ["nn.utils.clipGradValue: NaN clipValue", () => nn.utils.clipGradValue(lin.parameters(), NaN), /clipGradValue: clipValue must be a number >= 0, got NaN/],
    ["nn.utils.l1Penalty: negative lambda", () => nn.utils.l1Penalty([w], -1), /l1Penalty: lambda must be a number >= 0, got -1/],
    ["nn.utils.l1Penalty: a non-tensor param", () => nn.utils.l1Penalty([w, "b"] as never, 0.1), /l1Penalty: params\[1\] must be a Tensor, got "b"/],
    ["nn.utils.l2Penalty: empty list", () => nn.utils.l2Penalty([], 0.1), /l2Penalty: got an empty parameter list/],
    ["nn.utils.l2Penalty: params not iterable", () => nn.utils.l2Penalty(5 as never, 0.1), /l2Penalty: params must be a Tensor or an iterable of Tensors, got 5/],
    ["nn.utils.EarlyStopping: unknown option", () => new nn.utils.EarlyStopping({ min_delta: 0.1 } as never), /EarlyStopping: unknown option "min_delta" \(expected patience, minDelta, mode, restoreBestWeights\)/],
    ["nn.utils.EarlyStopping: negative patience", () => new nn.utils.EarlyStopping({ patience: -1 }), /EarlyStopping: patience must be an integer >= 0, got -1/],
    ["nn.utils.EarlyStopping: restoreBestWeights not a boolean", () => new nn.utils.EarlyStopping({ restoreBestWeights: "yes" as never }), /EarlyStopping: restoreBestWeights must be a boolean, got "yes"/],
    ["nn.utils.EarlyStopping.step: NaN metric", () => new nn.utils.EarlyStopping().step(NaN), /EarlyStopping\.step: metric must be a number, got NaN/],
    ["nn.utils.EarlyStopping.step: no model to keep", () => new nn.utils.EarlyStopping({ restoreBestWeights: true }).step(1), /EarlyStopping\.step: restoreBestWeights needs the model as second argument/],
    ["nn.utils.EarlyStopping.restore: nothing kept", () => new nn.utils.EarlyStopping().restore(lin), /EarlyStopping\.restore: no weights were kept/],

    // Module methods
    ["Module.zeroGrad: unknown option", () => lin.zeroGrad({ set_to_none: false } as never), /zeroGrad: unknown option "set_to_none" \(expected setToNone\)/],
    ["Module.zeroGrad: setToNone not a boolean", () => lin.zeroGrad({ setToNone: "no" as never }), /zeroGrad: setToNone must be a boolean, got "no"/],
    ["Module.loadStateDict: strict not a boolean", () => lin.loadStateDict({}, { strict: "no" as never }), /loadStateDict: strict must be a boolean, got "no"/],
    ["Module.loadStateDict: null", () => lin.loadStateDict(null as never), /loadStateDict: expected an object of tensors, got null/],
    ["Module.registerBuffer: persistent not a boolean", () => new nn.ReLU().registerBuffer("b", null, { persistent: 0 as never }), /registerBuffer: persistent must be a boolean, got 0/],
    ["Module.registerModule: not a module", () => new nn.ReLU().registerModule("m", {} as never), /registerModule: module "m" must be a Module or null, got Object/],
    ["Module.getSubmodule: missing child", () => new nn.Sequential(new nn.ReLU()).getSubmodule("1"), /getSubmodule: Sequential has no child "1" \(path "1"\)/],
    ["Module.apply: not a function", () => new nn.ReLU().apply("init" as never), /apply: fn must be a function, got "init"/],
  ],
};
