// Entry of the relaxed build (core module): the relaxed-SIMD (__relaxed, fused multiply-add) kernels, the __simd ones
// that have no __relaxed variant, and the __scalar ones that have neither (a superseded variant would be dead weight:
// kernels.ts binds the best one; the simd build is where __simd variants are tested, and the references are the
// scalar build's, test/helpers/scalar-reference.ts).
export * from "./kernels/info";
export * from "./kernels/index";
export { f32_pow__scalar, f32_powc__scalar, f32_powrc__scalar } from "./kernels/binary";
export { f32_gemm_workspace } from "./kernels/gemm";
export * from "./kernels/memory.simd";
export * from "./kernels/binary.simd";
export * from "./kernels/reduce.simd";
export * from "./kernels/optim.simd";
export {
  f32_neg__simd, f32_exp__simd, f32_sqrt__simd, f32_abs__simd, f32_sign__simd, f32_relu__simd, f32_step__simd, f32_gelu__simd,
  f32_gelu_tanh__simd, f32_leaky_relu__simd, f32_clamp__simd, f32_relu_bwd__simd, f32_sigmoid_bwd__simd, f32_tanh_bwd__simd,
  f32_gelu_bwd__simd, f32_gelu_tanh_bwd__simd, f32_leaky_relu_bwd__simd, f32_clamp_bwd__simd,
} from "./kernels/unary.simd";
export { f32_softmax_bwd__simd } from "./kernels/softmax.simd";
export * from "./kernels/unary.relaxed";
export * from "./kernels/softmax.relaxed";
export * from "./kernels/gemm_relaxed";
export * from "./kernels/gemv.simd";
