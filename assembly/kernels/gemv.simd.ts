// Matrix-vector product, 128-bit SIMD (__simd) variant of gemv.ts: four rows of W at a time against one x vector.

/** Σ of the four lanes of v. */
// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * out[j] = (accumulate ? out[j] : 0) + Σ_p x[p]·w[j·ldw + p] (see f32_gemv__scalar). Rows in blocks of four, p in
 * steps of 8 with two accumulators per row (8 independent add chains), the last k mod 8 in steps of 4 and then one by
 * one; sums over p in another order than the reference. Reads no element past a row's k.
 */
export function f32_gemv__simd(n: usize, k: usize, x: usize, w: usize, ldw: usize, out: usize, accumulate: bool): void {
  const rb = ldw << 2, k8 = k & ~7, k4 = k & ~3;
  let j: usize = 0;
  for (; j + 4 <= n; j += 4) {
    // one pointer per row, advanced together: the loads take constant offsets (folded into the address by V8)
    let q0 = w + j * rb, q1 = q0 + rb, q2 = q1 + rb, q3 = q2 + rb, qx = x;
    let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0, b0 = a0, b1 = a0, b2 = a0, b3 = a0;
    const end8 = x + (k8 << 2);
    while (qx < end8) {
      const xa = v128.load(qx), xb = v128.load(qx, 16);
      a0 = f32x4.add(a0, f32x4.mul(xa, v128.load(q0))); b0 = f32x4.add(b0, f32x4.mul(xb, v128.load(q0, 16)));
      a1 = f32x4.add(a1, f32x4.mul(xa, v128.load(q1))); b1 = f32x4.add(b1, f32x4.mul(xb, v128.load(q1, 16)));
      a2 = f32x4.add(a2, f32x4.mul(xa, v128.load(q2))); b2 = f32x4.add(b2, f32x4.mul(xb, v128.load(q2, 16)));
      a3 = f32x4.add(a3, f32x4.mul(xa, v128.load(q3))); b3 = f32x4.add(b3, f32x4.mul(xb, v128.load(q3, 16)));
      qx += 32; q0 += 32; q1 += 32; q2 += 32; q3 += 32;
    }
    let p: usize = k8;
    if (p < k4) {
      const xa = v128.load(qx);
      a0 = f32x4.add(a0, f32x4.mul(xa, v128.load(q0)));
      a1 = f32x4.add(a1, f32x4.mul(xa, v128.load(q1)));
      a2 = f32x4.add(a2, f32x4.mul(xa, v128.load(q2)));
      a3 = f32x4.add(a3, f32x4.mul(xa, v128.load(q3)));
      p += 4;
    }
    const r0 = w + j * rb, r1 = r0 + rb, r2 = r1 + rb, r3 = r2 + rb;
    let s0 = hsum(f32x4.add(a0, b0)), s1 = hsum(f32x4.add(a1, b1)), s2 = hsum(f32x4.add(a2, b2)), s3 = hsum(f32x4.add(a3, b3));
    for (; p < k; p++) {
      const o = p << 2, xv = load<f32>(x + o);
      s0 += xv * load<f32>(r0 + o); s1 += xv * load<f32>(r1 + o); s2 += xv * load<f32>(r2 + o); s3 += xv * load<f32>(r3 + o);
    }
    const q = out + (j << 2);
    if (accumulate) {
      s0 += load<f32>(q); s1 += load<f32>(q, 4); s2 += load<f32>(q, 8); s3 += load<f32>(q, 12);
    }
    store<f32>(q, s0); store<f32>(q, s1, 4); store<f32>(q, s2, 8); store<f32>(q, s3, 12);
  }
  for (; j < n; j++) {
    const r = w + j * rb;
    let a = f32x4.splat(0);
    let p: usize = 0;
    for (; p < k4; p += 4) a = f32x4.add(a, f32x4.mul(v128.load(x + (p << 2)), v128.load(r + (p << 2))));
    let s = hsum(a);
    for (; p < k; p++) s += load<f32>(x + (p << 2)) * load<f32>(r + (p << 2));
    const q = out + (j << 2);
    store<f32>(q, accumulate ? load<f32>(q) + s : s);
  }
}
