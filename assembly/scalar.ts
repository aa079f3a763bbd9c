// Entry of the scalar build (the core module: what MLP training needs): the reference (__scalar) kernels, which every
// other variant is tested against. The extension families (conv, pooling, interpolation, norms, RNN cells) are in scalar-ext.ts.
export * from "./kernels/info";
export * from "./kernels/memory";
export * from "./kernels/binary";
export * from "./kernels/unary";
export * from "./kernels/reduce";
export * from "./kernels/softmax";
export * from "./kernels/index";
export * from "./kernels/gemm";
export * from "./kernels/optim";
export * from "./kernels/gemv";
