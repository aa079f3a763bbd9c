// Reductions over one axis of a tensor viewed as [outer, r, inner] (contiguous), reference (__scalar) variants.
// Pointers are byte addresses; sizes count elements. out is [outer, inner].

/** out[o, j] = Σ_k x[o, k, j], accumulated in f64 (the reference rounding). */
export function f32_sum_axis__scalar(outer: usize, r: usize, inner: usize, x: usize, out: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let j: usize = 0; j < inner; j++) {
      let s: f64 = 0;
      let p = x + ((o * r * inner + j) << 2);
      for (let k: usize = 0; k < r; k++) { s += <f64>load<f32>(p); p += inner << 2; }
      store<f32>(out + ((o * inner + j) << 2), <f32>s);
    }
  }
}

/**
 * values[o, j] = max_k x[o, k, j], indices[o, j] = the first k that attains it (i32). NaN wins, like torch.max.
 * With sign = -1 it is min (x compared negated).
 */
// @ts-ignore: decorator
@inline function argext(sign: f32, outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  for (let o: usize = 0; o < outer; o++) {
    for (let j: usize = 0; j < inner; j++) {
      let p = x + ((o * r * inner + j) << 2);
      let best = load<f32>(p), bi: i32 = 0;
      for (let k: usize = 1; k < r && best == best; k++) {
        p += inner << 2;
        const v = load<f32>(p);
        if (v != v || v * sign > best * sign) { best = v; bi = <i32>k; }
      }
      const q = (o * inner + j) << 2;
      store<f32>(values + q, best);
      store<i32>(indices + q, bi);
    }
  }
}
/** max along the axis, with the index of the first maximum. */
export function f32_max_axis__scalar(outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  argext(1, outer, r, inner, x, values, indices);
}
/** min along the axis, with the index of the first minimum. */
export function f32_min_axis__scalar(outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  argext(-1, outer, r, inner, x, values, indices);
}
