// 128-bit SIMD pooling: 4 adjacent output columns at once where their windows lie inside the row and the column
// stride is 1 or 2 (a stride-2 row is two loads and an even-lane shuffle); other columns take the scalar path. Each lane
// scans its window in the reference's order (d, h, w), so values, indices and f32 sums equal the __scalar kernels'.
// Measured on this machine (2 shared cores; best of 20 runs, op level, simd vs scalar build) on [16, 32, 32, 32]:
// maxPool2d k2 s2 2.9–3.1 → 0.28–0.31 ms, k3 s2 p1 4.3–8.8 → 1.4–1.6 ms; avgPool2d k2 s2 0.9–1.0 → 0.24–0.25 ms, k3 s1 p1
// 4.5–8.8 → 1.7–1.9 ms; avgPool2d k2 s2 forward + backward 1.9–2.0 → 0.44–0.49 ms.
import { descWord as w, maxWindow, spreadWindow, sumWindow } from "../lib/pool";

/** Columns c, c + sW, c + 2sW, c + 3sW of a row for sW ∈ {1, 2} (reads columns c … c + 3sW, no further). */
// @ts-ignore: decorator
@inline function lanes(at: usize, sW: i32): v128 {
  if (sW == 1) return v128.load(at);
  return v128.shuffle<f32>(v128.load(at), v128.load(at, 12), 0, 2, 5, 7);
}

/** The last output column at which 4 outputs can start: their windows must end inside the row (−1 if none). */
// @ts-ignore: decorator
@inline function lastVectorColumn(IW: i32, kW: i32, sW: i32, pW: i32, dW: i32): i32 {
  // a group at ow reads up to column ow·sW − pW + (kW − 1)·dW + 3·sW, which must be < IW
  const room = IW - 1 - (kW - 1) * dW - 3 * sW + pW;
  return room < 0 ? -1 : room / sW;
}

/** f32_max_pool__scalar with 4 output columns per step. */
export function f32_max_pool__simd(desc: usize, x: usize, out: usize, idx: usize): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  const kD = w(desc, 7), kH = w(desc, 8), kW = w(desc, 9), sD = w(desc, 10), sH = w(desc, 11), sW = w(desc, 12);
  const pD = w(desc, 13), pH = w(desc, 14), pW = w(desc, 15), dD = w(desc, 16), dH = w(desc, 17), dW = w(desc, 18);
  const vecLo = sW <= 2 ? (pW + sW - 1) / sW : OW, vecHi = sW <= 2 ? min(lastVectorColumn(IW, kW, sW, pW, dW), OW - 4) : -1;
  const laneStep = i32x4(0, sW, 2 * sW, 3 * sW);
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = x + ((<usize>p * <usize>(ID * IH * IW)) << 2);
    for (let od = 0; od < OD; od++) {
      let d0 = od * sD - pD;
      const d1 = min(d0 + (kD - 1) * dD + 1, ID);
      while (d0 < 0) d0 += dD;
      for (let oh = 0; oh < OH; oh++) {
        let h0 = oh * sH - pH;
        const h1 = min(h0 + (kH - 1) * dH + 1, IH);
        while (h0 < 0) h0 += dH;
        let ow = 0;
        while (ow < OW) {
          if (ow >= vecLo && ow <= vecHi) {
            const c0 = ow * sW - pW;
            let best = f32x4.splat(-Infinity);
            let at = i32x4.add(i32x4.splat((d0 * IH + h0) * IW + c0), laneStep);
            for (let d = d0; d < d1; d += dD) {
              for (let h = h0; h < h1; h += dH) {
                const row = (d * IH + h) * IW + c0;
                for (let kw = 0; kw < kW; kw++) {
                  const c = row + kw * dW;
                  const v = lanes(xp + (<usize>c << 2), sW);
                  const take = v128.or(f32x4.gt(v, best), f32x4.ne(v, v));
                  best = v128.bitselect(v, best, take);
                  at = v128.bitselect(i32x4.add(i32x4.splat(c), laneStep), at, take);
                }
              }
            }
            v128.store(out + (o << 2), best);
            v128.store(idx + (o << 2), at);
            ow += 4;
            o += 4;
          } else {
            let w0 = ow * sW - pW;
            const w1 = min(w0 + (kW - 1) * dW + 1, IW);
            while (w0 < 0) w0 += dW;
            maxWindow(xp, d0, d1, dD, h0, h1, dH, w0, w1, dW, IH, IW, out + (o << 2), idx + (o << 2));
            ow++;
            o++;
          }
        }
      }
    }
  }
}

/** f32_avg_pool__scalar with 4 output columns per step (their windows are whole in W, so they share one divisor). */
export function f32_avg_pool__simd(desc: usize, x: usize, out: usize): void {
  avgPool(desc, x, out, false);
}

/**
 * f32_avg_pool_bwd__scalar with 4 output columns per step when kW = sW = 2 (PyTorch's usual 2×2/2 pooling): the
 * windows are disjoint in W, so every input column gets at most one of the 4 deltas and the reference's order holds.
 */
export function f32_avg_pool_bwd__simd(desc: usize, g: usize, gx: usize): void {
  avgPool(desc, g, gx, true);
}

// @ts-ignore: decorator
@inline function avgPool(desc: usize, src: usize, dst: usize, bwd: bool): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  const kD = w(desc, 7), kH = w(desc, 8), kW = w(desc, 9), sD = w(desc, 10), sH = w(desc, 11), sW = w(desc, 12);
  const pD = w(desc, 13), pH = w(desc, 14), pW = w(desc, 15), includePad = w(desc, 19) != 0, divOverride = w(desc, 20);
  const inPlane = <usize>(ID * IH * IW);
  if (bwd) memory.fill(dst, 0, (<usize>planes * inPlane) << 2);
  const vector = bwd ? kW == 2 && sW == 2 : sW <= 2;
  const vecLo = vector ? (pW + sW - 1) / sW : OW, vecHi = vector ? min(lastVectorColumn(IW, kW, sW, pW, 1), OW - 4) : -1;
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = (bwd ? dst : src) + ((<usize>p * inPlane) << 2);
    for (let od = 0; od < OD; od++) {
      let d0 = od * sD - pD, d1 = min(d0 + kD, ID + pD);
      const nd = d1 - d0;
      d0 = max(d0, 0);
      d1 = min(d1, ID);
      for (let oh = 0; oh < OH; oh++) {
        let h0 = oh * sH - pH, h1 = min(h0 + kH, IH + pH);
        const nh = h1 - h0;
        h0 = max(h0, 0);
        h1 = min(h1, IH);
        let ow = 0;
        while (ow < OW) {
          if (ow >= vecLo && ow <= vecHi && d0 < d1 && h0 < h1) {
            const c0 = ow * sW - pW;
            const divisor = f32x4.splat(<f32>(divOverride != 0 ? divOverride : includePad ? nd * nh * kW : (d1 - d0) * (h1 - h0) * kW));
            if (bwd) {
              // columns c0 … c0 + 7 get the deltas a a b b c c d d
              const delta = f32x4.div(v128.load(src + (o << 2)), divisor);
              const lo = v128.shuffle<f32>(delta, delta, 0, 0, 1, 1), hi = v128.shuffle<f32>(delta, delta, 2, 2, 3, 3);
              for (let d = d0; d < d1; d++) {
                for (let h = h0; h < h1; h++) {
                  const at = xp + (<usize>((d * IH + h) * IW + c0) << 2);
                  v128.store(at, f32x4.add(v128.load(at), lo));
                  v128.store(at, f32x4.add(v128.load(at, 16), hi), 16);
                }
              }
            } else {
              let s = f32x4.splat(0);
              for (let d = d0; d < d1; d++) {
                for (let h = h0; h < h1; h++) {
                  const row = (d * IH + h) * IW + c0;
                  for (let kw = 0; kw < kW; kw++) s = f32x4.add(s, lanes(xp + (<usize>(row + kw) << 2), sW));
                }
              }
              v128.store(dst + (o << 2), f32x4.div(s, divisor));
            }
            ow += 4;
            o += 4;
          } else {
            let w0 = ow * sW - pW, w1 = min(w0 + kW, IW + pW);
            const nw = w1 - w0;
            w0 = max(w0, 0);
            w1 = min(w1, IW);
            if (d0 >= d1 || h0 >= h1 || w0 >= w1) {
              if (!bwd) store<f32>(dst + (o << 2), 0);
            } else {
              const divisor = <f32>(divOverride != 0 ? divOverride : includePad ? nd * nh * nw : (d1 - d0) * (h1 - h0) * (w1 - w0));
              if (bwd) spreadWindow(xp, d0, d1, h0, h1, w0, w1, IH, IW, load<f32>(src + (o << 2)) / divisor);
              else store<f32>(dst + (o << 2), sumWindow(xp, d0, d1, h0, h1, w0, w1, IH, IW) / divisor);
            }
            ow++;
            o++;
          }
        }
      }
    }
  }
}
