// Partitioned kernels: the same Kernels interface, with GEMM and the large elementwise kernels split across the pool's
// threads so that every output element is computed exactly as on one thread (results are bit-identical).
import type { Arena } from "./arena";
import type { CoreKernels, Kernels } from "./kernels";
import type { Job, Pool } from "./pool";

/**
 * Below these sizes a kernel stays on the calling thread: the hand-off (slot writes, a notify, the join) would cost more
 * than the half of the work it saves. Measured with bench/threads-cutover.ts (which sets them to 0 to time the split
 * below them) on 2 cores shared with other jobs, Node 20, simd build: on a quiet machine a 64³ GEMM (2^18 MACs) ran
 * 1.35× faster split and 128³ 1.67×, 40³ (2^16) broke even; add/exp gained from 2^13–2^15 elements. Under load (load
 * average 5–10 on the 2 cores) the second core is rarely free and splits below ~2^24 MACs lose up to 2× (see
 * bench/TUNING.md): the cut-overs are set for a machine whose cores are free.
 */
export const CUTOVER = {
  /** GEMM: m·n·k multiply-adds. */
  gemmMacs: 1 << 16,
  /** Cheap elementwise kernels (add, mul, relu…): elements. */
  elementwise: 1 << 16,
  /** Transcendental ones (exp, log, tanh, sigmoid, gelu, softplus, elu, pow), ~10× more work per element. */
  transcendental: 1 << 13,
};
/** Elementwise parts start at multiples of this many elements (every SIMD loop's stride divides it), so each element
 * goes through the same SIMD or tail code as on one thread, and every part stays 64-byte aligned. */
const ELEMENT_ALIGN = 64;
/** GEMM parts start at multiples of the micro-tile: 8 columns, or 30 rows (a multiple of MR = 5 and 6). */
const COL_ALIGN = 8, ROW_ALIGN = 30;

/** Elementwise kernels: the argument positions that are pointers to n-element arrays (offset per part). */
const BINARY = [1, 2, 3], SCALAR = [1, 3], UNARY = [1, 2], UNARY_BWD = [1, 2, 3];
const ELEMENTWISE: { [K in keyof CoreKernels]?: number[] } = {
  fill: [1], fillI32: [1],
  add: BINARY, sub: BINARY, mul: BINARY, div: BINARY, max: BINARY, min: BINARY, pow: BINARY,
  eq: BINARY, ne: BINARY, lt: BINARY, le: BINARY, gt: BINARY, ge: BINARY,
  addc: SCALAR, subc: SCALAR, mulc: SCALAR, divc: SCALAR, maxc: SCALAR, minc: SCALAR, powc: SCALAR, eqc: SCALAR,
  nec: SCALAR, ltc: SCALAR, lec: SCALAR, gtc: SCALAR, gec: SCALAR, subrc: SCALAR, divrc: SCALAR, powrc: SCALAR,
  where: [1, 2, 3, 4],
  neg: UNARY, exp: UNARY, log: UNARY, sqrt: UNARY, abs: UNARY, sign: UNARY, sigmoid: UNARY, tanh: UNARY,
  relu: UNARY, step: UNARY, gelu: UNARY, geluTanh: UNARY, leakyRelu: UNARY, elu: UNARY, softplus: UNARY, clamp: UNARY,
  reluBwd: UNARY_BWD, sigmoidBwd: UNARY_BWD, tanhBwd: UNARY_BWD, geluBwd: UNARY_BWD, geluTanhBwd: UNARY_BWD,
  leakyReluBwd: UNARY_BWD, eluBwd: UNARY_BWD, softplusBwd: UNARY_BWD, clampBwd: UNARY_BWD,
  // fused optimizer updates: parameter, gradient and state arrays (a state array a flag turns off is never read)
  sgd: [1, 2, 3], adam: [1, 2, 3, 4, 5], adagrad: [1, 2, 3], adadelta: [1, 2, 3, 4], rmsprop: [1, 2, 3, 4, 5],
};
const TRANSCENDENTAL = new Set<keyof CoreKernels>(["pow", "powc", "powrc", "exp", "log", "sigmoid", "tanh", "gelu", "geluTanh",
  "elu", "softplus", "sigmoidBwd", "tanhBwd", "geluBwd", "geluTanhBwd", "eluBwd", "softplusBwd",
  "sgd", "adam", "adagrad", "adadelta", "rmsprop"]); // the optimizers: several arrays and a sqrt/div per element

/** [start, end) ranges splitting `size` into at most `parts` pieces whose starts are multiples of `align`. */
export function ranges(size: number, parts: number, align: number): [number, number][] {
  const step = Math.ceil(Math.ceil(size / parts) / align) * align;
  const out: [number, number][] = [];
  for (let lo = 0; lo < size; lo += step) out.push([lo, Math.min(size, lo + step)]);
  return out;
}

/**
 * The kernels of `base` with gemm and the elementwise kernels run across `pool`; `ids` maps each kernel to the id the
 * pool's workers know it by. Per-thread GEMM packing space comes from the arena for the length of the call.
 */
export function parallelKernels(base: Kernels, ids: { [K in keyof CoreKernels]: number }, pool: Pool, arena: Arena): Kernels {
  const k = { ...base };
  const threads = pool.threads;

  /** Runs parts[0] here and parts[w] on worker w. */
  const runParts = (kernel: keyof CoreKernels, parts: number[][]) => {
    const fn = base[kernel] as (...args: number[]) => void;
    const jobs: (Job | null)[] = parts.map((args) => ({ kernel: ids[kernel], args }));
    pool.run(() => fn(...parts[0]), jobs);
  };

  for (const [key, pointers] of Object.entries(ELEMENTWISE) as [keyof CoreKernels, number[]][]) {
    const transcendental = TRANSCENDENTAL.has(key);
    const fn = base[key] as (...args: number[]) => void;
    (k as Record<string, unknown>)[key] = (...args: number[]) => {
      const n = args[0];
      if (n < (transcendental ? CUTOVER.transcendental : CUTOVER.elementwise)) return fn(...args);
      runParts(key, ranges(n, threads, ELEMENT_ALIGN).map(([lo, hi]) => {
        const part = args.slice();
        part[0] = hi - lo;
        for (const p of pointers) part[p] = args[p] + lo * 4;
        return part;
      }));
    };
  }

  // C = op(A)·op(B) split along the longer of C's sides: each part reads whole rows of op(A) (or columns of op(B)) and
  // sums over k in the kernel's own order, so every element of C comes out as on one thread.
  k.gemm = (m, n, kk, a, lda, ta, b, ldb, tb, c, ldc, acc, ws) => {
    if (m * n * kk < CUTOVER.gemmMacs) return base.gemm(m, n, kk, a, lda, ta, b, ldb, tb, c, ldc, acc, ws);
    const byCols = n >= m;
    const parts = ranges(byCols ? n : m, threads, byCols ? COL_ALIGN : ROW_ALIGN).map(([lo, hi]) => byCols
      ? [m, hi - lo, kk, a, lda, ta, b + (tb ? lo * ldb : lo) * 4, ldb, tb, c + lo * 4, ldc, acc, ws]
      : [hi - lo, n, kk, a + (ta ? lo : lo * lda) * 4, lda, ta, b, ldb, tb, c + lo * ldc * 4, ldc, acc, ws]);
    if (parts.length < 2) return base.gemm(m, n, kk, a, lda, ta, b, ldb, tb, c, ldc, acc, ws);
    // part 0 packs into the caller's workspace (sized for the whole product, so enough for a part); the others get their own
    const spaces: number[] = [];
    try {
      for (let w = 1; w < parts.length; w++) {
        const bytes = base.gemmWorkspace(parts[w][0], parts[w][1], kk);
        parts[w][12] = bytes > 0 ? arena.alloc(bytes) : 0;
        if (bytes > 0) spaces.push(parts[w][12]);
      }
      runParts("gemm", parts);
    } finally {
      for (const p of spaces) arena.release(p);
    }
  };
  return k;
}

/** Kernel ids: each kernel's index in the export-name list the workers are given. */
export function kernelIds(names: { [K in keyof CoreKernels]: string }): { ids: { [K in keyof CoreKernels]: number }; exportNames: string[] } {
  const keys = Object.keys(names) as (keyof CoreKernels)[];
  const ids = {} as { [K in keyof CoreKernels]: number };
  keys.forEach((key, i) => { ids[key] = i; });
  return { ids, exportNames: keys.map((key) => names[key]) };
}
