// Property-based tests (fast-check, seeded, a bounded number of runs) of broadcasting binary ops, reductions, movement
// ops and matmul against a plain-JavaScript float64 reference, over random shapes with sizes 0 and 1 and random views
// (contiguous, permuted storage, strided slices) as operands, under every ISA.
import fc from "fast-check";
import { afterAll, describe, expect, test } from "vitest";
import { type Tensor, add, cat, div, init, matmul, maximum, minimum, mul, scope, sub, supportedIsas, tensor } from "simdgrad";

/** Runs per property and ISA: 4 properties × up to 3 ISAs × 200 = 2,400 cases in a few seconds. */
const RUNS = 200;
const U = 2 ** -24; // float32 unit roundoff

// ---- the float64 reference: row-major arrays with a shape ----------------------------------------------------------

interface Ref { shape: number[]; data: number[] }
const sizeOf = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
const stridesOf = (s: readonly number[]) => s.map((_, i) => sizeOf(s.slice(i + 1)));
/** Every index of a shape in row-major order. */
function* indices(shape: readonly number[]): Generator<number[]> {
  const n = sizeOf(shape);
  for (let f = 0; f < n; f++) yield shape.map((d, i) => Math.floor(f / sizeOf(shape.slice(i + 1))) % d);
}
const at = (r: Ref, idx: readonly number[]) => r.data[idx.reduce((a, v, i) => a + v * stridesOf(r.shape)[i], 0)];
const build = (shape: number[], f: (idx: number[]) => number): Ref => ({ shape, data: [...indices(shape)].map(f) });

// ---- generators ------------------------------------------------------------------------------------------------

type Gen = fc.GeneratorValue;
/** A float32 value: small integers (exact sums, ties for max/min), or finite floats across magnitudes. */
const value = (g: Gen) => g(() => fc.oneof(fc.integer({ min: -4, max: 4 }), fc.float({ min: -1e3, max: 1e3, noNaN: true, noDefaultInfinity: true })));
/** A dimension size in [0, max]: 0 one time in eight, so that empty tensors occur without dominating. */
const dim = (g: Gen, max = 4) => g(() => fc.oneof({ arbitrary: fc.constant(0), weight: 1 }, { arbitrary: fc.integer({ min: 1, max }), weight: 7 }));
/** A dimension index in [0, n). */
const index = (g: Gen, n: number) => g(() => fc.integer({ min: 0, max: n - 1 }));
const shapeOf = (g: Gen, maxRank = 4) => Array.from({ length: g(() => fc.integer({ min: 0, max: maxRank })) }, () => dim(g, 3));
const refOf = (g: Gen, shape: number[]): Ref => build(shape, () => Math.fround(value(g)));

/**
 * A tensor holding ref's values through a random kind of view: contiguous; a permutation of storage laid out in
 * another order (non-contiguous strides); or a strided slice (step 2 or 3, offset 0 or 1) of a larger tensor.
 */
function view(g: Gen, r: Ref): Tensor {
  const kind = r.shape.length === 0 ? "contiguous" : g(() => fc.constantFrom("contiguous", "permuted", "strided"));
  if (kind === "contiguous") return tensor(Float32Array.from(r.data), r.shape);
  if (kind === "permuted") {
    const perm = g(() => fc.shuffledSubarray([...r.shape.keys()], { minLength: r.shape.length, maxLength: r.shape.length }));
    const stored = build(perm.map((p) => r.shape[p]), (idx) => at(r, perm.map((_, i) => idx[perm.indexOf(i)])));
    const inverse = r.shape.map((_, i) => perm.indexOf(i));
    return tensor(Float32Array.from(stored.data), stored.shape).permute(inverse);
  }
  const d = g(() => fc.integer({ min: 0, max: r.shape.length - 1 })), k = g(() => fc.integer({ min: 2, max: 3 })), o = g(() => fc.integer({ min: 0, max: 1 }));
  const bigShape = r.shape.map((n, i) => (i === d ? o + n * k : n));
  const big = build(bigShape, (idx) => ((idx[d] - o) % k === 0 && idx[d] >= o ? at(r, idx.map((v, i) => (i === d ? (v - o) / k : v))) : 777));
  return tensor(Float32Array.from(big.data), bigShape).slice(d, o, o + r.shape[d] * k, k);
}

// ---- comparison ------------------------------------------------------------------------------------------------

/** The tensor's values against a reference, elementwise within tol(i) (0: exact, NaN matching NaN). */
function expectMatches(t: Tensor, r: Ref, tol: (i: number) => number = () => 0): void {
  expect(t.shape).toEqual(r.shape);
  const got = t.dataSync();
  for (let i = 0; i < got.length; i++) {
    const want = r.data[i];
    if (Number.isNaN(want) || !Number.isFinite(want)) expect(got[i], `[${i}]`).toBe(want);
    else expect(Math.abs(got[i] - want), `[${i}]: got ${got[i]}, want ${want} (tolerance ${tol(i)})`).toBeLessThanOrEqual(tol(i));
  }
}

/** A seeded property; no shrinking (a failure reports its seed and path, which reproduce it), so a failing run stays short. */
const property = (body: (g: Gen) => void) =>
  fc.assert(fc.property(fc.gen(), (g) => scope(() => body(g))), { seed: 20260101, numRuns: RUNS, endOnFailure: true });

afterAll(async () => {
  await init({ isa: supportedIsas()[0] });
});

for (const isa of supportedIsas()) {
  describe(`properties against a float64 reference [${isa}]`, () => {
    test("broadcasting binary ops on random views match exactly", async () => {
      await init({ isa });
      property((g) => {
        // two shapes that broadcast: suffixes of one base shape, with some dimensions set to 1
        const base = shapeOf(g);
        const side = () => {
          const rank = g(() => fc.integer({ min: 0, max: base.length }));
          return base.slice(base.length - rank).map((n) => (g(() => fc.boolean()) ? 1 : n));
        };
        const ra = refOf(g, side()), rb = refOf(g, side());
        const out = base.map((_, i) => {
          const da = ra.shape[ra.shape.length - base.length + i] ?? 1, db = rb.shape[rb.shape.length - base.length + i] ?? 1;
          return da === 1 ? db : da;
        }).slice(base.length - Math.max(ra.shape.length, rb.shape.length));
        const pick = (r: Ref, idx: number[]) => at(r, idx.slice(idx.length - r.shape.length).map((v, i) => (r.shape[i] === 1 ? 0 : v)));
        const a = view(g, ra), b = view(g, rb);
        // float32 +, −, ×, ÷ are correctly rounded, and rounding the float64 result of float32 operands to float32 gives
        // the same value (float64 has more than 2·24 + 2 bits): exact agreement is required; max/min pick an operand
        const ops: [string, (x: Tensor, y: Tensor) => Tensor, (x: number, y: number) => number][] = [
          ["add", add, (x, y) => x + y], ["sub", sub, (x, y) => x - y], ["mul", mul, (x, y) => x * y], ["div", div, (x, y) => x / y],
          ["maximum", maximum, Math.max], ["minimum", minimum, Math.min],
        ];
        const [, fn, ref] = ops[g(() => fc.integer({ min: 0, max: ops.length - 1 }))];
        expectMatches(fn(a, b), build(out, (idx) => Math.fround(ref(pick(ra, idx), pick(rb, idx)))));
      });
    });

    test("sum, mean, max, min and var over random dims (keepdim or not) match", async () => {
      await init({ isa });
      property((g) => {
        const r = refOf(g, shapeOf(g));
        const x = view(g, r);
        const dims = g(() => fc.subarray([...r.shape.keys()]));
        const keepdim = g(() => fc.boolean());
        const reduced = dims.length === 0 && g(() => fc.boolean()) ? [...r.shape.keys()] : dims; // sometimes "all"
        const n = sizeOf(reduced.map((d) => r.shape[d]));
        const outShape = r.shape.flatMap((s, i) => (reduced.includes(i) ? (keepdim ? [1] : []) : [s]));
        const groups = (idx: number[]) => {
          const full = keepdim ? idx : (() => { const f: number[] = []; let j = 0; r.shape.forEach((_, i) => f.push(reduced.includes(i) ? 0 : idx[j++])); return f; })();
          return [...indices(reduced.map((d) => r.shape[d]))].map((sub) => at(r, full.map((v, i) => (reduced.includes(i) ? sub[reduced.indexOf(i)] : v))));
        };
        const dimsArg = dims.length === 0 && reduced.length > 0 ? undefined : reduced;
        const op = g(() => fc.constantFrom("sum", "mean", "max", "min", "var"));
        if ((op === "max" || op === "min") && (n === 0 || reduced.length !== 1)) return; // one dim, non-empty (its contract)
        if (op === "var" && n < 2) return; // n − 1 > 0
        const absSum = (idx: number[]) => groups(idx).reduce((a, v) => a + Math.abs(v), 0);
        if (op === "sum" || op === "mean") {
          const t = op === "sum" ? x.sum(dimsArg, { keepdim }) : x.mean(dimsArg, { keepdim });
          const want = build(outShape, (idx) => groups(idx).reduce((a, v) => a + v, 0) / (op === "mean" ? n : 1));
          // float32 accumulation of n terms: |error| ≤ n·u·Σ|x| (the kernels' pairwise/f64 sums only do better); the mean adds one rounding
          expectMatches(t, want, (i) => ((n + 2) * U * absSum([...indices(outShape)][i])) / (op === "mean" ? n : 1) + 1e-30);
        } else if (op === "var") {
          const t = x.var(dimsArg, { keepdim });
          const want = build(outShape, (idx) => {
            const v = groups(idx), mu = v.reduce((a, b) => a + b, 0) / n;
            return v.reduce((a, b) => a + (b - mu) ** 2, 0) / (n - 1);
          });
          // two passes in float32: the mean's error (≤ n·u·mean|x|) enters each deviation; bounded by 4(n + 2)·u·Σx²/(n − 1)
          const sq = (idx: number[]) => groups(idx).reduce((a, v) => a + v * v, 0);
          expectMatches(t, want, (i) => (4 * (n + 2) * U * sq([...indices(outShape)][i])) / (n - 1) + 1e-30);
        } else {
          const d = reduced[0];
          const { values, indices: where } = op === "max" ? x.max(d, { keepdim }) : x.min(d, { keepdim });
          const best = (idx: number[]) => {
            const v = groups(idx);
            let k = 0;
            for (let j = 1; j < v.length; j++) if (op === "max" ? v[j] > v[k] : v[j] < v[k]) k = j; // the first on ties
            return k;
          };
          expectMatches(values, build(outShape, (idx) => groups(idx)[best(idx)]));
          expect(Array.from(where.dataSync())).toEqual(build(outShape, best).data);
        }
      });
    });

    test("reshape, permute, transpose, slice, expand, cat and split of random views match exactly", async () => {
      await init({ isa });
      property((g) => {
        const r = refOf(g, shapeOf(g));
        const x = view(g, r);
        const rank = r.shape.length;
        const op = g(() => fc.constantFrom("reshape", "permute", "transpose", "slice", "expand", "cat", "split"));
        if (op === "reshape") {
          // a random factorisation of the size, one entry possibly -1
          const n = r.data.length;
          const parts = n === 0 ? [0, ...Array.from({ length: dim(g, 2) }, () => dim(g, 3) + 1)] : (() => {
            const p: number[] = [];
            let rest = n;
            for (let f = 2; f <= rest;) if (rest % f === 0 && g(() => fc.boolean())) { p.push(f); rest /= f; } else f++;
            return [...p, rest].filter((v) => v !== 1 || g(() => fc.boolean()));
          })();
          const shape = parts.length === 0 ? [] : parts;
          const arg = shape.length > 0 && n > 0 && g(() => fc.boolean()) ? shape.map((v, i) => (i === 0 ? -1 : v)) : shape;
          expectMatches(x.reshape(arg), { shape, data: r.data });
        } else if (op === "permute" || op === "transpose") {
          const perm = op === "permute"
            ? g(() => fc.shuffledSubarray([...r.shape.keys()], { minLength: rank, maxLength: rank }))
            : (() => { const p = [...r.shape.keys()]; if (rank > 0) { const a = index(g, rank), b = index(g, rank); [p[a], p[b]] = [p[b], p[a]]; } return p; })();
          const t = op === "permute" ? x.permute(perm) : rank === 0 ? x.reshape([]) : x.transpose(...(perm.flatMap((p, i) => (p !== i ? [i] : [])).concat([0, 0]).slice(0, 2) as [number, number]));
          expectMatches(t, build(perm.map((p) => r.shape[p]), (idx) => at(r, r.shape.map((_, i) => idx[perm.indexOf(i)]))));
        } else if (op === "slice") {
          if (rank === 0) return;
          const d = index(g, rank), n = r.shape[d];
          const start = g(() => fc.integer({ min: -n - 1, max: n + 1 })), end = g(() => fc.integer({ min: -n - 1, max: n + 1 })), step = g(() => fc.integer({ min: 1, max: 3 }));
          const norm = (i: number) => Math.min(n, Math.max(0, i < 0 ? i + n : i));
          const s = norm(start), len = Math.max(0, Math.ceil((norm(end) - s) / step));
          expectMatches(x.slice(d, start, end, step), build(r.shape.map((v, i) => (i === d ? len : v)), (idx) => at(r, idx.map((v, i) => (i === d ? s + v * step : v)))));
        } else if (op === "expand") {
          const lead = Array.from({ length: dim(g, 2) }, () => dim(g, 3));
          const target = [...lead, ...r.shape.map((v) => (v === 1 ? dim(g, 3) : g(() => fc.boolean()) ? -1 : v))];
          const shape = target.map((v, i) => (v === -1 ? r.shape[i - lead.length] : v));
          expectMatches(x.expand(target), build(shape, (idx) => at(r, idx.slice(lead.length).map((v, i) => (r.shape[i] === 1 ? 0 : v)))));
        } else if (op === "cat") {
          if (rank === 0) return;
          const d = index(g, rank);
          const others = Array.from({ length: dim(g, 2) }, () => refOf(g, r.shape.map((v, i) => (i === d ? dim(g, 3) : v))));
          const parts = [r, ...others];
          const offsets = parts.map((_, k) => parts.slice(0, k).reduce((a, p) => a + p.shape[d], 0));
          const total = offsets[parts.length - 1] + parts[parts.length - 1].shape[d];
          const want = build(r.shape.map((v, i) => (i === d ? total : v)), (idx) => {
            let k = 0;
            while (idx[d] >= offsets[k] + parts[k].shape[d]) k++;
            return at(parts[k], idx.map((v, i) => (i === d ? v - offsets[k] : v)));
          });
          expectMatches(cat([x, ...others.map((o) => view(g, o))], d), want);
        } else {
          if (rank === 0) return;
          const d = index(g, rank), n = r.shape[d];
          const size = g(() => fc.integer({ min: 1, max: Math.max(1, n) }));
          const parts = x.split(size, d);
          let at0 = 0;
          for (const p of parts) {
            const len = p.shape[d];
            expectMatches(p, build(r.shape.map((v, i) => (i === d ? len : v)), (idx) => at(r, idx.map((v, i) => (i === d ? v + at0 : v)))));
            at0 += len;
          }
          expect(at0).toBe(n);
        }
      });
    });

    test("matmul with random batch broadcasting and 1-D operands matches", async () => {
      await init({ isa });
      property((g) => {
        const m = dim(g), k = dim(g), n = dim(g);
        const batch = Array.from({ length: dim(g, 2) }, () => dim(g, 3));
        const batchOf = () => { const r = g(() => fc.integer({ min: 0, max: batch.length })); return batch.slice(batch.length - r).map((v) => (g(() => fc.boolean()) ? 1 : v)); };
        const aVec = g(() => fc.boolean()) && g(() => fc.boolean()), bVec = g(() => fc.boolean()) && g(() => fc.boolean());
        const ba = aVec ? [] : batchOf(), bb = bVec ? [] : batchOf();
        const ra = refOf(g, aVec ? [k] : [...ba, m, k]), rb = refOf(g, bVec ? [k] : [...bb, k, n]);
        const lead = Math.max(ba.length, bb.length);
        const outBatch = Array.from({ length: lead }, (_, i) => {
          const da = ba[ba.length - lead + i] ?? 1, db = bb[bb.length - lead + i] ?? 1;
          return da === 1 ? db : da;
        });
        const outShape = [...outBatch, ...(aVec ? [] : [m]), ...(bVec ? [] : [n])];
        const ai = (bi: number[], i: number, p: number) => (aVec ? at(ra, [p]) : at(ra, [...bi.slice(lead - ba.length).map((v, j) => (ba[j] === 1 ? 0 : v)), i, p]));
        const bi_ = (bi: number[], p: number, j: number) => (bVec ? at(rb, [p]) : at(rb, [...bi.slice(lead - bb.length).map((v, q) => (bb[q] === 1 ? 0 : v)), p, j]));
        const split = (idx: number[]) => [idx.slice(0, lead), aVec ? 0 : idx[lead], bVec ? 0 : idx[idx.length - 1]] as const;
        const terms = (idx: number[]) => { const [bi, i, j] = split(idx); return Array.from({ length: k }, (_, p) => ai(bi, i, p) * bi_(bi, p, j)); };
        const want = build(outShape, (idx) => terms(idx).reduce((s, v) => s + v, 0));
        // k products summed in float32 (FMA or not): |error| ≤ γ_k·Σ|a·b| ≈ k·u·Σ|a·b|, doubled for margin
        const tol = (i: number) => 2 * (k + 1) * U * terms([...indices(outShape)][i]).reduce((s, v) => s + Math.abs(v), 0) + 1e-30;
        expectMatches(matmul(view(g, ra), view(g, rb)), want, tol);
      });
    });
  });
}
