// Elementwise binary f32 kernels, reference (__scalar) variants. Pointers are byte addresses; n counts elements.
// Forms: f32_<op>(n, a, b, out) same-size operands; f32_<op>c(n, a, c, out) right operand a scalar;
// f32_<op>rc(n, a, c, out) reversed, c <op> a[i], for the non-commutative ops. All are safe in place.
import { Op, binop } from "../lib/binop";

// @ts-ignore: decorator
@inline function loop(op: Op, n: usize, a: usize, b: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    store<f32>(out + o, binop(op, load<f32>(a + o), load<f32>(b + o)));
  }
}
// @ts-ignore: decorator
@inline function loopC(op: Op, n: usize, a: usize, c: f32, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; store<f32>(out + o, binop(op, load<f32>(a + o), c)); }
}
// @ts-ignore: decorator
@inline function loopRC(op: Op, n: usize, a: usize, c: f32, out: usize): void {
  for (let i: usize = 0; i < n; i++) { const o = i << 2; store<f32>(out + o, binop(op, c, load<f32>(a + o))); }
}

export function f32_add__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.ADD, n, a, b, out); }
export function f32_sub__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.SUB, n, a, b, out); }
export function f32_mul__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.MUL, n, a, b, out); }
export function f32_div__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.DIV, n, a, b, out); }
export function f32_max__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.MAX, n, a, b, out); }
export function f32_min__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.MIN, n, a, b, out); }
export function f32_pow__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.POW, n, a, b, out); }
export function f32_eq__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.EQ, n, a, b, out); }
export function f32_ne__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.NE, n, a, b, out); }
export function f32_lt__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.LT, n, a, b, out); }
export function f32_le__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.LE, n, a, b, out); }
export function f32_gt__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.GT, n, a, b, out); }
export function f32_ge__scalar(n: usize, a: usize, b: usize, out: usize): void { loop(Op.GE, n, a, b, out); }

export function f32_addc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.ADD, n, a, c, out); }
export function f32_subc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.SUB, n, a, c, out); }
export function f32_mulc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.MUL, n, a, c, out); }
export function f32_divc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.DIV, n, a, c, out); }
export function f32_maxc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.MAX, n, a, c, out); }
export function f32_minc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.MIN, n, a, c, out); }
export function f32_powc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.POW, n, a, c, out); }
export function f32_eqc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.EQ, n, a, c, out); }
export function f32_nec__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.NE, n, a, c, out); }
export function f32_ltc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.LT, n, a, c, out); }
export function f32_lec__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.LE, n, a, c, out); }
export function f32_gtc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.GT, n, a, c, out); }
export function f32_gec__scalar(n: usize, a: usize, c: f32, out: usize): void { loopC(Op.GE, n, a, c, out); }

export function f32_subrc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopRC(Op.SUB, n, a, c, out); }
export function f32_divrc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopRC(Op.DIV, n, a, c, out); }
export function f32_powrc__scalar(n: usize, a: usize, c: f32, out: usize): void { loopRC(Op.POW, n, a, c, out); }

/** out[i] = cond[i] != 0 ? a[i] : b[i]  (all same size; NaN in cond counts as true, like a nonzero). */
export function f32_where__scalar(n: usize, cond: usize, a: usize, b: usize, out: usize): void {
  for (let i: usize = 0; i < n; i++) {
    const o = i << 2;
    store<f32>(out + o, load<f32>(cond + o) != 0 ? load<f32>(a + o) : load<f32>(b + o));
  }
}
