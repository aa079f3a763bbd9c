// Convolution geometry and the im2col/col2im walk shared by every variant (inlined; not exported from the builds).

/** Elements per plane of the input and of the output, and kernel taps, of a geometry. */
// @ts-ignore: decorator
@inline export function inPlane(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.iD * g.iH * g.iW; }
// @ts-ignore: decorator
@inline export function outPlane(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.oD * g.oH * g.oW; }
// @ts-ignore: decorator
@inline export function taps(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.kD * g.kH * g.kW; }

/**
 * Runs walkColumns with one input plane at a time for the direct (depthwise) kernels: for each image i < n, input
 * channel c < desc.C and multiplier m < mult (output channel o = c·mult + m), the taps of o against x's plane (i, c),
 * with col = y's plane (i, o) and aux = w's row o (K = kD·kH·kW taps). x [n, C, in…], y [n, C·mult, out…], w [C·mult, K].
 */
// @ts-ignore: decorator
@inline export function walkDirect<Op>(op: Op, desc: usize, n: i32, mult: i32, x: usize, y: usize, w: usize): void {
  const C = changetype<ConvDesc>(desc).C, P = inPlane(desc), L = outPlane(desc), K = taps(desc);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const xc = x + ((<usize>(i * C + c) * P) << 2);
      for (let m = 0; m < mult; m++) {
        const o = c * mult + m;
        walkColumns<Op>(op, desc, 1, 0, <i32>L, xc, y + ((<usize>(i * C * mult + o) * L) << 2), 0, w + ((<usize>o * K) << 2));
      }
    }
  }
}

/**
 * The geometry of an N-d convolution (1-D and 2-D as 3-D with leading extents 1), as i32 words at a byte address:
 * channels, input and output extents, kernel extents, strides, (leading) paddings and dilations, each as D, H, W.
 */
@unmanaged export class ConvDesc {
  C: i32;
  iD: i32; iH: i32; iW: i32;
  oD: i32; oH: i32; oW: i32;
  kD: i32; kH: i32; kW: i32;
  sD: i32; sH: i32; sW: i32;
  pD: i32; pH: i32; pW: i32;
  dD: i32; dH: i32; dW: i32;
}

/**
 * Walks the column matrix of flat output positions [l0, l1) (position = (od·oH + oh)·oW + ow): rows are
 * (c, kd, kh, kw) in that order for c < channels (channel planes of the input, desc's extents, one after the other), each l1 − l0 elements long, element (row, l) reading input element
 * x[c, od·sD − pD + kd·dD, oh·sH − pH + kh·dH, ow·sW − pW + kw·dW] (padding outside the input). Calls op.segment once
 * per (row, output row) run: `op.segment(col, n, z0, nv, src, s, aux)` gets a run of n column elements at byte address
 * col, whose first z0 are padding, the next nv pair with col[z0 + j] ↔ x[src + j·s] (src a byte address, s in
 * elements) and the rest are padding again; aux is the caller's `aux` plus 4 bytes per row (a per-row scalar, e.g. the
 * kernel tap's weight). Consecutive rows start rowStep bytes apart in col: (l1 − l0)·4 for a column matrix, 0 when
 * every row maps onto the same output plane (direct convolutions). `op` (an @unmanaged class, dispatched statically)
 * decides between copying (im2col), accumulating (col2im) and the direct kernels' products.
 */
// @ts-ignore: decorator
@inline export function walkColumns<Op>(op: Op, desc: usize, channels: i32, l0: i32, l1: i32, x: usize, col: usize, rowStep: usize, aux: usize): void {
  const g = changetype<ConvDesc>(desc);
  const oW = g.oW, oH = g.oH, iW = g.iW, iH = g.iH, iD = g.iD, sW = g.sW;
  if (l1 <= l0 || oW <= 0) return;
  const r0 = l0 / oW, r1 = (l1 + oW - 1) / oW; // output rows (od, oh) the chunk touches
  const od0 = r0 / oH, oh0 = r0 - od0 * oH; // the first one's coordinates (then stepped: no division per row)
  const plane = <usize>iD * iH * iW;
  let dst = col;
  for (let c = 0; c < channels; c++) {
    const xc = x + ((<usize>c * plane) << 2);
    for (let kd = 0; kd < g.kD; kd++) {
      for (let kh = 0; kh < g.kH; kh++) {
        for (let kw = 0; kw < g.kW; kw++) {
          const offW = kw * g.dW - g.pW;
          // ow with 0 <= ow·sW + offW < iW
          const lo = offW >= 0 ? 0 : (sW - 1 - offW) / sW;
          const hi = iW - 1 - offW < 0 ? 0 : (iW - 1 - offW) / sW + 1;
          for (let r = r0, od = od0, oh = oh0; r < r1; r++, oh = oh + 1 == oH ? 0 : oh + 1, od = oh == 0 ? od + 1 : od) {
            const id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
            const a = max(l0 - r * oW, 0), b = min(oW, l1 - r * oW); // this row's ow range within the chunk
            const seg = dst + ((<usize>(r * oW + a - l0)) << 2), n = b - a;
            if (id < 0 || id >= iD || ih < 0 || ih >= iH) {
              op.segment(seg, n, n, 0, 0, sW, aux);
              continue;
            }
            const v0 = max(a, lo), v1 = min(b, hi);
            const nv = max(v1 - v0, 0);
            const src = nv > 0 ? xc + ((<usize>((id * iH + ih) * iW + v0 * sW + offW)) << 2) : 0;
            op.segment(seg, n, min(max(v0 - a, 0), n), nv, src, sW, aux);
          }
          dst += rowStep;
          aux += 4;
        }
      }
    }
  }
}

/** Extent of the zero-padded input that a convolution reads along one dimension: (o − 1)·s + (k − 1)·d + 1. */
// @ts-ignore: decorator
@inline function padded(o: i32, s: i32, k: i32, d: i32): i32 {
  return (o - 1) * s + (k - 1) * d + 1;
}

/** Elements of the scratch plane walkPadded needs for a geometry: the padded input extents' product. */
// @ts-ignore: decorator
@inline export function paddedPlane(desc: usize): usize {
  const g = changetype<ConvDesc>(desc);
  return <usize>padded(g.oD, g.sD, g.kD, g.dD) * padded(g.oH, g.sH, g.kH, g.dH) * padded(g.oW, g.sW, g.kW, g.dW);
}

/**
 * Runs `op.row` over the output rows of the direct (depthwise) kernels on a zero-padded copy of each input plane: for
 * each image i < n and input channel c < desc.C the plane x[i, c] is copied into `scratch` (paddedPlane(desc)
 * elements) at offset (pD, pH, pW) with zeros around it, then for each multiplier m < mult (output channel
 * o = c·mult + m) and output row (od, oh), `op.row(desc, yRow, xRow, wRow, Hp, Wp)` gets y's row (i, o, od, oh), the
 * padded input at (od·sD, oh·sH, 0) (tap (kd, kh, kw) and position ow read xRow + ((kd·dD·Hp + kh·dH)·Wp + ow·sW +
 * kw·dW)·4, always inside the scratch) and w's row o. x [n, C, in…], y [n, C·mult, out…], w [C·mult, K].
 */
// @ts-ignore: decorator
@inline export function walkPadded<Op>(op: Op, desc: usize, n: i32, mult: i32, x: usize, y: usize, w: usize, scratch: usize): void {
  const g = changetype<ConvDesc>(desc);
  const Dp = padded(g.oD, g.sD, g.kD, g.dD), Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const C = g.C, P = inPlane(desc), L = outPlane(desc), K = taps(desc);
  // the part of the input inside the padded extents
  const cd = min(g.iD, Dp - g.pD), ch = min(g.iH, Hp - g.pH), cw = min(g.iW, Wp - g.pW);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const xc = x + ((<usize>(i * C + c) * P) << 2);
      memory.fill(scratch, 0, (<usize>Dp * Hp * Wp) << 2);
      if (cw > 0) {
        for (let id = 0; id < cd; id++) {
          for (let ih = 0; ih < ch; ih++) {
            const dst = scratch + ((<usize>(((id + g.pD) * Hp + ih + g.pH) * Wp + g.pW)) << 2);
            memory.copy(dst, xc + ((<usize>((id * g.iH + ih) * g.iW)) << 2), <usize>cw << 2);
          }
        }
      }
      for (let m = 0; m < mult; m++) {
        const o = c * mult + m;
        const yo = y + ((<usize>(i * C * mult + o) * L) << 2), wo = w + ((<usize>o * K) << 2);
        for (let od = 0; od < g.oD; od++) {
          for (let oh = 0; oh < g.oH; oh++) {
            const yRow = yo + ((<usize>((od * g.oH + oh) * g.oW)) << 2);
            const xRow = scratch + ((<usize>((od * g.sD * Hp + oh * g.sH) * Wp)) << 2);
            op.row(desc, yRow, xRow, wo, Hp, Wp);
          }
        }
      }
    }
  }
}
