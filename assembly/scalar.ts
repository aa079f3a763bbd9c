// Entry of the scalar build: the reference (__scalar) kernels, which every other variant is tested against.
export * from "./kernels/info";
export * from "./kernels/memory";
export * from "./kernels/binary";
export * from "./kernels/unary";
export * from "./kernels/reduce";
export * from "./kernels/softmax";
export * from "./kernels/index";
export * from "./kernels/gemm";
export * from "./kernels/optim";
export * from "./kernels/pool";
export * from "./kernels/interp";
export * from "./kernels/norm";
export * from "./kernels/rnn";
export * from "./kernels/conv";
export * from "./kernels/conv_implicit";
