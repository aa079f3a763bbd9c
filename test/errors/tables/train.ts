// Bad input to fit, evaluate, summary, accuracy and ProgressBar: a clear error naming the function, the argument, what was
// expected and what came; the arena is left intact (rows for test/helpers/errors.ts; fit's rows reject).
import { F, ProgressBar, accuracy, evaluate, fit, nn, optim, summary, tensor } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

let model: nn.Sequential, opt: optim.SGD;
async function setup(): Promise<void> {
  model = new nn.Sequential(new nn.Linear(4, 6));
  opt = new optim.SGD(model.parameters(), { lr: 0.1 });
  const warm = xy();
  await fit(model, warm, { optimizer: opt, loss: F.mseLoss, verbose: false }); // the gradients exist from here on
  for (const t of warm.flat()) t.dispose();
}
const xy = () => [[tensor([[1, 2, 3, 4]]), tensor([[0, 0, 0, 0, 0, 1]])]];
/** fit(model, loader, options) without progress output. */
const fitWith = (loader: () => unknown, options: () => object) => () => fit(model, loader() as never, { verbose: false, ...options() } as never);
/** The options with the module's optimizer. */
const withOpt = (more: object = {}) => () => ({ optimizer: opt, ...more });

export const table: BadInputTable = {
  setup,
  rows: [
    ["summary: not a module", () => summary({} as never, [1]), /summary: model must be an nn\.Module, got Object/],
    ["summary: empty shape", () => summary(model, []), /summary: inputShape must be a shape such as \[1, 784\] \(batch dimension included\) or an array of shapes, got array of length 0/],
    ["summary: bad dtype", () => summary(model, [1, 4], { dtype: "x" as never }), /summary: dtype must be "float32" or "int32", got "x"/],
    ["summary: unknown option", () => summary(model, [1, 4], { depth: 2 } as never), /summary: unknown option "depth" \(expected dtype\)/],
    ["summary: forward fails on the shape", () => summary(model, [1, 5]), /linear: input's last dimension must equal weight's in-features 4, got input shape \[1, 5\]/],
    ["accuracy: 1-D output", () => accuracy(tensor([1, 2]), tensor([0], { dtype: "int32" })), /accuracy: output must be 2-D \[N, C\] \(one row of class scores per sample\), got shape \[2\]/],
    ["accuracy: float class indices", () => accuracy(tensor([[1, 2]]), tensor([1])), /accuracy: target must be int32 class indices \[1\] or float32 \[1, 2\] \(one-hot\), got float32 \[1\]/],
    ["evaluate: batch without a target", () => evaluate(model, [[tensor([[1, 2, 3, 4]])]], { loss: F.mseLoss }), /evaluate: batch 0 must be an array \[\.\.\.inputs, target\] of at least two tensors .*got array of length 1/],
    ["evaluate: no batches", () => evaluate(model, [], { loss: F.mseLoss }), /evaluate: no batches to evaluate/],
    ["evaluate: not iterable", () => evaluate(model, 5 as never, { loss: F.mseLoss }), /evaluate: batches must be an iterable of batches \(e\.g\. a data\.DataLoader\), got 5/],
    ["evaluate: loss by name", () => evaluate(model, xy(), { loss: "mse" as never }), /evaluate: options\.loss must be a loss function \(e\.g\. F\.crossEntropy\) or a loss module .*got "mse"/],
    ["evaluate: metric not a function", () => evaluate(model, xy(), { loss: F.mseLoss, metrics: { acc: "accuracy" as never } }), /evaluate: metric "acc" must be a function \(output, target\) => number, got "accuracy"/],
    ["fit: epochs 0", fitWith(xy, withOpt({ loss: F.mseLoss, epochs: 0 })), /fit: epochs must be a positive integer, got 0/],
    ["fit: no optimizer", fitWith(xy, () => ({ loss: F.mseLoss })), /fit: options\.optimizer must be an optimizer with step\(\) and zeroGrad\(\) \(e\.g\. new optim\.Adam\(model\.parameters\(\)\)\), got undefined/],
    ["fit: no loss", fitWith(xy, withOpt()), /fit: options\.loss must be a loss function .*got undefined/],
    ["fit: metrics as names", fitWith(xy, withOpt({ loss: F.mseLoss, metrics: ["accuracy"] })), /fit: options\.metrics must be an object of named metric functions \(e\.g\. \{ accuracy \}\), got array of length 1/],
    ["fit: unknown option", fitWith(xy, withOpt({ loss: F.mseLoss, batchSize: 3 })), /fit: unknown option "batchSize" \(expected epochs, optimizer, loss, metrics, validation, onBatch, onEpoch, verbose\)/],
    ["fit: loss not reducing", fitWith(xy, withOpt({ loss: (a: unknown) => a })), /fit: loss must return a one-element tensor \(reduction "mean" or "sum"\), got Tensor of shape \[1, 6\]/],
    ["fit: verbose a number", fitWith(xy, withOpt({ loss: F.mseLoss, verbose: 1 })), /fit: options\.verbose must be a boolean or a function, got 1/],
    ["fit: onEpoch not a function", fitWith(xy, withOpt({ loss: F.mseLoss, onEpoch: 3 })), /fit: options\.onEpoch must be a function, got 3/],
    ["fit: validation batch without a target", fitWith(xy, () => ({ optimizer: opt, loss: F.mseLoss, validation: [[tensor([1])]] })), /fit: validation: batch 0 must be an array \[\.\.\.inputs, target\]/],
    ["fit: no batches", fitWith(() => [], withOpt({ loss: F.mseLoss })), /fit: the loader gave no batches \(an empty dataset, or dropLast with fewer samples than batchSize\?\)/],
    ["fit: batch of one tensor", fitWith(() => [[tensor([1])]], withOpt({ loss: F.mseLoss })), /fit: batch 0 must be an array \[\.\.\.inputs, target\] of at least two tensors/],
    ["fit: loader not iterable", fitWith(() => ({}), withOpt({ loss: F.mseLoss })), /fit: loader must be an iterable of batches \(e\.g\. a data\.DataLoader\), got Object/],
    ["fit: not a module", () => fit({} as never, [], { optimizer: opt, loss: F.mseLoss }), /fit: model must be an nn\.Module, got Object/],
    ["ProgressBar: negative total", () => new ProgressBar(-1, { write: () => {} }), /ProgressBar: total must be a non-negative integer, got -1/],
  ],
};
