// Reductions over one axis of a tensor viewed as [outer, r, inner] (contiguous), 128-bit SIMD (__simd) variants.
// Sums accumulate in f32 (several vector accumulators), so they differ from the f64 reference by at most about
// r·2⁻²⁴·Σ|x|; max/min and their indices are exactly the reference's. Pointers are byte addresses; sizes count elements.

// @ts-ignore: decorator
@inline function hsum(v: v128): f32 {
  return (f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1)) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/** out[o, j] = Σ_k x[o, k, j]: rows (inner == 1) with four vector accumulators, else vectors across j. */
export function f32_sum_axis__simd(outer: usize, r: usize, inner: usize, x: usize, out: usize): void {
  if (inner == 1) {
    for (let o: usize = 0; o < outer; o++) {
      const p = x + ((o * r) << 2);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      let k: usize = 0;
      for (; k + 16 <= r; k += 16) {
        const q = p + (k << 2);
        a0 = f32x4.add(a0, v128.load(q)); a1 = f32x4.add(a1, v128.load(q, 16));
        a2 = f32x4.add(a2, v128.load(q, 32)); a3 = f32x4.add(a3, v128.load(q, 48));
      }
      for (; k + 4 <= r; k += 4) a0 = f32x4.add(a0, v128.load(p + (k << 2)));
      let s = hsum(f32x4.add(f32x4.add(a0, a1), f32x4.add(a2, a3)));
      for (; k < r; k++) s += load<f32>(p + (k << 2));
      store<f32>(out + (o << 2), s);
    }
    return;
  }
  const step = inner << 2; // bytes between consecutive k
  for (let o: usize = 0; o < outer; o++) {
    const base = x + ((o * r * inner) << 2), dst = out + ((o * inner) << 2);
    let j: usize = 0;
    for (; j + 16 <= inner; j += 16) {
      let p = base + (j << 2);
      let a0 = f32x4.splat(0), a1 = a0, a2 = a0, a3 = a0;
      for (let k: usize = 0; k < r; k++) {
        a0 = f32x4.add(a0, v128.load(p)); a1 = f32x4.add(a1, v128.load(p, 16));
        a2 = f32x4.add(a2, v128.load(p, 32)); a3 = f32x4.add(a3, v128.load(p, 48));
        p += step;
      }
      const q = dst + (j << 2);
      v128.store(q, a0); v128.store(q, a1, 16); v128.store(q, a2, 32); v128.store(q, a3, 48);
    }
    for (; j + 4 <= inner; j += 4) {
      let p = base + (j << 2);
      let a = f32x4.splat(0);
      for (let k: usize = 0; k < r; k++) { a = f32x4.add(a, v128.load(p)); p += step; }
      v128.store(dst + (j << 2), a);
    }
    for (; j < inner; j++) {
      let p = base + (j << 2);
      let s: f32 = 0;
      for (let k: usize = 0; k < r; k++) { s += load<f32>(p); p += step; }
      store<f32>(dst + (j << 2), s);
    }
  }
}

/** Lanes where the reference would take v over best: v beats it (v > best for max, v < best for min) or v is NaN — unless best is already NaN. */
// @ts-ignore: decorator
@inline function takes(isMax: bool, v: v128, best: v128): v128 {
  return v128.and(v128.or(isMax ? f32x4.gt(v, best) : f32x4.lt(v, best), f32x4.ne(v, v)), f32x4.eq(best, best));
}
/** Scalar version of takes(). */
// @ts-ignore: decorator
@inline function takes1(isMax: bool, v: f32, best: f32): bool {
  return best == best && (v != v || (isMax ? v > best : v < best));
}

/** Lane merge: (v, vi) replaces (best, bi) if it is the first NaN, or better, or as good with a smaller index. */
// @ts-ignore: decorator
@inline function beats(isMax: bool, v: f32, vi: i32, best: f32, bi: i32): bool {
  if (v != v) return best == best || vi < bi;
  return best == best && ((isMax ? v > best : v < best) || (v == best && vi < bi));
}
/** Lane-wise beats(): where (v, vi) wins over (b, bi). */
// @ts-ignore: decorator
@inline function better(isMax: bool, v: v128, vi: v128, b: v128, bi: v128): v128 {
  const nanV = f32x4.ne(v, v), nanB = f32x4.ne(b, b), first = i32x4.lt_s(vi, bi);
  const wins = v128.or(isMax ? f32x4.gt(v, b) : f32x4.lt(v, b), v128.and(f32x4.eq(v, b), first));
  return v128.or(v128.and(nanV, v128.or(v128.not(nanB), first)), v128.andnot(v128.andnot(wins, nanB), nanV));
}

/**
 * values[o, j] = the extreme of x[o, :, j], indices[o, j] = the first k attaining it; the first NaN wins.
 * Rows (inner == 1): eight lanes each track the first extreme of their k ≡ lane (mod 8) subsequence, then the lanes are
 * merged (the first NaN, else the better value, else the smaller index among equals), then the tail is scanned.
 * Otherwise vectors across j (two at a time) follow the reference lane by lane.
 */
// @ts-ignore: decorator
@inline function argext(isMax: bool, outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  if (inner == 1) {
    for (let o: usize = 0; o < outer; o++) {
      const p = x + ((o * r) << 2);
      let best = load<f32>(p), bi: i32 = 0;
      let k: usize = 1;
      if (r >= 8) {
        // two sets of four lanes (k mod 8) so that the compare/select chains of consecutive vectors overlap
        let b0 = v128.load(p), i0 = i32x4(0, 1, 2, 3), b1 = v128.load(p, 16), i1 = i32x4(4, 5, 6, 7);
        let cur = i0;
        for (k = 8; k + 8 <= r; k += 8) {
          const v0 = v128.load(p + (k << 2)), v1 = v128.load(p + (k << 2), 16);
          cur = i32x4.add(cur, i32x4.splat(8));
          const m0 = takes(isMax, v0, b0), m1 = takes(isMax, v1, b1);
          b0 = v128.bitselect(v0, b0, m0); i0 = v128.bitselect(cur, i0, m0);
          b1 = v128.bitselect(v1, b1, m1); i1 = v128.bitselect(i32x4.add(cur, i32x4.splat(4)), i1, m1);
        }
        const t = better(isMax, b1, i1, b0, i0);
        b0 = v128.bitselect(b1, b0, t); i0 = v128.bitselect(i1, i0, t);
        best = f32x4.extract_lane(b0, 0); bi = i32x4.extract_lane(i0, 0);
        let v = f32x4.extract_lane(b0, 1), vi = i32x4.extract_lane(i0, 1);
        if (beats(isMax, v, vi, best, bi)) { best = v; bi = vi; }
        v = f32x4.extract_lane(b0, 2); vi = i32x4.extract_lane(i0, 2);
        if (beats(isMax, v, vi, best, bi)) { best = v; bi = vi; }
        v = f32x4.extract_lane(b0, 3); vi = i32x4.extract_lane(i0, 3);
        if (beats(isMax, v, vi, best, bi)) { best = v; bi = vi; }
      }
      for (; k < r && best == best; k++) {
        const v = load<f32>(p + (k << 2));
        if (takes1(isMax, v, best)) { best = v; bi = <i32>k; }
      }
      store<f32>(values + (o << 2), best);
      store<i32>(indices + (o << 2), bi);
    }
    return;
  }
  const step = inner << 2;
  for (let o: usize = 0; o < outer; o++) {
    const base = x + ((o * r * inner) << 2), q0 = (o * inner) << 2;
    let j: usize = 0;
    for (; j + 8 <= inner; j += 8) {
      let p = base + (j << 2);
      let b0 = v128.load(p), b1 = v128.load(p, 16), i0 = i32x4.splat(0), i1 = i0;
      for (let k: usize = 1; k < r; k++) {
        p += step;
        const v0 = v128.load(p), v1 = v128.load(p, 16), kv = i32x4.splat(<i32>k);
        const m0 = takes(isMax, v0, b0), m1 = takes(isMax, v1, b1);
        b0 = v128.bitselect(v0, b0, m0); i0 = v128.bitselect(kv, i0, m0);
        b1 = v128.bitselect(v1, b1, m1); i1 = v128.bitselect(kv, i1, m1);
      }
      const q = q0 + (j << 2);
      v128.store(values + q, b0); v128.store(values + q, b1, 16);
      v128.store(indices + q, i0); v128.store(indices + q, i1, 16);
    }
    for (; j + 4 <= inner; j += 4) {
      let p = base + (j << 2);
      let bv = v128.load(p), iv = i32x4.splat(0);
      for (let k: usize = 1; k < r; k++) {
        p += step;
        const v = v128.load(p);
        const m = takes(isMax, v, bv);
        bv = v128.bitselect(v, bv, m);
        iv = v128.bitselect(i32x4.splat(<i32>k), iv, m);
      }
      v128.store(values + q0 + (j << 2), bv);
      v128.store(indices + q0 + (j << 2), iv);
    }
    for (; j < inner; j++) {
      let p = base + (j << 2);
      let best = load<f32>(p), bi: i32 = 0;
      for (let k: usize = 1; k < r && best == best; k++) {
        p += step;
        const v = load<f32>(p);
        if (takes1(isMax, v, best)) { best = v; bi = <i32>k; }
      }
      store<f32>(values + q0 + (j << 2), best);
      store<i32>(indices + q0 + (j << 2), bi);
    }
  }
}

/** max along the axis, with the index of the first maximum (NaN wins). */
export function f32_max_axis__simd(outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  argext(true, outer, r, inner, x, values, indices);
}
/** min along the axis, with the index of the first minimum (NaN wins). */
export function f32_min_axis__simd(outer: usize, r: usize, inner: usize, x: usize, values: usize, indices: usize): void {
  argext(false, outer, r, inner, x, values, indices);
}
