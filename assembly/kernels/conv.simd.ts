// Convolution data movement, 128-bit SIMD (__simd) variants of conv.ts: same signatures and results (bit for bit).
import { walkColumns } from "../lib/conv";

/** Zeros n elements at p. */
// @ts-ignore: decorator
@inline function zero(p: usize, n: i32): void {
  const z = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(p + (<usize>j << 2), z);
  for (; j < n; j++) store<u32>(p + (<usize>j << 2), 0);
}

@unmanaged class Im2col {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32): void {
    zero(col, z0);
    const d = col + (<usize>z0 << 2);
    let v = 0;
    if (s == 1) {
      for (; v + 8 <= nv; v += 8) {
        const o = <usize>v << 2;
        const a = v128.load(src + o), b = v128.load(src + o, 16);
        v128.store(d + o, a); v128.store(d + o, b, 16);
      }
      for (; v + 4 <= nv; v += 4) v128.store(d + (<usize>v << 2), v128.load(src + (<usize>v << 2)));
    } else if (s == 2) {
      // elements 2v, 2v+2, 2v+4, 2v+6: lanes 0, 2 of x[2v..2v+3] and 1, 3 of x[2v+3..2v+6] (never reads past 2v+6)
      for (; v + 4 <= nv; v += 4) {
        const p = src + (<usize>v << 3);
        v128.store(d + (<usize>v << 2), i32x4.shuffle(v128.load(p), v128.load(p, 12), 0, 2, 5, 7));
      }
    }
    for (; v < nv; v++) store<u32>(d + (<usize>v << 2), load<u32>(src + (<usize>(v * s) << 2)));
    zero(d + (<usize>nv << 2), n - z0 - nv);
  }
}

@unmanaged class Col2im {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32): void {
    const c = col + (<usize>z0 << 2);
    let v = 0;
    if (s == 1) {
      for (; v + 4 <= nv; v += 4) {
        const o = <usize>v << 2;
        v128.store(src + o, f32x4.add(v128.load(src + o), v128.load(c + o)));
      }
    }
    for (; v < nv; v++) {
      const p = src + (<usize>(v * s) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(c + (<usize>v << 2)));
    }
  }
}

/** im2col (see conv.ts); vector copies for input strides 1 and 2 along W. */
export function x32_im2col__simd(desc: usize, l0: i32, l1: i32, x: usize, col: usize): void {
  walkColumns<Im2col>(changetype<Im2col>(0), desc, l0, l1, x, col);
}

/** col2im (see conv.ts); vector adds for input stride 1 along W. */
export function f32_col2im__simd(desc: usize, l0: i32, l1: i32, col: usize, x: usize): void {
  walkColumns<Col2im>(changetype<Col2im>(0), desc, l0, l1, x, col);
}
