// Fused optimizer updates, 128-bit SIMD (__simd) variants of optim.ts: the same formulas operation for operation, so the
// results are the reference's bit for bit. Pointers are byte addresses; n counts elements; p, g and the state are [n] f32.
import { adadelta, adagrad, adam, rmsprop, sgd } from "../lib/optim-simd";
import { f32_adadelta__scalar, f32_adagrad__scalar, f32_adam__scalar, f32_rmsprop__scalar, f32_sgd__scalar } from "./optim";

/** SGD with momentum, dampening (c = 1 − dampening), weight decay, nesterov and maximize (see f32_sgd__scalar). */
export function f32_sgd__simd(n: usize, p: usize, g: usize, buf: usize, lr: f32, momentum: f32, c: f32, wd: f32, flags: i32): void {
  const i = sgd(false, n, p, g, buf, lr, momentum, c, wd, flags) << 2;
  f32_sgd__scalar(n & 3, p + i, g + i, buf + i, lr, momentum, c, wd, flags);
}

/** Adam / AdamW with amsgrad and maximize (see f32_adam__scalar). */
export function f32_adam__simd(
  n: usize, p: usize, g: usize, m: usize, v: usize, vmax: usize,
  beta1: f32, beta2: f32, c1: f32, c2: f32, eps: f32, wd: f32, decay: f32, stepSize: f32, bc2Sqrt: f32, flags: i32,
): void {
  const i = adam(false, n, p, g, m, v, vmax, beta1, beta2, c1, c2, eps, wd, decay, stepSize, bc2Sqrt, flags) << 2;
  f32_adam__scalar(n & 3, p + i, g + i, m + i, v + i, vmax + i, beta1, beta2, c1, c2, eps, wd, decay, stepSize, bc2Sqrt, flags);
}

/** Adagrad with lr decay (clr), weight decay and maximize (see f32_adagrad__scalar). */
export function f32_adagrad__simd(n: usize, p: usize, g: usize, sum: usize, clr: f32, eps: f32, wd: f32, flags: i32): void {
  const i = adagrad(false, n, p, g, sum, clr, eps, wd, flags) << 2;
  f32_adagrad__scalar(n & 3, p + i, g + i, sum + i, clr, eps, wd, flags);
}

/** Adadelta with weight decay and maximize (see f32_adadelta__scalar). */
export function f32_adadelta__simd(
  n: usize, p: usize, g: usize, v: usize, u: usize, lr: f32, rho: f32, c: f32, eps: f32, wd: f32, flags: i32,
): void {
  const i = adadelta(false, n, p, g, v, u, lr, rho, c, eps, wd, flags) << 2;
  f32_adadelta__scalar(n & 3, p + i, g + i, v + i, u + i, lr, rho, c, eps, wd, flags);
}

/** RMSprop with weight decay, momentum, centered and maximize (see f32_rmsprop__scalar). */
export function f32_rmsprop__simd(
  n: usize, p: usize, g: usize, v: usize, gavg: usize, buf: usize, lr: f32, alpha: f32, c: f32, eps: f32, wd: f32, momentum: f32, flags: i32,
): void {
  const i = rmsprop(false, n, p, g, v, gavg, buf, lr, alpha, c, eps, wd, momentum, flags) << 2;
  f32_rmsprop__scalar(n & 3, p + i, g + i, v + i, gavg + i, buf + i, lr, alpha, c, eps, wd, momentum, flags);
}
