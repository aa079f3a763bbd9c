// Convolution kernels, reference (__scalar) variants: im2col and its adjoint col2im over N-d (≤ 3-D) geometries, and
// the direct depthwise convolution (one input channel per group) with its two gradients.
// Pointers are byte addresses; `desc` points at a ConvDesc (assembly/lib/conv.ts); positions count elements.
import { ConvDesc, walkColumns, walkPadded } from "../lib/conv";

@unmanaged class Im2col {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32, _aux: usize): void {
    let j = 0;
    for (; j < z0; j++) store<u32>(col + (<usize>j << 2), 0);
    for (let v = 0; v < nv; v++, j++) store<u32>(col + (<usize>j << 2), load<u32>(src + (<usize>(v * s) << 2)));
    for (; j < n; j++) store<u32>(col + (<usize>j << 2), 0);
  }
}

@unmanaged class Col2im {
  // @ts-ignore: decorator
  @inline segment(col: usize, _n: i32, z0: i32, nv: i32, src: usize, s: i32, _aux: usize): void {
    const c = col + (<usize>z0 << 2);
    for (let v = 0; v < nv; v++) {
      const p = src + (<usize>(v * s) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(c + (<usize>v << 2)));
    }
  }
}

/** y[l] += Σ_k w[k]·x[tap k of l] over one output plane, taps in order, on the zero-padded input. */
@unmanaged class PaddedForward {
  // @ts-ignore: decorator
  @inline plane(desc: usize, y: usize, x: usize, w: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oD = g.oD, oH = g.oH, oW = g.oW, kD = g.kD, kH = g.kH, kW = g.kW;
    const sD = g.sD, sH = g.sH, sW = g.sW, dD = g.dD, dH = g.dH, dW = g.dW;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        const yRow = y + ((<usize>((od * oH + oh) * oW)) << 2);
        for (let ow = 0; ow < oW; ow++) {
          let acc = load<f32>(yRow + (<usize>ow << 2)), k = 0;
          for (let kd = 0; kd < kD; kd++) {
            for (let kh = 0; kh < kH; kh++) {
              const r = x + ((<usize>(((od * sD + kd * dD) * Hp + oh * sH + kh * dH) * Wp + ow * sW)) << 2);
              for (let kw = 0; kw < kW; kw++, k++) acc += load<f32>(w + (<usize>k << 2)) * load<f32>(r + (<usize>(kw * dW) << 2));
            }
          }
          store<f32>(yRow + (<usize>ow << 2), acc);
        }
      }
    }
  }
}

/** dw[k] += Σ_l dy[l]·x[tap k of l] for each tap over one output plane (the plane's sum first, then added). */
@unmanaged class PaddedWeight {
  // @ts-ignore: decorator
  @inline plane(desc: usize, dy: usize, x: usize, dw: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oD = g.oD, oH = g.oH, oW = g.oW, kD = g.kD, kH = g.kH, kW = g.kW;
    const sD = g.sD, sH = g.sH, sW = g.sW, dD = g.dD, dH = g.dH, dW = g.dW;
    let k = 0;
    for (let kd = 0; kd < kD; kd++) {
      for (let kh = 0; kh < kH; kh++) {
        for (let kw = 0; kw < kW; kw++, k++) {
          let acc: f32 = 0;
          for (let od = 0; od < oD; od++) {
            for (let oh = 0; oh < oH; oh++) {
              const g0 = dy + ((<usize>((od * oH + oh) * oW)) << 2);
              const r = x + ((<usize>(((od * sD + kd * dD) * Hp + oh * sH + kh * dH) * Wp + kw * dW)) << 2);
              for (let ow = 0; ow < oW; ow++) acc += load<f32>(g0 + (<usize>ow << 2)) * load<f32>(r + (<usize>(ow * sW) << 2));
            }
          }
          const p = dw + (<usize>k << 2);
          store<f32>(p, load<f32>(p) + acc);
        }
      }
    }
  }
}

/**
 * The input gradient's scatter over one output plane into the zero-started padded plane: for each output row, tap and
 * position in that order, x[tap of l] += w[k]·dy[l]; then the padded plane's input part is added to dx row by row.
 */
@unmanaged class PaddedInput {
  // @ts-ignore: decorator
  @inline plane(desc: usize, dy: usize, x: usize, w: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oD = g.oD, oH = g.oH, oW = g.oW, kD = g.kD, kH = g.kH, kW = g.kW;
    const sD = g.sD, sH = g.sH, sW = g.sW, dD = g.dD, dH = g.dH, dW = g.dW;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        const g0 = dy + ((<usize>((od * oH + oh) * oW)) << 2);
        let k = 0;
        for (let kd = 0; kd < kD; kd++) {
          for (let kh = 0; kh < kH; kh++) {
            for (let kw = 0; kw < kW; kw++, k++) {
              const wv = load<f32>(w + (<usize>k << 2));
              const r = x + ((<usize>(((od * sD + kd * dD) * Hp + oh * sH + kh * dH) * Wp + kw * dW)) << 2);
              for (let ow = 0; ow < oW; ow++) {
                const p = r + (<usize>(ow * sW) << 2);
                store<f32>(p, load<f32>(p) + wv * load<f32>(g0 + (<usize>ow << 2)));
              }
            }
          }
        }
      }
    }
  }
}

/**
 * im2col: col[row, l − l0] = x[c, id, ih, iw] (0 where that lies in the padding) for the rows (c, kd, kh, kw) and the
 * flat output positions l in [l0, l1), id = od·sD − pD + kd·dD and likewise for ih, iw. x is one image
 * [C, iD, iH, iW]; col is [C·kD·kH·kW, l1 − l0] with rows ld ≥ l1 − l0 elements apart (so several images' columns can
 * sit side by side). Bit copies (32-bit elements).
 */
export function x32_im2col__scalar(desc: usize, l0: i32, l1: i32, ld: i32, x: usize, col: usize): void {
  walkColumns<Im2col>(changetype<Im2col>(0), desc, changetype<ConvDesc>(desc).C, l0, l1, x, col, <usize>ld << 2, 0);
}

/**
 * col2im, the adjoint of im2col: x[c, id, ih, iw] += col[row, l − l0] (rows ld elements apart) for every column
 * element that im2col would have read from x (padding elements are dropped). Rows are added in order, so each x element sums its
 * contributions in row order. x is accumulated into (zero it first for a plain col2im).
 */
export function f32_col2im__scalar(desc: usize, l0: i32, l1: i32, ld: i32, col: usize, x: usize): void {
  walkColumns<Col2im>(changetype<Col2im>(0), desc, changetype<ConvDesc>(desc).C, l0, l1, x, col, <usize>ld << 2, 0);
}

/**
 * Direct depthwise convolution: y[i, o, l] += Σ_k w[o, k]·x[i, o / mult, pos(l, k)] for n images, o < C·mult
 * (C = desc.C input channels, each feeding `mult` output channels), taps k in (kd, kh, kw) order, each product added
 * one at a time; padding positions contribute w·0 as in im2col. x [n, C, in…], w [C·mult, K], y [n, C·mult, out…]
 * accumulated into (initialise it with the bias or zeros). scratch: paddedPlane(desc) elements (the zero-padded
 * input plane, see assembly/lib/conv.ts).
 */
export function f32_dwconv__scalar(desc: usize, n: i32, mult: i32, x: usize, w: usize, y: usize, scratch: usize): void {
  walkPadded<PaddedForward>(changetype<PaddedForward>(0), false, desc, n, mult, x, y, w, scratch);
}

/**
 * Input gradient of f32_dwconv: dx[i, c, p] += Σ w[o, k]·dy[i, o, l] over the (o, l, k) that read x[i, c, p], summed
 * from zero in (o, output row, k, ow) order in a padded plane (what falls on the padding is dropped), then added to dx.
 * dy [n, C·mult, out…], w [C·mult, K], dx [n, C, in…] accumulated into; scratch as for f32_dwconv.
 */
export function f32_dwconv_dx__scalar(desc: usize, n: i32, mult: i32, dy: usize, w: usize, dx: usize, scratch: usize): void {
  walkPadded<PaddedInput>(changetype<PaddedInput>(0), true, desc, n, mult, dx, dy, w, scratch);
}

/**
 * Weight gradient of f32_dwconv: dw[o, k] += Σ_{i, l} dy[i, o, l]·x[i, o / mult, pos(l, k)] (padding as 0), summed
 * per image over the output plane and then added to dw. x [n, C, in…], dy [n, C·mult, out…], dw [C·mult, K] accumulated into;
 * scratch as for f32_dwconv.
 */
export function f32_dwconv_dw__scalar(desc: usize, n: i32, mult: i32, x: usize, dy: usize, dw: usize, scratch: usize): void {
  walkPadded<PaddedWeight>(changetype<PaddedWeight>(0), false, desc, n, mult, x, dy, dw, scratch);
}
