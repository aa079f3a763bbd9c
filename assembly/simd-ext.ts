// Entry of the simd extension module (also used by relaxed runtimes, it has no __relaxed variants): scalar-ext's
// reference kernels plus their __simd variants.
export * from "./scalar-ext";
export * from "./kernels/pool.simd";
export * from "./kernels/interp.simd";
export * from "./kernels/norm.simd";
export * from "./kernels/rnn.simd";
export * from "./kernels/conv.simd";
