// Elementwise binary f32 kernels, 128-bit SIMD (__simd) variants: same signatures and semantics as binary.ts, bit for bit
// (f32x4.max/min are wasm's NaN-propagating max/min, like f32.max/min). 16 lanes per iteration, then single vectors, then
// a scalar tail; no access goes past n; safe in place. pow stays scalar-only (no vector pow matches Mathf.pow).
import { Op, binop } from "../lib/binop";

// @ts-ignore: decorator
@inline function vbinop(op: Op, a: v128, b: v128): v128 {
  const one = f32x4.splat(1);
  switch (op) {
    case Op.ADD: return f32x4.add(a, b);
    case Op.SUB: return f32x4.sub(a, b);
    case Op.MUL: return f32x4.mul(a, b);
    case Op.DIV: return f32x4.div(a, b);
    case Op.MAX: return f32x4.max(a, b);
    case Op.MIN: return f32x4.min(a, b);
    case Op.EQ: return v128.and(f32x4.eq(a, b), one);
    case Op.NE: return v128.and(f32x4.ne(a, b), one);
    case Op.LT: return v128.and(f32x4.lt(a, b), one);
    case Op.LE: return v128.and(f32x4.le(a, b), one);
    case Op.GT: return v128.and(f32x4.gt(a, b), one);
    default: return v128.and(f32x4.ge(a, b), one);
  }
}

/**
 * out[i] = a[i] op b[i] (mode 0), a[i] op c (mode 1) or c op a[i] (mode 2). Each output lane depends only on the same
 * lane of the inputs, and every vector is loaded before it is stored, so out may alias a or b.
 */
// @ts-ignore: decorator
@inline function run(op: Op, mode: i32, n: usize, a: usize, b: usize, c: f32, out: usize): void {
  const vc = f32x4.splat(c);
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const o = i << 2;
    const a0 = v128.load(a + o), a1 = v128.load(a + o, 16), a2 = v128.load(a + o, 32), a3 = v128.load(a + o, 48);
    const b0 = mode == 0 ? v128.load(b + o) : vc, b1 = mode == 0 ? v128.load(b + o, 16) : vc;
    const b2 = mode == 0 ? v128.load(b + o, 32) : vc, b3 = mode == 0 ? v128.load(b + o, 48) : vc;
    v128.store(out + o, mode == 2 ? vbinop(op, b0, a0) : vbinop(op, a0, b0));
    v128.store(out + o, mode == 2 ? vbinop(op, b1, a1) : vbinop(op, a1, b1), 16);
    v128.store(out + o, mode == 2 ? vbinop(op, b2, a2) : vbinop(op, a2, b2), 32);
    v128.store(out + o, mode == 2 ? vbinop(op, b3, a3) : vbinop(op, a3, b3), 48);
  }
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    const av = v128.load(a + o), bv = mode == 0 ? v128.load(b + o) : vc;
    v128.store(out + o, mode == 2 ? vbinop(op, bv, av) : vbinop(op, av, bv));
  }
  for (; i < n; i++) {
    const o = i << 2;
    const av = load<f32>(a + o), bv = mode == 0 ? load<f32>(b + o) : c;
    store<f32>(out + o, mode == 2 ? binop(op, bv, av) : binop(op, av, bv));
  }
}

/** out = a + b */ export function f32_add__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.ADD, 0, n, a, b, 0, out); }
/** out = a − b */ export function f32_sub__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.SUB, 0, n, a, b, 0, out); }
/** out = a·b */ export function f32_mul__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.MUL, 0, n, a, b, 0, out); }
/** out = a / b */ export function f32_div__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.DIV, 0, n, a, b, 0, out); }
/** out = max(a, b) */ export function f32_max__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.MAX, 0, n, a, b, 0, out); }
/** out = min(a, b) */ export function f32_min__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.MIN, 0, n, a, b, 0, out); }
/** out = a == b */ export function f32_eq__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.EQ, 0, n, a, b, 0, out); }
/** out = a != b */ export function f32_ne__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.NE, 0, n, a, b, 0, out); }
/** out = a < b */ export function f32_lt__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.LT, 0, n, a, b, 0, out); }
/** out = a <= b */ export function f32_le__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.LE, 0, n, a, b, 0, out); }
/** out = a > b */ export function f32_gt__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.GT, 0, n, a, b, 0, out); }
/** out = a >= b */ export function f32_ge__simd(n: usize, a: usize, b: usize, out: usize): void { run(Op.GE, 0, n, a, b, 0, out); }

/** out = a + c */ export function f32_addc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.ADD, 1, n, a, 0, c, out); }
/** out = a − c */ export function f32_subc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.SUB, 1, n, a, 0, c, out); }
/** out = a·c */ export function f32_mulc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.MUL, 1, n, a, 0, c, out); }
/** out = a / c */ export function f32_divc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.DIV, 1, n, a, 0, c, out); }
/** out = max(a, c) */ export function f32_maxc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.MAX, 1, n, a, 0, c, out); }
/** out = min(a, c) */ export function f32_minc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.MIN, 1, n, a, 0, c, out); }
/** out = a == c */ export function f32_eqc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.EQ, 1, n, a, 0, c, out); }
/** out = a != c */ export function f32_nec__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.NE, 1, n, a, 0, c, out); }
/** out = a < c */ export function f32_ltc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.LT, 1, n, a, 0, c, out); }
/** out = a <= c */ export function f32_lec__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.LE, 1, n, a, 0, c, out); }
/** out = a > c */ export function f32_gtc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.GT, 1, n, a, 0, c, out); }
/** out = a >= c */ export function f32_gec__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.GE, 1, n, a, 0, c, out); }

/** out = c − a */ export function f32_subrc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.SUB, 2, n, a, 0, c, out); }
/** out = c / a */ export function f32_divrc__simd(n: usize, a: usize, c: f32, out: usize): void { run(Op.DIV, 2, n, a, 0, c, out); }

/** out[i] = cond[i] != 0 ? a[i] : b[i]  (NaN in cond counts as true). */
export function f32_where__simd(n: usize, cond: usize, a: usize, b: usize, out: usize): void {
  const zero = f32x4.splat(0);
  let i: usize = 0;
  for (; i + 8 <= n; i += 8) {
    const o = i << 2;
    const m0 = f32x4.ne(v128.load(cond + o), zero), m1 = f32x4.ne(v128.load(cond + o, 16), zero);
    const r0 = v128.bitselect(v128.load(a + o), v128.load(b + o), m0);
    const r1 = v128.bitselect(v128.load(a + o, 16), v128.load(b + o, 16), m1);
    v128.store(out + o, r0);
    v128.store(out + o, r1, 16);
  }
  for (; i + 4 <= n; i += 4) {
    const o = i << 2;
    v128.store(out + o, v128.bitselect(v128.load(a + o), v128.load(b + o), f32x4.ne(v128.load(cond + o), zero)));
  }
  for (; i < n; i++) {
    const o = i << 2;
    store<f32>(out + o, load<f32>(cond + o) != 0 ? load<f32>(a + o) : load<f32>(b + o));
  }
}
