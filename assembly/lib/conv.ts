// Convolution geometry and the im2col/col2im walk shared by every variant (inlined; not exported from the builds).

/** Elements per plane of the input and of the output, and kernel taps, of a geometry. */
// @ts-ignore: decorator
@inline export function inPlane(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.iD * g.iH * g.iW; }
// @ts-ignore: decorator
@inline export function outPlane(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.oD * g.oH * g.oW; }
// @ts-ignore: decorator
@inline export function taps(d: usize): usize { const g = changetype<ConvDesc>(d); return <usize>g.kD * g.kH * g.kW; }

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
          columnRow<Op>(op, dst, xc, l0, l1, r0, r1, od0, oh0, oH, oW, kd * g.dD - g.pD, g.sD, iD, kh * g.dH - g.pH, g.sH, iH, iW, lo, hi, offW, sW, aux);
          dst += rowStep;
          aux += 4;
        }
      }
    }
  }
}

/**
 * One row (c, kd, kh, kw) of walkColumns: the runs of output rows r0..r1 (the first at (od0, oh0)), input row
 * od·sD + offD, oh·sH + offH, valid ow in [lo, hi). A function of its own rather than inlined, so that its loop keeps
 * its values in registers.
 */
function columnRow<Op>(
  op: Op, dst: usize, xc: usize, l0: i32, l1: i32, r0: i32, r1: i32, od0: i32, oh0: i32, oH: i32, oW: i32,
  offD: i32, sD: i32, iD: i32, offH: i32, sH: i32, iH: i32, iW: i32, lo: i32, hi: i32, offW: i32, sW: i32, aux: usize,
): void {
  for (let r = r0, od = od0, oh = oh0; r < r1; r++, oh = oh + 1 == oH ? 0 : oh + 1, od = oh == 0 ? od + 1 : od) {
    const id = od * sD + offD, ih = oh * sH + offH;
    const a = max(l0 - r * oW, 0), b = min(oW, l1 - r * oW); // this row's ow range within the chunk
    const seg = dst + ((<usize>(r * oW + a - l0)) << 2), n = b - a;
    if (<u32>id >= <u32>iD || <u32>ih >= <u32>iH) { // outside the input (negative wraps around)
      op.segment(seg, n, n, 0, 0, sW, aux);
      continue;
    }
    const v0 = max(a, lo), v1 = min(b, hi);
    const nv = max(v1 - v0, 0);
    const src = nv > 0 ? xc + ((<usize>((id * iH + ih) * iW + v0 * sW + offW)) << 2) : 0;
    op.segment(seg, n, min(max(v0 - a, 0), n), nv, src, sW, aux);
  }
}

/** Extent of the zero-padded input that a convolution reads along one dimension: (o − 1)·s + (k − 1)·d + 1. */
// @ts-ignore: decorator
@inline export function padded(o: i32, s: i32, k: i32, d: i32): i32 {
  return (o - 1) * s + (k - 1) * d + 1;
}

/** Elements of the scratch plane walkPadded needs for a geometry: the padded input extents' product. */
// @ts-ignore: decorator
@inline export function paddedPlane(desc: usize): usize {
  const g = changetype<ConvDesc>(desc);
  return <usize>padded(g.oD, g.sD, g.kD, g.dD) * padded(g.oH, g.sH, g.kH, g.dH) * padded(g.oW, g.sW, g.kW, g.dW);
}

/**
 * Runs `op.plane` for the direct (depthwise) kernels on a zero-padded copy of each input plane, extents Dp×Hp×Wp
 * (paddedPlane(desc) elements of `scratch`), the input at offset (pD, pH, pW) with zeros around it. For each image
 * i < n and input channel c < desc.C: without `gradient` the plane x[i, c] is copied in first; with it the scratch
 * starts at zero and its input part is added to x[i, c] afterwards (what falls on the padding is dropped). In between,
 * for each multiplier m < mult (output channel o = c·mult + m), `op.plane(desc, yPlane, scratch, wRow, Hp, Wp)` gets
 * y's plane (i, o) and w's row o. Output position (od, oh, ow) and tap (kd, kh, kw) meet the padded input at
 * ((od·sD + kd·dD)·Hp + oh·sH + kh·dH)·Wp + ow·sW + kw·dW, always inside the scratch. x [n, C, in…],
 * y [n, C·mult, out…], w [C·mult, K].
 */
// @ts-ignore: decorator
@inline export function walkPadded<Op>(op: Op, gradient: bool, desc: usize, n: i32, mult: i32, x: usize, y: usize, w: usize, scratch: usize): void {
  const g = changetype<ConvDesc>(desc);
  const Dp = padded(g.oD, g.sD, g.kD, g.dD), Hp = padded(g.oH, g.sH, g.kH, g.dH), Wp = padded(g.oW, g.sW, g.kW, g.dW);
  const C = g.C, P = inPlane(desc), L = outPlane(desc), K = taps(desc);
  const iH = g.iH, iW = g.iW, pD = g.pD, pH = g.pH, pW = g.pW;
  // the part of the input inside the padded extents
  const cd = min(g.iD, Dp - pD), ch = min(iH, Hp - pH), cw = min(iW, Wp - pW);
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < C; c++) {
      const xc = x + ((<usize>(i * C + c) * P) << 2);
      memory.fill(scratch, 0, (<usize>Dp * Hp * Wp) << 2);
      if (!gradient && cw > 0) {
        for (let id = 0; id < cd; id++) {
          for (let ih = 0; ih < ch; ih++) {
            const dst = scratch + ((<usize>(((id + pD) * Hp + ih + pH) * Wp + pW)) << 2);
            memory.copy(dst, xc + ((<usize>((id * iH + ih) * iW)) << 2), <usize>cw << 2);
          }
        }
      }
      for (let m = 0; m < mult; m++) {
        const o = c * mult + m;
        op.plane(desc, y + ((<usize>(i * C * mult + o) * L) << 2), scratch, w + ((<usize>o * K) << 2), Hp, Wp);
      }
      if (gradient && cw > 0) {
        for (let id = 0; id < cd; id++) {
          for (let ih = 0; ih < ch; ih++) {
            const dst = xc + ((<usize>((id * iH + ih) * iW)) << 2), src = scratch + ((<usize>(((id + pD) * Hp + ih + pH) * Wp + pW)) << 2);
            for (let j = 0; j < cw; j++) {
              const q = dst + (<usize>j << 2);
              store<f32>(q, load<f32>(q) + load<f32>(src + (<usize>j << 2)));
            }
          }
        }
      }
    }
  }
}
