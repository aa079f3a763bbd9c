// Entry of the relaxed build: everything in the simd build plus relaxed-SIMD (__relaxed, fused multiply-add) variants.
export * from "./simd";
export * from "./kernels/unary.relaxed";
export * from "./kernels/softmax.relaxed";
export * from "./kernels/gemm_relaxed";
