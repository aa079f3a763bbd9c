// simdgrad's public API: re-exports only.
import "./ops/methods";

export { init, type InitOptions, type InitResult, type Isa } from "./backend/runtime";
export { supportedIsas } from "./backend/features";
export { Tensor, memoryStats, type DType, type MemoryStats, type NestedArray } from "./tensor";
export { tensor, zeros, ones, full, zerosLike, onesLike, fullLike, arange, linspace, eye, rand, randn, randint, type TensorOptions, type TensorData, type NumericArray, type ShapeArgs, type RandomOptions } from "./creation";
export { manualSeed, Generator } from "./random";
export { scope, keep, type Disposable, type GraphNode } from "./scope";
export { noGrad, isGradEnabled, setGradEnabled } from "./autograd/grad-mode";
export { backward, type BackwardOptions } from "./autograd/backward";
export { detectAnomaly, isAnomalyEnabled } from "./autograd/anomaly";
export { Fn } from "./autograd/fn";
export { gradcheck, type GradcheckOptions, type GradcheckResult } from "./autograd/gradcheck";
export { add, sub, mul, div, pow, neg, exp, log, sqrt, abs, square, maximum, minimum, clamp, where, eq, ne, lt, le, gt, ge, type Operand } from "./ops/elementwise";
export { relu, sigmoid, tanh, softmax, logSoftmax } from "./ops/activation";
export { sum, mean, variance as var, max, min, argmax, argmin, type MaxResult, type Dims, type KeepdimOptions, type VarOptions } from "./ops/reduce";
export { matmul } from "./ops/matmul";
export { reshape, flatten, squeeze, unsqueeze, transpose, permute, expand, slice, cat, stack, split, indexSelect, gather, clone, contiguous } from "./ops/movement";
export * as F from "./nn/functional";
export * as nn from "./nn/index";
export * as optim from "./optim/index";
export * as data from "./data/index";
export * as io from "./io/index";
export * from "./train/index";
// The same names flat, for bundlers: `import { Linear, Adam, crossEntropy } from "simdgrad"` ships only what it uses
// (esbuild and others materialise a namespace like `nn` whole as soon as it is used).
export * from "./nn/index";
export * from "./nn/functional";
export * from "./optim/index";
export * from "./data/index";
export * from "./io/index";
