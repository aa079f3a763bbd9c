// Gradient checks of the convolutions over shapes the golden files do not cover: odd sizes, strides, dilation, groups
// (depthwise too), "same" padding with an even kernel, 1×1 kernels, size-1 batch and channels, and transposed forms.
import { F, type Tensor } from "simdgrad";
import { strategy } from "../../src/ops/conv/engine";
import { checkGrad } from "../helpers/gradcheck";

checkGrad("conv2d 12×11 images, 3×3 pad 1, bias", (x, w, b) => F.conv2d(x, w, b, { padding: 1 }), [[2, 3, 12, 11], [4, 3, 3, 3], [4]]);
checkGrad("conv1d 3×43, stride 2, dilation 2", (x, w, b) => F.conv1d(x, w, b, { stride: 2, dilation: 2 }), [[2, 3, 43], [5, 3, 4], [5]]);
checkGrad("conv1d 'same' even kernel (asymmetric split)", (x, w) => F.conv1d(x, w, null, { padding: "same" }), [[1, 2, 9], [3, 2, 4]]);
checkGrad("conv2d stride 2, dilation 2, groups 2", (x, w, b) => F.conv2d(x, w, b, { stride: 2, dilation: 2, groups: 2, padding: [1, 2] }),
  [[2, 4, 9, 10], [6, 2, 3, 2], [6]]);
checkGrad("conv2d 'same' with kernel 4×2 and dilation [1, 3]", (x, w) => F.conv2d(x, w, null, { padding: "same", dilation: [1, 3] }),
  [[1, 2, 7, 8], [3, 2, 4, 2]]);
checkGrad("conv2d depthwise (groups = channels)", (x, w, b) => F.conv2d(x, w, b, { groups: 3, padding: 1 }), [[2, 3, 6, 7], [3, 1, 3, 3], [3]]);
checkGrad("conv2d depthwise with multiplier 2, stride 2", (x, w) => F.conv2d(x, w, null, { groups: 3, stride: 2 }), [[1, 3, 7, 9], [6, 1, 3, 3]]);
checkGrad("conv2d size-1 batch and channels", (x, w, b) => F.conv2d(x, w, b), [[1, 1, 5, 4], [1, 1, 2, 2], [1]]);
checkGrad("conv2d 1×1 with groups (no im2col)", (x, w, b) => F.conv2d(x, w, b, { groups: 2 }), [[2, 4, 5, 3], [6, 2, 1, 1], [6]]);
checkGrad("conv2d 1×1 stride 2 padding 1", (x, w) => F.conv2d(x, w, null, { stride: 2, padding: 1 }), [[2, 3, 5, 6], [4, 3, 1, 1]]);
checkGrad("conv2d stride 3 larger than the kernel", (x, w) => F.conv2d(x, w, null, { stride: [3, 2] }), [[1, 2, 11, 9], [2, 2, 2, 2]]);
checkGrad("conv3d stride [1, 2, 1], padding [1, 0, 1]", (x, w, b) => F.conv3d(x, w, b, { stride: [1, 2, 1], padding: [1, 0, 1] }),
  [[1, 2, 4, 5, 3], [3, 2, 2, 3, 2], [3]]);
checkGrad("convTranspose1d stride 3, outputPadding 2", (x, w, b) => F.convTranspose1d(x, w, b, { stride: 3, outputPadding: 2 }),
  [[2, 2, 9], [2, 3, 3], [3]]);
checkGrad("convTranspose2d stride 2, padding 1, outputPadding 1", (x, w, b) => F.convTranspose2d(x, w, b, { stride: 2, padding: 1, outputPadding: 1 }),
  [[2, 4, 5, 4], [4, 3, 3, 2], [3]]);
checkGrad("convTranspose2d groups 2, dilation 2, outputPadding from dilation", (x, w) =>
  F.convTranspose2d(x, w, null, { groups: 2, dilation: 2, outputPadding: [1, 0] }), [[1, 4, 3, 5], [4, 1, 2, 3]]);
checkGrad("convTranspose2d 1×1", (x, w, b) => F.convTranspose2d(x, w, b), [[2, 3, 4, 5], [3, 2, 1, 1], [2]]);
checkGrad("convTranspose3d stride 2", (x, w) => F.convTranspose3d(x, w, null, { stride: [2, 1, 2], padding: [0, 1, 0] }),
  [[1, 2, 2, 3, 3], [2, 2, 2, 3, 2]]);

// One input channel per group runs on the direct kernels (forward up to 8 outputs per channel, gradients up to 4) or on
// im2col + GEMM: both paths on the same kinds of shapes, by shape and forced either way.
const forced = (path: "always" | "never", fn: (...xs: Tensor[]) => Tensor, key: "direct" | "implicit" = "direct") => (...xs: Tensor[]) => {
  const before = strategy[key];
  strategy[key] = path;
  try {
    return fn(...xs);
  } finally {
    strategy[key] = before;
  }
};
checkGrad("conv2d depthwise on im2col (forced)", forced("never", (x, w, b) => F.conv2d(x, w, b, { groups: 3, padding: 1 })), [[2, 3, 6, 7], [3, 1, 3, 3], [3]]);
checkGrad("conv2d 1 → 6 channels: direct forward, im2col gradients (by shape)", (x, w, b) => F.conv2d(x, w, b, { padding: 2 }), [[2, 1, 7, 9], [6, 1, 5, 5], [6]]);
checkGrad("convTranspose1d 6 → 1 channels: im2col forward (the adjoint), direct input gradient (by shape)", (x, w) =>
  F.convTranspose1d(x, w, null, { stride: 2 }), [[2, 6, 9], [6, 1, 3]]);
checkGrad("conv2d 1 → 6 channels on the direct kernels (forced)", forced("always", (x, w, b) => F.conv2d(x, w, b, { padding: 2 })), [[2, 1, 7, 9], [6, 1, 5, 5], [6]]);
checkGrad("conv2d depthwise direct, stride [3, 2], dilation [2, 1], padding [2, 1]", (x, w) =>
  F.conv2d(x, w, null, { groups: 2, stride: [3, 2], dilation: [2, 1], padding: [2, 1] }), [[2, 2, 11, 10], [4, 1, 3, 2]]);
checkGrad("conv1d depthwise direct 'same', even kernel, dilation 2", (x, w, b) =>
  F.conv1d(x, w, b, { groups: 4, padding: "same", dilation: 2 }), [[2, 4, 13], [4, 1, 4], [4]]);
checkGrad("conv3d depthwise direct", (x, w) => F.conv3d(x, w, null, { groups: 2, padding: [1, 0, 1], stride: [1, 2, 1] }), [[1, 2, 4, 5, 3], [2, 1, 2, 3, 2]]);
checkGrad("convTranspose2d depthwise direct, stride 2", (x, w, b) => F.convTranspose2d(x, w, b, { groups: 3, stride: 2, padding: 1, outputPadding: 1 }),
  [[2, 3, 4, 5], [3, 1, 3, 3], [3]]);
checkGrad("convTranspose2d depthwise on im2col (forced)", forced("never", (x, w) => F.convTranspose2d(x, w, null, { groups: 3, stride: 2 })),
  [[1, 3, 4, 5], [3, 1, 3, 3]]);

// Groups-1 forward passes run as an implicit GEMM (f32_conv_implicit): row tiles (4 channels × 8 positions of a row,
// stride 1, rows ≥ 8 wide, their rests on channel tiles; taps in slices of 256: covered by test/kernels/variants.test.ts,
// as finite differences over 270-tap sums are too noisy in f32) or channel tiles (4 positions × 8 channels) only,
// chosen by shape; im2col + GEMM forced.
checkGrad("conv2d implicit, row tiles and the rows' last position on channel tiles (stride 1, 17 wide)", (x, w, b) =>
  F.conv2d(x, w, b, { padding: 1 }), [[2, 3, 5, 17], [6, 3, 3, 3], [6]]);
checkGrad("conv2d implicit, channel tiles only (rows narrower than a row tile)", (x, w, b) => F.conv2d(x, w, b, { padding: 1 }), [[2, 3, 5, 6], [8, 3, 3, 3], [8]]);
checkGrad("conv2d implicit, channel tiles, stride 2, dilation 2", (x, w, b) => F.conv2d(x, w, b, { stride: 2, dilation: 2, padding: 2 }), [[2, 3, 7, 8], [5, 3, 3, 2], [5]]);
checkGrad("conv2d on im2col + GEMM (forced)", forced("never", (x, w, b) => F.conv2d(x, w, b, { padding: 1 }), "implicit"), [[2, 3, 5, 7], [4, 3, 3, 3], [4]]);
checkGrad("conv3d on im2col + GEMM (forced)", forced("never", (x, w) => F.conv3d(x, w, null, { padding: [1, 0, 1] }), "implicit"), [[1, 2, 3, 4, 3], [3, 2, 2, 2, 2]]);
