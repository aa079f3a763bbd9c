// Elementwise arithmetic with PyTorch broadcasting: the primitives with their backward rules, and comparisons.
import { Fn } from "../autograd/fn";
import { runtime } from "../backend/runtime";
import { binary, broadcastShapes, filled, unary, unaryBwd, where as rawWhere, type BinaryOp } from "../raw";
import { Tensor, describeValue } from "../tensor";
import { checkFloat, checkTensor } from "./args";

export type Operand = Tensor | number;

function checkOperand(op: string, arg: string, v: unknown): Operand {
  if (typeof v === "number") return v;
  return checkTensor(op, arg, v);
}

/** Numbers become 0-d tensors for the Fn; returns the tensors and whether each was made here (to dispose). */
function lift(op: string, a: unknown, b: unknown): [Tensor, Tensor, () => void] {
  const A = checkOperand(op, "input", a), B = checkOperand(op, "other", b);
  if (typeof A === "number" && typeof B === "number") throw new TypeError(`${op}: at least one operand must be a Tensor, got two numbers`);
  const ta = typeof A === "number" ? filled([], A) : A;
  const tb = typeof B === "number" ? filled([], B) : B;
  return [ta, tb, () => {
    if (ta !== A) ta.dispose();
    if (tb !== B) tb.dispose();
  }];
}

function applyBinary(fn: Fn, op: string, a: unknown, b: unknown): Tensor {
  const [ta, tb, done] = lift(op, a, b);
  try {
    broadcastShapes(op, ta.shape, tb.shape); // the error names the public op (maximum, not the kernel's max)
    return fn.apply(ta, tb);
  } finally {
    done();
  }
}

/** d(a+b) = g, g */
class Add extends Fn {
  static readonly typeName: string = "Add";
  forward(a: Tensor, b: Tensor) { return binary("add", a, b); }
  backward(g: Tensor) { return [g.detach(), g.detach()]; }
}
/** d(a−b) = g, −g */
class Sub extends Fn {
  static readonly typeName: string = "Sub";
  forward(a: Tensor, b: Tensor) { return binary("sub", a, b); }
  backward(g: Tensor) { return [g.detach(), this.needsGrad[1] ? unary(runtime().k.neg, g) : null]; }
}
/** d(ab) = g·b, g·a */
class Mul extends Fn {
  static readonly typeName: string = "Mul";
  forward(a: Tensor, b: Tensor) { this.save(a, b); return binary("mul", a, b); }
  backward(g: Tensor) {
    const [a, b] = this.saved;
    return [this.needsGrad[0] ? binary("mul", g, b) : null, this.needsGrad[1] ? binary("mul", g, a) : null];
  }
}
/** d(a/b) = g/b, −g·a/b² */
class Div extends Fn {
  static readonly typeName: string = "Div";
  forward(a: Tensor, b: Tensor) { this.save(a, b); return binary("div", a, b); }
  backward(g: Tensor) {
    const [a, b] = this.saved;
    const ga = binary("div", g, b);
    if (!this.needsGrad[1]) return [ga, null];
    const t = binary("mul", ga, a);
    const gb = binary("div", t, b);
    t.dispose();
    const neg = unary(runtime().k.neg, gb);
    gb.dispose();
    return [this.needsGrad[0] ? ga : (ga.dispose(), null), neg];
  }
}
/** d(aᵇ) = g·b·aᵇ⁻¹ (0 where b = 0), g·aᵇ·ln a (0 where a = 0 and b ≥ 0) — PyTorch's masking. */
class Pow extends Fn {
  static readonly typeName: string = "Pow";
  forward(a: Tensor, b: Tensor) {
    const out = binary("pow", a, b);
    this.save(a, b, out);
    return out;
  }
  backward(g: Tensor) {
    const [a, b, out] = this.saved;
    let ga: Tensor | null = null, gb: Tensor | null = null;
    if (this.needsGrad[0]) {
      const bm1 = binary("sub", b, 1), p = binary("pow", a, bm1), bp = binary("mul", b, p), full = binary("mul", g, bp);
      const bz = binary("eq", b, 0);
      ga = rawWhere(bz, 0, full);
      for (const t of [bm1, p, bp, full, bz]) t.dispose();
    }
    if (this.needsGrad[1]) {
      const ln = unary(runtime().k.log, a), ol = binary("mul", out, ln), full = binary("mul", g, ol);
      const az = binary("eq", a, 0), bnn = binary("ge", b, 0), mask = binary("mul", az, bnn);
      gb = rawWhere(mask, 0, full);
      for (const t of [ln, ol, full, az, bnn, mask]) t.dispose();
    }
    return [ga, gb];
  }
}
/** d max(a, b) = g where a > b (b > a for b), g/2 each on ties — PyTorch's rule. */
class Extremum extends Fn {
  static readonly typeName: string = "Extremum";
  constructor(private readonly op: "max" | "min") { super(); }
  forward(a: Tensor, b: Tensor) { this.save(a, b); return binary(this.op, a, b); }
  backward(g: Tensor) {
    const [a, b] = this.saved;
    const wins = (x: Tensor, y: Tensor) => {
      const strict = binary(this.op === "max" ? "gt" : "lt", x, y), tie = binary("eq", x, y), half = binary("mul", tie, 0.5);
      const w = binary("add", strict, half), gw = binary("mul", g, w);
      for (const t of [strict, tie, half, w]) t.dispose();
      return gw;
    };
    return [this.needsGrad[0] ? wins(a, b) : null, this.needsGrad[1] ? wins(b, a) : null];
  }
}
/** d where(c, a, b) = where(c, g, 0), where(c, 0, g) */
class Where extends Fn {
  static readonly typeName: string = "Where";
  forward(cond: Tensor, a: Tensor, b: Tensor) { this.save(cond); return rawWhere(cond, a, b); }
  backward(g: Tensor) {
    const [c] = this.saved;
    return [null, this.needsGrad[1] ? rawWhere(c, g, 0) : null, this.needsGrad[2] ? rawWhere(c, 0, g) : null];
  }
}

/** a + b, broadcasting. */
export const add = (a: Operand, b: Operand) => applyBinary(new Add(), "add", a, b);
/** a − b, broadcasting. */
export const sub = (a: Operand, b: Operand) => applyBinary(new Sub(), "sub", a, b);
/** a · b, broadcasting. */
export const mul = (a: Operand, b: Operand) => applyBinary(new Mul(), "mul", a, b);
/** a / b, broadcasting. */
export const div = (a: Operand, b: Operand) => applyBinary(new Div(), "div", a, b);
/** aᵇ, broadcasting. */
export const pow = (a: Operand, b: Operand) => applyBinary(new Pow(), "pow", a, b);
/** Elementwise max(a, b) (NaN propagates). */
export const maximum = (a: Operand, b: Operand) => applyBinary(new Extremum("max"), "maximum", a, b);
/** Elementwise min(a, b) (NaN propagates). */
export const minimum = (a: Operand, b: Operand) => applyBinary(new Extremum("min"), "minimum", a, b);

/** cond ? a : b elementwise with broadcasting; cond is any tensor (nonzero = true). */
export function where(cond: Tensor, a: Operand, b: Operand): Tensor {
  checkTensor("where", "condition", cond);
  const [ta, tb, done] = lift("where", a, b);
  try {
    return new Where().apply(cond, ta, tb);
  } finally {
    done();
  }
}

function compare(op: BinaryOp, name: string, a: Operand, b: Operand): Tensor {
  const A = checkOperand(name, "input", a), B = checkOperand(name, "other", b);
  if (typeof A === "number" && typeof B === "number") throw new TypeError(`${name}: at least one operand must be a Tensor`);
  return binary(op, A, B);
}

/** 1 where a == b else 0 (float32; no gradient). */
export const eq = (a: Operand, b: Operand) => compare("eq", "eq", a, b);
/** 1 where a != b else 0. */
export const ne = (a: Operand, b: Operand) => compare("ne", "ne", a, b);
/** 1 where a < b else 0. */
export const lt = (a: Operand, b: Operand) => compare("lt", "lt", a, b);
/** 1 where a <= b else 0. */
export const le = (a: Operand, b: Operand) => compare("le", "le", a, b);
/** 1 where a > b else 0. */
export const gt = (a: Operand, b: Operand) => compare("gt", "gt", a, b);
/** 1 where a >= b else 0. */
export const ge = (a: Operand, b: Operand) => compare("ge", "ge", a, b);

// ---- unary --------------------------------------------------------------------------------------------------

/** d(−x) = −g */
class Neg extends Fn {
  static readonly typeName: string = "Neg";
  forward(x: Tensor) { return unary(runtime().k.neg, x); }
  backward(g: Tensor) { return [unary(runtime().k.neg, g)]; }
}
/** d eˣ = g·eˣ */
class Exp extends Fn {
  static readonly typeName: string = "Exp";
  forward(x: Tensor) { const y = unary(runtime().k.exp, x); this.save(y); return y; }
  backward(g: Tensor) { return [binary("mul", g, this.saved[0])]; }
}
/** d ln x = g/x */
class Log extends Fn {
  static readonly typeName: string = "Log";
  forward(x: Tensor) { this.save(x); return unary(runtime().k.log, x); }
  backward(g: Tensor) { return [binary("div", g, this.saved[0])]; }
}
/** d √x = g/(2√x) */
class Sqrt extends Fn {
  static readonly typeName: string = "Sqrt";
  forward(x: Tensor) { const y = unary(runtime().k.sqrt, x); this.save(y); return y; }
  backward(g: Tensor) {
    const two = binary("mul", this.saved[0], 2);
    const gx = binary("div", g, two);
    two.dispose();
    return [gx];
  }
}
/** d|x| = g·sign(x) */
class Abs extends Fn {
  static readonly typeName: string = "Abs";
  forward(x: Tensor) { this.save(x); return unary(runtime().k.abs, x); }
  backward(g: Tensor) {
    const s = unary(runtime().k.sign, this.saved[0]);
    const gx = binary("mul", g, s);
    s.dispose();
    return [gx];
  }
}
/** d clamp(x, lo, hi) = g where lo ≤ x ≤ hi, else 0 */
class Clamp extends Fn {
  static readonly typeName: string = "Clamp";
  constructor(private readonly lo: number, private readonly hi: number) { super(); }
  forward(x: Tensor) { this.save(x); return unary(runtime().k.clamp, x, this.lo, this.hi); }
  backward(g: Tensor) {
    return [unaryBwd(runtime().k.clampBwd, this.saved[0], g, this.lo, this.hi)];
  }
}

function unaryOp(op: string, make: () => Fn) {
  return (x: Tensor) => make().apply(checkFloat(op, "input", x));
}

/** −x */
export const neg = unaryOp("neg", () => new Neg());
/** eˣ */
export const exp = unaryOp("exp", () => new Exp());
/** ln x */
export const log = unaryOp("log", () => new Log());
/** √x */
export const sqrt = unaryOp("sqrt", () => new Sqrt());
/** |x| */
export const abs = unaryOp("abs", () => new Abs());
/** x² */
export const square = (x: Tensor) => mul(checkFloat("square", "input", x), x);

/** min(max(x, min), max); either bound may be null (absent). */
export function clamp(x: Tensor, min: number | null = null, max: number | null = null): Tensor {
  checkFloat("clamp", "input", x);
  for (const [name, v] of [["min", min], ["max", max]] as const) {
    if (v !== null && typeof v !== "number") throw new TypeError(`clamp: ${name} must be a number or null, got ${describeValue(v)}`);
  }
  if (min === null && max === null) throw new TypeError("clamp: at least one of min and max must be given");
  return new Clamp(min ?? -Infinity, max ?? Infinity).apply(x);
}
