// What this build is: its wasm features and where its static data ends (the arena starts above it).

/** Bit flags of the features this build was compiled with: 1 = simd, 2 = relaxed-simd, 4 = threads (shared memory). */
export function build_info(): i32 {
  return (ASC_FEATURE_SIMD ? 1 : 0) | (ASC_FEATURE_RELAXED_SIMD ? 2 : 0) | (ASC_FEATURE_THREADS ? 4 : 0);
}

/** First byte after the module's static data; memory below it belongs to the module. */
export function heap_base(): usize {
  return __heap_base;
}
