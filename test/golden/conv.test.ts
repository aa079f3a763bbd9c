// PyTorch golden cases for convolutions and transposed convolutions (1-D, 2-D, 3-D): one line per file, the same
// through the modules (the small CNN's training trajectory is in training-cnn.test.ts).
import { F, type Tensor, nn } from "simdgrad";
import { strategy } from "../../src/ops/conv/engine";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import conv1dJ from "./conv1d.json";
import conv2dJ from "./conv2d.json";
import conv3dJ from "./conv3d.json";
import convT1dJ from "./conv_transpose1d.json";
import convT2dJ from "./conv_transpose2d.json";
import convT3dJ from "./conv_transpose3d.json";

const g = (j: unknown) => j as GoldenFile;
const opts = (p: Record<string, any>) => ({ stride: p.stride, padding: p.padding, dilation: p.dilation, groups: p.groups });
const optsT = (p: Record<string, any>) => ({ ...opts(p), outputPadding: p.output_padding });

goldenOp(g(conv1dJ), ({ x, weight, bias }, p) => F.conv1d(x, weight, bias ?? null, opts(p)));
goldenOp(g(conv2dJ), ({ x, weight, bias }, p) => F.conv2d(x, weight, bias ?? null, opts(p)));
goldenOp(g(conv3dJ), ({ x, weight, bias }, p) => F.conv3d(x, weight, bias ?? null, opts(p)));
goldenOp(g(convT1dJ), ({ x, weight, bias }, p) => F.convTranspose1d(x, weight, bias ?? null, optsT(p)));
goldenOp(g(convT2dJ), ({ x, weight, bias }, p) => F.convTranspose2d(x, weight, bias ?? null, optsT(p)));
goldenOp(g(convT3dJ), ({ x, weight, bias }, p) => F.convTranspose3d(x, weight, bias ?? null, optsT(p)));

// convolutions with one group run their forward pass as an implicit GEMM by default: the same cases on im2col + GEMM
const im2col = <A extends unknown[]>(fn: (...a: A) => Tensor) => (...a: A) => {
  strategy.implicit = "never";
  try {
    return fn(...a);
  } finally {
    strategy.implicit = "auto";
  }
};
goldenOp({ ...g(conv2dJ), file: "conv2d.json (im2col + GEMM forward)" }, im2col(({ x, weight, bias }, p) => F.conv2d(x, weight, bias ?? null, opts(p))));
goldenOp({ ...g(conv3dJ), file: "conv3d.json (im2col + GEMM forward)" }, im2col(({ x, weight, bias }, p) => F.conv3d(x, weight, bias ?? null, opts(p))));

// the same cases through the modules, weights loaded into a freshly built layer
const as = (j: unknown, name: string) => ({ ...g(j), file: name });
const LAYERS = { 1: [nn.Conv1d, nn.ConvTranspose1d], 2: [nn.Conv2d, nn.ConvTranspose2d], 3: [nn.Conv3d, nn.ConvTranspose3d] } as const;
for (const [file, nd, transposed] of [[conv1dJ, 1, false], [conv2dJ, 2, false], [conv3dJ, 3, false], [convT1dJ, 1, true], [convT2dJ, 2, true], [convT3dJ, 3, true]] as const) {
  const name = `${g(file).file} (nn.${LAYERS[nd][transposed ? 1 : 0].name})`;
  goldenOp(as(file, name), ({ x, weight, bias }, p) => {
    const groups = p.groups, k = weight.shape.slice(2);
    const m = transposed
      ? new LAYERS[nd][1](weight.shape[0], weight.shape[1] * groups, k, { ...optsT(p), bias: bias !== undefined })
      : new LAYERS[nd][0](weight.shape[1] * groups, weight.shape[0], k, { ...opts(p), bias: bias !== undefined });
    // the golden inputs themselves become the parameters, so their .grad is what the harness compares
    m.weight.dispose();
    m.weight = nn.Parameter(weight);
    if (bias) {
      m.bias!.dispose();
      m.bias = nn.Parameter(bias);
    }
    return m.forward(x);
  });
}

