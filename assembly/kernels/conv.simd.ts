// Convolution kernels, 128-bit SIMD (__simd) variants of conv.ts: same signatures; vector loops along output rows for
// input strides 1 and 2. Results equal the reference bit for bit, except f32_dwconv_dw, whose per-row dot products
// are summed in four lanes.
import { ConvDesc, walkColumns, walkDirect, walkPadded } from "../lib/conv";

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
    zero(col, z0);
    const d = col + (<usize>z0 << 2);
    let v = 0;
    if (s == 1) {
      for (; v + 8 <= nv; v += 8) {
        const o = <usize>v << 2;
        const a = v128.load(src + o), b = v128.load(src + o, 16);
        v128.store(d + o, a); v128.store(d + o, b, 16);
      }
      for (; v + 4 <= nv; v += 4) v128.store(d + (<usize>v << 2), v128.load(src + (<usize>v << 2)));
    } else if (s == 2) {
      for (; v + 4 <= nv; v += 4) v128.store(d + (<usize>v << 2), loadEven(src + (<usize>v << 3)));
    }
    for (; v < nv; v++) store<u32>(d + (<usize>v << 2), load<u32>(src + (<usize>(v * s) << 2)));
    zero(d + (<usize>nv << 2), n - z0 - nv);
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

@unmanaged class PaddedForward {
  // @ts-ignore: decorator
  @inline row(desc: usize, y: usize, x: usize, w: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oW = g.oW, sW = g.sW, dWb = <usize>g.dW << 2;
    let ow = 0;
    if (sW == 1) {
      for (; ow + 8 <= oW; ow += 8) { // two vectors of outputs, every tap accumulated in registers
        const yp = y + (<usize>ow << 2);
        let a0 = v128.load(yp), a1 = v128.load(yp, 16), wk = w;
        for (let kd = 0; kd < g.kD; kd++) {
          for (let kh = 0; kh < g.kH; kh++) {
            let p = x + ((<usize>((kd * g.dD * Hp + kh * g.dH) * Wp + ow)) << 2);
            for (let kw = 0; kw < g.kW; kw++, wk += 4, p += dWb) {
              const wv = v128.load32_splat(wk);
              a0 = f32x4.add(a0, f32x4.mul(wv, v128.load(p)));
              a1 = f32x4.add(a1, f32x4.mul(wv, v128.load(p, 16)));
            }
          }
        }
        v128.store(yp, a0); v128.store(yp, a1, 16);
      }
    }
    if (sW <= 2) {
      for (; ow + 4 <= oW; ow += 4) {
        const yp = y + (<usize>ow << 2);
        let a = v128.load(yp), wk = w;
        for (let kd = 0; kd < g.kD; kd++) {
          for (let kh = 0; kh < g.kH; kh++) {
            let p = x + ((<usize>((kd * g.dD * Hp + kh * g.dH) * Wp + ow * sW)) << 2);
            for (let kw = 0; kw < g.kW; kw++, wk += 4, p += dWb) {
              a = f32x4.add(a, f32x4.mul(v128.load32_splat(wk), sW == 1 ? v128.load(p) : loadEven(p)));
            }
          }
        }
        v128.store(yp, a);
      }
    }
    for (; ow < oW; ow++) {
      let acc = load<f32>(y + (<usize>ow << 2)), k = 0;
      for (let kd = 0; kd < g.kD; kd++) {
        for (let kh = 0; kh < g.kH; kh++) {
          const r = x + ((<usize>((kd * g.dD * Hp + kh * g.dH) * Wp + ow * sW)) << 2);
          for (let kw = 0; kw < g.kW; kw++, k++) acc += load<f32>(w + (<usize>k << 2)) * load<f32>(r + (<usize>(kw * g.dW) << 2));
        }
      }
      store<f32>(y + (<usize>ow << 2), acc);
    }
  }
}

@unmanaged class PaddedWeight {
  // @ts-ignore: decorator
  @inline row(desc: usize, dy: usize, x: usize, dw: usize, Hp: i32, Wp: i32): void {
    const g = changetype<ConvDesc>(desc);
    const oW = g.oW, sW = g.sW;
    let k = 0;
    for (let kd = 0; kd < g.kD; kd++) {
      for (let kh = 0; kh < g.kH; kh++) {
        for (let kw = 0; kw < g.kW; kw++, k++) {
          const r = x + ((<usize>((kd * g.dD * Hp + kh * g.dH) * Wp + kw * g.dW)) << 2);
          let a = f32x4.splat(0), ow = 0;
          if (sW == 1) {
            for (; ow + 4 <= oW; ow += 4) a = f32x4.add(a, f32x4.mul(v128.load(dy + (<usize>ow << 2)), v128.load(r + (<usize>ow << 2))));
          } else if (sW == 2) {
            for (; ow + 4 <= oW; ow += 4) a = f32x4.add(a, f32x4.mul(v128.load(dy + (<usize>ow << 2)), loadEven(r + (<usize>ow << 3))));
          }
          let acc = (f32x4.extract_lane(a, 0) + f32x4.extract_lane(a, 1)) + (f32x4.extract_lane(a, 2) + f32x4.extract_lane(a, 3));
          for (; ow < oW; ow++) acc += load<f32>(dy + (<usize>ow << 2)) * load<f32>(r + (<usize>(ow * sW) << 2));
          const p = dw + (<usize>k << 2);
          store<f32>(p, load<f32>(p) + acc);
        }
      }
    }
  }
}

@unmanaged class DirectInput {
  // @ts-ignore: decorator
  @inline segment(dy: usize, _n: i32, z0: i32, nv: i32, dx: usize, s: i32, w: usize): void {
    const wv = load<f32>(w), ws = f32x4.splat(wv), g = dy + (<usize>z0 << 2);
    let v = 0;
    if (s == 1) {
      for (; v + 4 <= nv; v += 4) {
        const o = <usize>v << 2;
        v128.store(dx + o, f32x4.add(v128.load(dx + o), f32x4.mul(ws, v128.load(g + o))));
      }
    }
    for (; v < nv; v++) {
      const p = dx + (<usize>(v * s) << 2);
      store<f32>(p, load<f32>(p) + wv * load<f32>(g + (<usize>v << 2)));
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

/** Direct depthwise convolution (see conv.ts); 4 or 8 outputs of a row at a time, every tap in registers. */
export function f32_dwconv__simd(desc: usize, n: i32, mult: i32, x: usize, w: usize, y: usize, scratch: usize): void {
  walkPadded<PaddedForward>(changetype<PaddedForward>(0), desc, n, mult, x, y, w, scratch);
}

/** Input gradient of f32_dwconv (see conv.ts); vector multiply-adds for input stride 1. */
export function f32_dwconv_dx__simd(desc: usize, n: i32, mult: i32, dy: usize, w: usize, dx: usize): void {
  walkDirect<DirectInput>(changetype<DirectInput>(0), desc, n, mult, dx, dy, w);
}

/** Weight gradient of f32_dwconv (see conv.ts); each row's dot product in four lanes, then added to dw. */
export function f32_dwconv_dw__simd(desc: usize, n: i32, mult: i32, x: usize, dy: usize, dw: usize, scratch: usize): void {
  walkPadded<PaddedWeight>(changetype<PaddedWeight>(0), desc, n, mult, x, dy, dw, scratch);
}
