// Entry of the simd extension module (also used by relaxed runtimes: it has no __relaxed variants): the __simd kernels,
// and the reference (__scalar) kernels only where no __simd variant exists (see simd.ts).
export * from "./kernels/info";
export {
  f32_adaptive_max_pool__scalar, f32_adaptive_avg_pool__scalar, f32_adaptive_avg_pool_bwd__scalar, f32_max_unpool__scalar,
} from "./kernels/pool";
export * from "./kernels/pool.simd";
export * from "./kernels/interp.simd";
export * from "./kernels/norm.simd";
export * from "./kernels/rnn.simd";
export * from "./kernels/conv.simd";
export { f32_conv_implicit_workspace } from "./kernels/conv_implicit";
export * from "./kernels/conv_implicit.simd";
