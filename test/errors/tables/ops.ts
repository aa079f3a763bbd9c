// Bad input to the elementwise ops, activations, reductions and movement ops: wrong types and dtypes, shapes that do
// not broadcast, dims out of range, empty reductions, disposed operands.
import { F, abs, argmax, argmin, clone, contiguous, div, eq, exp, flatten, ge, gt, le, log, logSoftmax, lt, maximum, mean, min, minimum, ne, neg, ones, pow, relu, sigmoid, sqrt, square, squeeze, stack, sub, tanh, tensor, transpose, unsqueeze, var as variance, where } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const disposed = (shape = [2]) => {
  const t = ones(shape);
  t.dispose();
  return t;
};
const int = (...v: number[]) => tensor(new Int32Array(v));

export const table: BadInputTable = {
  rows: [
    // elementwise binary
    ["sub: shapes that do not broadcast", () => sub(ones([2, 3]), ones([2])), /sub: shapes \[2, 3\] and \[2\] cannot be broadcast together \(dimension 1: 3 vs 2\)/],
    ["sub: two numbers", () => sub(1 as never, 2), /sub: at least one operand must be a Tensor, got two numbers/],
    ["div: disposed divisor", () => div(ones([2]), disposed()), /div: other: tensor of shape \[2\] was disposed/],
    ["div: string operand", () => div(ones([2]), "2" as never), /div: other must be a Tensor, got "2"/],
    ["pow: exponent null", () => pow(ones([2]), null as never), /pow: other must be a Tensor, got null/],
    ["pow: shapes", () => pow(ones([3]), ones([2])), /pow: shapes \[3\] and \[2\] cannot be broadcast together/],
    ["maximum: shapes", () => maximum(ones([2, 2]), ones([3])), /maximum: shapes \[2, 2\] and \[3\] cannot be broadcast together/],
    ["minimum: undefined operand", () => minimum(ones([2]), undefined as never), /minimum: other must be a Tensor, got undefined/],
    ["eq: shapes", () => eq(ones([2]), ones([3])), /eq: shapes \[2\] and \[3\] cannot be broadcast together/],
    ["ne: array operand", () => ne(ones([2]), [1, 2] as never), /ne: other must be a Tensor, got array of length 2/],
    ["lt: disposed input", () => lt(disposed(), 1), /lt: input: tensor of shape \[2\] was disposed/],
    ["le: two numbers", () => le(1 as never, 2), /le: at least one operand must be a Tensor/],
    ["gt: shapes", () => gt(ones([4]), ones([2, 3])), /gt: shapes \[4\] and \[2, 3\] cannot be broadcast together/],
    ["ge: boolean operand", () => ge(ones([2]), true as never), /ge: other must be a Tensor, got true/],
    ["where: condition not a tensor", () => where([1, 0] as never, ones([2]), 0), /where: condition must be a Tensor, got array of length 2/],
    ["where: shapes", () => where(ones([2]), ones([3]), 0), /where: shapes \[2\] and \[3\] cannot be broadcast together/],
    ["where: both branches numbers", () => where(ones([2]), 1, 0), /where: at least one operand must be a Tensor, got two numbers/],
    // elementwise unary and activations
    ["neg: not a tensor", () => neg(3 as never), /neg: input must be a Tensor, got 3/],
    ["exp: disposed", () => exp(disposed()), /exp: input: tensor of shape \[2\] was disposed/],
    ["log: int32", () => log(int(1, 2)), /log: input must be float32, got int32/],
    ["sqrt: not a tensor", () => sqrt("4" as never), /sqrt: input must be a Tensor, got "4"/],
    ["abs: int32", () => abs(int(-1)), /abs: input must be float32, got int32/],
    ["square: disposed", () => square(disposed()), /square: input: tensor of shape \[2\] was disposed/],
    ["relu: int32", () => relu(int(-1, 2)), /relu: input must be float32, got int32/],
    ["sigmoid: disposed", () => sigmoid(disposed()), /sigmoid: input: tensor of shape \[2\] was disposed/],
    ["tanh: not a tensor", () => tanh({} as never), /tanh: input must be a Tensor, got Object/],
    ["F.elu: unknown option", () => F.elu(ones([2]), { alfa: 1 } as never), /elu: unknown option "alfa" \(expected alpha\)/],
    ["F.hardtanh: minVal above maxVal", () => F.hardtanh(ones([2]), { minVal: 1, maxVal: -1 }), /hardtanh: minVal \(1\) must not exceed maxVal \(-1\)/],
    ["F.hardtanh: NaN bound", () => F.hardtanh(ones([2]), { maxVal: NaN }), /hardtanh: maxVal must be a finite number, got NaN/],
    ["F.softplus: threshold NaN", () => F.softplus(ones([2]), { threshold: NaN }), /softplus: threshold must be a finite number, got NaN/],
    ["F.softplus: unknown option", () => F.softplus(ones([2]), { betta: 1 } as never), /softplus: unknown option "betta" \(expected beta, threshold\)/],
    ["F.step: int32", () => F.step(int(1)), /step: input must be float32, got int32/],
    ["logSoftmax: dim out of range", () => logSoftmax(ones([2, 3]), -3), /logSoftmax: dim must be an integer in \[-2, 1\] for a 2-D tensor, got -3/],
    ["logSoftmax: int32", () => logSoftmax(int(1, 2), 0), /logSoftmax: input must be float32, got int32/],
    ["F.softmax: fractional dim", () => F.softmax(ones([2, 3]), 0.5), /softmax: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 0.5/],
    // reductions
    ["mean: dim out of range", () => mean(ones([2, 3]), 2), /mean: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["mean: dim a string", () => mean(ones([2, 3]), "0" as never), /mean: dim must be a number or an array of numbers, got "0"/],
    ["var: unbiased not a boolean", () => variance(ones([3]), 0, { unbiased: "yes" as never }), /var: unbiased must be a boolean, got "yes"/],
    ["var: keepdim not a boolean", () => variance(ones([3]), 0, { keepdim: 1 as never }), /var: keepdim must be a boolean, got 1/],
    ["var: unknown option", () => variance(ones([3]), 0, { ddof: 1 } as never), /var: unknown option "ddof" \(expected keepdim, unbiased, correction\)/],
    ["sum: keepdim not a boolean", () => ones([2]).sum(0, { keepdim: "true" as never }), /sum: keepdim must be a boolean, got "true"/],
    ["min: empty full reduction", () => min(ones([0, 3])), /min: the input is empty; a full reduction needs at least one element/],
    ["min: dim out of range", () => min(ones([2]), 1), /min: dim must be an integer in \[-1, 0\] for a 1-D tensor, got 1/],
    ["max: keepdim not a boolean", () => ones([2]).max(0, { keepdim: 0 as never }), /max: keepdim must be a boolean, got 0/],
    ["argmax: dim out of range", () => argmax(ones([2, 3]), 5), /argmax: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 5/],
    ["argmin: empty dimension", () => argmin(ones([3, 0]), 1), /argmin: cannot take the argmin of an empty dimension/],
    // movement
    ["clone: not a tensor", () => clone([1] as never), /clone: input must be a Tensor, got array of length 1/],
    ["contiguous: disposed", () => contiguous(disposed()), /contiguous: input: tensor of shape \[2\] was disposed/],
    ["flatten: endDim out of range", () => flatten(ones([2, 3]), 0, 2), /flatten: endDim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["squeeze: fractional dim", () => squeeze(ones([1, 2]), 0.5), /squeeze: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 0.5/],
    ["unsqueeze: dim below the range", () => unsqueeze(ones([2, 3]), -4), /unsqueeze: dim must be an integer in \[-3, 2\] for a 3-D tensor, got -4/],
    ["transpose: dim0 out of range", () => transpose(ones([2, 3]), 3, 0), /transpose: dim0 must be an integer in \[-2, 1\] for a 2-D tensor, got 3/],
    ["stack: shapes differ", () => stack([ones([2]), ones([3])]), /stack: all tensors must have the same shape; tensors\[1\] is \[3\], tensors\[0\] is \[2\]/],
    ["stack: not an array", () => stack(ones([2]) as never), /stack: tensors must be a non-empty array of Tensors, got Tensor of shape \[2\]/],
    ["stack: dim out of range", () => stack([ones([2]), ones([2])], 2), /stack: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["stack: int32 and float32 mixed", () => stack([ones([2]), int(1, 2)]), /cat: tensors\[1\] is int32 but tensors\[0\] is float32/],
    ["Tensor.expand: negative size", () => ones([1]).expand([-2]), /expand: cannot expand shape \[1\] to \[-2\] \(dimension 0\)/],
    ["Tensor.slice: start not an integer", () => ones([4]).slice(0, 0.5), /slice: start must be an integer, got 0.5/],
    ["Tensor.split: splitSize 0", () => ones([4]).split(0), /split: splitSize must be a positive integer, got 0/],
    ["Tensor.gather: index out of range", () => ones([2, 3]).gather(1, tensor(new Int32Array([0, 3, 1, 1]), [2, 2])), /gather: index must lie in \[0, 3\), got 3 at flat position 1/],
    ["Tensor.permute: too few dims", () => ones([2, 3]).permute([0]), /permute: dims must list each of the input's 2 dimensions once, got array of length 1/],
    ["Tensor.reshape: negative size", () => ones([2, 3]).reshape([-2, -3]), /reshape: shape must be an array of integers >= -1, got array of length 2/],
    ["Tensor.matmul: int32 operand", () => ones([2, 2]).matmul(tensor(new Int32Array(4), [2, 2])), /matmul: other must be float32, got int32/],
    ["Tensor.matmul: batch dimensions", () => ones([2, 2, 3]).matmul(ones([3, 3, 4])), /matmul: shapes \[2\] and \[3\] cannot be broadcast together/],
  ],
};
