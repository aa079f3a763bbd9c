// Every non-scalar kernel variant against its __scalar reference (XNNPACK's pattern), for every build this runtime runs.
// FAMILIES maps each kernel family to its argument layout, its inputs and how it is checked; a family exported by a build
// but missing from the table fails the run. Also checks the scalar references on hand-checked values.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { init } from "simdgrad";
import { currentRuntime } from "../../src/backend/runtime";
import { kernelVariants } from "../../src/backend/kernels";
import { supportedIsas, type Isa } from "../../src/backend/features";

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
/** Moderate values plus the special values that keep sums order-independent. */
const summable: Gen = (r) => (r() < 0.85 ? normal(r) * pick(r, [1, 100]) : pick(r, SPECIAL_SUM));
/** The same with finite products: a fused a·b + c keeps an a·b that a separate multiply would round to ±Inf. */
const SPECIAL_PRODUCT = SPECIAL_SUM.filter((v) => !(Math.abs(v) > 1e20 && Number.isFinite(v)));
const multipliable: Gen = (r) => (r() < 0.85 ? normal(r) * pick(r, [1, 100]) : pick(r, SPECIAL_PRODUCT));
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
    const gen = kind === "dw" ? multipliable : mixed;
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

const TANH_BOUND = ulps(3, "tanh: the reference's expm1-based formulas around a vector expm1 within 1 ULP of Mathf.expm1");
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
      [0.05, 0.9, 0, 0.01, 7], [0.1, 0, 0, 0.3, 4]].flatMap((ps) => SIZES.map((n): Case => ({
      label: `n=${n} lr,momentum,dampening,wd,flags=${ps}`,
      bufs: [{ name: "p", len: n, role: "inout", gen: mixed }, { name: "g", len: n, role: "in", gen: mixed }, { name: "buf", len: n, role: "inout", gen: mixed }],
      args: (p) => [n, p.p, p.g, p.buf, ...ps],
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
        args: (p) => [n, p.p, p.g, p.m, p.v, p.vmax, lr, b1, b2, eps, wd, stepSize, bc2Sqrt, flags],
      };
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
      families = kernelVariants(rt.exports);
      gemmWorkspace = rt.exports.f32_gemm_workspace as typeof gemmWorkspace;
      // Own the rest of the memory as one block ending exactly at its end.
      const probe = rt.arena.alloc(64);
      const size = rt.memory.buffer.byteLength - (probe + 64);
      const base = rt.arena.alloc(size);
      release = () => { rt.arena.release(base); rt.arena.release(probe); };
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
