// Entry of the simd build (core module): the 128-bit SIMD (__simd) kernels, and the reference (__scalar) kernels only
// where no __simd variant exists (the references of the others are the scalar build's, which the kernel-variant tests
// load beside this build: test/helpers/scalar-reference.ts).
export * from "./kernels/info";
export * from "./kernels/index";
export { f32_pow__scalar, f32_powc__scalar, f32_powrc__scalar } from "./kernels/binary";
export { f32_gemm_workspace } from "./kernels/gemm";
export * from "./kernels/memory.simd";
export * from "./kernels/binary.simd";
export * from "./kernels/unary.simd";
export * from "./kernels/reduce.simd";
export * from "./kernels/softmax.simd";
export * from "./kernels/optim.simd";
export * from "./kernels/gemm_simd";
export * from "./kernels/gemv.simd";
