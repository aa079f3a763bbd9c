// The only file that names wasm exports: binds each kernel to the best variant the loaded build has (relaxed → simd → scalar).
// Pointers are byte addresses into the one memory; n and sizes count elements; booleans cross as 0/1.

type Ptr = number;
type Binary = (n: number, a: Ptr, b: Ptr, out: Ptr) => void;
type BinaryScalar = (n: number, a: Ptr, c: number, out: Ptr) => void;
type Unary = (n: number, x: Ptr, out: Ptr) => void;
type Unary1 = (n: number, x: Ptr, out: Ptr, p: number) => void;
type Unary2 = (n: number, x: Ptr, out: Ptr, p: number, q: number) => void;
type UnaryBwd = (n: number, saved: Ptr, g: Ptr, out: Ptr) => void;
type UnaryBwd1 = (n: number, saved: Ptr, g: Ptr, out: Ptr, p: number) => void;
type UnaryBwd2 = (n: number, saved: Ptr, g: Ptr, out: Ptr, p: number, q: number) => void;
type Axis = (outer: number, r: number, inner: number, x: Ptr, out: Ptr) => void;
type ArgAxis = (outer: number, r: number, inner: number, x: Ptr, values: Ptr, indices: Ptr) => void;
type Rows = (rows: number, cols: number, x: Ptr, out: Ptr) => void;
type RowsBwd = (rows: number, cols: number, y: Ptr, g: Ptr, out: Ptr) => void;
type Indexed = (outer: number, r: number, inner: number, n: number, x: Ptr, idx: Ptr, out: Ptr) => void;

export interface Kernels extends CoreKernels, ExtKernels {}

/** Kernels of the core module (assembly/scalar.ts): what MLP training needs. */
export interface CoreKernels {
  fill: (n: number, out: Ptr, value: number) => void;
  fillI32: (n: number, out: Ptr, value: number) => void;
  /** desc → i32 words [ndim, shape…, xStrides…, outStrides…] (elements). */
  copyStrided: (desc: Ptr, x: Ptr, out: Ptr) => void;

  add: Binary; sub: Binary; mul: Binary; div: Binary; max: Binary; min: Binary; pow: Binary;
  eq: Binary; ne: Binary; lt: Binary; le: Binary; gt: Binary; ge: Binary;
  addc: BinaryScalar; subc: BinaryScalar; mulc: BinaryScalar; divc: BinaryScalar; maxc: BinaryScalar; minc: BinaryScalar;
  powc: BinaryScalar; eqc: BinaryScalar; nec: BinaryScalar; ltc: BinaryScalar; lec: BinaryScalar; gtc: BinaryScalar;
  gec: BinaryScalar; subrc: BinaryScalar; divrc: BinaryScalar; powrc: BinaryScalar;
  where: (n: number, cond: Ptr, a: Ptr, b: Ptr, out: Ptr) => void;

  neg: Unary; exp: Unary; log: Unary; sqrt: Unary; abs: Unary; sign: Unary; sigmoid: Unary; tanh: Unary;
  relu: Unary; step: Unary; gelu: Unary; geluTanh: Unary;
  leakyRelu: Unary1; elu: Unary1; softplus: Unary2; clamp: Unary2;
  reluBwd: UnaryBwd; sigmoidBwd: UnaryBwd; tanhBwd: UnaryBwd; geluBwd: UnaryBwd; geluTanhBwd: UnaryBwd;
  leakyReluBwd: UnaryBwd1; eluBwd: UnaryBwd1; softplusBwd: UnaryBwd2; clampBwd: UnaryBwd2;

  sumAxis: Axis; maxAxis: ArgAxis; minAxis: ArgAxis;
  softmax: Rows; logSoftmax: Rows; softmaxBwd: RowsBwd; logSoftmaxBwd: RowsBwd;
  crossEntropyBwd: (rows: number, cols: number, logp: Ptr, target: Ptr, scale: Ptr, out: Ptr) => void;

  indexSelect: Indexed; indexAdd: Indexed; gather: Indexed; scatterAdd: Indexed;

  gemm: (m: number, n: number, k: number, a: Ptr, lda: number, transA: number, b: Ptr, ldb: number, transB: number,
    c: Ptr, ldc: number, accumulate: number, ws: Ptr) => void;
  gemmWorkspace: (m: number, n: number, k: number) => number;
  /** out[j] (+)= Σ_p x[p]·w[j·ldw + p]: y = W·x for one row (a Linear weight [n, ldw]). */
  gemv: (n: number, k: number, x: Ptr, w: Ptr, ldw: number, out: Ptr, accumulate: number) => void;

  sgd: (n: number, p: Ptr, g: Ptr, buf: Ptr, lr: number, momentum: number, oneMinusDampening: number, wd: number, flags: number) => void;
  adam: (n: number, p: Ptr, g: Ptr, m: Ptr, v: Ptr, vmax: Ptr, beta1: number, beta2: number, oneMinusBeta1: number, oneMinusBeta2: number,
    eps: number, wd: number, decay: number, stepSize: number, bc2Sqrt: number, flags: number) => void;
  adagrad: (n: number, p: Ptr, g: Ptr, sum: Ptr, clr: number, eps: number, wd: number, flags: number) => void;
  adadelta: (n: number, p: Ptr, g: Ptr, v: Ptr, u: Ptr, lr: number, rho: number, oneMinusRho: number, eps: number, wd: number, flags: number) => void;
  rmsprop: (n: number, p: Ptr, g: Ptr, v: Ptr, gavg: Ptr, buf: Ptr, lr: number, alpha: number, oneMinusAlpha: number, eps: number,
    wd: number, momentum: number, flags: number) => void;

}

/** Kernels of the extension module (assembly/scalar-ext.ts): conv, pooling, interpolation, norms, RNN cells. */
export interface ExtKernels {
  /** Pools: desc → i32 words [planes, ID, IH, IW, OD, OH, OW, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW, countIncludePad, divisorOverride]. */
  maxPool: (desc: Ptr, x: Ptr, out: Ptr, indices: Ptr) => void;
  avgPool: (desc: Ptr, x: Ptr, out: Ptr) => void;
  avgPoolBwd: (desc: Ptr, g: Ptr, gx: Ptr) => void;
  adaptiveMaxPool: (desc: Ptr, x: Ptr, out: Ptr, indices: Ptr) => void;
  adaptiveAvgPool: (desc: Ptr, x: Ptr, out: Ptr) => void;
  adaptiveAvgPoolBwd: (desc: Ptr, g: Ptr, gx: Ptr) => void;
  maxUnpool: (planes: number, inSize: number, outSize: number, x: Ptr, indices: Ptr, out: Ptr) => void;
  /** idx/wt: per output position two source rows (i32) and their weights (f32). */
  interpLinear: (outer: number, inSize: number, inner: number, outSize: number, x: Ptr, idx: Ptr, wt: Ptr, out: Ptr) => void;
  interpLinearBwd: (outer: number, inSize: number, inner: number, outSize: number, g: Ptr, idx: Ptr, wt: Ptr, gx: Ptr) => void;

  /** x [n, c, s]; groups 0: statistics per channel (batch norm), else per (sample, group); flags 1 weight, 2 bias; ws 24·c bytes. */
  norm: (n: number, c: number, s: number, groups: number, x: Ptr, w: Ptr, b: Ptr, y: Ptr, mean: Ptr, variance: Ptr, rstd: Ptr,
    ws: Ptr, eps: number, flags: number) => void;
  normApply: (n: number, c: number, s: number, x: Ptr, mean: Ptr, rstd: Ptr, w: Ptr, b: Ptr, y: Ptr, flags: number) => void;
  /** flags 1 weight, 4 fixed statistics (eval mode); dw, db: [c]; ws 24·c bytes. */
  normBwd: (n: number, c: number, s: number, groups: number, x: Ptr, g: Ptr, mean: Ptr, rstd: Ptr, w: Ptr, dx: Ptr, dw: Ptr, db: Ptr,
    ws: Ptr, flags: number) => void;

  lstmCell: (b: number, h: number, gates: Ptr, cPrev: Ptr, c: Ptr, y: Ptr) => void;
  lstmCellBwd: (b: number, h: number, gates: Ptr, c: Ptr, cPrev: Ptr, gy: Ptr, dh: Ptr, dc: Ptr, dGates: Ptr) => void;
  gruCell: (b: number, h: number, gates: Ptr, hProj: Ptr, bHh: Ptr, hPrev: Ptr, aN: Ptr, y: Ptr) => void;
  gruCellBwd: (b: number, h: number, gates: Ptr, aN: Ptr, hPrev: Ptr, gy: Ptr, dh: Ptr, dX: Ptr, dP: Ptr) => void;

  /** desc → i32 words of a ConvDesc (assembly/lib/conv.ts); [l0, l1) flat output positions; col [C·kD·kH·kW, l1 − l0]
   * with rows ld elements apart. */
  im2col: (desc: Ptr, l0: number, l1: number, ld: number, x: Ptr, col: Ptr) => void;
  /** x += the adjoint of im2col applied to col (same arguments, col read and x accumulated). */
  col2im: (desc: Ptr, l0: number, l1: number, ld: number, col: Ptr, x: Ptr) => void;
  /** Direct depthwise convolution of n images (desc.C input channels, `mult` outputs each); y accumulated into;
   * scratch: the padded input plane, ∏ ((out − 1)·stride + (k − 1)·dilation + 1) elements. */
  dwconv: (desc: Ptr, n: number, mult: number, x: Ptr, w: Ptr, y: Ptr, scratch: Ptr) => void;
  /** Its input gradient, dx accumulated into; scratch as for dwconv. */
  dwconvDx: (desc: Ptr, n: number, mult: number, dy: Ptr, w: Ptr, dx: Ptr, scratch: Ptr) => void;
  /** Its weight gradient, dw accumulated into; scratch as for dwconv. */
  dwconvDw: (desc: Ptr, n: number, mult: number, x: Ptr, dy: Ptr, dw: Ptr, scratch: Ptr) => void;
  /** Convolution forward without a column matrix (groups 1): y [n, cout, out…] (+)= conv(x [n, C, in…], w [cout, C·taps]);
   * ws: convImplicitWorkspace(desc, cout) bytes. */
  convImplicit: (desc: Ptr, n: number, cout: number, x: Ptr, w: Ptr, y: Ptr, accumulate: number, ws: Ptr) => void;
  convImplicitWorkspace: (desc: Ptr, cout: number) => number;
}

/** Wasm export base names (before the `__<isa>` suffix) of each kernel. */
const NAMES: { [K in keyof CoreKernels]: string } = {
  fill: "f32_fill", fillI32: "i32_fill", copyStrided: "x32_copy_strided",
  add: "f32_add", sub: "f32_sub", mul: "f32_mul", div: "f32_div", max: "f32_max", min: "f32_min", pow: "f32_pow",
  eq: "f32_eq", ne: "f32_ne", lt: "f32_lt", le: "f32_le", gt: "f32_gt", ge: "f32_ge",
  addc: "f32_addc", subc: "f32_subc", mulc: "f32_mulc", divc: "f32_divc", maxc: "f32_maxc", minc: "f32_minc",
  powc: "f32_powc", eqc: "f32_eqc", nec: "f32_nec", ltc: "f32_ltc", lec: "f32_lec", gtc: "f32_gtc", gec: "f32_gec",
  subrc: "f32_subrc", divrc: "f32_divrc", powrc: "f32_powrc", where: "f32_where",
  neg: "f32_neg", exp: "f32_exp", log: "f32_log", sqrt: "f32_sqrt", abs: "f32_abs", sign: "f32_sign",
  sigmoid: "f32_sigmoid", tanh: "f32_tanh", relu: "f32_relu", step: "f32_step", gelu: "f32_gelu", geluTanh: "f32_gelu_tanh",
  leakyRelu: "f32_leaky_relu", elu: "f32_elu", softplus: "f32_softplus", clamp: "f32_clamp",
  reluBwd: "f32_relu_bwd", sigmoidBwd: "f32_sigmoid_bwd", tanhBwd: "f32_tanh_bwd", geluBwd: "f32_gelu_bwd",
  geluTanhBwd: "f32_gelu_tanh_bwd", leakyReluBwd: "f32_leaky_relu_bwd", eluBwd: "f32_elu_bwd",
  softplusBwd: "f32_softplus_bwd", clampBwd: "f32_clamp_bwd",
  sumAxis: "f32_sum_axis", maxAxis: "f32_max_axis", minAxis: "f32_min_axis",
  softmax: "f32_softmax", logSoftmax: "f32_log_softmax", softmaxBwd: "f32_softmax_bwd", logSoftmaxBwd: "f32_log_softmax_bwd",
  crossEntropyBwd: "f32_cross_entropy_bwd",
  indexSelect: "x32_index_select", indexAdd: "f32_index_add", gather: "x32_gather", scatterAdd: "f32_scatter_add",
  gemm: "f32_gemm", gemmWorkspace: "f32_gemm_workspace", gemv: "f32_gemv",
  sgd: "f32_sgd", adam: "f32_adam", adagrad: "f32_adagrad", adadelta: "f32_adadelta", rmsprop: "f32_rmsprop",
};

/** The same for the extension module's kernels. */
const EXT_NAMES: { [K in keyof ExtKernels]: string } = {
  maxPool: "f32_max_pool", avgPool: "f32_avg_pool", avgPoolBwd: "f32_avg_pool_bwd", adaptiveMaxPool: "f32_adaptive_max_pool",
  adaptiveAvgPool: "f32_adaptive_avg_pool", adaptiveAvgPoolBwd: "f32_adaptive_avg_pool_bwd", maxUnpool: "f32_max_unpool",
  interpLinear: "f32_interp_linear", interpLinearBwd: "f32_interp_linear_bwd",
  norm: "f32_norm", normApply: "f32_norm_apply", normBwd: "f32_norm_bwd",
  lstmCell: "f32_lstm_cell", lstmCellBwd: "f32_lstm_cell_bwd", gruCell: "f32_gru_cell", gruCellBwd: "f32_gru_cell_bwd",
  im2col: "x32_im2col", col2im: "f32_col2im", dwconv: "f32_dwconv", dwconvDx: "f32_dwconv_dx", dwconvDw: "f32_dwconv_dw",
  convImplicit: "f32_conv_implicit", convImplicitWorkspace: "f32_conv_implicit_workspace",
};

/** Variant suffixes from most to least preferred. */
export const ISA_ORDER = ["relaxed", "simd", "scalar"] as const;

/** The export each kernel of `names` binds to: the best variant present in `exports` (a build holds only the variants its features allow). */
function exportNames<K extends string>(exports: WebAssembly.Exports, names: Record<K, string>): Record<K, string> {
  const table = {} as Record<string, string>;
  for (const [key, base] of Object.entries<string>(names)) {
    const name = base in exports ? base : ISA_ORDER.map((isa) => `${base}__${isa}`).find((n) => n in exports);
    if (name === undefined) throw new Error(`simdgrad: the wasm build lacks kernel ${base}; rebuild with npm run build`);
    table[key] = name;
  }
  return table as Record<K, string>;
}

/** The exports the core kernels bind to (the thread pool's workers bind the same names). */
export function kernelExportNames(exports: WebAssembly.Exports): { [K in keyof CoreKernels]: string } {
  return exportNames(exports, NAMES);
}

/** The exports the extension kernels bind to (pool workers that instantiated the extension module bind the same). */
export function extensionExportNames(exports: WebAssembly.Exports): { [K in keyof ExtKernels]: string } {
  return exportNames(exports, EXT_NAMES);
}

/** Binds the extension module's kernels to the best variants present in `exports`. */
export function bindExtension(exports: WebAssembly.Exports): ExtKernels {
  const table = {} as Record<string, unknown>;
  for (const [key, name] of Object.entries(extensionExportNames(exports))) table[key] = exports[name];
  return table as unknown as ExtKernels;
}

/**
 * Binds every kernel to the best variant present in `exports`.
 * Without the extension module's exports, its kernels throw a clear error when called.
 */
export function bindKernels(exports: WebAssembly.Exports, withExtension: boolean): Kernels {
  const table = {} as Record<string, unknown>;
  for (const [key, name] of Object.entries(kernelExportNames(exports))) table[key] = exports[name];
  if (withExtension) Object.assign(table, bindExtension(exports));
  else for (const [key, base] of Object.entries(EXT_NAMES)) table[key] = () => { throw missingExtension(base); };
  return table as unknown as Kernels;
}

function missingExtension(kernel: string): Error {
  return new Error(
    `simdgrad: kernel ${kernel} is in the extension module (conv, pooling, interpolation, norms, RNN cells), which init() ` +
      "loads only when ops that need it were imported before it ran: call `await init()` again (with init({ module }), " +
      "pass extensionModule too)",
  );
}

/** Every exported kernel family with its variants, e.g. f32_relu → { scalar: fn, simd: fn } (for tests and benchmarks). */
export function kernelVariants(exports: WebAssembly.Exports): Map<string, Record<string, Function>> {
  const families = new Map<string, Record<string, Function>>();
  for (const [name, value] of Object.entries(exports)) {
    const m = /^(.*)__([a-z0-9_]+)$/.exec(name);
    if (!m || typeof value !== "function") continue;
    const family = families.get(m[1]) ?? {};
    family[m[2]] = value;
    families.set(m[1], family);
  }
  return families;
}
