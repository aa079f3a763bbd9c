// Convolution forward as an implicit GEMM, 128-bit SIMD (__simd) variant of conv_implicit.ts: tiles of 4 positions × 8
// output channels, or 4 channels × 8 positions of a row (lib/conv_implicit.ts), with separate mul and add; results
// equal the reference bit for bit up to 256 taps (row tiles sum longer tap lists in slices).
import { convImplicit } from "../lib/conv_implicit";

@unmanaged class MulAdd {
  // @ts-ignore: decorator
  @inline madd(a: v128, b: v128, c: v128): v128 { return f32x4.add(c, f32x4.mul(a, b)); }
}

/** f32_conv_implicit__scalar's contract; ws: f32_conv_implicit_workspace(desc, cout) bytes. */
export function f32_conv_implicit__simd(desc: usize, n: i32, cout: i32, x: usize, w: usize, y: usize, accumulate: bool, ws: usize): void {
  convImplicit<MulAdd>(changetype<MulAdd>(0), desc, n, cout, x, w, y, accumulate, ws);
}
