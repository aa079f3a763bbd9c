// Gradient checks of pooling, unpooling and interpolation over odd sizes, stride ≠ kernel, dilation, ceil mode, padding
// and non-integer scale factors (max-pool inputs distinct, so no ties).
import { F, tensor } from "simdgrad";
import { checkGrad } from "../helpers/gradcheck";

const distinct = (...shape: number[]) => ({ shape, kind: "distinct" as const });

checkGrad("maxPool1d dilation, padding, ceil mode", (x) => F.maxPool1d(x, 3, { stride: 2, padding: 1, dilation: 2, ceilMode: true }), [distinct(2, 3, 13)]);
checkGrad("maxPool2d overlapping windows, odd sizes", (x) => F.maxPool2d(x, [3, 2], { stride: [2, 1], padding: [1, 0] }), [distinct(2, 2, 9, 7)]);
checkGrad("maxPool2d unbatched, ceil mode", (x) => F.maxPool2d(x, 2, { ceilMode: true }), [distinct(3, 5, 7)]);
checkGrad("maxPool3d dilation and ceil mode", (x) => F.maxPool3d(x, [2, 3, 2], { stride: [1, 2, 2], padding: [1, 1, 0], dilation: [2, 1, 1], ceilMode: true }),
  [distinct(1, 2, 5, 7, 6)]);
checkGrad("avgPool1d count excluding padding, ceil mode", (x) => F.avgPool1d(x, 4, { stride: 3, padding: 2, ceilMode: true, countIncludePad: false }), [[2, 2, 11]]);
checkGrad("avgPool2d overlapping, padding included", (x) => F.avgPool2d(x, [3, 3], { stride: [2, 1], padding: 1 }), [[1, 3, 7, 6]]);
checkGrad("avgPool2d divisorOverride, unbatched", (x) => F.avgPool2d(x, 2, { stride: 1, divisorOverride: 3 }), [[2, 5, 4]]);
checkGrad("avgPool3d ceil mode", (x) => F.avgPool3d(x, [2, 3, 3], { stride: 2, padding: [1, 1, 0], ceilMode: true, countIncludePad: false }), [[1, 1, 5, 6, 7]]);
checkGrad("adaptiveAvgPool1d uneven bins", (x) => F.adaptiveAvgPool1d(x, 4), [[2, 3, 11]]);
checkGrad("adaptiveAvgPool2d upsampling bins", (x) => F.adaptiveAvgPool2d(x, [5, 3]), [[1, 2, 3, 7]]);
checkGrad("adaptiveMaxPool2d overlapping bins", (x) => F.adaptiveMaxPool2d(x, [3, 4]), [distinct(2, 1, 7, 9)]);
checkGrad("maxUnpool2d of maxPool2d indices", (x) => {
  const [y, idx] = F.maxPool2d(tensor(Float32Array.from({ length: 2 * 49 }, (_, i) => Math.sin(i * 1.7)), [1, 2, 7, 7]), 3, { stride: 3, padding: 1, returnIndices: true });
  y.dispose();
  return F.maxUnpool2d(x, idx, 3, { stride: 3, padding: 1, outputSize: [7, 7] });
}, [[1, 2, 3, 3]]);
checkGrad("maxUnpool1d then maxPool1d", (x) => {
  const [y, idx] = F.maxPool1d(x, 2, { returnIndices: true });
  return F.maxUnpool1d(y, idx, 2, { outputSize: [9] }).mul(x);
}, [distinct(2, 9)]);
checkGrad("interpolate nearest 1-D non-integer scale", (x) => F.interpolate(x, { scaleFactor: 1.7 }), [[2, 2, 5]]);
checkGrad("interpolate nearest 2-D downsampling", (x) => F.interpolate(x, { size: [3, 4] }), [[1, 2, 7, 9]]);
checkGrad("interpolate linear alignCorners", (x) => F.interpolate(x, { size: 11, mode: "linear", alignCorners: true }), [[2, 1, 4]]);
checkGrad("interpolate bilinear non-integer scales", (x) => F.interpolate(x, { scaleFactor: [1.5, 2.5], mode: "bilinear" }), [[1, 2, 3, 5]]);
checkGrad("interpolate bilinear downsampling", (x) => F.interpolate(x, { scaleFactor: 0.6, mode: "bilinear" }), [[1, 1, 7, 8]]);
checkGrad("interpolate trilinear", (x) => F.interpolate(x, { size: [3, 5, 4], mode: "trilinear" }), [[1, 1, 2, 3, 5]]);
checkGrad("interpolate nearest 3-D", (x) => F.interpolate(x, { scaleFactor: [2, 1.5, 0.7] }), [[1, 1, 2, 3, 5]]);
