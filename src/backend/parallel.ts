// Partitioned kernels: the same Kernels interface, with GEMM, the large elementwise kernels, row-wise reductions and
// softmax, pooling, and the implicit-GEMM and depthwise convolutions split across the pool's threads so that every output
// element is computed exactly as on one thread (results are bit-identical).
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
  /** Reductions along an axis and softmax rows: input elements (softmax's exp puts it between the two above). */
  rows: 1 << 15,
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
export function parallelKernels(base: Kernels, ids: KernelIds, pool: Pool, arena: Arena, memory: WebAssembly.Memory): Kernels {
  const k = { ...base };
  const threads = pool.threads;

  /** Runs parts[0] here and parts[w] on worker w. */
  const runParts = (kernel: keyof Kernels, parts: number[][]) => {
    const fn = base[kernel] as (...args: number[]) => void;
    const jobs: (Job | null)[] = parts.map((args) => ({ kernel: ids[kernel]!, args }));
    pool.run(() => fn(...parts[0]), jobs);
  };

  /**
   * Row-wise kernels split by whole rows (or outer slices): each output element is computed by one thread from the
   * same inputs in the same order as on one thread. `rows` is the argument holding the number of rows, `work` the
   * elements a call touches, `offsets` each pointer argument's bytes per row.
   */
  const byRows = <K extends keyof Kernels>(key: K, rows: number, work: (args: number[]) => number, offsets: (args: number[]) => [number, number][]) => {
    const fn = base[key] as unknown as (...args: number[]) => void;
    (k as Record<string, unknown>)[key] = (...args: number[]) => {
      if (args[rows] < 2 || work(args) < CUTOVER.rows) return fn(...args);
      const per = offsets(args);
      runParts(key, ranges(args[rows], threads, 1).map(([lo, hi]) => {
        const part = args.slice();
        part[rows] = hi - lo;
        for (const [p, bytes] of per) part[p] = args[p] + lo * bytes;
        return part;
      }));
    };
  };
  // (outer, r, inner, x, out…): one outer index reduces r·inner inputs to inner outputs
  const axis = (a: number[]) => a[0] * a[1] * a[2];
  byRows("sumAxis", 0, axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4]]);
  byRows("maxAxis", 0, axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4], [5, a[2] * 4]]);
  byRows("minAxis", 0, axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4], [5, a[2] * 4]]);
  // (rows, cols, x…, out): softmax and log-softmax over each row, forward and backward
  const rowsBy = (a: number[]) => a[0] * a[1];
  byRows("softmax", 0, rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4]]);
  byRows("logSoftmax", 0, rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4]]);
  byRows("softmaxBwd", 0, rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4], [4, a[1] * 4]]);
  byRows("logSoftmaxBwd", 0, rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4], [4, a[1] * 4]]);
  /**
   * Convolution kernels split by images: (desc, n, …) with the arguments at `perImage` advanced by their bytes per
   * image and the scratch argument (its bytes per part from `scratchBytes`) given to each worker's part on its own.
   * desc holds the ConvDesc words (assembly/lib/conv.ts) [C, iD, iH, iW, oD, oH, oW, kD, kH, kW, sD, sH, sW, pD, pH,
   * pW, dD, dH, dW]; `macs` is the work of one image.
   */
  const byImages = <K extends keyof Kernels>(key: K, perImage: (d: Int32Array, a: number[]) => [number, number][], macs: (d: Int32Array, a: number[]) => number,
    scratch: number, scratchBytes: (d: Int32Array, a: number[]) => number) => {
    if (ids[key] === undefined) return; // the extension module is not in the pool
    const fn = base[key] as unknown as (...args: number[]) => void;
    (k as Record<string, unknown>)[key] = (...args: number[]) => {
      const d = new Int32Array(memory.buffer, args[0], 19), n = args[1];
      if (n < 2 || n * macs(d, args) < CUTOVER.gemmMacs) return fn(...args);
      const per = perImage(d, args), bytes = scratchBytes(d, args), spaces: number[] = [];
      const parts = ranges(n, threads, 1).map(([lo, hi]) => {
        const part = args.slice();
        part[1] = hi - lo;
        for (const [p, b] of per) part[p] = args[p] + lo * b;
        return part;
      });
      try {
        for (let p = 1; p < parts.length && bytes > 0; p++) spaces.push(parts[p][scratch] = arena.alloc(bytes));
        runParts(key, parts);
      } finally {
        for (const p of spaces) arena.release(p);
      }
    };
  };
  const inImage = (d: Int32Array) => d[0] * d[1] * d[2] * d[3] * 4, outPlane = (d: Int32Array) => d[4] * d[5] * d[6], taps = (d: Int32Array) => d[7] * d[8] * d[9];
  /** The direct kernels' padded input plane: ∏ ((out − 1)·stride + (k − 1)·dilation + 1) floats. */
  const paddedPlane = (d: Int32Array) => [0, 1, 2].reduce((b, i) => b * ((d[4 + i] - 1) * d[10 + i] + (d[7 + i] - 1) * d[16 + i] + 1), 4);
  /**
   * Pooling kernels split by planes (image × channel): (desc, a, b[, c]) where desc holds the pooling words
   * (assembly/kernels/pool.ts) [planes, iD, iH, iW, oD, oH, oW, kD, kH, kW, …, 21 words]; each part gets its own copy
   * of them with its number of planes, and `sides` says which pointer arguments step by an input or an output plane.
   */
  const POOL_WORDS = 21;
  const byPlanes = <K extends keyof Kernels>(key: K, sides: ("in" | "out")[]) => {
    if (ids[key] === undefined) return;
    const fn = base[key] as unknown as (...args: number[]) => void;
    (k as Record<string, unknown>)[key] = (...args: number[]) => {
      const d = new Int32Array(memory.buffer, args[0], POOL_WORDS), planes = d[0];
      const inPlane = d[1] * d[2] * d[3], outPlane = d[4] * d[5] * d[6];
      if (planes < 2 || planes * Math.max(inPlane, outPlane * d[7] * d[8] * d[9]) < CUTOVER.elementwise) return fn(...args);
      const words = Array.from(d), descs: number[] = [];
      try {
        const parts = ranges(planes, threads, 1).map(([lo, hi]) => {
          const desc = arena.alloc(POOL_WORDS * 4);
          descs.push(desc);
          words[0] = hi - lo;
          new Int32Array(memory.buffer, desc, POOL_WORDS).set(words);
          return [desc, ...sides.map((side, i) => args[i + 1] + lo * (side === "in" ? inPlane : outPlane) * 4)];
        });
        runParts(key, parts);
      } finally {
        for (const p of descs) arena.release(p);
      }
    };
  };
  byPlanes("maxPool", ["in", "out", "out"]);
  byPlanes("adaptiveMaxPool", ["in", "out", "out"]);
  byPlanes("avgPool", ["in", "out"]);
  byPlanes("adaptiveAvgPool", ["in", "out"]);
  byPlanes("avgPoolBwd", ["out", "in"]);
  byPlanes("adaptiveAvgPoolBwd", ["out", "in"]);
  // (desc, n, cout, x, w, y, accumulate, ws): groups 1, the workspace holds packed weights
  byImages("convImplicit", (d, a) => [[3, inImage(d)], [5, a[2] * outPlane(d) * 4]], (d, a) => a[2] * outPlane(d) * d[0] * taps(d),
    7, (_, a) => base.convImplicitWorkspace(a[0], a[2]));
  // (desc, n, mult, x, w, y, scratch) and (desc, n, mult, dy, w, dx, scratch): depthwise, C·mult output channels
  byImages("dwconv", (d, a) => [[3, inImage(d)], [5, d[0] * a[2] * outPlane(d) * 4]], (d, a) => d[0] * a[2] * outPlane(d) * taps(d), 6, paddedPlane);
  byImages("dwconvDx", (d, a) => [[3, d[0] * a[2] * outPlane(d) * 4], [5, inImage(d)]], (d, a) => d[0] * a[2] * outPlane(d) * taps(d), 6, paddedPlane);

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

/** Each kernel's id (its index in the export names the workers bind): every core kernel, extension kernels when loaded. */
export type KernelIds = { [K in keyof CoreKernels]: number } & { [K in Exclude<keyof Kernels, keyof CoreKernels>]?: number };

/** Kernel ids: each kernel's index in the export-name list the workers are given. */
export function kernelIds(names: { [K in keyof CoreKernels]: string } & { [K in keyof Kernels]?: string }): { ids: KernelIds; exportNames: string[] } {
  const keys = Object.keys(names) as (keyof Kernels)[];
  const ids = {} as Record<keyof Kernels, number>;
  keys.forEach((key, i) => { ids[key] = i; });
  return { ids, exportNames: keys.map((key) => names[key]!) };
}
