// Bad input to Tensor's methods and setters, tensor creation, random numbers, lifetimes (scope, keep, noGrad), gradcheck
// and Fn: disposed tensors, wrong dtypes, non-finite and out-of-range values, unknown options.
import { Fn, Generator, type Tensor, arange, detectAnomaly, eye, full, fullLike, gradcheck, keep, linspace, manualSeed, noGrad, ones, onesLike, rand, randint, randn, scope, setGradEnabled, tensor, zerosLike } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

const disposed = (shape = [2, 3]) => {
  const t = ones(shape);
  t.dispose();
  return t;
};
const int = (...v: number[]) => tensor(new Int32Array(v));

/** A user-defined primitive: y = 2x. */
class Double extends Fn {
  forward(x: Tensor) { return x.mul(2); }
  backward(g: Tensor) { return [g.mul(2)]; }
}

export const table: BadInputTable = {
  rows: [
    // use after dispose, method by method
    ["Tensor.item: disposed", () => disposed([1]).item(), /item: tensor of shape \[1\] was disposed/],
    ["Tensor.item: more than one element", () => ones([2]).item(), /item: only one-element tensors can be converted, got shape \[2\]/],
    ["Tensor.toArray: disposed", () => disposed().toArray(), /toArray: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.dataSync: disposed", () => disposed().dataSync(), /dataSync: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.data: disposed (rejects)", () => disposed().data(), /data: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.detach: disposed", () => disposed().detach(), /detach: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.float: disposed", () => disposed().float(), /float: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.int: disposed", () => disposed().int(), /int: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.view: disposed", () => disposed().view([6]), /reshape: input: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.view: wrong size", () => ones([2, 3]).view([4]), /reshape: shape \[4\] is invalid for input of size 6/],
    ["Tensor.clone: disposed", () => disposed().clone(), /clone: input: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.contiguous: disposed", () => disposed().contiguous(), /contiguous: input: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.backward: disposed", () => disposed([1]).backward(), /backward: tensor of shape \[1\] was disposed/],
    ["Tensor.backward: grad of another shape", () => ones([2], { requiresGrad: true }).mul(2).backward(ones([3])), /backward: grad must have the output's shape \[2\], got \[3\]/],
    ["Tensor.backward: grad not a tensor", () => ones([2], { requiresGrad: true }).mul(2).backward([1, 1] as never), /backward: grad must be a Tensor, got array of length 2/],
    ["Tensor.backward: unknown option", () => ones([1], { requiresGrad: true }).mul(2).backward(null, { retain_graph: true } as never), /backward: unknown option "retain_graph" \(expected retainGraph\)/],
    ["Tensor.backward: no grad required", () => ones([1]).mul(2).backward(), /backward: tensor does not require grad/],
    ["Tensor.grad: not a tensor", () => { ones([2]).grad = [1, 2] as never; }, /grad: expected a Tensor or null, got array of length 2/],
    ["Tensor.grad: wrong shape", () => { ones([2]).grad = ones([3]); }, /grad: must have the tensor's shape \[2\], got \[3\]/],
    ["Tensor.grad: int32", () => { ones([2]).grad = int(1, 2); }, /grad: must be float32, got int32/],
    ["Tensor.grad: disposed", () => { ones([2, 3]).grad = disposed(); }, /grad: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.requiresGrad: int32", () => { int(1).requiresGrad = true; }, /requiresGrad: only float32 tensors can require grad, got int32/],
    ["Tensor.requiresGrad: not a boolean", () => { ones([1]).requiresGrad = 1 as never; }, /requiresGrad: must be a boolean, got 1/],
    ["Tensor.kept: not a boolean", () => { ones([1]).kept = "yes" as never; }, /kept: must be a boolean, got "yes"/],
    ["Tensor.requiresGrad: off on a non-leaf", () => { ones([1], { requiresGrad: true }).mul(2).requiresGrad = false; }, /requiresGrad: only leaf tensors can be set/],
    ["Tensor.squeeze: dim out of range", () => ones([1, 2]).squeeze(2), /squeeze: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["Tensor.unsqueeze: dim out of range", () => ones([2]).unsqueeze(3), /unsqueeze: dim must be an integer in \[-2, 1\] for a 2-D tensor, got 3/],
    ["Tensor.flatten: startDim after endDim", () => ones([2, 3, 4]).flatten(2, 1), /flatten: startDim \(2\) must not come after endDim \(1\)/],
    ["Tensor.transpose: dim1 out of range", () => ones([2, 3]).transpose(0, 2), /transpose: dim1 must be an integer in \[-2, 1\] for a 2-D tensor, got 2/],
    ["Tensor.var: correction negative", () => ones([3]).var(0, { correction: -1 }), /var: correction must be a number >= 0, got -1/],
    ["Tensor.mean: int32", () => int(1, 2).mean(), /mean: input must be float32, got int32/],
    ["Tensor.min: dim of size 0", () => ones([2, 0]).min(1), /min: dimension 1 is empty; cannot reduce over it/],
    ["Tensor.argmax: empty", () => ones([0]).argmax(), /argmax: cannot take the argmax of an empty dimension/],
    ["Tensor.argmin: unknown option", () => ones([2]).argmin(0, { keepDim: true } as never), /argmin: unknown option "keepDim" \(expected keepdim\)/],
    ["Tensor.step: disposed", () => disposed().step(), /step: input: tensor of shape \[2, 3\] was disposed/],
    ["Tensor.softplus: beta 0", () => ones([2]).softplus({ beta: 0 }), /softplus: beta must be a finite nonzero number, got 0/],
    ["Tensor.elu: alpha Infinity", () => ones([2]).elu({ alpha: Infinity }), /elu: alpha must be a finite number, got Infinity/],
    ["Tensor.logSoftmax: dim missing", () => ones([2, 3]).logSoftmax(undefined as never), /logSoftmax: dim must be an integer in \[-2, 1\] for a 2-D tensor, got undefined/],

    // creation
    ["tensor: dtype", () => tensor([1], { dtype: "float64" as never }), /tensor: dtype must be "float32" or "int32", got "float64"/],
    ["tensor: int32 data beyond the int32 range", () => tensor([2 ** 31], { dtype: "int32" }), /tensor: int32 data must be integers in \[-2147483648, 2147483647\], got 2147483648 at flat index 0/],
    ["tensor: fractional int32 data", () => tensor([1.5], { dtype: "int32" }), /tensor: int32 data must be integers in \[-2147483648, 2147483647\], got 1.5 at flat index 0/],
    ["tensor: non-number inside nested arrays", () => tensor([[1, "2"]] as never), /tensor: data must contain numbers, got "2" at flat index 1/],
    ["tensor: BigInt64Array", () => tensor(new BigInt64Array(2) as never), /tensor: data must be a number, nested arrays or a typed array, got BigInt64Array/],
    ["tensor: negative dimension in the shape", () => tensor(new Float32Array(2), [-1, -2]), /tensor: shape must be an array of non-negative integers, got array of length 2 \[-1, -2\]/],
    ["full: value not a number", () => full([2], "1" as never), /full: value must be a number, got "1"/],
    ["full: fractional int32 fill", () => full([2], 0.5, { dtype: "int32" }), /full: an int32 fill value must be an integer, got 0.5/],
    ["ones: fractional dimension", () => ones([2.5]), /ones: shape must be an array of non-negative integers, got array of length 1 \[2.5\]/],
    ["zerosLike: not a tensor", () => zerosLike([1, 2] as never), /zerosLike: input must be a Tensor, got array of length 2/],
    ["onesLike: disposed", () => onesLike(disposed()), /onesLike: input: tensor of shape \[2, 3\] was disposed/],
    ["fullLike: value NaN in an int32 tensor", () => fullLike(int(1), NaN), /full: an int32 fill value must be an integer, got NaN/],
    ["fullLike: unknown option", () => fullLike(ones([1]), 2, { dtpye: "int32" } as never), /fullLike: unknown option "dtpye" \(expected requiresGrad, dtype\)/],
    ["arange: step 0", () => arange(0, 5, 0), /arange: step must be nonzero, got 0/],
    ["arange: end NaN", () => arange(0, NaN), /arange: end must be a finite number, got NaN/],
    ["arange: more elements than the arena can hold", () => arange(0, 1e12, 1e-3), /simdgrad: out of memory: an allocation needs the arena to reach \d+ bytes, above the cap of \d+/],
    ["linspace: steps negative", () => linspace(0, 1, -1), /linspace: steps must be a non-negative integer, got -1/],
    ["linspace: start Infinity", () => linspace(-Infinity, 1, 3), /linspace: start must be a finite number, got -Infinity/],
    ["eye: fractional n", () => eye(2.5), /eye: n must be a non-negative integer, got 2.5/],
    ["eye: negative m", () => eye(2, -1), /eye: m must be a non-negative integer, got -1/],
    ["rand: int32 dtype", () => rand([2], { dtype: "int32" }), /rand: dtype must be "float32" \(uniform samples in \[0, 1\) are not integers; use randint\), got "int32"/],
    ["rand: generator not a Generator", () => rand([2], { generator: 42 as never }), /rand: generator must be a Generator, got 42/],
    ["rand: unknown option", () => rand([2], { seed: 1 } as never), /rand: unknown option "seed" \(expected requiresGrad, dtype, generator\)/],
    ["randn: negative size", () => randn(2, -3), /randn: shape must be an array of non-negative integers, got array of length 2 \[2, -3\]/],
    ["randint: low >= high", () => randint(3, 3, [2]), /randint: need integers low < high, got low=3, high=3/],
    ["randint: shape not an array", () => randint(0, 3, 4 as never), /randint: shape must be an array of non-negative integers, got 4/],
    ["randint: generator", () => randint(0, 3, [2], { generator: {} as never }), /randint: generator must be a Generator, got Object/],
    ["manualSeed: NaN", () => manualSeed(NaN), /manualSeed: seed must be a finite number, got NaN/],
    ["manualSeed: string", () => manualSeed("42" as never), /manualSeed: seed must be a finite number, got "42"/],
    ["Generator: seed Infinity", () => new Generator(Infinity), /Generator: seed must be a finite number, got Infinity/],
    ["Generator.seed: NaN", () => new Generator(1).seed(NaN), /Generator\.seed: seed must be a finite number, got NaN/],
    ["Generator.int: n 0", () => new Generator(1).int(0), /Generator\.int: n must be an integer in \[1, 2\^32\], got 0/],

    // lifetimes and grad mode
    ["scope: not a function", () => scope(ones([1]) as never), /scope: fn must be a function, got Tensor of shape \[1\]/],
    ["keep: not a tensor", () => keep(5 as never), /keep: expected a Tensor \(or an object with dispose\(\) and kept\), got 5/],
    ["noGrad: not a function", () => noGrad(null as never), /noGrad: fn must be a function, got null/],
    ["detectAnomaly: not a boolean", () => detectAnomaly("on" as never), /detectAnomaly: on must be a boolean, got "on"/],
    ["setGradEnabled: not a boolean", () => setGradEnabled(1 as never), /setGradEnabled: on must be a boolean, got 1/],

    // gradcheck and user-defined primitives
    ["gradcheck: fn not a function", () => gradcheck("relu" as never, [ones([2], { requiresGrad: true })]), /gradcheck: fn must be a function, got "relu"/],
    ["gradcheck: inputs not tensors", () => gradcheck((x) => x.relu(), [[1, 2]] as never), /gradcheck: inputs\[0\] must be a Tensor, got array of length 2/],
    ["gradcheck: unknown option", () => gradcheck((x) => x.relu(), [ones([2], { requiresGrad: true })], { tolerance: 1 } as never), /gradcheck: unknown option "tolerance" \(expected eps, rtol, atol, samples, seed\)/],
    ["gradcheck: eps 0", () => gradcheck((x) => x.relu(), [ones([2], { requiresGrad: true })], { eps: 0 }), /gradcheck: eps must be a finite number > 0, got 0/],
    ["gradcheck: fn returns a number", () => gradcheck(() => 3 as never, [ones([2], { requiresGrad: true })]), /gradcheck: fn must return a Tensor, got 3/],
    ["Fn.apply: a number input", () => new Double().apply(3 as never), /Double\.apply: inputs\[0\] must be a Tensor or null, got 3/],
    ["Fn.apply: a disposed input", () => new Double().apply(disposed()), /Double\.apply: inputs\[0\]: tensor of shape \[2, 3\] was disposed/],
  ],
};
