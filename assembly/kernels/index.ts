// Index-driven gathers and their scatter-add backward over a tensor viewed as [outer, r, inner] (contiguous).
// Indices are i32 and already validated by the caller (0 <= idx < r). Pointers are byte addresses; sizes count elements.

/** out[o, i, :] = x[o, idx[i], :] for i < n  (index_select along the middle axis; 32-bit elements). */
export function x32_index_select__scalar(outer: usize, r: usize, inner: usize, n: usize, x: usize, idx: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let i: usize = 0; i < n; i++) {
      const src = x + ((o * r + <usize>load<i32>(idx + (i << 2))) * inner << 2);
      const dst = out + ((o * n + i) * inner << 2);
      memory.copy(dst, src, inner << 2);
    }
  }
}

/** out[o, idx[i], :] += src[o, i, :] for i < n  (backward of index_select; repeated indices accumulate). */
export function f32_index_add__scalar(outer: usize, r: usize, inner: usize, n: usize, src: usize, idx: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let i: usize = 0; i < n; i++) {
      const s = src + ((o * n + i) * inner << 2);
      const d = out + ((o * r + <usize>load<i32>(idx + (i << 2))) * inner << 2);
      for (let j: usize = 0; j < inner; j++) store<f32>(d + (j << 2), load<f32>(d + (j << 2)) + load<f32>(s + (j << 2)));
    }
  }
}

/** out[o, i, j] = x[o, idx[o, i, j], j] for i < ri  (torch.gather along the middle axis; 32-bit elements). */
export function x32_gather__scalar(outer: usize, r: usize, inner: usize, ri: usize, x: usize, idx: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let i: usize = 0; i < ri; i++) {
      for (let j: usize = 0; j < inner; j++) {
        const q = ((o * ri + i) * inner + j) << 2;
        const k = <usize>load<i32>(idx + q);
        store<u32>(out + q, load<u32>(x + (((o * r + k) * inner + j) << 2)));
      }
    }
  }
}

/** out[o, idx[o, i, j], j] += src[o, i, j]  (backward of gather). */
export function f32_scatter_add__scalar(outer: usize, r: usize, inner: usize, ri: usize, src: usize, idx: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let i: usize = 0; i < ri; i++) {
      for (let j: usize = 0; j < inner; j++) {
        const q = ((o * ri + i) * inner + j) << 2;
        const d = out + (((o * r + <usize>load<i32>(idx + q)) * inner + j) << 2);
        store<f32>(d, load<f32>(d) + load<f32>(src + q));
      }
    }
  }
}
