// Entry of the simd build: the reference kernels plus their 128-bit SIMD (__simd) variants.
export * from "./scalar";
