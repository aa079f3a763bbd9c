// Every non-scalar kernel variant against its __scalar reference (XNNPACK's pattern; the scalar build's, loaded beside the
// build under test where it ships none), for every build this runtime runs.
// FAMILIES maps each kernel family to its argument layout, its inputs and how it is checked; a family exported by a build
// but missing from the table fails the run. Also checks the scalar references on hand-checked values.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { init } from "simdgrad";
import { currentRuntime } from "../../src/backend/runtime";
import { kernelVariants } from "../../src/backend/kernels";
import { supportedIsas, type Isa } from "../../src/backend/features";
import { withScalarReference } from "../helpers/scalar-reference";

// ---- values ---------------------------------------------------------------------------------------------------------

/** mulberry32: a small seeded PRNG, so every failure is reproducible. */
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
type Rand = () => number;
type Gen = (r: Rand) => number;

const MAXF = 3.4028234663852886e38;
/** NaN, ±Inf, ±0, the largest and smallest normals, denormals, and the edges of e^x, tanh and sigmoid. */
const SPECIAL = [NaN, Infinity, -Infinity, 0, -0, MAXF, -MAXF, 1.1754943508222875e-38, -1.1754943508222875e-38, 1e-40,
  -1e-42, 1.401298464324817e-45, 1e-30, -1e-30, 1, -1, 0.5, 88.72, 88.73, -87.33, -103.97, -104, 9, -9, 10.5, 20, -20, 30];
/** The same without huge finite values: for sums and products, whose partial results may overflow in another order. */
const SPECIAL_SUM = SPECIAL.filter((v) => !(Math.abs(v) > 1e30 && Number.isFinite(v))).concat([1e30, -1e30]);
const pick = <T>(r: Rand, a: readonly T[]) => a[Math.floor(r() * a.length)];
const normal = (r: Rand) => Math.sqrt(-2 * Math.log(r() + 1e-300)) * Math.cos(2 * Math.PI * r());

/** 60% normal with a random scale, 20% any magnitude from 2^-149 to 2^127, 20% special values. */
const mixed: Gen = (r) => {
  const u = r();
  if (u < 0.6) return normal(r) * pick(r, [1, 4, 30]);
  if (u < 0.8) return (r() < 0.5 ? -1 : 1) * 2 ** (r() * 276 - 149);
  return pick(r, SPECIAL);
};
/**
 * Moderate normals, the finite ones of `specials` 15% of the time, NaN or ±Inf only 0.3% of the time: a sum or dot
 * product of a few hundred terms (GEMM, GEMV, convolutions, reductions) then stays finite most of the time and is
 * compared value against value, while NaN and ±Inf still reach every kernel (at 15% they reached nearly every output
 * of a 65-term dot product, which then compared NaN with NaN).
 */
const sparselySpecial = (specials: number[]): Gen => {
  const finiteSpecials = specials.filter(Number.isFinite);
  return (r) => {
    const u = r();
    return u < 0.003 ? pick(r, [NaN, Infinity, -Infinity]) : u < 0.15 ? pick(r, finiteSpecials) : normal(r) * pick(r, [1, 100]);
  };
};
/** Moderate values plus the special values that keep sums order-independent. */
const summable = sparselySpecial(SPECIAL_SUM);
/** The same with finite products: a fused a·b + c keeps an a·b that a separate multiply would round to ±Inf. */
const SPECIAL_PRODUCT = SPECIAL_SUM.filter((v) => !(Math.abs(v) > 1e20 && Number.isFinite(v)));
const multipliable = sparselySpecial(SPECIAL_PRODUCT);
/** Small integers (many ties, ±0) with an occasional NaN: for max/min and their indices. */
const ties: Gen = (r) => (r() < 0.03 ? NaN : r() < 0.1 ? -0 : Math.floor(r() * 7) - 3);
const finite: Gen = (r) => normal(r) * 3;
const nonneg = (g: Gen): Gen => (r) => Math.abs(g(r));

// ---- ULPs -----------------------------------------------------------------------------------------------------------

const cvF = new Float32Array(1), cvI = new Int32Array(cvF.buffer);
/** Position on the ordered line of f32 values (±0 both at 0). */
function ord(x: number): number {
  cvF[0] = x;
  const b = cvI[0];
  return b < 0 ? -(b & 0x7fffffff) : b;
}
/** ULPs between two f32 values; NaN only matches NaN; +0 and -0 count as 1 ULP apart (an underflow's sign). */
function ulpDiff(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  if (a === 0 && b === 0) return Object.is(a, b) ? 0 : 1;
  return Math.abs(ord(a) - ord(b));
}
/** The spacing of f32 values at |x|. */
function ulp(x: number): number {
  cvF[0] = Math.abs(x);
  if (!Number.isFinite(cvF[0])) return Infinity;
  cvI[0] += 1;
  const up = cvF[0];
  cvI[0] -= 1;
  return up - cvF[0];
}
const U24 = 2 ** -24;

// ---- the table ------------------------------------------------------------------------------------------------------

interface Buf {
  name: string;
  len: number;
  /** in: read only; out: written; inout: read and written (state); scratch: workspace, not compared. */
  role: "in" | "out" | "inout" | "scratch";
  type?: "f32" | "i32";
  gen?: Gen | ((r: Rand, i: number) => number);
}
interface Case {
  label: string;
  bufs: Buf[];
  args: (p: Record<string, number>) => number[];
  /** In-place forms: each maps a buffer to the buffer it shares memory with. */
  alias?: Record<string, string>[];
  /** For inexact families: an absolute error allowed at out[i] beyond the family's ULP bound (reordered sums, cancellation). */
  tol?: (d: Data, out: string, i: number) => number;
  /** For inexact families: where the reference defines the result exactly (±0, ±Inf, NaN inputs), it must match bit for bit. */
  exactAt?: (d: Arrays, i: number) => boolean;
}
/** Inputs (as generated) and reference outputs of one case, for tolerance functions. */
interface Data { in: Record<string, Float32Array | Int32Array>; ref: Record<string, Float32Array | Int32Array> }
type Check = { exact: true } | { ulp: number; why: string };
interface Family { cases: Case[]; check: Check }

const SIZES = [0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63, 64, 65, 257];
const EXACT: Check = { exact: true };
const ulps = (k: number, why: string): Check => ({ ulp: k, why });

const special = (v: number) => v === 0 || !Number.isFinite(v);
function unary(check: Check, params: number[][] = [[]], gen: Gen = mixed): Family {
  const cases = params.flatMap((ps) => SIZES.map((n): Case => ({
    label: `n=${n} params=[${ps}]`,
    bufs: [{ name: "x", len: n, role: "in", gen }, { name: "out", len: n, role: "out" }],
    args: (p) => [n, p.x, p.out, ...ps],
    alias: [{ out: "x" }],
    exactAt: (d, i) => special(d.x[i]),
  })));
  return { cases, check };
}
/** Backward rules: g is any value for the exact ones; finite for the inexact ones (Inf·d would magnify an ULP of d into NaN vs Inf). */
function unaryBwd(check: Check, params: number[][] = [[]], gen: Gen = mixed): Family {
  const gGen: Gen = "exact" in check ? mixed : (r) => (r() < 0.1 ? pick(r, [0, -0, 1]) : normal(r) * pick(r, [1, 1e3, 1e-3]));
  const cases = params.flatMap((ps) => SIZES.map((n): Case => ({
    label: `n=${n} params=[${ps}]`,
    bufs: [{ name: "s", len: n, role: "in", gen }, { name: "g", len: n, role: "in", gen: gGen }, { name: "out", len: n, role: "out" }],
    args: (p) => [n, p.s, p.g, p.out, ...ps],
    alias: [{ out: "s" }, { out: "g" }],
    exactAt: (d, i) => special(d.s[i]),
  })));
  return { cases, check };
}
const binary = (): Family => ({
  check: EXACT,
  cases: SIZES.map((n): Case => ({
    label: `n=${n}`,
    bufs: [{ name: "a", len: n, role: "in", gen: mixed }, { name: "b", len: n, role: "in", gen: mixed }, { name: "out", len: n, role: "out" }],
    args: (p) => [n, p.a, p.b, p.out],
    alias: [{ out: "a" }, { out: "b" }, { b: "a", out: "a" }],
  })),
});
const SCALARS = [2.5, -0.75, 0, -0, 1, NaN, Infinity, -Infinity, 1e-40, MAXF, 3];
const binaryC = (): Family => ({
  check: EXACT,
  cases: SCALARS.flatMap((c) => SIZES.map((n): Case => ({
    label: `n=${n} c=${c}`,
    bufs: [{ name: "a", len: n, role: "in", gen: mixed }, { name: "out", len: n, role: "out" }],
    args: (p) => [n, p.a, c, p.out],
    alias: [{ out: "a" }],
  }))),
});
const fill = (values: number[], type: "f32" | "i32"): Family => ({
  check: EXACT,
  cases: values.flatMap((v) => SIZES.map((n): Case => ({
    label: `n=${n} value=${v}`, bufs: [{ name: "out", len: n, role: "out", type }], args: (p) => [n, p.out, v],
  }))),
});

/** [outer, r, inner] shapes around the vector widths for the axis kernels (r >= 1). */
const AXIS_SHAPES: [number, number, number][] = [
  ...[1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 33, 63, 64, 65, 257].flatMap((r): [number, number, number][] => [[1, r, 1], [3, r, 1]]),
  ...[2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 31, 32, 33, 65].flatMap((inner): [number, number, number][] => [[1, 1, inner], [2, 3, inner], [1, 17, inner]]),
  [0, 5, 1], [4, 9, 6], [3, 2, 20],
];
function axisCases(gen: Gen, withIndices: boolean): Case[] {
  return AXIS_SHAPES.map(([outer, r, inner]): Case => ({
    label: `outer=${outer} r=${r} inner=${inner}`,
    bufs: [
      { name: "x", len: outer * r * inner, role: "in", gen },
      { name: "values", len: outer * inner, role: "out" },
      ...(withIndices ? [{ name: "indices", len: outer * inner, role: "out", type: "i32" } as Buf] : []),
    ],
    args: (p) => withIndices ? [outer, r, inner, p.x, p.values, p.indices] : [outer, r, inner, p.x, p.values],
    // Σ|x| over the reduced axis times r·2⁻²⁴: the worst-case error of any f32 summation order
    tol: (d, _o, i) => {
      const o = Math.floor(i / inner), j = i % inner;
      let s = 0;
      for (let k = 0; k < r; k++) s += Math.abs(d.in.x[(o * r + k) * inner + j]);
      return s * r * U24;
    },
  }));
}

const ROW_SHAPES: [number, number][] = [...SIZES.map((c): [number, number] => [1, c]), [3, 5], [2, 16], [3, 33], [4, 100], [2, 257]];
function rowCases(bwd: boolean, gen: Gen, tol?: (cols: number) => Case["tol"]): Case[] {
  return ROW_SHAPES.map(([rows, cols]): Case => ({
    label: `rows=${rows} cols=${cols}`,
    bufs: bwd
      ? [{ name: "y", len: rows * cols, role: "in", gen }, { name: "g", len: rows * cols, role: "in", gen: mixed }, { name: "out", len: rows * cols, role: "out" }]
      : [{ name: "x", len: rows * cols, role: "in", gen }, { name: "out", len: rows * cols, role: "out" }],
    args: (p) => (bwd ? [rows, cols, p.y, p.g, p.out] : [rows, cols, p.x, p.out]),
    alias: bwd ? [{ out: "y" }, { out: "g" }] : [{ out: "x" }],
    tol: tol?.(cols),
  }));
}
/** Per-row f64 helpers for the softmax-family tolerances: Σ over the row of f(c). */
const rowSum = (cols: number, i: number, f: (c: number) => number) => {
  const r0 = Math.floor(i / cols) * cols;
  let s = 0;
  for (let c = r0; c < r0 + cols; c++) s += f(c);
  return s;
};

/** Strided-copy layouts: [label, shape, xStrides, outStrides]. */
function copyLayouts(): [string, number[], number[], number[]][] {
  const L: [string, number[], number[], number[]][] = [["scalar", [], [], []]];
  for (const n of SIZES) {
    L.push([`contiguous ${n}`, [n], [1], [1]]);
    L.push([`broadcast rows 3x${n}`, [3, n], [1, 0], [n, 1]]);
    L.push([`broadcast planes 2x2x${n}`, [2, 2, n], [0, n, 1], [2 * n, n, 1]]);
    L.push([`gapped rows 2x${n}`, [2, n], [n, 1], [n + 3, 1]]);
    L.push([`transpose ${n}x3`, [n, 3], [1, n], [3, 1]]);
    L.push([`scatter stride 2`, [n], [1], [2]]);
  }
  L.push(["3-D permute", [2, 3, 5], [5, 10, 1], [15, 5, 1]], ["4-D", [2, 3, 2, 9], [54, 18, 9, 1], [1, 2, 6, 12]], ["negative free", [4, 17], [17, 1], [18, 1]]);
  return L;
}
const extent = (shape: number[], strides: number[]) => (shape.some((s) => s === 0) ? 0 : 1 + shape.reduce((a, s, d) => a + (s - 1) * strides[d], 0));

/** GEMM shapes around register tiles, with transposes, leading-dimension padding and accumulation. */
function gemmCases(): Case[] {
  const shapes = [[1, 1, 1], [1, 8, 1], [3, 5, 7], [4, 8, 16], [5, 9, 17], [8, 16, 3], [7, 17, 33], [16, 16, 16], [33, 9, 20], [2, 31, 65]];
  const cases: Case[] = [];
  for (const [m, n, k] of shapes) for (const flags of [0, 1, 2, 3, 4, 7]) {
    const tA = flags & 1, tB = (flags >> 1) & 1, acc = (flags >> 2) & 1, pad = (m + n + k) % 3;
    const lda = (tA ? m : k) + pad, ldb = (tB ? k : n) + pad, ldc = n + pad;
    cases.push({
      label: `m=${m} n=${n} k=${k} transA=${tA} transB=${tB} accumulate=${acc} pad=${pad}`,
      bufs: [
        { name: "a", len: (tA ? k : m) * lda, role: "in", gen: multipliable },
        { name: "b", len: (tB ? n : k) * ldb, role: "in", gen: multipliable },
        { name: "c", len: m * ldc, role: "inout", gen: multipliable },
        { name: "ws", role: "scratch", get len() { return Math.ceil(gemmWorkspace(m, n, k) / 4); } }, // asked of the build under test
      ],
      args: (p) => [m, n, k, p.a, lda, tA, p.b, ldb, tB, p.c, ldc, acc, p.ws],
      tol: (d, _o, q) => {
        const i = Math.floor(q / ldc), j = q % ldc;
        if (j >= n) return 0;
        let s = acc ? Math.abs(d.in.c[q]) : 0;
        for (let t = 0; t < k; t++) s += Math.abs(d.in.a[tA ? t * lda + i : i * lda + t] * d.in.b[tB ? j * ldb + t : t * ldb + j]);
        return 2 * (k + 1) * U24 * s;
      },
    });
  }
  return cases;
}
/** GEMV shapes: rows n around the 4-row blocks, k around the 8- and 4-element steps, padded leading dimensions, accumulation. */
function gemvCases(): Case[] {
  const cases: Case[] = [];
  for (const n of [0, 1, 3, 4, 5, 8, 9, 17]) for (const k of [0, 1, 3, 4, 5, 7, 8, 9, 12, 16, 31, 65]) for (const acc of [0, 1]) {
    const ldw = k + ((n + k + acc) % 3);
    cases.push({
      label: `n=${n} k=${k} ldw=${ldw} accumulate=${acc}`,
      bufs: [
        { name: "x", len: k, role: "in", gen: multipliable },
        { name: "w", len: n * ldw, role: "in", gen: multipliable },
        { name: "out", len: n, role: "inout", gen: multipliable },
      ],
      args: (p) => [n, k, p.x, p.w, ldw, p.out, acc],
      tol: (d, _o, j) => {
        let s = acc ? Math.abs(d.in.out[j]) : 0;
        for (let t = 0; t < k; t++) s += Math.abs(d.in.x[t] * d.in.w[j * ldw + t]);
        return 2 * (k + 1) * U24 * s;
      },
    });
  }
  return cases;
}
/** The workspace size function of the build under test (bound in beforeAll). */
let gemmWorkspace: (m: number, n: number, k: number) => number = () => { throw new Error("no build under test yet"); };

/** Index-kernel cases: [outer, r, inner, n] with indices in [0, r). */
function indexCases(kind: "select" | "add" | "gather" | "scatter"): Case[] {
  const shapes = [[1, 1, 1, 1], [2, 5, 1, 3], [1, 4, 7, 9], [3, 6, 4, 2], [2, 3, 17, 5], [1, 9, 33, 4]];
  return shapes.map(([outer, r, inner, n]) => {
    const idxLen = kind === "select" || kind === "add" ? n : outer * n * inner;
    const big = outer * r * inner, small = outer * n * inner;
    return {
      label: `outer=${outer} r=${r} inner=${inner} n=${n}`,
      bufs: [
        { name: "x", len: kind === "select" || kind === "gather" ? big : small, role: "in", gen: mixed },
        { name: "idx", len: idxLen, role: "in", type: "i32", gen: (rr: Rand) => Math.floor(rr() * r) },
        { name: "out", len: kind === "select" || kind === "gather" ? small : big, role: kind === "add" || kind === "scatter" ? "inout" : "out", gen: finite },
      ],
      args: (p) => [outer, r, inner, n, p.x, p.idx, p.out],
    };
  });
}

/** Pool geometries: [planes, in [D, H, W], kernel, stride, padding, dilation, ceilMode] (PyTorch's window rules hold). */
type PoolGeo = [number, number[], number[], number[], number[], number[], boolean];
const POOL_GEOS: PoolGeo[] = [
  [3, [1, 1, 13], [1, 1, 3], [1, 1, 2], [0, 0, 1], [1, 1, 2], true],
  ...[4, 5, 7, 8, 9, 16, 17, 33].flatMap((w): PoolGeo[] => [
    [2, [1, 4, w], [1, 2, 2], [1, 2, 2], [0, 0, 0], [1, 1, 1], false],
    [1, [1, 5, w], [1, 3, 3], [1, 1, 1], [0, 1, 1], [1, 1, 1], false],
    [2, [1, 7, w + 1], [1, 3, 3], [1, 2, 2], [0, 1, 1], [1, 1, 1], true],
    [1, [1, 6, w + 2], [1, 2, 3], [1, 2, 1], [0, 1, 1], [1, 2, 1], false],
  ]),
  [2, [1, 9, 40], [1, 3, 2], [1, 2, 3], [0, 1, 1], [1, 2, 2], true],
  [2, [4, 5, 6], [2, 3, 2], [1, 2, 2], [1, 1, 0], [2, 1, 1], false],
  [1, [5, 6, 9], [3, 2, 3], [2, 2, 2], [1, 1, 1], [1, 1, 1], true],
  [0, [1, 4, 4], [1, 2, 2], [1, 2, 2], [0, 0, 0], [1, 1, 1], false],
];
/** PyTorch's pool output size (the last window must start inside the input or left padding). */
function poolOut(L: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let o = Math.floor((L + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (o - 1) * s >= L + p) o--;
  return o;
}
/** Cases of the descriptor pool kernels: window pools (max/avg with each divisor rule) or adaptive pools, forward or backward. */
function poolCases(kind: "max" | "avg" | "adaptive-max" | "adaptive-avg", bwd: boolean, gen: Gen): Case[] {
  const cases: Case[] = [];
  for (const [planes, inS, k, st, p, d, ceil] of POOL_GEOS) {
    const adaptive = kind.startsWith("adaptive");
    const dil = kind === "avg" ? [1, 1, 1] : d;
    const outS = adaptive ? inS.map((L, i) => Math.max(1, Math.round((L * (i + 2)) / 4))) : inS.map((L, i) => poolOut(L, k[i], st[i], p[i], dil[i], ceil));
    const variants = kind === "avg" ? [[1, 0], [0, 0], [1, 3]] : [[1, 0]];
    for (const [cip, div] of variants) {
      const desc = [planes, ...inS, ...outS, ...k, ...st, ...p, ...dil, cip, div];
      const nIn = planes * inS[0] * inS[1] * inS[2], nOut = planes * outS[0] * outS[1] * outS[2];
      const withIdx = kind === "max" || kind === "adaptive-max";
      cases.push({
        label: `planes=${planes} in=[${inS}] out=[${outS}] k=[${k}] s=[${st}] p=[${p}] d=[${dil}] ceil=${ceil} countIncludePad=${cip} divisor=${div}`,
        bufs: [
          { name: "desc", len: desc.length, role: "in", type: "i32", gen: (_r: Rand, i: number) => desc[i] },
          { name: "x", len: bwd ? nOut : nIn, role: "in", gen },
          { name: "out", len: bwd ? nIn : nOut, role: "out" },
          ...(withIdx ? [{ name: "idx", len: nOut, role: "out", type: "i32" } as Buf] : []),
        ],
        args: (q) => (withIdx ? [q.desc, q.x, q.out, q.idx] : [q.desc, q.x, q.out]),
      });
    }
  }
  return cases;
}
/** Linear-axis interpolation cases [outer, inSize, inner, outSize] with random taps and weights. */
function interpCases(bwd: boolean): Case[] {
  const shapes = [[1, 1, 1, 1], [2, 3, 1, 7], [3, 5, 4, 9], [2, 6, 5, 3], [1, 4, 17, 8], [2, 7, 33, 11], [1, 3, 64, 6], [0, 3, 4, 5]];
  return shapes.map(([outer, inSize, inner, outSize]): Case => ({
    label: `outer=${outer} in=${inSize} inner=${inner} out=${outSize}`,
    bufs: [
      { name: "x", len: outer * (bwd ? outSize : inSize) * inner, role: "in", gen: mixed },
      { name: "idx", len: 2 * outSize, role: "in", type: "i32", gen: (r: Rand) => Math.floor(r() * inSize) },
      { name: "wt", len: 2 * outSize, role: "in", gen: (r: Rand) => pick(r, [0, 1, 0.25, r(), 1 - r()]) },
      { name: "out", len: outer * (bwd ? inSize : outSize) * inner, role: "out" },
    ],
    args: (q) => [outer, inSize, inner, outSize, q.x, q.idx, q.wt, q.out],
  }));
}

// ---- normalisation: x [n, c, s], statistics per channel (groups 0) or per (sample, group) ---------------------------------

/** [n, c, s, groups] around the vector widths: batch norm with s = 1 (across channels) and s > 1, layer norm rows (G = 1,
 * s = 1), group norm with and without spatial runs, instance norm (G = c), and runs over several f32 blocks. */
const NORM_SHAPES: [number, number, number, number][] = [
  [2, 1, 1, 0], [3, 5, 1, 0], [4, 4, 1, 0], [5, 9, 1, 0], [3, 17, 1, 0], [2, 33, 1, 0],
  [2, 3, 2, 0], [2, 3, 3, 0], [3, 2, 4, 0], [2, 3, 5, 0], [2, 2, 7, 0], [2, 3, 8, 0], [3, 2, 9, 0], [2, 2, 17, 0], [2, 3, 33, 0], [1, 2, 65, 0],
  [3, 1, 1, 1], [3, 5, 1, 1], [2, 8, 1, 1], [2, 9, 1, 1], [2, 17, 1, 1], [2, 37, 1, 1], [1, 100, 1, 1],
  [2, 6, 1, 3], [2, 8, 1, 2], [3, 12, 1, 4],
  [2, 4, 3, 2], [2, 6, 4, 3], [1, 4, 6, 1], [2, 6, 9, 2], [2, 8, 17, 4], [2, 3, 33, 3], [3, 5, 8, 5], [2, 2, 1, 2],
  // runs longer than one f32 block (16 terms per lane, 256 elements)
  [2, 2, 600, 0], [1, 3, 257, 0], [2, 4, 150, 2], [1, 1000, 1, 1],
];
const normLabel = ([n, c, s, groups]: number[], flags: number) => `n=${n} c=${c} s=${s} groups=${groups} flags=${flags}`;
/** Values around an offset with a spread (cancellation in x − mean), and NaN/±Inf now and then when `specials`. */
const normValues = (offset: number, scale: number, specials: boolean): Gen => (r) =>
  specials && r() < 0.01 ? pick(r, [NaN, Infinity, -Infinity]) : offset + normal(r) * scale;
const NORM_VALUES: [number, number][] = [[0, 1], [3, 0.01], [-50, 100], [1e-3, 1e-4]];

interface NormSet { elems: number[]; chans: number[] }
/** The statistics sets of x [n, c, s]: element indices and their channels. */
function normSets(n: number, c: number, s: number, groups: number): NormSet[] {
  const sets: NormSet[] = Array.from({ length: groups === 0 ? c : n * groups }, () => ({ elems: [], chans: [] }));
  for (let i = 0; i < n * c * s; i++) {
    const ch = Math.floor(i / s) % c, smp = Math.floor(i / (c * s));
    const j = groups === 0 ? ch : smp * groups + Math.floor(ch / (c / groups));
    sets[j].elems.push(i);
    sets[j].chans.push(ch);
  }
  return sets;
}
const setIndex = (sets: NormSet[]) => { const at: number[] = []; sets.forEach((st, j) => st.elems.forEach((i) => (at[i] = j))); return at; };
const U52 = 2 ** -52;
/**
 * |Δ| between the reference's f64 sum of M terms and a variant's (f64 in another order, or f32 lanes of at most 16 terms
 * each, the terms' own f32 rounding included, flushed into f64): (20·2⁻²⁴ + 2M·2⁻⁵²)·Σ|t|.
 */
const sumErr = (M: number, abs: number) => (20 * U24 + 2 * M * U52) * abs;
/** Memoised per reference result (a tolerance function runs per element). */
function memo<T>(f: (d: Data) => T): (d: Data) => T {
  const cache = new WeakMap<object, T>();
  return (d) => { let v = cache.get(d.ref); if (v === undefined) cache.set(d.ref, (v = f(d))); return v; };
}

/**
 * f32_norm: mean, var, rstd from sums in another order or in f32 lanes (see sumErr), rounded once, with d = x − x₀:
 * Δmean ≤ ulp + sumErr(Σ|d|)/M; Δvar ≤ ulp + sumErr(Σd²)/M (the variant's centred Σ(x − mean)² ≤ Σd², its f32 squares
 * included) + the reference's own cancellation 4·2⁻⁵²·(Σd² + 2|Σd|·Σ|d|/M); Δrstd ≤ ulp + r³·Δvar. y = (x − mean)·(rstd·w)
 * + b in the reference's f32 operations, so y moves only with the statistics: 2·|w|·(r·(Δmean + ulp(x − mean)) + |x − mean|·Δrstd).
 */
function normForwardCases(): Case[] {
  return NORM_SHAPES.flatMap((shape, si) => [0, 1, 2, 3].map((flags): Case => {
    const [n, c, s, groups] = shape, sets = normSets(n, c, s, groups), at = setIndex(sets), len = n * c * s;
    const [offset, scale] = NORM_VALUES[(si + flags) % NORM_VALUES.length];
    const bounds = memo((d) => sets.map((st, j) => {
      const x = d.in.x, k = x[st.elems[0]], M = st.elems.length;
      let s1 = 0, sa = 0, s2 = 0;
      for (const i of st.elems) { const e = x[i] - k; s1 += e; sa += Math.abs(e); s2 += e * e; }
      const r = d.ref.rstd[j], dm = ulp(d.ref.mean[j]) + sumErr(M, sa) / M;
      const dv = ulp(d.ref.variance[j]) + sumErr(M, s2) / M + 4 * U52 * (s2 + (2 * Math.abs(s1) * sa) / M);
      return { dm, dv, dr: ulp(r) + r ** 3 * dv };
    }));
    return {
      label: normLabel(shape, flags),
      bufs: [
        { name: "x", len, role: "in", gen: normValues(offset, scale, flags === 3) }, { name: "w", len: c, role: "in", gen: finite },
        { name: "b", len: c, role: "in", gen: finite }, { name: "y", len, role: "out" }, { name: "mean", len: sets.length, role: "out" },
        { name: "variance", len: sets.length, role: "out" }, { name: "rstd", len: sets.length, role: "out" }, { name: "ws", len: 6 * c, role: "scratch" },
      ],
      args: (p) => [n, c, s, groups, p.x, p.w, p.b, p.y, p.mean, p.variance, p.rstd, p.ws, [1e-5, 0.1, 0, 1e-3][si % 4], flags],
      alias: [{ y: "x" }],
      tol: (d, out, i) => {
        const b = bounds(d);
        if (out === "mean") return b[i].dm;
        if (out === "variance") return b[i].dv;
        if (out === "rstd") return b[i].dr;
        const j = at[i], ch = Math.floor(i / s) % c, w = flags & 1 ? Math.abs(d.in.w[ch]) : 1;
        const xm = Math.fround(d.in.x[i] - d.ref.mean[j]), r = d.ref.rstd[j];
        return 2 * w * (r * (b[j].dm + ulp(xm)) + Math.abs(xm) * b[j].dr) + 2 * ulp(d.ref.y[i]) + 2 * ulp(xm * r * w);
      },
    };
  }));
}

/** f32_norm_apply: y = (x − mean[ch])·(rstd[ch]·w[ch]) + b[ch], the reference's f32 operations (batch layouts only). */
function normApplyCases(): Case[] {
  return NORM_SHAPES.filter(([, , , groups]) => groups === 0).flatMap(([n, c, s], si) => [0, 1, 2, 3].map((flags): Case => ({
    label: normLabel([n, c, s, 0], flags),
    bufs: [
      { name: "x", len: n * c * s, role: "in", gen: normValues(...NORM_VALUES[si % NORM_VALUES.length], true) },
      { name: "mean", len: c, role: "in", gen: finite }, { name: "rstd", len: c, role: "in", gen: (r: Rand) => 0.1 + 5 * r() },
      { name: "w", len: c, role: "in", gen: finite }, { name: "b", len: c, role: "in", gen: finite }, { name: "y", len: n * c * s, role: "out" },
    ],
    args: (p) => [n, c, s, p.x, p.mean, p.rstd, p.w, p.b, p.y, flags],
    alias: [{ y: "x" }],
  })));
}

/**
 * f32_norm_bwd: sums in another order or in f32 lanes (see sumErr). db = Σg: ulp + sumErr(Σ|g|); dw = Σ r·g·(x − m):
 * ulp + sumErr(Σ|r·g·(x − m)|). dx = (g·w − A/M)·r − (x − m)·r³·B/M with A = Σ w·g, B = Σ w·g·(x − m):
 * Δ(A/M) ≤ ulp + sumErr(Σ|w·g|)/M, Δk2 ≤ ulp + r³·sumErr(Σ|w·g·(x − m)|)/M, so
 * |Δdx| ≤ 2·(r·(Δ(A/M) + ulp(g·w − A/M)) + |x − m|·Δk2) + 2·ulp(dx).
 */
function normBackwardCases(): Case[] {
  return NORM_SHAPES.flatMap((shape, si) => [0, 1, 4, 5].map((flags): Case => {
    const [n, c, s, groups] = shape, sets = normSets(n, c, s, groups), at = setIndex(sets), len = n * c * s;
    const [offset, scale] = NORM_VALUES[(si + flags) % NORM_VALUES.length];
    const weightOf = (d: Data, ch: number) => (flags & 1 ? d.in.w[ch] : 1);
    const bounds = memo((d) => {
      const { x, g, mean, rstd } = d.in;
      const perSet = sets.map((st, j) => {
        let aa = 0, ba = 0;
        st.elems.forEach((i, t) => { const wg = Math.abs(weightOf(d, st.chans[t]) * g[i]); aa += wg; ba += wg * Math.abs(Math.fround(x[i] - mean[j])); });
        const M = st.elems.length, r = rstd[j];
        const A = st.elems.reduce((a, i, t) => a + weightOf(d, st.chans[t]) * g[i], 0);
        const B = st.elems.reduce((a, i, t) => a + weightOf(d, st.chans[t]) * g[i] * Math.fround(x[i] - mean[j]), 0);
        return { ma: Math.fround(A / M), dma: ulp(A / M) + sumErr(M, aa) / M, dk2: ulp((r ** 3 * B) / M) + (r ** 3 * sumErr(M, ba)) / M };
      });
      const perChan = Array.from({ length: c }, () => ({ g: 0, wx: 0, m: 0 }));
      for (let i = 0; i < len; i++) {
        const ch = Math.floor(i / s) % c, j = at[i];
        perChan[ch].g += Math.abs(g[i]);
        perChan[ch].wx += Math.abs(rstd[j] * g[i] * Math.fround(x[i] - mean[j]));
        perChan[ch].m++;
      }
      return { perSet, perChan };
    });
    return {
      label: normLabel(shape, flags),
      bufs: [
        { name: "x", len, role: "in", gen: normValues(offset, scale, si % 5 === 0) }, { name: "g", len, role: "in", gen: finite },
        { name: "mean", len: sets.length, role: "in", gen: (r: Rand) => offset + normal(r) * scale },
        { name: "rstd", len: sets.length, role: "in", gen: (r: Rand) => (0.1 + 5 * r()) / scale }, { name: "w", len: c, role: "in", gen: finite },
        { name: "dx", len, role: "out" }, { name: "dw", len: c, role: "out" }, { name: "db", len: c, role: "out" }, { name: "ws", len: 6 * c, role: "scratch" },
      ],
      args: (p) => [n, c, s, groups, p.x, p.g, p.mean, p.rstd, p.w, p.dx, p.dw, p.db, p.ws, flags],
      alias: [{ dx: "x" }, { dx: "g" }],
      tol: (d, out, i) => {
        const { perSet, perChan } = bounds(d);
        if (out === "db") return ulp(d.ref.db[i]) + sumErr(perChan[i].m, perChan[i].g);
        if (out === "dw") return ulp(d.ref.dw[i]) + sumErr(perChan[i].m, perChan[i].wx);
        const j = at[i], ch = Math.floor(i / s) % c, r = d.in.rstd[j], b = perSet[j];
        const xm = Math.fround(d.in.x[i] - d.in.mean[j]), gw = Math.fround(d.in.g[i] * weightOf(d, ch));
        return 2 * (r * (b.dma + ulp(gw - b.ma)) + Math.abs(xm) * b.dk2) + 2 * ulp(d.ref.dx[i]);
      },
    };
  }));
}

/** im2col/col2im geometries: channels, then [D, H, W] triples of input size, kernel, stride, leading and trailing padding, dilation. */
type ConvGeom = [c: number, i: number[], k: number[], s: number[], p: number[], t: number[], d: number[]];
function convGeoms(): ConvGeom[] {
  const G: ConvGeom[] = [];
  // rows around the vector widths, strides 1–3 (vector paths for 1 and 2), padding on either side, dilation
  for (const w of [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33]) {
    G.push([1, [1, 1, w], [1, 1, 1], [1, 1, 1], [0, 0, 0], [0, 0, 0], [1, 1, 1]]);
    G.push([2, [1, 1, w], [1, 1, 3], [1, 1, 1], [0, 0, 1], [0, 0, 1], [1, 1, 1]]);
    G.push([1, [1, 1, w + 1], [1, 1, 2], [1, 1, 2], [0, 0, 1], [0, 0, 0], [1, 1, 1]]);
    G.push([1, [1, 1, w + 2], [1, 1, 3], [1, 1, 2], [0, 0, 2], [0, 0, 3], [1, 1, 2]]);
    G.push([2, [1, 1, w + 2], [1, 1, 2], [1, 1, 3], [0, 0, 1], [0, 0, 1], [1, 1, 1]]);
  }
  G.push([3, [1, 5, 5], [1, 3, 3], [1, 1, 1], [0, 1, 1], [0, 1, 1], [1, 1, 1]]);
  G.push([2, [1, 7, 9], [1, 3, 2], [1, 2, 1], [0, 1, 0], [0, 2, 1], [1, 2, 3]]);
  G.push([1, [1, 12, 11], [1, 5, 5], [1, 1, 1], [0, 2, 2], [0, 2, 2], [1, 1, 1]]);
  G.push([2, [1, 9, 20], [1, 3, 3], [1, 2, 2], [0, 1, 1], [0, 0, 0], [1, 1, 1]]);
  G.push([1, [1, 3, 3], [1, 3, 3], [1, 1, 1], [0, 4, 4], [0, 4, 4], [1, 3, 3]]); // rows entirely in the padding
  G.push([2, [4, 5, 4], [2, 3, 2], [1, 1, 1], [1, 0, 1], [1, 0, 1], [1, 1, 1]]);
  G.push([1, [5, 4, 5], [2, 2, 2], [2, 1, 1], [0, 1, 2], [1, 1, 2], [2, 1, 2]]);
  return G;
}
/** x32_im2col / f32_col2im cases: every geometry over all output positions and over a chunk starting and ending mid-row. */
function convCases(kind: "im2col" | "col2im"): Case[] {
  return convGeoms().flatMap(([c, i, k, s, p, t, d]) => {
    const o = i.map((n, j) => Math.floor((n + p[j] + t[j] - d[j] * (k[j] - 1) - 1) / s[j]) + 1);
    const L = o[0] * o[1] * o[2], K = k[0] * k[1] * k[2];
    const words = [c, ...i, ...o, ...k, ...s, ...p, ...d];
    const chunks = [[0, L], [Math.floor(L / 3), Math.min(L, Math.ceil((2 * L) / 3) + 1)]].filter(([a, b], j) => j === 0 || (a > 0 && b > a));
    return chunks.map(([l0, l1], j): Case => {
      const ld = l1 - l0 + (j === 0 ? 0 : 3); // rows further apart than their length: columns of several images side by side
      const x: Buf = { name: "x", len: c * i[0] * i[1] * i[2], role: kind === "im2col" ? "in" : "inout", gen: mixed };
      // im2col leaves the gaps between rows alone (inout keeps them checked)
      const col: Buf = { name: "col", len: c * K * ld, role: kind === "im2col" ? "inout" : "in", gen: mixed };
      return {
        label: `C=${c} in=[${i}] k=[${k}] s=[${s}] p=[${p}]+[${t}] d=[${d}] positions ${l0}..${l1} ld ${ld}`,
        bufs: [{ name: "desc", len: words.length, role: "in", type: "i32", gen: (_r: Rand, j: number) => words[j] }, x, col],
        args: (q) => (kind === "im2col" ? [q.desc, l0, l1, ld, q.x, q.col] : [q.desc, l0, l1, ld, q.col, q.x]),
      };
    });
  });
}
/** f32_dwconv* cases: every geometry with 1–3 outputs per input channel, 1–2 images (the channel count is desc's C). */
function dwconvCases(kind: "fwd" | "dx" | "dw"): Case[] {
  return convGeoms().flatMap(([c, i, k, s, p, t, d], gi) => {
    const o = i.map((v, j) => Math.floor((v + p[j] + t[j] - d[j] * (k[j] - 1) - 1) / s[j]) + 1);
    const P = i[0] * i[1] * i[2], L = o[0] * o[1] * o[2], K = k[0] * k[1] * k[2];
    const mult = 1 + (gi % 3), n = 1 + (gi % 2), words = [c, ...i, ...o, ...k, ...s, ...p, ...d];
    const padded = o.reduce((a, v, j) => a * ((v - 1) * s[j] + (k[j] - 1) * d[j] + 1), 1);
    const gen = multipliable; // sums of taps: see sparselySpecial
    const x: Buf = { name: "x", len: n * c * P, role: kind === "dx" ? "inout" : "in", gen };
    const y: Buf = { name: "y", len: n * c * mult * L, role: kind === "fwd" ? "inout" : "in", gen };
    const w: Buf = { name: "w", len: c * mult * K, role: kind === "dw" ? "inout" : "in", gen };
    return [{
      label: `C=${c} mult=${mult} n=${n} in=[${i}] k=[${k}] s=[${s}] p=[${p}]+[${t}] d=[${d}]`,
      bufs: [{ name: "desc", len: words.length, role: "in", type: "i32", gen: (_r: Rand, j: number) => words[j] }, x, y, w,
        { name: "scratch", len: padded, role: "scratch" }],
      args: (q) => [q.desc, n, mult, ...(kind === "fwd" ? [q.x, q.w, q.y] : kind === "dx" ? [q.y, q.w, q.x] : [q.x, q.y, q.w]), q.scratch],
      // dw: sums of n·L products per element in another order, |Δ| <= 2(n·L + n·rows + 1)·2⁻²⁴·(Σ|dy|·max|x| + |dw|)
      // (the finite ones: a non-finite input gives the same ±Inf/NaN in any order, which is compared exactly)
      tol: kind !== "dw" ? undefined : (dd, _o, q) => {
        const ch = Math.floor(q / K), plane = Math.floor(ch / mult);
        const fin = (v: number) => (Number.isFinite(v) ? Math.abs(v) : 0);
        let sdy = 0, mx = 0;
        for (let im = 0; im < n; im++) {
          for (let l = 0; l < L; l++) sdy += fin(dd.in.y[(im * c * mult + ch) * L + l]);
          for (let e = 0; e < P; e++) mx = Math.max(mx, fin(dd.in.x[(im * c + plane) * P + e]));
        }
        return 2 * (n * L + n * o[0] * o[1] + 1) * U24 * (sdy * mx + Math.abs(dd.in.w[q]));
      },
    }];
  });
}

/**
 * f32_conv_implicit cases: every geometry with 1–3 images, output channels around both tile shapes (1, 3, 8, 9, 17:
 * 4- and 8-channel panels), overwriting and accumulating; plus 270-tap layers (30 channels, 3×3), whose row tiles
 * (stride 1) sum the taps in two slices. The workspace size is asked of the build under test for the case's geometry.
 */
function convImplicitCases(): Case[] {
  const wide: ConvGeom[] = [
    [30, [1, 6, 20], [1, 3, 3], [1, 1, 1], [0, 1, 1], [0, 1, 1], [1, 1, 1]],
    [30, [1, 5, 9], [1, 3, 3], [1, 2, 2], [0, 1, 1], [0, 0, 0], [1, 1, 1]],
  ];
  const G = convGeoms(), couts = (gi: number) => (gi >= G.length ? [3, 4, 9, 8] : [1, 3, 8, 9, 17].filter((_, j) => (gi + j) % 2 === 0 || j === 2));
  return [...G, ...wide].flatMap(([c, i, k, s, p, t, d], gi) => couts(gi).map((cout, j): Case => {
    const o = i.map((v, m) => Math.floor((v + p[m] + t[m] - d[m] * (k[m] - 1) - 1) / s[m]) + 1);
    const P = i[0] * i[1] * i[2], L = o[0] * o[1] * o[2], K = c * k[0] * k[1] * k[2];
    const n = 1 + ((gi + j) % 3), acc = gi >= G.length ? j % 2 : (gi + j) % 2, words = [c, ...i, ...o, ...k, ...s, ...p, ...d];
    const gen = K > 256 ? finite : multipliable; // finite: 270 taps would often meet a NaN or ±Inf
    return {
      label: `C=${c} cout=${cout} n=${n} in=[${i}] k=[${k}] s=[${s}] p=[${p}]+[${t}] d=[${d}] accumulate=${acc}`,
      bufs: [
        { name: "desc", len: words.length, role: "in", type: "i32", gen: (_r: Rand, m: number) => words[m] },
        { name: "x", len: n * c * P, role: "in", gen },
        { name: "w", len: cout * K, role: "in", gen },
        { name: "y", len: n * cout * L, role: acc ? "inout" : "out", gen },
        { name: "ws", role: "scratch", get len() { return Math.ceil(convImplicitWorkspace(words, cout) / 4); } },
      ],
      args: (q) => [q.desc, n, cout, q.x, q.w, q.y, acc, q.ws],
      // taps in slices: |Δ| <= 2(K + 1)·2⁻²⁴·(Σ_t |w[o, t]|·max|x| + |y|) (finite values; non-finite ones compare exactly)
      tol: K <= 256 ? undefined : (dd, _o, q) => {
        const fin = (v: number) => (Number.isFinite(v) ? Math.abs(v) : 0);
        const im = Math.floor(q / (cout * L)), oc = Math.floor(q / L) % cout;
        let sw = 0, mx = 0;
        for (let e = 0; e < K; e++) sw += fin(dd.in.w[oc * K + e]);
        for (let e = 0; e < c * P; e++) mx = Math.max(mx, fin(dd.in.x[im * c * P + e]));
        return 2 * (K + 1) * U24 * (sw * mx + (acc ? fin(dd.in.y[q]) : 0));
      },
    };
  }));
}
/** The conv workspace size function of the build under test for a ConvDesc's words (bound in beforeAll). */
let convImplicitWorkspace: (words: number[], cout: number) => number = () => { throw new Error("no build under test yet"); };

const TANH_BOUND = ulps(3, "tanh: the reference's expm1-based formulas around a vector expm1 within 1 ULP of Mathf.expm1");
// ---- recurrent cells --------------------------------------------------------------------------------------------------

/** Fused recurrent cells (rnn.ts): [batch rows, hidden units] below, at and around the vector width. */
const RNN_SHAPES: [number, number][] = [[1, 1], [1, 3], [2, 4], [1, 5], [3, 7], [2, 8], [1, 9], [2, 16], [3, 17], [1, 33]];
/** Gate pre-activations: mostly moderate, some saturating the nonlinearities, some ±0 and tiny. */
const preact: Gen = (r) => (r() < 0.9 ? normal(r) * pick(r, [1, 3]) : pick(r, [0, -0, 20, -20, 100, -100, 1e-30, -9]));
/** Saved activations of a [b, gates·h] buffer: σ values in (0, 1), and tanh values in (−1, 1) in gate block `tanhBlock`. */
const activations = (h: number, gates: number, tanhBlock: number) => (r: Rand, i: number) => {
  const s = 1 / (1 + Math.exp(-normal(r) * 3));
  return Math.floor((i % (gates * h)) / h) === tanhBlock ? 2 * s - 1 : s;
};
/**
 * The variants differ from the reference only through σ (≤ 2 ULP ≤ 4·2⁻²⁴ relative) and tanh (≤ 3 ULP ≤ 6·2⁻²⁴
 * relative); everything else is the same operations in the same order. These bounds propagate those differences
 * through each output's formula to first order (|Δ(uv)| ≤ |u|Δv + |v|Δu), plus a few ULPs of re-rounding.
 */
function lstmCellTol(h: number): Case["tol"] {
  return (d, out, q) => {
    if (out === "gates") return 0; // σ and tanh outputs: the ULP bound
    const at = Math.floor(q / h) * 4 * h + (q % h), g = d.ref.gates;
    const [i, f, gg, o] = [0, 1, 2, 3].map((k) => g[at + k * h]);
    const dc = 12 * U24 * (Math.abs(f * d.in.cPrev[q]) + Math.abs(i * gg)) + ulp(d.ref.c[q]);
    if (out === "c") return dc;
    const t = Math.tanh(d.ref.c[q]);
    return Math.abs(o) * ((1 - t * t) * dc + 6 * U24 * Math.abs(t)) + 4 * U24 * Math.abs(o * t) + 2 * ulp(d.ref.y[q]);
  };
}
function lstmCellBwdTol(h: number): Case["tol"] {
  return (d, out, q) => {
    const { gates, c, cPrev, gy, dh, dc } = d.in;
    const row = Math.floor(q / (out === "dc" ? h : 4 * h)), j = q % h, s = row * h + j, at = row * 4 * h + j;
    const [i, f, gg, o] = [0, 1, 2, 3].map((k) => gates[at + k * h]);
    const t = Math.tanh(c[s]), dt = 6 * U24 * Math.abs(t), dy = gy[s] + dh[s];
    const dcv = dc[s] + dy * o * (1 - t * t), ddcv = 2 * Math.abs(dy * o * t) * dt + 2 * ulp(dcv);
    const ref = (out === "dc" ? d.ref.dc : d.ref.dGates)[q];
    const block = out === "dc" ? -1 : Math.floor((q % (4 * h)) / h);
    const prop = [Math.abs(gg * i * (1 - i)) * ddcv, Math.abs(cPrev[s] * f * (1 - f)) * ddcv, Math.abs(i * (1 - gg * gg)) * ddcv,
      Math.abs(dy * o * (1 - o)) * dt][block] ?? Math.abs(f) * ddcv;
    return prop + 4 * ulp(ref);
  };
}
function gruCellTol(h: number): Case["tol"] {
  return (d, out, q) => {
    if (out === "aN") return 0; // p + b: the same addition
    const row = Math.floor(q / (out === "y" ? h : 3 * h)), j = q % h, s = row * h + j, at = row * 3 * h + j;
    const [r, z, n] = [0, 1, 2].map((k) => d.ref.gates[at + k * h]), a = d.ref.aN[s];
    const arg = d.in.gates[at + 2 * h] + r * a;
    const dn = (1 - n * n) * (4 * U24 * Math.abs(r * a) + 2 * ulp(arg)) + 6 * U24 * Math.abs(n) + ulp(n);
    if (out === "gates") return Math.floor((q % (3 * h)) / h) === 2 ? dn : 0; // r, z: the ULP bound
    const hp = d.in.hPrev[s];
    return Math.abs(1 - z) * dn + 4 * U24 * Math.abs(z * (hp - n)) + 2 * U24 * (Math.abs(n) + Math.abs(z * (hp - n))) + 2 * ulp(d.ref.y[q]);
  };
}

const FAMILIES: Record<string, Family> = {
  // memory: bit copies
  f32_fill: fill([1.5, -0, NaN, -Infinity, 1e-40], "f32"),
  i32_fill: fill([0, -1, 123456789, -2147483648], "i32"),
  x32_copy_strided: {
    check: EXACT,
    cases: copyLayouts().map(([label, shape, xs, os]): Case => ({
      label,
      bufs: [
        { name: "desc", len: 1 + 3 * shape.length, role: "in", type: "i32", gen: (_r: Rand, i: number) => [shape.length, ...shape, ...xs, ...os][i] },
        { name: "x", len: Math.max(1, extent(shape, xs)), role: "in", gen: mixed },
        { name: "out", len: Math.max(1, extent(shape, os)), role: "inout", gen: finite }, // untouched elements must stay
      ],
      args: (p) => [p.desc, p.x, p.out],
    })),
  },
  // binary: IEEE arithmetic and wasm max/min, bit for bit
  ...Object.fromEntries(["add", "sub", "mul", "div", "max", "min", "pow", "eq", "ne", "lt", "le", "gt", "ge"].map((op) => [`f32_${op}`, binary()])),
  ...Object.fromEntries(["add", "sub", "mul", "div", "max", "min", "pow", "eq", "ne", "lt", "le", "gt", "ge"].map((op) => [`f32_${op}c`, binaryC()])),
  ...Object.fromEntries(["sub", "div", "pow"].map((op) => [`f32_${op}rc`, binaryC()])),
  f32_where: {
    check: EXACT,
    cases: SIZES.map((n): Case => ({
      label: `n=${n}`,
      bufs: [
        { name: "cond", len: n, role: "in", gen: (r: Rand) => pick(r, [0, -0, 1, NaN, -2, 1e-45, Infinity]) },
        { name: "a", len: n, role: "in", gen: mixed }, { name: "b", len: n, role: "in", gen: mixed }, { name: "out", len: n, role: "out" },
      ],
      args: (p) => [n, p.cond, p.a, p.b, p.out],
      alias: [{ out: "cond" }, { out: "a" }, { out: "b" }],
    })),
  },
  // unary, arithmetic: bit for bit
  f32_neg: unary(EXACT), f32_abs: unary(EXACT), f32_sign: unary(EXACT), f32_relu: unary(EXACT), f32_step: unary(EXACT),
  f32_sqrt: unary(EXACT),
  f32_leaky_relu: unary(EXACT, [[0.01], [-0.5], [0], [NaN]]),
  f32_clamp: unary(EXACT, [[-1, 1], [0, 6], [2, -2], [-Infinity, 0.5]]),
  f32_relu_bwd: unaryBwd(EXACT), f32_sigmoid_bwd: unaryBwd(EXACT), f32_tanh_bwd: unaryBwd(EXACT),
  f32_leaky_relu_bwd: unaryBwd(EXACT, [[0.01], [-0.5]]),
  f32_clamp_bwd: unaryBwd(EXACT, [[-1, 1], [0, 6], [2, -2]]),
  // unary, transcendental: each bound is the largest difference seen over every 13th f32 bit pattern (330M inputs,
  // both signs, denormals to ±Inf) for __simd and __relaxed, plus one ULP where g or a parameter (α, 1/β) scales it
  f32_exp: unary(ulps(1, "vector e^x: Cody–Waite reduction, degree-7 polynomial, exact two-step scaling")),
  f32_log: unary(ulps(1, "vector ln x: 2·atanh(f/(2+f)) series, exact exponent split")),
  f32_sigmoid: unary(ulps(2, "the reference's formula around a vector e^-|x| (1 ULP)")),
  f32_tanh: unary(TANH_BOUND),
  f32_gelu: unary(ulps(1, "f64x2: Mills-ratio Φ (fit error 3e-11) and e^x, rounded once")),
  f32_gelu_tanh: unary(ulps(1, "f64x2 like the f64 reference, rounded once")),
  f32_elu: unary(ulps(2, "α·expm1(x), vector expm1 within 1 ULP"), [[1], [0.3], [2]]),
  f32_softplus: unary(ulps(3, "ln(1 + e^βx)/β from vector log1p and e^x"), [[1, 20], [2, 20], [0.7, 5]]),
  f32_gelu_bwd: unaryBwd(ulps(2, "f64x2 gelu' (1 ULP) times g")),
  f32_gelu_tanh_bwd: unaryBwd(ulps(2, "f64x2 gelu_tanh' (1 ULP) times g")),
  f32_elu_bwd: unaryBwd(ulps(2, "g·α·e^x, vector e^x within 1 ULP"), [[1], [0.3]]),
  f32_softplus_bwd: unaryBwd(ulps(3, "g·σ(βx), vector sigmoid within 2 ULP"), [[1, 20], [0.7, 5]]),
  // reductions: f32 accumulation (sum) within r·2⁻²⁴·Σ|x|; max/min and indices exactly
  f32_sum_axis: { check: ulps(0, "f32 accumulation in another order: |Δ| <= r·2⁻²⁴·Σ|x|"), cases: axisCases(summable, false) },
  f32_max_axis: { check: EXACT, cases: [...axisCases(ties, true), ...axisCases(mixed, true)] },
  f32_min_axis: { check: EXACT, cases: [...axisCases(ties, true), ...axisCases(mixed, true)] },
  // softmax family: sums in f64 like the reference; vector e^x
  f32_softmax: { check: ulps(3, "e^x (1 ULP) times 1/Σ, Σ of the same e^x in f64"), cases: rowCases(false, mixed) },
  f32_log_softmax: { check: ulps(2, "ln of an f64 sum of vector e^x; no cancellation"), cases: rowCases(false, mixed) },
  f32_softmax_bwd: {
    // d = Σ g·y in f64 in another order may round to a neighbouring f32; out = y·(g − d)
    check: ulps(0, "f64 dot in another order: |Δ| <= 2·(|y|·(ulp(d) + ulp(g − d) + cols·2⁻⁵²·Σ|g·y|) + ulp(out))"),
    cases: rowCases(true, mixed, (cols) => (d, _o, i) => {
      const { y, g } = d.in;
      const dot = rowSum(cols, i, (c) => g[c] * y[c]), abs = rowSum(cols, i, (c) => Math.abs(g[c] * y[c]));
      return 2 * (Math.abs(y[i]) * (ulp(dot) + ulp(g[i] - dot) + cols * 2 ** -52 * abs) + ulp(d.ref.out[i]));
    }),
  },
  f32_log_softmax_bwd: {
    check: ulps(0, "g − e^y·Σg: 2 ULP of the product (vector e^x) plus the rounding of the f64 sum"),
    cases: rowCases(true, (r) => (r() < 0.9 ? -Math.abs(normal(r) * 3) : pick(r, SPECIAL)), (cols) => (d, _o, i) => {
      const { y, g } = d.in;
      const s = rowSum(cols, i, (c) => g[c]), abs = rowSum(cols, i, (c) => Math.abs(g[c])), e = Math.exp(y[i]);
      return 2 * ulp(e * s) + 2 * e * (ulp(s) + cols * 2 ** -52 * abs) + ulp(d.ref.out[i]);
    }),
  },
  f32_cross_entropy_bwd: {
    check: ulps(0, "s·(e^p − [c = t]): 2 ULP of s·e^p (vector e^x)"),
    cases: ROW_SHAPES.map(([rows, cols]): Case => ({
      label: `rows=${rows} cols=${cols}`,
      bufs: [
        { name: "logp", len: rows * cols, role: "in", gen: (r: Rand) => (r() < 0.9 ? -Math.abs(normal(r) * 3) : pick(r, SPECIAL)) },
        { name: "target", len: rows, role: "in", type: "i32", gen: (r: Rand) => Math.floor(r() * cols) },
        { name: "scale", len: rows, role: "in", gen: (r: Rand) => pick(r, [1, 0, 0.25, 1 / 3, -2]) },
        { name: "out", len: rows * cols, role: "out" },
      ],
      args: (p) => [rows, cols, p.logp, p.target, p.scale, p.out],
      alias: [{ out: "logp" }],
      tol: (d, _o, i) => 2 * ulp(d.in.scale[Math.floor(i / cols)] * Math.exp(d.in.logp[i])) + ulp(d.ref.out[i]),
    })),
  },
  // index kernels (scalar only so far): copies exactly, accumulation in the reference's order
  x32_index_select: { check: EXACT, cases: indexCases("select") },
  f32_index_add: { check: EXACT, cases: indexCases("add") },
  x32_gather: { check: EXACT, cases: indexCases("gather") },
  f32_scatter_add: { check: EXACT, cases: indexCases("scatter") },
  // GEMM: any f32 summation order, |Δ| <= 2k·2⁻²⁴·(Σ_p |a_ip·b_pj| + |c_ij|)
  f32_gemm: { check: ulps(0, "f32 dot products in another order: |Δ| <= 2(k+1)·2⁻²⁴·(Σ_p |a·b| + |c|)"), cases: gemmCases() },
  // optimizers: the reference's operations in its order, bit for bit
  f32_sgd: {
    check: EXACT,
    cases: [[0.1, 0, 0, 0, 0], [0.1, 0.9, 0, 0, 1], [0.1, 0.9, 0.1, 1e-2, 0], [0.01, 0.9, 0, 1e-4, 2], [0.1, 0.5, 0.5, 0.1, 4],
      [0.05, 0.9, 0, 0.01, 7], [0.1, 0, 0, 0.3, 4]].flatMap(([lr, mu, damp, wd, flags]) => SIZES.map((n): Case => ({
      label: `n=${n} lr=${lr} momentum=${mu} dampening=${damp} wd=${wd} flags=${flags}`,
      bufs: [{ name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed }, { name: "buf", len: n, role: "inout", gen: mixed }],
      args: (p) => [n, p.p, p.g, p.buf, lr, mu, 1 - damp, wd, flags],
    }))),
  },
  f32_adam: {
    check: EXACT,
    cases: [[1e-3, 0.9, 0.999, 1e-8, 0, 0], [1e-2, 0.9, 0.999, 1e-8, 0.01, 1], [1e-3, 0.8, 0.99, 1e-6, 0.01, 2], [1e-3, 0.9, 0.999, 1e-8, 0.1, 7],
      [1e-3, 0.5, 0.9, 1e-3, 0, 5]].flatMap(([lr, b1, b2, eps, wd, flags]) => SIZES.map((n): Case => {
      const t = 1 + (n % 5), stepSize = lr / (1 - b1 ** t), bc2Sqrt = Math.sqrt(1 - b2 ** t);
      return {
        label: `n=${n} lr=${lr} betas=${b1},${b2} eps=${eps} wd=${wd} flags=${flags} t=${t}`,
        bufs: [
          { name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed },
          { name: "m", len: n, role: "inout", gen: mixed }, { name: "v", len: n, role: "inout", gen: nonneg(mixed) },
          { name: "vmax", len: n, role: "inout", gen: nonneg(mixed) },
        ],
        args: (p) => [n, p.p, p.g, p.m, p.v, p.vmax, b1, b2, 1 - b1, 1 - b2, eps, wd, 1 - lr * wd, stepSize, bc2Sqrt, flags],
      };
    })),
  },
  f32_adagrad: {
    check: EXACT,
    cases: [[0.01, 1e-10, 0, 0], [0.1, 1e-10, 0.1, 0], [0.05, 0.1, 0, 1], [0.01 / 1.04, 1e-6, 0.01, 1]].flatMap(([clr, eps, wd, flags]) =>
      SIZES.map((n): Case => ({
        label: `n=${n} clr=${clr} eps=${eps} wd=${wd} flags=${flags}`,
        bufs: [{ name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed }, { name: "sum", len: n, role: "inout", gen: nonneg(mixed) }],
        args: (p) => [n, p.p, p.g, p.sum, clr, eps, wd, flags],
      }))),
  },
  f32_adadelta: {
    check: EXACT,
    cases: [[1, 0.9, 1e-6, 0, 0], [0.5, 0.95, 1e-4, 0.01, 0], [1, 0.9, 1e-6, 0.1, 1], [0.1, 0, 1e-6, 0, 1], [1, 1, 1e-6, 0, 0]].flatMap(([lr, rho, eps, wd, flags]) =>
      SIZES.map((n): Case => ({
        label: `n=${n} lr=${lr} rho=${rho} eps=${eps} wd=${wd} flags=${flags}`,
        bufs: [
          { name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed },
          { name: "v", len: n, role: "inout", gen: nonneg(mixed) }, { name: "u", len: n, role: "inout", gen: nonneg(mixed) },
        ],
        args: (p) => [n, p.p, p.g, p.v, p.u, lr, rho, 1 - rho, eps, wd, flags],
      }))),
  },
  f32_rmsprop: {
    check: EXACT,
    cases: [[0.01, 0.99, 1e-8, 0, 0, 0], [0.01, 0.9, 1e-6, 0, 0.9, 0], [0.01, 0.99, 1e-8, 0, 0, 1], [0.005, 0.99, 1e-8, 0.1, 0.5, 1],
      [0.01, 0.99, 0.1, 0.01, 0, 2], [0.01, 0.5, 1e-8, 0.1, 0.9, 3]].flatMap(([lr, alpha, eps, wd, momentum, flags]) => SIZES.map((n): Case => ({
      label: `n=${n} lr=${lr} alpha=${alpha} eps=${eps} wd=${wd} momentum=${momentum} flags=${flags}`,
      bufs: [
        { name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed },
        { name: "v", len: n, role: "inout", gen: nonneg(mixed) }, { name: "gavg", len: n, role: "inout", gen: mixed },
        { name: "buf", len: n, role: "inout", gen: mixed },
      ],
      args: (p) => [n, p.p, p.g, p.v, p.gavg, p.buf, lr, alpha, 1 - alpha, eps, wd, momentum, flags],
    }))),
  },
  // pools: every variant scans each window in the reference's order (d, h, w), so maxima, indices and f32 sums match exactly
  f32_max_pool: { check: EXACT, cases: [...poolCases("max", false, ties), ...poolCases("max", false, mixed)] },
  f32_avg_pool: { check: EXACT, cases: poolCases("avg", false, summable) },
  f32_avg_pool_bwd: { check: EXACT, cases: poolCases("avg", true, summable) },
  f32_adaptive_max_pool: { check: EXACT, cases: [...poolCases("adaptive-max", false, ties), ...poolCases("adaptive-max", false, mixed)] },
  f32_adaptive_avg_pool: { check: EXACT, cases: poolCases("adaptive-avg", false, summable) },
  f32_adaptive_avg_pool_bwd: { check: EXACT, cases: poolCases("adaptive-avg", true, summable) },
  f32_max_unpool: {
    check: EXACT,
    cases: [[1, 1, 1], [2, 4, 16], [3, 9, 25], [2, 17, 40], [0, 3, 4]].map(([planes, inSize, outSize]): Case => ({
      label: `planes=${planes} in=${inSize} out=${outSize}`,
      bufs: [
        { name: "x", len: planes * inSize, role: "in", gen: mixed },
        { name: "idx", len: planes * inSize, role: "in", type: "i32", gen: (r: Rand) => Math.floor(r() * outSize) },
        { name: "out", len: planes * outSize, role: "out" },
      ],
      args: (q) => [planes, inSize, outSize, q.x, q.idx, q.out],
    })),
  },
  // linear interpolation: w0·a + w1·b per element (no fused multiply-add), the backward's two adds in the reference's order
  f32_interp_linear: { check: EXACT, cases: interpCases(false) },
  f32_interp_linear_bwd: { check: EXACT, cases: interpCases(true) },
  // normalisation: statistics and backward sums in another order or in f32 lanes (sumErr); the rest the reference's f32 operations
  f32_norm: { check: ulps(1, "sums in another order or f32 lanes, rounded once; y moves with the statistics only (see normForwardCases)"), cases: normForwardCases() },
  f32_norm_apply: { check: EXACT, cases: normApplyCases() },
  f32_norm_bwd: { check: ulps(1, "sums in another order or f32 lanes, rounded once (see normBackwardCases)"), cases: normBackwardCases() },
  // recurrent cells: vector σ and tanh, differences propagated through each formula (see lstmCellTol)
  f32_lstm_cell: {
    check: ulps(3, "gate activations: σ within 2 ULP, tanh within 3; c and y within their propagated bound"),
    cases: RNN_SHAPES.map(([b, h]): Case => ({
      label: `b=${b} h=${h}`,
      bufs: [{ name: "gates", len: b * 4 * h, role: "inout", gen: preact }, { name: "cPrev", len: b * h, role: "in", gen: finite },
        { name: "c", len: b * h, role: "out" }, { name: "y", len: b * h, role: "out" }],
      args: (p) => [b, h, p.gates, p.cPrev, p.c, p.y],
      tol: lstmCellTol(h),
    })),
  },
  f32_lstm_cell_bwd: {
    check: ulps(0, "only tanh c differs (3 ULP): propagated through dc and each gate gradient"),
    cases: RNN_SHAPES.map(([b, h]): Case => ({
      label: `b=${b} h=${h}`,
      bufs: [
        { name: "gates", len: b * 4 * h, role: "in", gen: activations(h, 4, 2) }, { name: "c", len: b * h, role: "in", gen: finite },
        { name: "cPrev", len: b * h, role: "in", gen: finite }, { name: "gy", len: b * h, role: "in", gen: finite },
        { name: "dh", len: b * h, role: "in", gen: finite }, { name: "dc", len: b * h, role: "inout", gen: finite },
        { name: "dGates", len: b * 4 * h, role: "out" },
      ],
      args: (p) => [b, h, p.gates, p.c, p.cPrev, p.gy, p.dh, p.dc, p.dGates],
      tol: lstmCellBwdTol(h),
    })),
  },
  f32_gru_cell: {
    check: ulps(3, "r, z: σ within 2 ULP; n = tanh(gn + r·a), y = n + z(h − n) within their propagated bound; a exactly"),
    cases: RNN_SHAPES.map(([b, h]): Case => ({
      label: `b=${b} h=${h}`,
      bufs: [
        { name: "gates", len: b * 3 * h, role: "inout", gen: preact }, { name: "hProj", len: b * 3 * h, role: "in", gen: preact },
        { name: "bHh", len: 3 * h, role: "in", gen: finite }, { name: "hPrev", len: b * h, role: "in", gen: finite },
        { name: "aN", len: b * h, role: "out" }, { name: "y", len: b * h, role: "out" },
      ],
      args: (p) => [b, h, p.gates, p.hProj, p.bHh, p.hPrev, p.aN, p.y],
      tol: gruCellTol(h),
    })),
  },
  // no transcendentals in the GRU's backward rule: the reference's operations in its order, bit for bit
  f32_gru_cell_bwd: {
    check: EXACT,
    cases: RNN_SHAPES.map(([b, h]): Case => ({
      label: `b=${b} h=${h}`,
      bufs: [
        { name: "gates", len: b * 3 * h, role: "in", gen: activations(h, 3, 2) }, { name: "aN", len: b * h, role: "in", gen: finite },
        { name: "hPrev", len: b * h, role: "in", gen: finite }, { name: "gy", len: b * h, role: "in", gen: mixed },
        { name: "dh", len: b * h, role: "inout", gen: mixed }, { name: "dX", len: b * 3 * h, role: "out" }, { name: "dP", len: b * 3 * h, role: "out" },
      ],
      args: (p) => [b, h, p.gates, p.aN, p.hPrev, p.gy, p.dh, p.dX, p.dP],
    })),
  },
  // convolution data movement: im2col copies bits; col2im adds each x element's contributions in the same (row) order
  x32_im2col: { check: EXACT, cases: convCases("im2col") },
  f32_col2im: { check: EXACT, cases: convCases("col2im") },
  // direct depthwise convolution: products added one at a time in the reference's order (fwd, dx); dw sums each
  // plane's products in vector lanes first. The zero-padded plane is scratch.
  f32_dwconv: { check: EXACT, cases: dwconvCases("fwd") },
  f32_dwconv_dx: { check: EXACT, cases: dwconvCases("dx") },
  f32_dwconv_dw: { check: ulps(0, "dot products in vector lanes: |Δ| <= 2(n·L + rows + 1)·2⁻²⁴·(Σ|dy|·max|x| + |dw|)"), cases: dwconvCases("dw") },
  // GEMV: a dot product per row in another order, the same bound as GEMM
  f32_gemv: { check: ulps(0, "f32 dot products in another order: |Δ| <= 2(k+1)·2⁻²⁴·(Σ_p |x·w| + |out|)"), cases: gemvCases() },
  // implicit-GEMM convolution: each output's products added one at a time in tap order from 0, as in the reference,
  // exactly up to 256 taps; row tiles (stride 1) of more taps add their slices' sums to y one after the other
  f32_conv_implicit: { check: ulps(0, "up to 256 taps exact; beyond, sums in slices: |Δ| <= 2(K+1)·2⁻²⁴·(Σ|w|·max|x| + |y|)"), cases: convImplicitCases() },
};

// ---- the runner -----------------------------------------------------------------------------------------------------

const CANARY = 0x7fa5a5a5; // a NaN pattern no kernel produces
interface Mem { f32: Float32Array; i32: Int32Array; base: number; end: number }
type Arrays = Record<string, Float32Array | Int32Array>;

const hash = (s: string) => [...s].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261);
const isF32 = (b: Buf) => (b.type ?? "f32") === "f32";

function generate(c: Case, seed: number): Arrays {
  const r = rng(seed), data: Arrays = {};
  for (const b of c.bufs) {
    const a = isF32(b) ? new Float32Array(b.len) : new Int32Array(b.len);
    for (let i = 0; i < b.len; i++) a[i] = b.gen ? b.gen(r, i) : r() * 1e6 - 5e5; // out/scratch: arbitrary garbage
    data[b.name] = a;
  }
  return data;
}

/**
 * Lays the buffers out (each at a random 4-byte misalignment between canaries, or `flush` ending exactly at the end of
 * memory so that any read past it traps), writes `data`, calls `fn`, checks canaries and read-only inputs, and returns
 * every out/inout buffer. `alias` maps a buffer to the one it shares memory with (in-place forms).
 */
function run(mem: Mem, fn: Function, c: Case, data: Arrays, alias: Record<string, string>, r: Rand, flush?: string): Arrays {
  const ptr: Record<string, number> = {}, guards: [number, string][] = [];
  let pos = mem.base;
  for (const b of c.bufs) {
    if (alias[b.name] || b.name === flush) continue;
    pos = Math.ceil((pos + 16) / 16) * 16 + 4 * Math.floor(r() * 4);
    ptr[b.name] = pos;
    guards.push([pos - 16, `before ${b.name}`], [pos + 4 * b.len, `after ${b.name}`]);
    pos += 4 * b.len + 16;
  }
  if (flush) {
    const b = c.bufs.find((x) => x.name === flush)!;
    ptr[flush] = mem.end - 4 * b.len;
    guards.push([ptr[flush] - 16, `before ${flush}`]);
  }
  for (const b of c.bufs) if (alias[b.name]) ptr[b.name] = ptr[alias[b.name]];
  for (const [g] of guards) mem.i32.fill(CANARY, g >> 2, (g >> 2) + (g + 16 <= mem.end ? 4 : 0));
  for (const b of c.bufs) if (!alias[b.name]) (isF32(b) ? mem.f32 : mem.i32).set(data[b.name], ptr[b.name] >> 2);
  fn(...c.args(ptr));
  for (const [g, where] of guards) {
    for (let w = 0; w < 4 && g + 4 * w < mem.end; w++) {
      if (mem.i32[(g >> 2) + w] !== CANARY) throw new Error(`wrote outside its buffers (the 16 bytes ${where}, word ${w})`);
    }
  }
  const outs: Arrays = {};
  for (const b of c.bufs) {
    const view = isF32(b) ? mem.f32 : mem.i32, at = ptr[b.name] >> 2;
    if (b.role === "out" || b.role === "inout") outs[b.name] = view.slice(at, at + b.len);
    else if (b.role === "in" && !Object.values(alias).includes(b.name) && !alias[b.name]) {
      const now = view.subarray(at, at + b.len), was = data[b.name];
      for (let i = 0; i < b.len; i++) if (!Object.is(now[i], was[i])) throw new Error(`modified its read-only input ${b.name}[${i}]`);
    }
  }
  return outs;
}

const fmt = (v: number) => (Object.is(v, -0) ? "-0" : String(v));

/** First mismatch between reference and variant outputs under `check`, as a message, or null. */
function compare(check: Check, c: Case, data: Arrays, ref: Arrays, got: Arrays): string | null {
  for (const b of c.bufs) {
    if (b.role !== "out" && b.role !== "inout") continue;
    const want = ref[b.name], have = got[b.name];
    for (let i = 0; i < b.len; i++) {
      const w = want[i], h = have[i];
      let ok: boolean;
      if ("exact" in check || !isF32(b) || c.exactAt?.(data, i)) ok = Object.is(w, h);
      else {
        const d = ulpDiff(w, h);
        ok = d <= check.ulp || (c.tol !== undefined && Number.isFinite(w) && Math.abs(w - h) <= c.tol({ in: data, ref }, b.name, i));
      }
      if (!ok) {
        const inputs = c.bufs.filter((x) => x.role !== "out" && x.len === b.len).map((x) => `${x.name}=${fmt(data[x.name][i])}`).join(" ");
        const rule = "exact" in check || c.exactAt?.(data, i) ? "must be identical" : `${ulpDiff(w, h)} ULP, bound ${check.ulp}`;
        return `${b.name}[${i}]: reference ${fmt(w)}, variant ${fmt(h)} (${rule}) at ${inputs}`;
      }
    }
  }
  return null;
}

/** Runs one family's cases for one variant against __scalar: out of place, every in-place form, every input flush at the end of memory. */
function checkFamily(mem: Mem, name: string, fam: Family, scalar: Function, variant: Function, vname: string): void {
  for (const c of fam.cases) {
    const seed = hash(`${name} ${c.label}`), r = rng(seed ^ 0x5bd1e995);
    const data = generate(c, seed);
    const where = (form: string) => `${name}__${vname} ${c.label} (${form})`;
    const attempt = (form: string, alias: Record<string, string>, flush?: string) => {
      // the reference runs out of place on the same values (an aliased input takes its partner's values)
      const refData = { ...data };
      for (const [k, v] of Object.entries(alias)) refData[k] = data[v];
      let ref: Arrays, got: Arrays;
      try {
        ref = run(mem, scalar, c, refData, {}, r);
      } catch (e) {
        throw new Error(`${name}__scalar ${c.label}: ${(e as Error).message}`);
      }
      try {
        got = run(mem, variant, c, refData === data ? data : data, alias, r, flush);
      } catch (e) {
        throw new Error(`${where(form)}: ${(e as Error).message}`);
      }
      const bad = compare(fam.check, c, refData, ref, got);
      if (bad) throw new Error(`${where(form)}: ${bad}`);
    };
    attempt("out of place", {});
    for (const alias of c.alias ?? []) attempt(`in place ${JSON.stringify(alias)}`, alias);
    for (const b of c.bufs) if (b.role !== "out" && b.role !== "scratch" && b.len > 0) attempt(`${b.name} flush against the end of memory`, {}, b.name);
  }
}

// ---- the tests ------------------------------------------------------------------------------------------------------

/** A fresh runtime of this build (maxMemoryBytes forces a new one even if the current runtime has the same ISA). */
const fresh = async (isa: Isa) => { await init({ isa, maxMemoryBytes: 1 << 28 }); return currentRuntime()!; };
// In the Deno/Chromium bundle all test files share one runtime: leave a default runtime of the best build behind.
afterAll(async () => { await init({ isa: supportedIsas()[0], maxMemoryBytes: 2 ** 31 }); });

for (const isa of supportedIsas()) {
  describe(`kernel variants against __scalar (${isa} build)`, () => {
    let mem: Mem;
    let families: Map<string, Record<string, Function>>;
    let release = () => {};
    afterAll(() => release());
    beforeAll(async () => {
      const rt = await fresh(isa);
      // the simd and relaxed builds ship no __scalar variant where they have a faster one: the references are the scalar build's
      families = kernelVariants(await withScalarReference(rt));
      gemmWorkspace = rt.exports.f32_gemm_workspace as typeof gemmWorkspace;
      const descAt = rt.arena.alloc(128), convWs = rt.exports.f32_conv_implicit_workspace as (desc: number, cout: number) => number;
      convImplicitWorkspace = (words, cout) => { rt.i32().set(words, descAt >> 2); return convWs(descAt, cout); };
      // Own the rest of the memory as one block ending exactly at its end.
      const probe = rt.arena.alloc(64);
      const size = rt.memory.buffer.byteLength - (probe + 64);
      const base = rt.arena.alloc(size);
      release = () => { rt.arena.release(base); rt.arena.release(probe); rt.arena.release(descAt); };
      mem = { f32: rt.f32(), i32: rt.i32(), base, end: base + size };
      expect(mem.end).toBe(rt.memory.buffer.byteLength);
    });

    test("every exported kernel family has a __scalar reference and an entry in the table, and vice versa", () => {
      const exported = [...families.keys()].sort();
      expect(exported.filter((f) => !(f in FAMILIES)), "families missing from FAMILIES in test/kernels/variants.test.ts").toEqual([]);
      expect(exported.filter((f) => !families.get(f)!.scalar), "families without a __scalar reference").toEqual([]);
      expect(Object.keys(FAMILIES).filter((f) => !families.has(f)), "stale FAMILIES entries").toEqual([]);
    });

    for (const [name, fam] of Object.entries(FAMILIES)) {
      test(name, () => {
        const variants = families.get(name);
        if (!variants) return; // reported by the table test above
        // the reference is checked against itself too: its in-place forms and its reads near the end of memory
        for (const [vname, fn] of Object.entries(variants)) checkFamily(mem, name, fam, variants.scalar, fn, vname);
      });
    }
  });
}

// ---- the references themselves, on hand-checked values ----------------------------------------------------------------

describe("scalar reference kernels on hand-checked values", () => {
  let call: (kernel: string, inputs: number[][], params?: number[], outs?: number) => number[][];
  beforeAll(async () => {
    const rt = await fresh("scalar");
    const base = rt.arena.alloc(1 << 16);
    // inputs then outputs, 1 KiB apart (at most 256 f32 each)
    call = (kernel, inputs, params = [], outs = 1) => {
      const f32 = rt.f32();
      const ptrs = [...inputs.map((v, i) => { f32.set(v, (base >> 2) + 256 * i); return base + 1024 * i; })];
      const outPtrs = Array.from({ length: outs }, (_, j) => base + 1024 * (inputs.length + j));
      (rt.exports[`${kernel}__scalar`] as Function)(...kernelArgs(kernel, inputs, ptrs, outPtrs, params));
      return outPtrs.map((p) => Array.from(rt.f32().subarray(p >> 2, (p >> 2) + inputs[0].length)));
    };
  });
  /** Elementwise kernels take (n, inputs…, outs…, params…); row kernels get (rows = 1, cols) in front instead of n. */
  const kernelArgs = (kernel: string, inputs: number[][], ptrs: number[], outs: number[], params: number[]) =>
    /softmax/.test(kernel) ? [1, inputs[0].length, ...ptrs, ...outs, ...params]
      : /_axis$/.test(kernel) ? [1, inputs[0].length, 1, ...ptrs, ...outs, ...params]
        : [inputs[0].length, ...ptrs, ...outs, ...params];
  const one = (kernel: string, x: number[], params?: number[]) => call(kernel, [x], params)[0];
  /** Exactly the f32 value, sign of zero included (toStrictEqual distinguishes -0 and treats NaN as equal). */
  const same = (got: number[], want: number[]) => expect(got).toStrictEqual(want.map(Math.fround));

  test("semantics of NaN, -0 and ±Inf", () => {
    same(one("f32_relu", [-0, NaN, -1, 2]), [-0, NaN, 0, 2]);
    same(call("f32_max", [[NaN, 1, -0], [1, NaN, 0]])[0], [NaN, NaN, 0]);
    same(call("f32_min", [[-0, 0], [0, -0]])[0], [-0, -0]);
    same(one("f32_step", [0, -0, NaN, 1e-45]), [0, 0, 0, 1]);
    same(one("f32_sign", [-3, 0, NaN, 1e-45]), [-1, 0, NaN, 1]);
    same(one("f32_tanh", [-0, Infinity, -20, NaN]), [-0, 1, -1, NaN]);
    same(one("f32_exp", [0, -Infinity, Infinity, -104]), [1, 0, Infinity, 0]);
    same(one("f32_log", [1, 0, -1, Infinity]), [0, -Infinity, NaN, Infinity]);
    same(one("f32_sigmoid", [0, -Infinity, Infinity, -0]), [0.5, 0, 1, 0.5]);
    same(one("f32_elu", [-Infinity, -0, 2], [1.5]), [-1.5, -0, 2]);
    same(one("f32_gelu", [0, -0, Infinity, -Infinity]), [0, -0, Infinity, NaN]);
    same(one("f32_clamp", [NaN, -5, 5], [-1, 1]), [NaN, -1, 1]);
    same(call("f32_where", [[0, -0, NaN, 2], [1, 1, 1, 1], [2, 2, 2, 2]])[0], [2, 2, 1, 1]);
  });

  test("values", () => {
    const close = (got: number[], want: number[], ulps = 1) =>
      got.forEach((g, i) => expect(ulpDiff(g, Math.fround(want[i])), `${g} vs ${want[i]}`).toBeLessThanOrEqual(ulps));
    close(one("f32_exp", [1, -1]), [Math.E, 1 / Math.E]);
    close(one("f32_log", [2, Math.E]), [Math.LN2, 1]);
    close(one("f32_tanh", [0.5]), [0.46211716532707214]);
    close(one("f32_sigmoid", [-100, 2]), [3.783505853677006e-44, 1 / (1 + Math.exp(-2))]);
    close(one("f32_softplus", [0, 100], [1, 20]), [Math.LN2, 100]);
    close(one("f32_gelu", [1, -1, -3]), [0.8413447737693787, -0.15865525603294373, -0.004049694165587425]);
    close(one("f32_gelu", [-14]), [-1.0930128021733573e-43]); // a denormal: no cut-off of the tail
    // σ(2u) form: the left tail keeps relative accuracy (½x(1 + tanh u) in f32 would give 0 or noise here)
    close(one("f32_gelu_tanh", [1, -5, -10]), [0.8411920070648193, -2.2917961928214936e-7, -1.2040923861938598e-37]);
    close(call("f32_gelu_bwd", [[-0.75, 1, 0], [1, 1, 1]])[0], [0.0007742782472632825, 1.0833154916763306, 0.5]);
    close(call("f32_gelu_tanh_bwd", [[0], [2]])[0], [1]);
    close(call("f32_sigmoid_bwd", [[0.5], [1]])[0], [0.25]);
    close(call("f32_sum_axis", [[1, 2, 3, 1e-8]])[0].slice(0, 1), [6]);
    close(one("f32_softmax", [0, 0, Math.log(2)]), [0.25, 0.25, 0.5]);
    close(one("f32_log_softmax", [0, 0]), [-Math.LN2, -Math.LN2]);
    // the dominant class of a confident prediction: log p = −ln(1 + e^−30), relative accuracy kept
    close(one("f32_log_softmax", [30, 0]), [-9.357622912219837e-14, -30]);
  });

  test("max/min along an axis: the first extreme, NaN first", () => {
    const [v, i] = call("f32_max_axis", [[1, 3, 3, NaN, 5, NaN]], [], 2);
    expect(Number.isNaN(v[0])).toBe(true);
    expect(new Int32Array(new Float32Array([i[0]]).buffer)[0]).toBe(3);
    const [v2, i2] = call("f32_min_axis", [[2, -0, 0, 4]], [], 2);
    expect(Object.is(v2[0], -0)).toBe(true);
    expect(new Int32Array(new Float32Array([i2[0]]).buffer)[0]).toBe(1);
  });
});
