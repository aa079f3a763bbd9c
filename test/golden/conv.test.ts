// PyTorch golden cases for convolutions and transposed convolutions (1-D, 2-D, 3-D): one line per file.
import { F } from "simdgrad";
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
