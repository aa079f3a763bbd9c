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
 * The kernels of `base` with the splittable ones run across `pool` above their cut-overs; `ids` maps each kernel to
 * the id the pool's workers know it by. Per-part workspaces and descriptors come from the arena for the length of a call.
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
   * Runs `key` split along args[count] into ranges (starts at multiples of `align`): each part's pointer arguments
   * advanced by lo·bytes ([index, bytes] in `offsets`), then `perPart(part, lo, hi, w)` for what a part needs of its
   * own (a workspace, a descriptor), which returns the arena block to release afterwards (or 0).
   */
  const splitAlong = (key: keyof Kernels, args: number[], count: number, align: number, offsets: [number, number][],
    perPart?: (part: number[], lo: number, hi: number, w: number) => number) => {
    const blocks: number[] = [];
    try {
      runParts(key, ranges(args[count], threads, align).map(([lo, hi], w) => {
        const part = args.slice();
        part[count] = hi - lo;
        for (const [p, bytes] of offsets) part[p] = args[p] + lo * bytes;
        const block = perPart?.(part, lo, hi, w) ?? 0;
        if (block) blocks.push(block);
        return part;
      }));
    } finally {
      for (const b of blocks) arena.release(b);
    }
  };
  /** Binds k[key] to a wrapper that calls `split(args)` unless `small(args)`, then the plain kernel runs. */
  const wrap = <K extends keyof Kernels>(key: K, small: (args: number[]) => boolean, split: (args: number[]) => void) => {
    if (ids[key] === undefined) return; // an extension kernel, and the extension module is not in the pool
    const fn = base[key] as unknown as (...args: number[]) => void;
    (k as Record<string, unknown>)[key] = (...args: number[]) => (small(args) ? fn(...args) : split(args));
  };

  for (const [key, pointers] of Object.entries(ELEMENTWISE) as [keyof CoreKernels, number[]][]) {
    const cutover = TRANSCENDENTAL.has(key) ? CUTOVER.transcendental : CUTOVER.elementwise;
    wrap(key, (a) => a[0] < cutover, (a) => splitAlong(key, a, 0, ELEMENT_ALIGN, pointers.map((p) => [p, 4])));
  }

  // Row-wise kernels split by whole rows (or outer slices): each output element is computed by one thread from the
  // same inputs in the same order as on one thread.
  const byRows = (key: keyof Kernels, work: (a: number[]) => number, offsets: (a: number[]) => [number, number][]) =>
    wrap(key, (a) => a[0] < 2 || work(a) < CUTOVER.rows, (a) => splitAlong(key, a, 0, 1, offsets(a)));
  // (outer, r, inner, x, out…): one outer index reduces r·inner inputs to inner outputs
  const axis = (a: number[]) => a[0] * a[1] * a[2];
  byRows("sumAxis", axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4]]);
  byRows("maxAxis", axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4], [5, a[2] * 4]]);
  byRows("minAxis", axis, (a) => [[3, a[1] * a[2] * 4], [4, a[2] * 4], [5, a[2] * 4]]);
  // (rows, cols, x…, out): softmax and log-softmax over each row, forward and backward
  const rowsBy = (a: number[]) => a[0] * a[1];
  byRows("softmax", rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4]]);
  byRows("logSoftmax", rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4]]);
  byRows("softmaxBwd", rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4], [4, a[1] * 4]]);
  byRows("logSoftmaxBwd", rowsBy, (a) => [[2, a[1] * 4], [3, a[1] * 4], [4, a[1] * 4]]);

  /**
   * Convolution kernels split by images: (desc, n, …) with the arguments at `perImage` advanced by their bytes per
   * image and each worker's part given its own scratch (argument `scratch`, `scratchBytes` bytes). desc holds the
   * ConvDesc words (assembly/lib/conv.ts) [C, iD, iH, iW, oD, oH, oW, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW];
   * `macs` is the work of one image.
   */
  const conv = (a: number[]) => new Int32Array(memory.buffer, a[0], 19);
  const byImages = (key: keyof Kernels, perImage: (d: Int32Array, a: number[]) => [number, number][], macs: (d: Int32Array, a: number[]) => number,
    scratch: number, scratchBytes: (d: Int32Array, a: number[]) => number) =>
    wrap(key, (a) => a[1] < 2 || a[1] * macs(conv(a), a) < CUTOVER.gemmMacs, (a) => {
      const d = conv(a), bytes = scratchBytes(d, a);
      splitAlong(key, a, 1, 1, perImage(d, a), (part, _lo, _hi, w) => (w > 0 && bytes > 0 ? (part[scratch] = arena.alloc(bytes)) : 0));
    });
  const inImage = (d: Int32Array) => d[0] * d[1] * d[2] * d[3] * 4, outPlane = (d: Int32Array) => d[4] * d[5] * d[6], taps = (d: Int32Array) => d[7] * d[8] * d[9];
  /** The direct kernels' padded input plane: ∏ ((out − 1)·stride + (k − 1)·dilation + 1) floats. */
  const paddedPlane = (d: Int32Array) => [0, 1, 2].reduce((b, i) => b * ((d[4 + i] - 1) * d[10 + i] + (d[7 + i] - 1) * d[16 + i] + 1), 4);

  /**
   * Pooling kernels split by planes (image × channel): (desc, a, b[, c]) where desc holds the pooling words
   * (assembly/kernels/pool.ts) [planes, iD, iH, iW, oD, oH, oW, kD, kH, kW, …, 21 words]; each part gets its own copy
   * of them with its number of planes, and `sides` says which pointer arguments step by an input or an output plane.
   */
  const POOL_WORDS = 21;
  const poolDesc = (a: number[]) => new Int32Array(memory.buffer, a[0], POOL_WORDS);
  const byPlanes = (key: keyof Kernels, sides: ("in" | "out")[]) => wrap(key, (a) => {
    const d = poolDesc(a);
    return d[0] < 2 || d[0] * Math.max(d[1] * d[2] * d[3], d[4] * d[5] * d[6] * d[7] * d[8] * d[9]) < CUTOVER.elementwise;
  }, (a) => {
    const words = Array.from(poolDesc(a)), plane = { in: words[1] * words[2] * words[3], out: words[4] * words[5] * words[6] };
    // split along the planes count, put in the descriptor's place; each part then gets its own descriptor there
    splitAlong(key, [words[0], ...a.slice(1)], 0, 1, sides.map((side, i) => [i + 1, plane[side] * 4]), (part, lo, hi) => {
      words[0] = hi - lo;
      part[0] = arena.alloc(POOL_WORDS * 4);
      new Int32Array(memory.buffer, part[0], POOL_WORDS).set(words);
      return part[0];
    });
  });
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
