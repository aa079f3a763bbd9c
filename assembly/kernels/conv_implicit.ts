// Convolution forward as an implicit GEMM (no column matrix), reference (__scalar) variant, and the workspace size of
// the build's variants. Pointers are byte addresses; `desc` points at a ConvDesc (assembly/lib/conv.ts).
import { ConvDesc, inPlane, outPlane, taps } from "../lib/conv";
import { layout } from "../lib/conv_implicit";

/**
 * y[i, o, l] = (accumulate ? y[i, o, l] : 0) + Σ_t w[o, t]·x[i, tap t of l] for n images, o < cout, taps
 * t = (c, kd, kh, kw) over all desc.C input channels, summed from 0 in that order, each product added one at a time;
 * padding positions contribute w·0 (as in im2col + GEMM). x [n, C, in…], w [cout, C·kD·kH·kW], y [n, cout, out…].
 * ws: f32_conv_implicit_workspace(desc, cout) bytes (unused here).
 */
export function f32_conv_implicit__scalar(desc: usize, n: i32, cout: i32, x: usize, w: usize, y: usize, accumulate: bool, ws: usize): void {
  const g = changetype<ConvDesc>(desc);
  const K = <usize>g.C * taps(desc), L = outPlane(desc), P = inPlane(desc);
  for (let i = 0; i < n; i++) {
    const xi = x + ((<usize>i * g.C * P) << 2);
    for (let o = 0; o < cout; o++) {
      let q = y + ((<usize>(i * cout + o) * L) << 2);
      for (let od = 0; od < g.oD; od++) {
        for (let oh = 0; oh < g.oH; oh++) {
          for (let ow = 0; ow < g.oW; ow++, q += 4) {
            let s: f32 = 0, wt = w + ((<usize>o * K) << 2);
            for (let c = 0; c < g.C; c++) {
              for (let kd = 0; kd < g.kD; kd++) {
                const id = od * g.sD - g.pD + kd * g.dD;
                for (let kh = 0; kh < g.kH; kh++) {
                  const ih = oh * g.sH - g.pH + kh * g.dH;
                  for (let kw = 0; kw < g.kW; kw++, wt += 4) {
                    const iw = ow * g.sW - g.pW + kw * g.dW;
                    const inside = <u32>id < <u32>g.iD && <u32>ih < <u32>g.iH && <u32>iw < <u32>g.iW;
                    const v: f32 = inside ? load<f32>(xi + ((<usize>c * P + (<usize>(id * g.iH + ih) * g.iW) + iw) << 2)) : 0;
                    s += load<f32>(wt) * v;
                  }
                }
              }
            }
            store<f32>(q, accumulate ? load<f32>(q) + s : s);
          }
        }
      }
    }
  }
}

/** Bytes of workspace the f32_conv_implicit variants of this build need (0 in the scalar build): see lib/conv_implicit.ts. */
export function f32_conv_implicit_workspace(desc: usize, cout: i32): usize {
  if (!ASC_FEATURE_SIMD) return 0;
  return layout(desc, cout, 0, false);
}
