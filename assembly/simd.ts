// Entry of the simd build: the reference kernels plus their 128-bit SIMD (__simd) variants.
export * from "./scalar";
export * from "./kernels/memory.simd";
export * from "./kernels/binary.simd";
export * from "./kernels/unary.simd";
export * from "./kernels/reduce.simd";
export * from "./kernels/softmax.simd";
export * from "./kernels/optim.simd";
export * from "./kernels/gemm_simd";
export * from "./kernels/pool.simd";
export * from "./kernels/interp.simd";
export * from "./kernels/norm.simd";
export * from "./kernels/rnn.simd";
export * from "./kernels/conv.simd";
export * from "./kernels/conv_implicit.simd";
