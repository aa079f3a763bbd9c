// Tensor methods: x.add(y).relu().sum() delegates to the functions in src/ops (registered here so arrows point down).
import { backward, type BackwardOptions } from "../autograd/backward";
import { copy, toFloat, toInt } from "../raw";
import { Tensor } from "../tensor";
import * as A from "./activation";
import * as E from "./elementwise";
import * as M from "./movement";
import * as MM from "./matmul";
import * as R from "./reduce";

import type { Operand } from "./elementwise";

declare module "../tensor" {
  interface Tensor {
    add(other: Operand): Tensor;
    sub(other: Operand): Tensor;
    mul(other: Operand): Tensor;
    div(other: Operand): Tensor;
    pow(exponent: Operand): Tensor;
    maximum(other: Operand): Tensor;
    minimum(other: Operand): Tensor;
    eq(other: Operand): Tensor;
    ne(other: Operand): Tensor;
    lt(other: Operand): Tensor;
    le(other: Operand): Tensor;
    gt(other: Operand): Tensor;
    ge(other: Operand): Tensor;
    neg(): Tensor;
    exp(): Tensor;
    log(): Tensor;
    sqrt(): Tensor;
    abs(): Tensor;
    square(): Tensor;
    clamp(min?: number | null, max?: number | null): Tensor;
    relu(): Tensor;
    sigmoid(): Tensor;
    tanh(): Tensor;
    leakyRelu(opts?: { negativeSlope?: number }): Tensor;
    elu(opts?: { alpha?: number }): Tensor;
    softplus(opts?: { beta?: number; threshold?: number }): Tensor;
    gelu(opts?: { approximate?: "none" | "tanh" }): Tensor;
    step(): Tensor;
    softmax(dim: number): Tensor;
    logSoftmax(dim: number): Tensor;
    sum(dims?: R.Dims | R.KeepdimOptions, opts?: R.KeepdimOptions): Tensor;
    mean(dims?: R.Dims | R.KeepdimOptions, opts?: R.KeepdimOptions): Tensor;
    var(dims?: R.Dims | R.VarOptions, opts?: R.VarOptions): Tensor;
    max(): Tensor;
    max(dim: number, opts?: R.KeepdimOptions): R.MaxResult;
    min(): Tensor;
    min(dim: number, opts?: R.KeepdimOptions): R.MaxResult;
    argmax(dim?: number | null, opts?: R.KeepdimOptions): Tensor;
    argmin(dim?: number | null, opts?: R.KeepdimOptions): Tensor;
    matmul(other: Tensor): Tensor;
    reshape(shape: readonly number[]): Tensor;
    view(shape: readonly number[]): Tensor;
    flatten(startDim?: number, endDim?: number): Tensor;
    squeeze(dim?: number): Tensor;
    unsqueeze(dim: number): Tensor;
    transpose(dim0: number, dim1: number): Tensor;
    permute(dims: readonly number[]): Tensor;
    expand(shape: readonly number[]): Tensor;
    slice(dim: number, start?: number, end?: number | null, step?: number): Tensor;
    split(splitSizeOrSections: number | readonly number[], dim?: number): Tensor[];
    indexSelect(dim: number, index: Tensor): Tensor;
    gather(dim: number, index: Tensor): Tensor;
    contiguous(): Tensor;
    clone(): Tensor;
    /** int32 → float32 copy (a float32 tensor returns a copy too). */
    float(): Tensor;
    /** float32 → int32, truncating toward zero. */
    int(): Tensor;
    /** Accumulates d self / d leaf into every leaf's .grad; grad is required unless self has one element. */
    backward(grad?: Tensor | null, options?: BackwardOptions): void;
  }
}

const methods: Partial<Record<keyof Tensor, unknown>> = {
  add(this: Tensor, o: Operand) { return E.add(this, o); },
  sub(this: Tensor, o: Operand) { return E.sub(this, o); },
  mul(this: Tensor, o: Operand) { return E.mul(this, o); },
  div(this: Tensor, o: Operand) { return E.div(this, o); },
  pow(this: Tensor, o: Operand) { return E.pow(this, o); },
  maximum(this: Tensor, o: Operand) { return E.maximum(this, o); },
  minimum(this: Tensor, o: Operand) { return E.minimum(this, o); },
  eq(this: Tensor, o: Operand) { return E.eq(this, o); },
  ne(this: Tensor, o: Operand) { return E.ne(this, o); },
  lt(this: Tensor, o: Operand) { return E.lt(this, o); },
  le(this: Tensor, o: Operand) { return E.le(this, o); },
  gt(this: Tensor, o: Operand) { return E.gt(this, o); },
  ge(this: Tensor, o: Operand) { return E.ge(this, o); },
  neg(this: Tensor) { return E.neg(this); },
  exp(this: Tensor) { return E.exp(this); },
  log(this: Tensor) { return E.log(this); },
  sqrt(this: Tensor) { return E.sqrt(this); },
  abs(this: Tensor) { return E.abs(this); },
  square(this: Tensor) { return E.square(this); },
  clamp(this: Tensor, lo?: number | null, hi?: number | null) { return E.clamp(this, lo, hi); },
  relu(this: Tensor) { return A.relu(this); },
  sigmoid(this: Tensor) { return A.sigmoid(this); },
  tanh(this: Tensor) { return A.tanh(this); },
  leakyRelu(this: Tensor, o?: { negativeSlope?: number }) { return A.leakyRelu(this, o); },
  elu(this: Tensor, o?: { alpha?: number }) { return A.elu(this, o); },
  softplus(this: Tensor, o?: { beta?: number; threshold?: number }) { return A.softplus(this, o); },
  gelu(this: Tensor, o?: { approximate?: "none" | "tanh" }) { return A.gelu(this, o); },
  step(this: Tensor) { return A.step(this); },
  softmax(this: Tensor, dim: number) { return A.softmax(this, dim); },
  logSoftmax(this: Tensor, dim: number) { return A.logSoftmax(this, dim); },
  sum(this: Tensor, d?: R.Dims | R.KeepdimOptions, o?: R.KeepdimOptions) { return R.sum(this, d, o); },
  mean(this: Tensor, d?: R.Dims | R.KeepdimOptions, o?: R.KeepdimOptions) { return R.mean(this, d, o); },
  var(this: Tensor, d?: R.Dims | R.VarOptions, o?: R.VarOptions) { return R.variance(this, d, o); },
  max(this: Tensor, dim?: number, o?: R.KeepdimOptions) { return dim === undefined ? R.max(this) : R.max(this, dim, o); },
  min(this: Tensor, dim?: number, o?: R.KeepdimOptions) { return dim === undefined ? R.min(this) : R.min(this, dim, o); },
  argmax(this: Tensor, dim?: number | null, o?: R.KeepdimOptions) { return R.argmax(this, dim, o); },
  argmin(this: Tensor, dim?: number | null, o?: R.KeepdimOptions) { return R.argmin(this, dim, o); },
  matmul(this: Tensor, o: Tensor) { return MM.matmul(this, o); },
  reshape(this: Tensor, s: readonly number[]) { return M.reshape(this, s); },
  view(this: Tensor, s: readonly number[]) { return M.reshape(this, s); },
  flatten(this: Tensor, s?: number, e?: number) { return M.flatten(this, s, e); },
  squeeze(this: Tensor, d?: number) { return M.squeeze(this, d); },
  unsqueeze(this: Tensor, d: number) { return M.unsqueeze(this, d); },
  transpose(this: Tensor, a: number, b: number) { return M.transpose(this, a, b); },
  permute(this: Tensor, dims: readonly number[]) { return M.permute(this, dims); },
  expand(this: Tensor, s: readonly number[]) { return M.expand(this, s); },
  slice(this: Tensor, d: number, s?: number, e?: number | null, st?: number) { return M.slice(this, d, s, e, st); },
  split(this: Tensor, s: number | readonly number[], d?: number) { return M.split(this, s, d); },
  indexSelect(this: Tensor, d: number, i: Tensor) { return M.indexSelect(this, d, i); },
  gather(this: Tensor, d: number, i: Tensor) { return M.gather(this, d, i); },
  contiguous(this: Tensor) { return M.contiguous(this); },
  clone(this: Tensor) { return M.clone(this); },
  float(this: Tensor) { this.storage("float"); return this.dtype === "float32" ? copy(this) : toFloat(this); },
  int(this: Tensor) { this.storage("int"); return this.dtype === "int32" ? M.clone(this) : toInt(this); },
  backward(this: Tensor, g?: Tensor | null, o?: BackwardOptions) { backward(this, g ?? null, o); },
};

Object.assign(Tensor.prototype, methods);
