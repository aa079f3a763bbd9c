// Bad input to pooling, unpooling and interpolation: rows for test/helpers/errors.ts.
import { beforeAll } from "vitest";
import { F, init, nn, ones, tensor, zeros } from "simdgrad";
import { type BadInput, badInputs } from "../helpers/errors";

beforeAll(async () => {
  await init();
});

const int = (shape: number[], ...v: number[]) => tensor(new Int32Array(v), shape);
const disposed = () => { const t = ones([1, 1, 4, 4]); t.dispose(); return t; };

const rows: BadInput[] = [
  ["maxPool2d: 2-D input", () => F.maxPool2d(ones([4, 4]), 2), /maxPool2d: input must be 3-D \[C, H, W\] or 4-D \[N, C, H, W\], got shape \[4, 4\]/],
  ["maxPool1d: 4-D input", () => F.maxPool1d(ones([1, 1, 4, 4]), 2), /maxPool1d: input must be 2-D \[C, L\] or 3-D \[N, C, L\], got shape \[1, 1, 4, 4\]/],
  ["avgPool3d: 3-D input", () => F.avgPool3d(ones([2, 4, 4]), 2), /avgPool3d: input must be 4-D \[C, D, H, W\] or 5-D \[N, C, D, H, W\], got shape \[2, 4, 4\]/],
  ["adaptiveAvgPool2d: 5-D input", () => F.adaptiveAvgPool2d(ones([1, 1, 1, 4, 4]), 2), /adaptiveAvgPool2d: input must be 3-D \[C, H, W\] or 4-D \[N, C, H, W\], got shape \[1, 1, 1, 4, 4\]/],
  ["maxPool2d: empty spatial dim", () => F.maxPool2d(zeros([1, 1, 0, 4]), 2), /maxPool2d: input's spatial dimensions must be non-zero, got shape \[1, 1, 0, 4\]/],
  ["maxPool2d: int input", () => F.maxPool2d(int([1, 2, 2], 1, 2, 3, 4), 2), /maxPool2d: input must be float32, got int32/],
  ["maxPool2d: disposed input", () => F.maxPool2d(disposed(), 2), /maxPool2d: .*disposed/],
  ["maxPool2d: kernel larger than the padded input", () => F.maxPool2d(ones([1, 1, 2, 2]), 5, { padding: 1 }),
    /maxPool2d: kernel extent 5 \(kernelSize 5, dilation 1\) is larger than the padded input 4 \(size 2 \+ 2·padding 1\) in spatial dim 0/],
  ["maxPool2d: dilated kernel larger than the input", () => F.maxPool2d(ones([1, 1, 5, 5]), 3, { dilation: [1, 3] }),
    /maxPool2d: kernel extent 7 \(kernelSize 3, dilation 3\) is larger than the padded input 5 \(size 5 \+ 2·padding 0\) in spatial dim 1/],
  ["avgPool1d: kernel larger than the input", () => F.avgPool1d(ones([1, 3]), 4), /avgPool1d: kernel extent 4 \(kernelSize 4, dilation 1\) is larger than the padded input 3/],
  ["maxPool2d: padding above half the kernel", () => F.maxPool2d(ones([1, 1, 6, 6]), 3, { padding: 2 }),
    /maxPool2d: padding must be at most half of kernelSize, got padding 2 for kernel size 3 in spatial dim 0/],
  ["avgPool2d: padding above half the kernel", () => F.avgPool2d(ones([1, 1, 6, 6]), [2, 4], { padding: [1, 3] }),
    /avgPool2d: padding must be at most half of kernelSize, got padding 3 for kernel size 4 in spatial dim 1/],
  ["maxPool2d: zero kernel", () => F.maxPool2d(ones([1, 1, 4, 4]), 0), /maxPool2d: kernelSize must be a positive integer or an array of 2 of them, got 0/],
  ["maxPool2d: kernelSize of the wrong length", () => F.maxPool2d(ones([1, 1, 4, 4]), [2, 2, 2]), /maxPool2d: kernelSize must be a positive integer or an array of 2 of them, got array of length 3/],
  ["maxPool3d: fractional kernel", () => F.maxPool3d(ones([1, 4, 4, 4]), 1.5), /maxPool3d: kernelSize must be a positive integer or an array of 3 of them, got 1.5/],
  ["maxPool2d: zero stride", () => F.maxPool2d(ones([1, 1, 4, 4]), 2, { stride: 0 }), /maxPool2d: stride must be a positive integer or an array of 2 of them, got 0/],
  ["maxPool1d: negative padding", () => F.maxPool1d(ones([1, 4]), 2, { padding: -1 }), /maxPool1d: padding must be a non-negative integer or an array of 1 of them, got -1/],
  ["maxPool2d: zero dilation", () => F.maxPool2d(ones([1, 1, 4, 4]), 2, { dilation: 0 }), /maxPool2d: dilation must be a positive integer or an array of 2 of them, got 0/],
  ["maxPool2d: ceilMode not a boolean", () => F.maxPool2d(ones([1, 1, 4, 4]), 2, { ceilMode: 1 as never }), /maxPool2d: ceilMode must be a boolean, got 1/],
  ["maxPool2d: unknown option", () => F.maxPool2d(ones([1, 1, 4, 4]), 2, { ceil_mode: true } as never),
    /maxPool2d: unknown option "ceil_mode" \(expected stride, padding, dilation, ceilMode, returnIndices\)/],
  ["avgPool1d: divisorOverride is 2-D/3-D only", () => F.avgPool1d(ones([1, 4]), 2, { divisorOverride: 2 } as never), /avgPool1d: unknown option "divisorOverride"/],
  ["avgPool2d: zero divisorOverride", () => F.avgPool2d(ones([1, 4, 4]), 2, { divisorOverride: 0 }), /avgPool2d: divisorOverride must be a non-zero integer or null, got 0/],
  ["avgPool2d: dilation is not an option", () => F.avgPool2d(ones([1, 4, 4]), 2, { dilation: 2 } as never), /avgPool2d: unknown option "dilation"/],
  ["adaptiveAvgPool2d: zero output size", () => F.adaptiveAvgPool2d(ones([1, 4, 4]), [0, 2]),
    /adaptiveAvgPool2d: outputSize must be a positive integer or an array of 2 positive integers \(or null for the input's size\), got array of length 2/],
  ["adaptiveAvgPool1d: negative output size", () => F.adaptiveAvgPool1d(ones([1, 4]), -1), /adaptiveAvgPool1d: outputSize must be a positive integer .* got -1/],
  ["adaptiveMaxPool2d: outputSize of the wrong length", () => F.adaptiveMaxPool2d(ones([1, 4, 4]), [2]), /adaptiveMaxPool2d: outputSize must be .*array of 2 positive integers/],
  ["adaptiveMaxPool2d: unknown option", () => F.adaptiveMaxPool2d(ones([1, 4, 4]), 2, { indices: true } as never), /adaptiveMaxPool2d: unknown option "indices" \(expected returnIndices\)/],

  ["maxUnpool2d: index out of range", () => F.maxUnpool2d(ones([1, 1, 2, 2]), int([1, 1, 2, 2], 0, 3, 8, 16), 2),
    /maxUnpool2d: indices must lie in \[0, 16\) \(the output plane \[4, 4\]\), got 16 at flat position 3/],
  ["maxUnpool2d: negative index", () => F.maxUnpool2d(ones([1, 2, 2]), int([1, 2, 2], 0, -1, 8, 9), 2), /maxUnpool2d: indices must lie in \[0, 16\) .* got -1 at flat position 1/],
  ["maxUnpool2d: float indices", () => F.maxUnpool2d(ones([1, 1, 2, 2]), ones([1, 1, 2, 2]), 2), /maxUnpool2d: indices must be an int32 tensor .* got float32/],
  ["maxUnpool2d: indices of another shape", () => F.maxUnpool2d(ones([1, 1, 2, 2]), int([1, 4], 0, 1, 2, 3), 2),
    /maxUnpool2d: indices must have the input's shape \[1, 1, 2, 2\], got \[1, 4\]/],
  ["maxUnpool2d: outputSize out of range", () => F.maxUnpool2d(ones([1, 1, 2, 2]), int([1, 1, 2, 2], 0, 3, 8, 15), 2, { outputSize: [6, 4] }),
    /maxUnpool2d: outputSize 6 in spatial dim 0 must lie strictly between 2 and 6/],
  ["maxUnpool2d: outputSize of the wrong length", () => F.maxUnpool2d(ones([1, 1, 2, 2]), int([1, 1, 2, 2], 0, 3, 8, 15), 2, { outputSize: [4, 4, 4] }),
    /maxUnpool2d: outputSize must be an array of 2 \(or 4\) integers, got array of length 3/],
  ["maxUnpool1d: output size not positive", () => F.maxUnpool1d(ones([1, 1, 1]), int([1, 1, 1], 0), 1, { padding: 1 }),
    /maxUnpool1d: output size \[-1\] must be positive/],
  ["maxUnpool1d: 4-D input", () => F.maxUnpool1d(ones([1, 1, 1, 2]), int([1, 1, 1, 2], 0, 1), 2), /maxUnpool1d: input must be 2-D \[C, L\] or 3-D \[N, C, L\]/],

  ["interpolate: both size and scaleFactor", () => F.interpolate(ones([1, 1, 4]), { size: 8, scaleFactor: 2 }),
    /interpolate: exactly one of size and scaleFactor must be given, got both/],
  ["interpolate: neither size nor scaleFactor", () => F.interpolate(ones([1, 1, 4]), {}), /interpolate: exactly one of size and scaleFactor must be given, got neither/],
  ["interpolate: bilinear on a 3-D input", () => F.interpolate(ones([1, 1, 4]), { size: 8, mode: "bilinear" }),
    /interpolate: mode "bilinear" needs a 4-D input \[N, C, H, W\], got shape \[1, 1, 4\]/],
  ["interpolate: linear on a 4-D input", () => F.interpolate(ones([1, 1, 4, 4]), { size: 8, mode: "linear" }), /interpolate: mode "linear" needs a 3-D input \[N, C, L\], got shape \[1, 1, 4, 4\]/],
  ["interpolate: trilinear on a 4-D input", () => F.interpolate(ones([1, 1, 4, 4]), { scaleFactor: 2, mode: "trilinear" }),
    /interpolate: mode "trilinear" needs a 5-D input \[N, C, D, H, W\], got shape \[1, 1, 4, 4\]/],
  ["interpolate: nearest on a 2-D input", () => F.interpolate(ones([3, 4]), { size: 8 }), /interpolate: mode "nearest" needs a 3-D, 4-D or 5-D input \[N, C, …\], got shape \[3, 4\]/],
  ["interpolate: unknown mode", () => F.interpolate(ones([1, 1, 4, 4]), { size: 8, mode: "bicubic" as never }),
    /interpolate: mode must be "nearest", "linear", "bilinear" or "trilinear", got "bicubic"/],
  ["interpolate: alignCorners with nearest", () => F.interpolate(ones([1, 1, 4, 4]), { size: 8, alignCorners: false }),
    /interpolate: alignCorners can only be set with the linear modes .* got mode "nearest"/],
  ["interpolate: size of the wrong length", () => F.interpolate(ones([1, 1, 4, 4]), { size: [8] }),
    /interpolate: size must be a positive integer or an array of 2 of them \(one per spatial dim\), got array of length 1/],
  ["interpolate: zero size", () => F.interpolate(ones([1, 1, 4]), { size: 0 }), /interpolate: size must be a positive integer .* got 0/],
  ["interpolate: negative scaleFactor", () => F.interpolate(ones([1, 1, 4]), { scaleFactor: -2 }), /interpolate: scaleFactor must be a positive finite number .* got -2/],
  ["interpolate: output size rounds to 0", () => F.interpolate(ones([1, 1, 4, 4]), { scaleFactor: [0.2, 1] }),
    /interpolate: output size \[0, 4\] must be positive \(input \[4, 4\] · scaleFactor \[0.2, 1\]\)/],
  ["interpolate: unknown option", () => F.interpolate(ones([1, 1, 4]), { scale_factor: 2 } as never), /interpolate: unknown option "scale_factor"/],
  ["Upsample: unknown option", () => new nn.Upsample({ align_corners: true } as never), /Upsample: unknown option "align_corners"/],
  ["MaxPool2d: unknown option", () => new nn.MaxPool2d(2, { dilations: 2 } as never), /MaxPool2d: unknown option "dilations"/],
];

badInputs(rows);
