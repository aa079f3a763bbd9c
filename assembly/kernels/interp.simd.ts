// 128-bit SIMD linear interpolation along the middle axis: 4 inner elements per step (the same w0·a + w1·b per lane as
// __scalar, no fused multiply-add), a scalar tail; inner = 1 (the last spatial dim) stays scalar.
// Measured (best of 20 runs, simd vs scalar build): bilinear ×2 of [8, 16, 32, 32] forward 0.74–0.80 → 0.54–0.59 ms,
// forward + backward 2.0–2.3 → 1.3–1.45 ms (the remaining time is mostly the scalar pass along the last dim).

/** f32_interp_linear__scalar, vectorized over inner. */
export function f32_interp_linear__simd(outer: usize, inSize: usize, inner: usize, outSize: usize, x: usize, idx: usize, wt: usize, out: usize): void {
  const n4 = inner & ~(<usize>3);
  for (let o: usize = 0; o < outer; o++) {
    const xo = x + ((o * inSize * inner) << 2);
    for (let j: usize = 0; j < outSize; j++) {
      const a = xo + ((<usize>load<i32>(idx + (j << 3)) * inner) << 2), b = xo + ((<usize>load<i32>(idx + (j << 3) + 4) * inner) << 2);
      const wa = load<f32>(wt + (j << 3)), wb = load<f32>(wt + (j << 3) + 4);
      const va = f32x4.splat(wa), vb = f32x4.splat(wb);
      const dst = out + (((o * outSize + j) * inner) << 2);
      let k: usize = 0;
      for (; k < n4; k += 4) {
        v128.store(dst + (k << 2), f32x4.add(f32x4.mul(va, v128.load(a + (k << 2))), f32x4.mul(vb, v128.load(b + (k << 2)))));
      }
      for (; k < inner; k++) store<f32>(dst + (k << 2), wa * load<f32>(a + (k << 2)) + wb * load<f32>(b + (k << 2)));
    }
  }
}

/** f32_interp_linear_bwd__scalar, vectorized over inner. */
export function f32_interp_linear_bwd__simd(outer: usize, inSize: usize, inner: usize, outSize: usize, g: usize, idx: usize, wt: usize, gx: usize): void {
  memory.fill(gx, 0, (outer * inSize * inner) << 2);
  const n4 = inner & ~(<usize>3);
  for (let o: usize = 0; o < outer; o++) {
    const go = gx + ((o * inSize * inner) << 2);
    for (let j: usize = 0; j < outSize; j++) {
      const a = go + ((<usize>load<i32>(idx + (j << 3)) * inner) << 2), b = go + ((<usize>load<i32>(idx + (j << 3) + 4) * inner) << 2);
      const wa = load<f32>(wt + (j << 3)), wb = load<f32>(wt + (j << 3) + 4);
      const va = f32x4.splat(wa), vb = f32x4.splat(wb);
      const src = g + (((o * outSize + j) * inner) << 2);
      let k: usize = 0;
      for (; k < n4; k += 4) {
        const v = v128.load(src + (k << 2));
        v128.store(a + (k << 2), f32x4.add(v128.load(a + (k << 2)), f32x4.mul(va, v)));
        v128.store(b + (k << 2), f32x4.add(v128.load(b + (k << 2)), f32x4.mul(vb, v)));
      }
      for (; k < inner; k++) {
        const v = load<f32>(src + (k << 2));
        store<f32>(a + (k << 2), load<f32>(a + (k << 2)) + wa * v);
        store<f32>(b + (k << 2), load<f32>(b + (k << 2)) + wb * v);
      }
    }
  }
}
