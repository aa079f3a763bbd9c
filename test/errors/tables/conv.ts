// Bad input to the convolutions and their modules: rows for test/helpers/errors.ts.
import { F, nn, ones, tensor } from "simdgrad";
import type { BadInput, BadInputTable } from "../../helpers/errors";

// modules whose forward is called are built once: their parameters are kept, which the arena check would count
let layer: nn.Conv2d, up: nn.ConvTranspose2d;
function setup(): void {
  layer = new nn.Conv2d(3, 4, 3);
  up = new nn.ConvTranspose2d(2, 2, 3, { stride: 2, padding: 1 });
}

const w = (...shape: number[]) => ones(shape);

const rows: BadInput[] = [
  ["conv2d: input rank", () => F.conv2d(ones([3, 28, 28]), w(6, 3, 5, 5)), /conv2d: input must be 4-D \[N, C, H, W\], got shape \[3, 28, 28\]/],
  ["conv1d: input rank", () => F.conv1d(ones([2, 3]), w(4, 3, 3)), /conv1d: input must be 3-D \[N, C, L\], got shape \[2, 3\]/],
  ["conv3d: weight rank", () => F.conv3d(ones([1, 2, 4, 4, 4]), w(3, 2, 3, 3)), /conv3d: weight must be 5-D \[out, in\/groups, kD, kH, kW\], got shape \[3, 2, 3, 3\]/],
  ["conv2d: not a tensor", () => F.conv2d([1, 2] as never, w(1, 1, 1, 1)), /conv2d: input must be a Tensor, got array of length 2/],
  ["conv2d: int32 weight", () => F.conv2d(ones([1, 1, 3, 3]), tensor(new Int32Array(4), [1, 1, 2, 2])), /conv2d: weight must be float32, got int32/],
  ["conv2d: channel mismatch", () => F.conv2d(ones([1, 3, 8, 8]), w(6, 2, 3, 3)),
    /conv2d: input has 3 channels, but weight of shape \[6, 2, 3, 3\] with groups 1 expects 2/],
  ["conv2d: groups not dividing out channels", () => F.conv2d(ones([1, 4, 8, 8]), w(6, 1, 3, 3), null, { groups: 4 }),
    /conv2d: weight's out channels 6 must be divisible by groups 4/],
  ["conv2d: groups not dividing in channels", () => F.conv2d(ones([1, 5, 8, 8]), w(6, 2, 3, 3), null, { groups: 2 }),
    /conv2d: input has 5 channels, but weight of shape \[6, 2, 3, 3\] with groups 2 expects 4/],
  ["conv2d: groups zero", () => F.conv2d(ones([1, 4, 8, 8]), w(4, 4, 3, 3), null, { groups: 0 }), /conv2d: groups must be a positive integer, got 0/],
  ["conv2d: kernel larger than the padded input", () => F.conv2d(ones([1, 1, 4, 4]), w(1, 1, 7, 3), null, { padding: 1 }),
    /conv2d: kernel of size 7 \(dilated 7\) is larger than the padded input size 6 in spatial dimension 0/],
  ["conv1d: dilated kernel larger than the input", () => F.conv1d(ones([1, 1, 5]), w(1, 1, 3), null, { dilation: 3 }),
    /conv1d: kernel of size 3 \(dilated 7\) is larger than the padded input size 5/],
  ["conv2d: negative padding", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { padding: -1 }),
    /conv2d: padding must be a non-negative integer or an array of 2 of them, got -1/],
  ["conv2d: padding of the wrong length", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { padding: [1, 1, 1] }),
    /conv2d: padding must be a non-negative integer or an array of 2 of them, got array of length 3/],
  ["conv2d: padding string", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { padding: "full" as never }),
    /conv2d: padding must be "same", "valid" or non-negative integers, got "full"/],
  ["conv2d: same with stride", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { padding: "same", stride: 2 }),
    /conv2d: padding "same" needs stride 1, got stride \[2, 2\]/],
  ["conv2d: zero stride", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { stride: [1, 0] }),
    /conv2d: stride must be a positive integer or an array of 2 of them, got array of length 2/],
  ["conv2d: fractional dilation", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { dilation: 1.5 }),
    /conv2d: dilation must be a positive integer or an array of 2 of them, got 1.5/],
  ["conv2d: bias shape", () => F.conv2d(ones([1, 1, 8, 8]), w(4, 1, 3, 3), ones([3])), /conv2d: bias must be 1-D \[4\], got shape \[3\]/],
  ["conv2d: unknown option", () => F.conv2d(ones([1, 1, 8, 8]), w(1, 1, 3, 3), null, { strides: 2 } as never),
    /conv2d: unknown option "strides" \(expected stride, padding, dilation, groups\)/],
  ["conv2d: empty spatial input", () => F.conv2d(ones([1, 1, 0, 8]), w(1, 1, 1, 1)), /conv2d: input must have non-zero channel and spatial sizes, got shape \[1, 1, 0, 8\]/],
  ["convTranspose2d: output size <= 0", () => F.convTranspose2d(ones([1, 1, 2, 2]), w(1, 1, 3, 3), null, { padding: 3 }),
    /convTranspose2d: output size \[-2, -2\] must be positive/],
  ["convTranspose2d: channel mismatch", () => F.convTranspose2d(ones([1, 3, 4, 4]), w(2, 5, 3, 3)),
    /convTranspose2d: input has 3 channels, but weight of shape \[2, 5, 3, 3\] expects 2/],
  ["convTranspose1d: groups not dividing", () => F.convTranspose1d(ones([1, 3, 4]), w(3, 1, 3), null, { groups: 2 }),
    /convTranspose1d: input channels 3 must be divisible by groups 2/],
  ["convTranspose2d: outputPadding too large", () => F.convTranspose2d(ones([1, 1, 4, 4]), w(1, 1, 3, 3), null, { stride: 2, outputPadding: 2 }),
    /convTranspose2d: outputPadding must be smaller than the stride or the dilation, got 2 with stride 2 and dilation 1/],
  ["convTranspose2d: same padding", () => F.convTranspose2d(ones([1, 1, 4, 4]), w(1, 1, 3, 3), null, { padding: "same" as never }),
    /convTranspose2d: padding must be non-negative integers \(no "same"\/"valid" for transposed convolutions\), got "same"/],
  ["convTranspose3d: bias shape", () => F.convTranspose3d(ones([1, 2, 2, 2, 2]), w(2, 3, 1, 1, 1), ones([2])),
    /convTranspose3d: bias must be 1-D \[3\], got shape \[2\]/],
  ["Conv2d: channels not divisible by groups", () => new nn.Conv2d(3, 6, 3, { groups: 2 }), /Conv2d: inChannels 3 must be divisible by groups 2/],
  ["Conv2d: kernel size", () => new nn.Conv2d(3, 6, [3, 0]), /Conv2d: kernelSize must be a positive integer or an array of 2 of them, got array of length 2/],
  ["Conv1d: in channels", () => new nn.Conv1d(0, 6, 3), /Conv1d: inChannels must be a positive integer, got 0/],
  ["Conv2d: padding mode", () => new nn.Conv2d(1, 1, 3, { paddingMode: "circular" as never }),
    /Conv2d: paddingMode must be "zeros", "reflect" or "replicate", got "circular"/],
  ["Conv2d: same with stride", () => new nn.Conv2d(1, 1, 3, { padding: "same", stride: 2 }), /Conv2d: padding "same" needs stride 1/],
  ["Conv2d: wrong input channels", () => layer.forward(ones([1, 2, 8, 8])), /conv2d: input has 2 channels, but weight of shape \[4, 3, 3, 3\] with groups 1 expects 3/],
  ["ConvTranspose2d: unreachable outputSize", () => up.forward(ones([1, 2, 4, 4]), { outputSize: [8, 6] }),
    /ConvTranspose2d.forward: outputSize \[8, 6\] is not reachable: spatial dimension 1 must be in \[7, 8\] for input shape \[1, 2, 4, 4\], got 6/],
  ["ConvTranspose2d: outputSize length", () => up.forward(ones([1, 2, 4, 4]), { outputSize: [7] }),
    /ConvTranspose2d.forward: outputSize must have 2 \(or 4\) entries for a 4-D input, got array of length 1/],
  ["ConvTranspose2d: unknown option", () => new nn.ConvTranspose2d(1, 1, 3, { paddingMode: "zeros" } as never),
    /ConvTranspose2d: unknown option "paddingMode"/],
  ["Conv3d: groups not dividing", () => new nn.Conv3d(4, 6, 3, { groups: 4 }), /Conv3d: outChannels 6 must be divisible by groups 4/],
  ["ConvTranspose1d: kernel size", () => new nn.ConvTranspose1d(2, 2, 0), /ConvTranspose1d: kernelSize must be a positive integer or an array of 1 of them, got 0/],
  ["ConvTranspose3d: out channels", () => new nn.ConvTranspose3d(2, -1, 3), /ConvTranspose3d: outChannels must be a positive integer, got -1/],
];

export const table: BadInputTable = { setup, rows };
