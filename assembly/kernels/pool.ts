// Pooling over planes of up to 3 spatial dims (1-D/2-D pools pass size-1 leading dims): max, average, adaptive, unpool.
// `desc` points at i32 words [planes, ID, IH, IW, OD, OH, OW, kD, kH, kW, sD, sH, sW, pD, pH, pW, dD, dH, dW,
// countIncludePad, divisorOverride] (adaptive kernels read only the first 7). Indices are flat positions in a plane.
// Windows are PyTorch's; the caller guarantees every max window holds at least one real element.
import { binEnd, binStart, descWord as w, maxWindow, spreadWindow, sumWindow } from "../lib/pool";

/** out[p, o] = max of x over window o of plane p (padding is −∞; a NaN wins), idx = its flat position (first max). */
export function f32_max_pool__scalar(desc: usize, x: usize, out: usize, idx: usize): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  const kD = w(desc, 7), kH = w(desc, 8), kW = w(desc, 9), sD = w(desc, 10), sH = w(desc, 11), sW = w(desc, 12);
  const pD = w(desc, 13), pH = w(desc, 14), pW = w(desc, 15), dD = w(desc, 16), dH = w(desc, 17), dW = w(desc, 18);
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
        for (let ow = 0; ow < OW; ow++) {
          let w0 = ow * sW - pW;
          const w1 = min(w0 + (kW - 1) * dW + 1, IW);
          while (w0 < 0) w0 += dW;
          maxWindow(xp, d0, d1, dD, h0, h1, dH, w0, w1, dW, IH, IW, out + (o << 2), idx + (o << 2));
          o++;
        }
      }
    }
  }
}

/** out[p, o] = Σ x over window o / divisor (window clipped to the padded extent; divisor per countIncludePad/override). */
export function f32_avg_pool__scalar(desc: usize, x: usize, out: usize): void {
  avgPool(desc, x, out, false);
}

/** gx[p, i] = Σ over windows o holding i of g[p, o] / divisor(o)  (d avg / dx: each window spreads its gradient). */
export function f32_avg_pool_bwd__scalar(desc: usize, g: usize, gx: usize): void {
  avgPool(desc, g, gx, true);
}

// @ts-ignore: decorator
@inline function avgPool(desc: usize, src: usize, dst: usize, bwd: bool): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  const kD = w(desc, 7), kH = w(desc, 8), kW = w(desc, 9), sD = w(desc, 10), sH = w(desc, 11), sW = w(desc, 12);
  const pD = w(desc, 13), pH = w(desc, 14), pW = w(desc, 15), includePad = w(desc, 19) != 0, divOverride = w(desc, 20);
  const inPlane = <usize>(ID * IH * IW);
  if (bwd) memory.fill(dst, 0, (<usize>planes * inPlane) << 2);
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
        for (let ow = 0; ow < OW; ow++) {
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
          o++;
        }
      }
    }
  }
}

/** out[p, o] = max of x over adaptive bin o = [⌊o·I/O⌋, ⌈(o+1)·I/O⌉) per dim (a NaN wins), idx = its flat position. */
export function f32_adaptive_max_pool__scalar(desc: usize, x: usize, out: usize, idx: usize): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = x + ((<usize>p * <usize>(ID * IH * IW)) << 2);
    for (let od = 0; od < OD; od++) {
      const d0 = binStart(od, ID, OD), d1 = binEnd(od, ID, OD);
      for (let oh = 0; oh < OH; oh++) {
        const h0 = binStart(oh, IH, OH), h1 = binEnd(oh, IH, OH);
        for (let ow = 0; ow < OW; ow++) {
          maxWindow(xp, d0, d1, 1, h0, h1, 1, binStart(ow, IW, OW), binEnd(ow, IW, OW), 1, IH, IW, out + (o << 2), idx + (o << 2));
          o++;
        }
      }
    }
  }
}

/** out[p, o] = mean of x over adaptive bin o. */
export function f32_adaptive_avg_pool__scalar(desc: usize, x: usize, out: usize): void {
  adaptiveAvg(desc, x, out, false);
}

/** gx[p, i] = Σ over bins o holding i of g[p, o] / |bin o|  (d mean / dx). */
export function f32_adaptive_avg_pool_bwd__scalar(desc: usize, g: usize, gx: usize): void {
  adaptiveAvg(desc, g, gx, true);
}

// @ts-ignore: decorator
@inline function adaptiveAvg(desc: usize, src: usize, dst: usize, bwd: bool): void {
  const planes = w(desc, 0), ID = w(desc, 1), IH = w(desc, 2), IW = w(desc, 3), OD = w(desc, 4), OH = w(desc, 5), OW = w(desc, 6);
  const inPlane = <usize>(ID * IH * IW);
  if (bwd) memory.fill(dst, 0, (<usize>planes * inPlane) << 2);
  let o: usize = 0;
  for (let p = 0; p < planes; p++) {
    const xp = (bwd ? dst : src) + ((<usize>p * inPlane) << 2);
    for (let od = 0; od < OD; od++) {
      const d0 = binStart(od, ID, OD), d1 = binEnd(od, ID, OD);
      for (let oh = 0; oh < OH; oh++) {
        const h0 = binStart(oh, IH, OH), h1 = binEnd(oh, IH, OH);
        for (let ow = 0; ow < OW; ow++) {
          const w0 = binStart(ow, IW, OW), w1 = binEnd(ow, IW, OW);
          const count = <f32>((d1 - d0) * (h1 - h0) * (w1 - w0));
          if (bwd) spreadWindow(xp, d0, d1, h0, h1, w0, w1, IH, IW, load<f32>(src + (o << 2)) / count);
          else store<f32>(dst + (o << 2), sumWindow(xp, d0, d1, h0, h1, w0, w1, IH, IW) / count);
          o++;
        }
      }
    }
  }
}

/** out[p, :] = 0, then out[p, idx[p, i]] = x[p, i]  (max_unpool: indices already checked to lie in [0, outSize)). */
export function f32_max_unpool__scalar(planes: usize, inSize: usize, outSize: usize, x: usize, idx: usize, out: usize): void {
  memory.fill(out, 0, (planes * outSize) << 2);
  for (let p: usize = 0; p < planes; p++) {
    const op = out + ((p * outSize) << 2);
    for (let i: usize = 0; i < inSize; i++) {
      const q = (p * inSize + i) << 2;
      store<f32>(op + (<usize>load<i32>(idx + q) << 2), load<f32>(x + q));
    }
  }
}
