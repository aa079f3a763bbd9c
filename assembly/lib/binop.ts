// The binary operator table shared by every binary kernel variant (inlined; not exported from the builds).

/** Binary operator codes, folded away at compile time wherever they are constant. */
export const enum Op { ADD, SUB, MUL, DIV, MAX, MIN, POW, EQ, NE, LT, LE, GT, GE }

/** The scalar semantics every variant must match: IEEE f32 arithmetic; max/min are wasm's f32.max/min (NaN wins, -0 < +0). */
// @ts-ignore: decorator
@inline export function binop(op: Op, a: f32, b: f32): f32 {
  switch (op) {
    case Op.ADD: return a + b;
    case Op.SUB: return a - b;
    case Op.MUL: return a * b;
    case Op.DIV: return a / b;
    case Op.MAX: return max<f32>(a, b);
    case Op.MIN: return min<f32>(a, b);
    case Op.POW: return Mathf.pow(a, b);
    case Op.EQ: return a == b ? 1 : 0;
    case Op.NE: return a != b ? 1 : 0;
    case Op.LT: return a < b ? 1 : 0;
    case Op.LE: return a <= b ? 1 : 0;
    case Op.GT: return a > b ? 1 : 0;
    default: return a >= b ? 1 : 0;
  }
}

