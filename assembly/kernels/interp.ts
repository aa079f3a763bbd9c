// Linear interpolation along the middle axis of a tensor viewed as [outer, inSize, inner] → [outer, outSize, inner].
// Per output position j the caller gives two source rows idx[2j], idx[2j+1] (i32, in [0, inSize)) and their weights
// wt[2j], wt[2j+1] (f32); linear, bilinear and trilinear modes are one pass per spatial dim.

/** out[o, j, k] = wt[2j]·x[o, idx[2j], k] + wt[2j+1]·x[o, idx[2j+1], k] */
export function f32_interp_linear__scalar(outer: usize, inSize: usize, inner: usize, outSize: usize, x: usize, idx: usize, wt: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    const xo = x + ((o * inSize * inner) << 2);
    for (let j: usize = 0; j < outSize; j++) {
      const a = xo + ((<usize>load<i32>(idx + (j << 3)) * inner) << 2), b = xo + ((<usize>load<i32>(idx + (j << 3) + 4) * inner) << 2);
      const wa = load<f32>(wt + (j << 3)), wb = load<f32>(wt + (j << 3) + 4);
      const dst = out + (((o * outSize + j) * inner) << 2);
      for (let k: usize = 0; k < inner; k++) store<f32>(dst + (k << 2), wa * load<f32>(a + (k << 2)) + wb * load<f32>(b + (k << 2)));
    }
  }
}

/** gx[o, :, k] = 0, then gx[o, idx[2j], k] += wt[2j]·g[o, j, k] and gx[o, idx[2j+1], k] += wt[2j+1]·g[o, j, k]  (transpose of the forward). */
export function f32_interp_linear_bwd__scalar(outer: usize, inSize: usize, inner: usize, outSize: usize, g: usize, idx: usize, wt: usize, gx: usize): void {
  memory.fill(gx, 0, (outer * inSize * inner) << 2);
  for (let o: usize = 0; o < outer; o++) {
    const go = gx + ((o * inSize * inner) << 2);
    for (let j: usize = 0; j < outSize; j++) {
      const a = go + ((<usize>load<i32>(idx + (j << 3)) * inner) << 2), b = go + ((<usize>load<i32>(idx + (j << 3) + 4) * inner) << 2);
      const wa = load<f32>(wt + (j << 3)), wb = load<f32>(wt + (j << 3) + 4);
      const src = g + (((o * outSize + j) * inner) << 2);
      for (let k: usize = 0; k < inner; k++) {
        const v = load<f32>(src + (k << 2));
        store<f32>(a + (k << 2), load<f32>(a + (k << 2)) + wa * v);
        store<f32>(b + (k << 2), load<f32>(b + (k << 2)) + wb * v);
      }
    }
  }
}
