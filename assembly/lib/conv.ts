// Convolution geometry and the im2col/col2im walk shared by every variant (inlined; not exported from the builds).

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
 * (c, kd, kh, kw) in that order, each l1 − l0 elements long, element (row, l) reading input element
 * x[c, od·sD − pD + kd·dD, oh·sH − pH + kh·dH, ow·sW − pW + kw·dW] (padding outside the input). Calls op.segment once
 * per (row, output row) run: `op.segment(col, n, z0, nv, src, s)` gets a run of n column elements at byte address col,
 * whose first z0 are padding, the next nv pair with col[z0 + j] ↔ x[src + j·s] (src a byte address, s in elements)
 * and the rest are padding again. So `op` (an @unmanaged class, dispatched statically) decides between copying
 * (im2col) and accumulating (col2im).
 */
// @ts-ignore: decorator
@inline export function walkColumns<Op>(op: Op, desc: usize, l0: i32, l1: i32, x: usize, col: usize): void {
  const g = changetype<ConvDesc>(desc);
  const oW = g.oW, oH = g.oH, iW = g.iW, iH = g.iH, iD = g.iD, sW = g.sW;
  if (l1 <= l0 || oW <= 0) return;
  const len = l1 - l0, rowBytes = <usize>len << 2;
  const r0 = l0 / oW, r1 = (l1 + oW - 1) / oW; // output rows (od, oh) the chunk touches
  const plane = <usize>iD * iH * iW;
  let dst = col;
  for (let c = 0; c < g.C; c++) {
    const xc = x + ((<usize>c * plane) << 2);
    for (let kd = 0; kd < g.kD; kd++) {
      for (let kh = 0; kh < g.kH; kh++) {
        for (let kw = 0; kw < g.kW; kw++) {
          const offW = kw * g.dW - g.pW;
          // ow with 0 <= ow·sW + offW < iW
          const lo = offW >= 0 ? 0 : (sW - 1 - offW) / sW;
          const hi = iW - 1 - offW < 0 ? 0 : (iW - 1 - offW) / sW + 1;
          for (let r = r0; r < r1; r++) {
            const od = r / oH, oh = r - od * oH;
            const id = od * g.sD - g.pD + kd * g.dD, ih = oh * g.sH - g.pH + kh * g.dH;
            const a = max(l0 - r * oW, 0), b = min(oW, l1 - r * oW); // this row's ow range within the chunk
            const seg = dst + ((<usize>(r * oW + a - l0)) << 2), n = b - a;
            if (id < 0 || id >= iD || ih < 0 || ih >= iH) {
              op.segment(seg, n, n, 0, 0, sW);
              continue;
            }
            const v0 = max(a, lo), v1 = min(b, hi);
            const nv = max(v1 - v0, 0);
            const src = nv > 0 ? xc + ((<usize>((id * iH + ih) * iW + v0 * sW + offW)) << 2) : 0;
            op.segment(seg, n, min(max(v0 - a, 0), n), nv, src, sW);
          }
          dst += rowBytes;
        }
      }
    }
  }
}
