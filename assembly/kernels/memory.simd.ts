// Data movement for 32-bit elements, 128-bit SIMD (__simd) variants of memory.ts: same signatures and semantics (bit copies).
import { f32_fill__scalar, i32_fill__scalar } from "./memory";

// @ts-ignore: decorator
@inline function fill(n: usize, out: usize, v: v128): usize {
  let i: usize = 0;
  for (; i + 16 <= n; i += 16) {
    const p = out + (i << 2);
    v128.store(p, v); v128.store(p, v, 16); v128.store(p, v, 32); v128.store(p, v, 48);
  }
  for (; i + 4 <= n; i += 4) v128.store(out + (i << 2), v);
  return i;
}

/** out[i] = value for i < n. */
export function f32_fill__simd(n: usize, out: usize, value: f32): void {
  const i = fill(n, out, f32x4.splat(value));
  f32_fill__scalar(n - i, out + (i << 2), value);
}

/** out[i] = value for i < n (int32). */
export function i32_fill__simd(n: usize, out: usize, value: i32): void {
  const i = fill(n, out, i32x4.splat(value));
  i32_fill__scalar(n - i, out + (i << 2), value);
}

/** One innermost row: out[i·oi] = x[i·xi] for i < n; vector loops when both strides are 1 or the input stride is 0. */
// @ts-ignore: decorator
@inline function row(n: usize, x: usize, xi: isize, out: usize, oi: isize): void {
  let i: usize = 0;
  if (oi == 1 && xi == 1) {
    for (; i + 16 <= n; i += 16) {
      const o = i << 2;
      const a = v128.load(x + o), b = v128.load(x + o, 16), c = v128.load(x + o, 32), d = v128.load(x + o, 48);
      v128.store(out + o, a); v128.store(out + o, b, 16); v128.store(out + o, c, 32); v128.store(out + o, d, 48);
    }
    for (; i + 4 <= n; i += 4) v128.store(out + (i << 2), v128.load(x + (i << 2)));
  } else if (oi == 1 && xi == 0 && n != 0) {
    i = fill(n, out, v128.load32_splat(x));
  }
  for (; i < n; i++) store<u32>(out + <usize>(<isize>i * oi << 2), load<u32>(x + <usize>(<isize>i * xi << 2)));
}

/**
 * Strided copy of 32-bit elements: out[idx·outStrides] = x[idx·xStrides] for every index of `shape`.
 * `desc` points at i32 words: [ndim, shape[ndim], xStrides[ndim], outStrides[ndim]] (strides in elements,
 * xStrides may be 0 for broadcasting). The two innermost dimensions are looped directly; only the outer ones are
 * decomposed with divisions, once per inner plane.
 */
export function x32_copy_strided__simd(desc: usize, x: usize, out: usize): void {
  const ndim = <usize>load<i32>(desc);
  if (ndim == 0) { store<u32>(out, load<u32>(x)); return; }
  const shape = desc + 4, xs = shape + (ndim << 2), os = xs + (ndim << 2);
  const last = ndim - 1;
  const inner = <usize>load<i32>(shape + (last << 2));
  const xi = <isize>load<i32>(xs + (last << 2)), oi = <isize>load<i32>(os + (last << 2));
  let mid: usize = 1, xm: isize = 0, om: isize = 0;
  if (ndim >= 2) {
    mid = <usize>load<i32>(shape + ((last - 1) << 2));
    xm = <isize>load<i32>(xs + ((last - 1) << 2));
    om = <isize>load<i32>(os + ((last - 1) << 2));
  }
  const top = ndim >= 2 ? last - 1 : 0; // dimensions [0, top) are decomposed per plane
  let planes: usize = 1;
  for (let d: usize = 0; d < top; d++) planes *= <usize>load<i32>(shape + (d << 2));
  for (let r: usize = 0; r < planes; r++) {
    let rem = r, xo: isize = 0, oo: isize = 0;
    for (let d = <isize>top - 1; d >= 0; d--) {
      const dim = <usize>load<i32>(shape + (<usize>d << 2));
      const c = <isize>(rem % dim); rem /= dim;
      xo += c * <isize>load<i32>(xs + (<usize>d << 2));
      oo += c * <isize>load<i32>(os + (<usize>d << 2));
    }
    for (let j: usize = 0; j < mid; j++) {
      row(inner, x + <usize>((xo + <isize>j * xm) << 2), xi, out + <usize>((oo + <isize>j * om) << 2), oi);
    }
  }
}
