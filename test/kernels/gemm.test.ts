// Every gemm variant (__simd, __relaxed) of every build this runtime supports, against the __scalar reference (the scalar
// build's, loaded beside the build under test).
import { afterAll, describe, expect, test } from "vitest";
import { init, supportedIsas, type Isa } from "simdgrad";
import { runtime } from "../../src/backend/runtime";
import { kernelVariants } from "../../src/backend/kernels";
import { withScalarReference } from "../helpers/scalar-reference";

type Gemm = (m: number, n: number, k: number, a: number, lda: number, transA: number, b: number, ldb: number, transB: number,
  c: number, ldc: number, accumulate: number, ws: number) => void;

// All test files may share one runtime (Deno/Chromium bundle): leave the best build behind.
afterAll(async () => { await init({ isa: supportedIsas()[0] }); });

/** Sizes below, at and above the tiles (5×8, 6×8) and their multiples; sampled as m, n and k. */
const SIZES = [1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 64, 65];
/** Shapes that cross the cache blocks (KC = 256, MC = 120, NC = 512) and so use several K slices and panels. */
const BLOCKED: [number, number, number][] = [[121, 520, 257], [241, 33, 520], [9, 1030, 270], [126, 17, 600]];
/** Degenerate shapes: nothing to do, or C = accumulate ? C : 0. */
const EMPTY: [number, number, number][] = [[0, 5, 3], [4, 0, 3], [4, 5, 0], [0, 0, 0]];

/** Elements of free space (NaN or sentinel) around every operand; odd so operands are not 16-byte aligned. */
const GUARD = 7;
/** Marks memory a kernel must not write: a NaN with a payload no arithmetic produces. */
const SENTINEL = 0x7fa5a5a5;
/** Marks memory a kernel must not read (gaps between rows, around operands, C when not accumulating). */
const POISON = NaN;
/** Unit roundoff of float32. */
const U = 2 ** -24;

/** Deterministic xorshift32 numbers in [-1, 1). */
function rng(seed: number) {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 31 - 1;
  };
}

interface Case { m: number; n: number; k: number; transA: boolean; transB: boolean; accumulate: boolean; padA: number; padB: number; padC: number }

/**
 * Runs `gemm` and the reference on the same inputs and checks: C within tolerance of the reference, everything
 * around C (row gaps from ldc > n, margins) untouched, the workspace used within its stated size. Inputs sit between
 * NaNs and have NaN in their row gaps, so a kernel reading outside A or B produces NaN in C and fails.
 */
function check(ex: WebAssembly.Exports, gemm: Gemm, c: Case, rand: () => number): string | null {
  const { m, n, k, transA, transB, accumulate } = c;
  const ref = ex.f32_gemm__scalar as Gemm;
  const wsBytes = (ex.f32_gemm_workspace as (m: number, n: number, k: number) => number)(m, n, k);
  const [rowsA, colsA] = transA ? [k, m] : [m, k];
  const [rowsB, colsB] = transB ? [n, k] : [k, n];
  const lda = colsA + c.padA, ldb = colsB + c.padB, ldc = n + c.padC;
  const sizeA = rowsA * lda, sizeB = rowsB * ldb, sizeC = m * ldc, sizeWs = Math.ceil(wsBytes / 4);
  // Layout (elements): guard | A | guard | |A| | guard | B | guard | |B| | guard | C | guard | Cref | guard | S | guard | ws | guard
  const offs: number[] = [];
  let total = GUARD;
  for (const size of [sizeA, sizeA, sizeB, sizeB, sizeC, sizeC, sizeC, sizeWs]) { offs.push(total); total += size + GUARD; }
  const [oA, oAbsA, oB, oAbsB, oC, oRef, oS, oWs] = offs;
  const rt = runtime();
  const block = rt.arena.alloc(total * 4 + 64);
  try {
    const base = block / 4 + 1; // +4 bytes: misaligned for v128
    const f = rt.f32(), u = new Uint32Array(f.buffer);
    f.fill(POISON, base, base + total);
    for (const [o, abs, rows, cols, ld] of [[oA, oAbsA, rowsA, colsA, lda], [oB, oAbsB, rowsB, colsB, ldb]]) {
      for (let r = 0; r < rows; r++) {
        for (let j = 0; j < cols; j++) {
          const v = rand();
          f[base + o + r * ld + j] = v;
          f[base + abs + r * ld + j] = Math.abs(v);
        }
      }
    }
    u.fill(SENTINEL, base + oC - GUARD, base + oC + sizeC + GUARD);
    u.fill(SENTINEL, base + oWs + sizeWs, base + oWs + sizeWs + GUARD);
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        const v = accumulate ? rand() : POISON;
        f[base + oC + i * ldc + j] = v;
        f[base + oRef + i * ldc + j] = v;
        f[base + oS + i * ldc + j] = Math.abs(v);
      }
    }
    const at = (o: number) => (base + o) * 4;
    const [ta, tb, acc] = [Number(transA), Number(transB), Number(accumulate)];
    gemm(m, n, k, at(oA), lda, ta, at(oB), ldb, tb, at(oC), ldc, acc, at(oWs));
    ref(m, n, k, at(oA), lda, ta, at(oB), ldb, tb, at(oRef), ldc, acc, 0);
    ref(m, n, k, at(oAbsA), lda, ta, at(oAbsB), ldb, tb, at(oS), ldc, acc, 0); // S = |C₀| + Σ_p |a_ip·b_pj|
    // Both results are sums of the same k + 1 terms (C₀ and the k products) in different orders. For any order,
    // |computed − exact| ≤ γ·S with γ = (k + 1)·u / (1 − (k + 1)·u) (Higham, Accuracy and Stability of Numerical
    // Algorithms, §3.1: one rounding per product, k additions). Two such results differ by at most 2γ·S. A fused
    // multiply-add skips the product's rounding, which only shrinks the error. S itself is computed in f32 with
    // relative error ≤ γ, covered by the 1 / (1 − γ) factor.
    const gamma = (k + 1) * U / (1 - (k + 1) * U);
    const f2 = rt.f32(), u2 = new Uint32Array(f2.buffer);
    for (let e = -GUARD; e < sizeC + GUARD; e++) {
      const i = Math.floor(e / ldc), j = e - i * ldc;
      if (e >= 0 && e < sizeC && j < n) {
        const got = f2[base + oC + e], want = f2[base + oRef + e], tol = 2 * gamma * f2[base + oS + e] / (1 - gamma);
        if (!(Math.abs(got - want) <= tol)) return `C[${i}, ${j}] = ${got}, reference ${want}, tolerance ${tol}`;
      } else if (u2[base + oC + e] !== SENTINEL) {
        return `wrote outside C at element ${e} (row ${i}, column ${j}; ldc ${ldc}, n ${n})`;
      }
    }
    for (let e = sizeWs; e < sizeWs + GUARD; e++) {
      if (u2[base + oWs + e] !== SENTINEL) return `wrote past the ${wsBytes}-byte workspace`;
    }
    return null;
  } finally {
    rt.arena.release(block);
  }
}

const describeCase = (c: Case) =>
  `m=${c.m} n=${c.n} k=${c.k} ${c.transA ? "Aᵀ" : "A"}·${c.transB ? "Bᵀ" : "B"}${c.accumulate ? " accumulate" : ""} pads ${c.padA}/${c.padB}/${c.padC}`;

/** Runs every case against one variant; reports the first few failures together. */
async function runCases(isa: Isa, variant: string, cases: Case[]): Promise<void> {
  const ex = await withScalarReference(runtime());
  const gemm = ex[`f32_gemm__${variant}`] as Gemm;
  const rand = rng(12345);
  const failures: string[] = [];
  for (const c of cases) {
    const err = check(ex, gemm, c, rand);
    if (err !== null && failures.push(`${describeCase(c)}: ${err}`) >= 5) break;
  }
  expect(failures.join("\n"), `${isa} build, f32_gemm__${variant}`).toBe("");
}

/**
 * All 2744 (m, n, k) triples over SIZES, each with all four transpose combinations; accumulate and the padding of the
 * leading dimensions (0 to 3 elements) are random per case.
 */
function gridCases(): Case[] {
  const rand = rng(777);
  const pick = (n: number) => Math.floor((rand() + 1) / 2 * n);
  const cases: Case[] = [];
  for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) for (let t = 0; t < 4; t++) {
    cases.push({ m, n, k, transA: (t & 1) !== 0, transB: (t & 2) !== 0, accumulate: pick(2) === 1, padA: pick(4), padB: pick(4), padC: pick(4) });
  }
  return cases;
}

/** Every transpose combination, with and without accumulate, for the given shapes. */
function fullCases(shapes: [number, number, number][]): Case[] {
  const cases: Case[] = [];
  for (const [m, n, k] of shapes) for (let t = 0; t < 4; t++) for (const accumulate of [false, true]) {
    cases.push({ m, n, k, transA: (t & 1) !== 0, transB: (t & 2) !== 0, accumulate, padA: 3, padB: 1, padC: 2 });
  }
  return cases;
}

/** Each build ships only the variant it binds; the __scalar reference of the others is the scalar build's. */
const EXPECTED: Record<Isa, string[]> = { relaxed: ["relaxed"], simd: ["simd"], scalar: ["scalar"] };

// Only the builds this runtime can run (Node 20: simd and scalar; Deno and Chromium add relaxed).
for (const isa of supportedIsas()) {
  describe(`f32_gemm, ${isa} build`, () => {
    const variantsOf = () => Object.keys(kernelVariants(runtime().exports).get("f32_gemm") ?? {}).sort();

    test("has the expected variants and binds the best one", async () => {
      await init({ isa });
      expect(variantsOf()).toEqual(EXPECTED[isa]);
      expect(runtime().single.gemm).toBe(runtime().exports[`f32_gemm__${isa}`]); // k.gemm splits across a pool
      if (isa === "scalar") expect(runtime().k.gemmWorkspace(64, 64, 64)).toBe(0);
    });

    for (const variant of EXPECTED[isa].filter((v) => v !== "scalar")) {
      test(`__${variant} matches __scalar over the size grid`, async () => {
        await init({ isa });
        await runCases(isa, variant, gridCases());
      });
      test(`__${variant} matches __scalar across cache blocks and on empty shapes, all transposes, accumulate on and off`, async () => {
        await init({ isa });
        await runCases(isa, variant, fullCases([...BLOCKED, ...EMPTY]));
      });
    }
  });
}
