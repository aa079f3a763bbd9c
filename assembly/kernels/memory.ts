// Data movement for 32-bit elements (f32 or i32): fill and strided copy. Pointers are byte addresses; n counts elements.

/** out[i] = value for i < n. */
export function f32_fill__scalar(n: usize, out: usize, value: f32): void {
  for (let i: usize = 0; i < n; i++) store<f32>(out + (i << 2), value);
}

/** out[i] = value for i < n (int32). */
export function i32_fill__scalar(n: usize, out: usize, value: i32): void {
  for (let i: usize = 0; i < n; i++) store<i32>(out + (i << 2), value);
}

/**
 * Strided copy of 32-bit elements: out[idx·outStrides] = x[idx·xStrides] for every index of `shape`.
 * `desc` points at i32 words: [ndim, shape[ndim], xStrides[ndim], outStrides[ndim]] (strides in elements,
 * xStrides may be 0 for broadcasting). Covers contiguous(), expand, permute, concat and slice writes.
 */
export function x32_copy_strided__scalar(desc: usize, x: usize, out: usize): void {
  const ndim = <usize>load<i32>(desc);
  if (ndim == 0) { store<u32>(out, load<u32>(x)); return; }
  const shape = desc + 4, xs = shape + (ndim << 2), os = xs + (ndim << 2);
  const last = ndim - 1;
  const inner = <usize>load<i32>(shape + (last << 2));
  const xi = <isize>load<i32>(xs + (last << 2)), oi = <isize>load<i32>(os + (last << 2));
  let outer: usize = 1;
  for (let d: usize = 0; d < last; d++) outer *= <usize>load<i32>(shape + (d << 2));
  for (let r: usize = 0; r < outer; r++) {
    // decompose the outer index into coordinates, accumulating both offsets
    let rem = r, xo: isize = 0, oo: isize = 0;
    for (let d = <isize>last - 1; d >= 0; d--) {
      const dim = <usize>load<i32>(shape + (<usize>d << 2));
      const c = <isize>(rem % dim); rem /= dim;
      xo += c * <isize>load<i32>(xs + (<usize>d << 2));
      oo += c * <isize>load<i32>(os + (<usize>d << 2));
    }
    for (let i: usize = 0; i < inner; i++) {
      store<u32>(out + ((oo + <isize>i * oi) << 2), load<u32>(x + ((xo + <isize>i * xi) << 2)));
    }
  }
}
