// Entry of the scalar extension module: the kernel families an MLP does not need (pooling, interpolation, norms, RNN
// cells, convolution), loaded by init() beside the core module, over the same memory, only when ops using them are imported.
export * from "./kernels/info";
export * from "./kernels/pool";
export * from "./kernels/interp";
export * from "./kernels/norm";
export * from "./kernels/rnn";
export * from "./kernels/conv";
export * from "./kernels/conv_implicit";
