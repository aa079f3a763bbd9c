// Convolution kernels, 128-bit SIMD (__simd) variants of conv.ts: same signatures; vector loops along output rows for
// input strides 1 and 2. Results equal the reference bit for bit, except f32_dwconv_dw, whose dot products are summed
// in vector lanes.
import { ConvDesc, walkColumns, walkPadded } from "../lib/conv";

/** Zeros n elements at p. */
// @ts-ignore: decorator
@inline function zero(p: usize, n: i32): void {
  const z = i32x4.splat(0);
  let j = 0;
  for (; j + 4 <= n; j += 4) v128.store(p + (<usize>j << 2), z);
  for (; j < n; j++) store<u32>(p + (<usize>j << 2), 0);
}

/** x[2v], x[2v + 2], x[2v + 4], x[2v + 6] from p = &x[2v]: lanes 0, 2 of x[2v..2v+3] and 1, 3 of x[2v+3..2v+6] (never reads past 2v + 6). */
// @ts-ignore: decorator
@inline function loadEven(p: usize): v128 {
  return i32x4.shuffle(v128.load(p), v128.load(p, 12), 0, 2, 5, 7);
}

@unmanaged class Im2col {
  // @ts-ignore: decorator
  @inline segment(col: usize, n: i32, z0: i32, nv: i32, src: usize, s: i32, _aux: usize): void {
    if (n < 4 || nv < 4 || s > 2) { // short runs and strides above 2: element by element
      zero(col, z0);
      const d = col + (<usize>z0 << 2);
      for (let v = 0; v < nv; v++) store<u32>(d + (<usize>v << 2), load<u32>(src + (<usize>(v * s) << 2)));
      zero(d + (<usize>nv << 2), n - z0 - nv);
      return;
    }
    // Zero the whole run, then copy the valid part over it. Both with whole vectors, the last one overlapping the one
    // before instead of a scalar tail: short runs (small images) cost a few stores and no unpredictable tail loops.
    const z = i32x4.splat(0), last = <usize>(n - 4) << 2;
    for (let j: usize = 0; j < last; j += 16) v128.store(col + j, z);
    v128.store(col + last, z);
    const d = col + (<usize>z0 << 2), lastV = nv - 4;
    if (s == 1) {
      for (let v = 0; v < lastV; v += 4) v128.store(d + (<usize>v << 2), v128.load(src + (<usize>v << 2)));
      v128.store(d + (<usize>lastV << 2), v128.load(src + (<usize>lastV << 2)));
    } else {
      for (let v = 0; v < lastV; v += 4) v128.store(d + (<usize>v << 2), loadEven(src + (<usize>v << 3)));
      v128.store(d + (<usize>lastV << 2), loadEven(src + (<usize>lastV << 3)));
    }
  }
}

@unmanaged class Col2im {
  // @ts-ignore: decorator
  @inline segment(col: usize, _n: i32, z0: i32, nv: i32, src: usize, s: i32, _aux: usize): void {
    const c = col + (<usize>z0 << 2);
    let v = 0;
    if (s == 1) {
      for (; v + 4 <= nv; v += 4) {
        const o = <usize>v << 2;
        v128.store(src + o, f32x4.add(v128.load(src + o), v128.load(c + o)));
      }
    }
    for (; v < nv; v++) {
      const p = src + (<usize>(v * s) << 2);
      store<f32>(p, load<f32>(p) + load<f32>(c + (<usize>v << 2)));
    }
  }
}

/**
 * One output row of the direct forward kernel (see PaddedForward): a function of its own rather than inlined, so that
 * the inner loops get the registers (inlined into the plane loop they were measured 1.8× slower: spills).
 */
function forwardRow(yRow: usize, xRow: usize, w: usize, oW: i32, sW: i32, kD: i32, kH: i32, kW: i32, dDHp: i32, dHWp: i32, dW: i32, Wp: i32): void {
  const dWb = <usize>dW << 2;
  let ow = 0;
  if (sW == 1) {
    for (; ow + 8 <= oW; ow += 8) { // two vectors of outputs, every tap accumulated in registers
      const yp = yRow + (<usize>ow << 2);
      let a0 = v128.load(yp), a1 = v128.load(yp, 16), wk = w;
      for (let kd = 0; kd < kD; kd++) {
        for (let kh = 0; kh < kH; kh++) {
          let p = xRow + ((<usize>(kd * dDHp + kh * dHWp + ow)) << 2);
          for (let kw = 0; kw < kW; kw++, wk += 4, p += dWb) {
            const wv = v128.load32_splat(wk);
            a0 = f32x4.add(a0, f32x4.mul(wv, v128.load(p)));
            a1 = f32x4.add(a1, f32x4.mul(wv, v128.load(p, 16)));
          }
        }
      }
      v128.store(yp, a0); v128.store(yp, a1, 16);
    }
    for (; ow + 4 <= oW; ow += 4) {
      const yp = yRow + (<usize>ow << 2);
      let a = v128.load(yp), wk = w;
      for (let kd = 0; kd < kD; kd++) {
        for (let kh = 0; kh < kH; kh++) {
          let p = xRow + ((<usize>(kd * dDHp + kh * dHWp + ow)) << 2);
          for (let kw = 0; kw < kW; kw++, wk += 4, p += dWb) a = f32x4.add(a, f32x4.mul(v128.load32_splat(wk), v128.load(p)));
        }
      }
      v128.store(yp, a);
    }
  } else if (sW == 2) {
    for (; ow + 4 <= oW; ow += 4) {
      const yp = yRow + (<usize>ow << 2);
      let a = v128.load(yp), wk = w;
      for (let kd = 0; kd < kD; kd++) {
        for (let kh = 0; kh < kH; kh++) {
          let p = xRow + ((<usize>(kd * dDHp + kh * dHWp + 2 * ow)) << 2);
          for (let kw = 0; kw < kW; kw++, wk += 4, p += dWb) a = f32x4.add(a, f32x4.mul(v128.load32_splat(wk), loadEven(p)));
        }
      }
      v128.store(yp, a);
    }
  }
  for (; ow < oW; ow++) {
    let acc = load<f32>(yRow + (<usize>ow << 2)), k = 0;
    for (let kd = 0; kd < kD; kd++) {
      for (let kh = 0; kh < kH; kh++) {
        const r = xRow + ((<usize>(kd * dDHp + kh * dHWp + ow * sW)) << 2);
        for (let kw = 0; kw < kW; kw++, k++) acc += load<f32>(w + (<usize>k << 2)) * load<f32>(r + (<usize>(kw * dW) << 2));
      }
    }
    store<f32>(yRow + (<usize>ow << 2), acc);
  }
}

@unmanaged class PaddedForward {
  // @ts-ignore: decorator
  @inline plane(desc: usize, y: usize, x: usize, w: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oD = g.oD, oH = g.oH, oW = g.oW, kD = g.kD, kH = g.kH, kW = g.kW, sD = g.sD, sH = g.sH, sW = g.sW;
    const dDHp = g.dD * Hp * Wp, dHWp = g.dH * Wp, dW = g.dW;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        const yRow = y + ((<usize>((od * oH + oh) * oW)) << 2);
        const xRow = x + ((<usize>((od * sD * Hp + oh * sH) * Wp)) << 2); // tap (0, 0, 0) of ow = 0
        forwardRow(yRow, xRow, w, oW, sW, kD, kH, kW, dDHp, dHWp, dW, Wp);
      }
    }
  }
}

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
          // the tap's dot product over the plane: two vector accumulators (independent add chains), scalar tails
          let a0 = f32x4.splat(0), a1 = a0, acc: f32 = 0;
          for (let od = 0; od < oD; od++) {
            for (let oh = 0; oh < oH; oh++) {
              const g0 = dy + ((<usize>((od * oH + oh) * oW)) << 2);
              const r = x + ((<usize>(((od * sD + kd * dD) * Hp + oh * sH + kh * dH) * Wp + kw * dW)) << 2);
              let ow = 0;
              if (sW == 1) {
                for (; ow + 8 <= oW; ow += 8) {
                  const o = <usize>ow << 2;
                  a0 = f32x4.add(a0, f32x4.mul(v128.load(g0 + o), v128.load(r + o)));
                  a1 = f32x4.add(a1, f32x4.mul(v128.load(g0 + o, 16), v128.load(r + o, 16)));
                }
                for (; ow + 4 <= oW; ow += 4) a0 = f32x4.add(a0, f32x4.mul(v128.load(g0 + (<usize>ow << 2)), v128.load(r + (<usize>ow << 2))));
              } else if (sW == 2) {
                for (; ow + 4 <= oW; ow += 4) a0 = f32x4.add(a0, f32x4.mul(v128.load(g0 + (<usize>ow << 2)), loadEven(r + (<usize>ow << 3))));
              }
              for (; ow < oW; ow++) acc += load<f32>(g0 + (<usize>ow << 2)) * load<f32>(r + (<usize>(ow * sW) << 2));
            }
          }
          const a = f32x4.add(a0, a1);
          const sum = ((f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3))) + acc;
          const p = dw + (<usize>k << 2);
          store<f32>(p, load<f32>(p) + sum);
        }
      }
    }
  }
}

/** One output row's share of the input gradient (see PaddedInput in conv.ts): its own function, like forwardRow. */
function inputRow(dyRow: usize, xRow: usize, w: usize, oW: i32, sW: i32, kD: i32, kH: i32, kW: i32, dDHp: i32, dHWp: i32, dW: i32): void {
  let k = 0;
  for (let kd = 0; kd < kD; kd++) {
    for (let kh = 0; kh < kH; kh++) {
      for (let kw = 0; kw < kW; kw++, k++) {
        const wv = load<f32>(w + (<usize>k << 2)), ws = f32x4.splat(wv);
        const r = xRow + ((<usize>(kd * dDHp + kh * dHWp + kw * dW)) << 2);
        let ow = 0;
        if (sW == 1) {
          for (; ow + 8 <= oW; ow += 8) {
            const o = <usize>ow << 2, p = r + o, q = dyRow + o;
            v128.store(p, f32x4.add(v128.load(p), f32x4.mul(ws, v128.load(q))));
            v128.store(p, f32x4.add(v128.load(p, 16), f32x4.mul(ws, v128.load(q, 16))), 16);
          }
          for (; ow + 4 <= oW; ow += 4) {
            const o = <usize>ow << 2;
            v128.store(r + o, f32x4.add(v128.load(r + o), f32x4.mul(ws, v128.load(dyRow + o))));
          }
        }
        for (; ow < oW; ow++) {
          const p = r + (<usize>(ow * sW) << 2);
          store<f32>(p, load<f32>(p) + wv * load<f32>(dyRow + (<usize>ow << 2)));
        }
      }
    }
  }
}

@unmanaged class PaddedInput {
  // @ts-ignore: decorator
  @inline plane(desc: usize, dy: usize, x: usize, w: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oD = g.oD, oH = g.oH, oW = g.oW, sD = g.sD, sH = g.sH;
    const dDHp = g.dD * Hp * Wp, dHWp = g.dH * Wp;
    for (let od = 0; od < oD; od++) {
      for (let oh = 0; oh < oH; oh++) {
        const dyRow = dy + ((<usize>((od * oH + oh) * oW)) << 2);
        const xRow = x + ((<usize>((od * sD * Hp + oh * sH) * Wp)) << 2);
        inputRow(dyRow, xRow, w, oW, g.sW, g.kD, g.kH, g.kW, dDHp, dHWp, g.dW);
      }
    }
  }
}

/** im2col (see conv.ts); vector copies for input strides 1 and 2 along W. */
export function x32_im2col__simd(desc: usize, l0: i32, l1: i32, ld: i32, x: usize, col: usize): void {
  walkColumns<Im2col>(changetype<Im2col>(0), desc, changetype<ConvDesc>(desc).C, l0, l1, x, col, <usize>ld << 2, 0);
}

/** col2im (see conv.ts); vector adds for input stride 1 along W. */
export function f32_col2im__simd(desc: usize, l0: i32, l1: i32, ld: i32, col: usize, x: usize): void {
  walkColumns<Col2im>(changetype<Col2im>(0), desc, changetype<ConvDesc>(desc).C, l0, l1, x, col, <usize>ld << 2, 0);
}

/** Direct depthwise convolution (see conv.ts); 4 or 8 outputs of a row at a time, every tap accumulated in registers. */
export function f32_dwconv__simd(desc: usize, n: i32, mult: i32, x: usize, w: usize, y: usize, scratch: usize): void {
  walkPadded<PaddedForward>(changetype<PaddedForward>(0), false, desc, n, mult, x, y, w, scratch);
}

/** Input gradient of f32_dwconv (see conv.ts); vector multiply-adds along output rows for input stride 1. */
export function f32_dwconv_dx__simd(desc: usize, n: i32, mult: i32, dy: usize, w: usize, dx: usize, scratch: usize): void {
  walkPadded<PaddedInput>(changetype<PaddedInput>(0), true, desc, n, mult, dx, dy, w, scratch);
}

/** Weight gradient of f32_dwconv (see conv.ts); each plane's dot products in vector lanes, then added to dw. */
export function f32_dwconv_dw__simd(desc: usize, n: i32, mult: i32, x: usize, dy: usize, dw: usize, scratch: usize): void {
  walkPadded<PaddedWeight>(changetype<PaddedWeight>(0), false, desc, n, mult, x, dy, dw, scratch);
}
