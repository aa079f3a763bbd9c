// Convolution data movement, reference (__scalar) variants: im2col and its adjoint col2im over N-d (≤ 3-D) geometries.
// Pointers are byte addresses; `desc` points at a ConvDesc (assembly/lib/conv.ts); positions count elements.
import { walkColumns } from "../lib/conv";

@unmanaged class Im2col {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32): void {
    let j = 0;
    for (; j < z0; j++) store<u32>(col + (<usize>j << 2), 0);
    for (let v = 0; v < nv; v++, j++) store<u32>(col + (<usize>j << 2), load<u32>(src + (<usize>(v * s) << 2)));
    for (; j < n; j++) store<u32>(col + (<usize>j << 2), 0);
  }
}

@unmanaged class Col2im {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32): void {
    const c = col + (<usize>z0 << 2);
    for (let v = 0; v < nv; v++) {
      const p = src + (<usize>(v * s) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(c + (<usize>v << 2)));
    }
  }
}

/**
 * im2col: col[row, l − l0] = x[c, id, ih, iw] (0 where that lies in the padding) for the rows (c, kd, kh, kw) and the
 * flat output positions l in [l0, l1), id = od·sD − pD + kd·dD and likewise for ih, iw. x is one image
 * [C, iD, iH, iW]; col is [C·kD·kH·kW, l1 − l0]. Bit copies (32-bit elements).
 */
export function x32_im2col__scalar(desc: usize, l0: i32, l1: i32, x: usize, col: usize): void {
  walkColumns<Im2col>(changetype<Im2col>(0), desc, l0, l1, x, col);
}

/**
 * col2im, the adjoint of im2col: x[c, id, ih, iw] += col[row, l − l0] for every column element that im2col would
 * have read from x (padding elements are dropped). Rows are added in order, so each x element sums its
 * contributions in row order. x is accumulated into (zero it first for a plain col2im).
 */
export function f32_col2im__scalar(desc: usize, l0: i32, l1: i32, col: usize, x: usize): void {
  walkColumns<Col2im>(changetype<Col2im>(0), desc, l0, l1, x, col);
}
