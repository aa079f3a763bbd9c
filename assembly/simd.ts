// Entry of the simd build: the reference kernels plus their 128-bit SIMD (__simd) variants.
export * from "./scalar";
export * from "./kernels/gemm_simd";
