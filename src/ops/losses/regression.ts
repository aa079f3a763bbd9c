// Regression losses on an input and a target of one shape, composed from elementwise ops: MSE, L1, smooth L1, Huber, log-cosh.
import { scope } from "../../scope";
import type { Tensor } from "../../tensor";
import { softplus } from "../activation";
import { checkNumber } from "../args";
import { abs, add, lt, mul, sub, where } from "../elementwise";
import { type Reduction, lossArgs, reduce } from "../loss";

export interface RegressionLossOptions {
  reduction?: Reduction;
}

/** (input − target)², reduced (default "mean"). */
export function mseLoss(input: Tensor, target: Tensor, opts?: RegressionLossOptions): Tensor {
  const { reduction } = lossArgs("mseLoss", input, target, opts, []);
  return scope(() => {
    const d = sub(input, target);
    return reduce(mul(d, d), reduction);
  });
}

/** |input − target| (mean absolute error), reduced (default "mean"). */
export function l1Loss(input: Tensor, target: Tensor, opts?: RegressionLossOptions): Tensor {
  const { reduction } = lossArgs("l1Loss", input, target, opts, []);
  return scope(() => reduce(abs(sub(input, target)), reduction));
}

/** Elementwise ½d²/β where |d| < β, else |d| − ½β (plain |d| for β = 0). */
function smoothL1(d: Tensor, beta: number): Tensor {
  const a = abs(d);
  if (beta === 0) return a;
  return where(lt(a, beta), mul(mul(d, d), 0.5 / beta), sub(a, 0.5 * beta));
}

export interface SmoothL1LossOptions extends RegressionLossOptions {
  /** Where the loss turns from quadratic to linear (default 1; 0 gives the L1 loss). */
  beta?: number;
}

/** ½d²/β where |d| < β, else |d| − ½β, with d = input − target; reduced (default "mean"). */
export function smoothL1Loss(input: Tensor, target: Tensor, opts?: SmoothL1LossOptions): Tensor {
  const o = lossArgs("smoothL1Loss", input, target, opts, ["beta"]);
  const beta = checkNumber("smoothL1Loss", "beta", o.beta ?? 1, (v) => v >= 0 && v < Infinity, "a finite number ≥ 0");
  return scope(() => reduce(smoothL1(sub(input, target), beta), o.reduction));
}

export interface HuberLossOptions extends RegressionLossOptions {
  /** Where the loss turns from quadratic to linear (default 1). */
  delta?: number;
}

/** ½d² where |d| < δ, else δ(|d| − ½δ), with d = input − target (= δ·smoothL1 with β = δ); reduced (default "mean"). */
export function huberLoss(input: Tensor, target: Tensor, opts?: HuberLossOptions): Tensor {
  const o = lossArgs("huberLoss", input, target, opts, ["delta"]);
  const delta = checkNumber("huberLoss", "delta", o.delta ?? 1, (v) => v > 0 && v < Infinity, "a finite number > 0");
  return scope(() => {
    const s = smoothL1(sub(input, target), delta);
    return reduce(delta === 1 ? s : mul(s, delta), o.reduction);
  });
}

/**
 * ln cosh(d), d = input − target, evaluated as |d| + softplus(−2|d|) − ln 2, which does not overflow where cosh does
 * (past |d| ≈ 89 in float32); the gradient is tanh(d). Reduced (default "mean").
 */
export function logCoshLoss(input: Tensor, target: Tensor, opts?: RegressionLossOptions): Tensor {
  const { reduction } = lossArgs("logCoshLoss", input, target, opts, []);
  return scope(() => {
    const a = abs(sub(input, target));
    return reduce(sub(add(a, softplus(mul(a, -2))), Math.LN2), reduction);
  });
}
