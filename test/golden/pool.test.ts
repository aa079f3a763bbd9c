// PyTorch golden cases for pooling, unpooling and interpolation: one line per op (harness in test/helpers/golden.ts).
import { F } from "simdgrad";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import adaptiveAvgPool2d from "./adaptive_avg_pool2d.json";
import avgPool1d from "./avg_pool1d.json";
import avgPool2d from "./avg_pool2d.json";
import avgPool3d from "./avg_pool3d.json";
import interpolate from "./interpolate.json";
import maxPool1d from "./max_pool1d.json";
import maxPool2d from "./max_pool2d.json";
import maxPool3d from "./max_pool3d.json";
import maxUnpool2d from "./max_unpool2d.json";
import extraJ from "../fixtures/pool/pool-extra.json";

const g = (j: unknown) => j as GoldenFile;
const maxOpts = (p: Record<string, any>) => ({ stride: p.stride, padding: p.padding, dilation: p.dilation, ceilMode: p.ceil_mode, returnIndices: true as const });
const avgOpts = (p: Record<string, any>) => ({ stride: p.stride, padding: p.padding, ceilMode: p.ceil_mode, countIncludePad: p.count_include_pad });

goldenOp(g(maxPool1d), ({ x }, p) => F.maxPool1d(x, p.kernel_size, maxOpts(p)));
goldenOp(g(maxPool2d), ({ x }, p) => F.maxPool2d(x, p.kernel_size, maxOpts(p)));
goldenOp(g(maxPool3d), ({ x }, p) => F.maxPool3d(x, p.kernel_size, maxOpts(p)));
goldenOp(g(avgPool1d), ({ x }, p) => F.avgPool1d(x, p.kernel_size, avgOpts(p)));
goldenOp(g(avgPool2d), ({ x }, p) => F.avgPool2d(x, p.kernel_size, avgOpts(p)));
goldenOp(g(avgPool3d), ({ x }, p) => F.avgPool3d(x, p.kernel_size, avgOpts(p)));
goldenOp(g(adaptiveAvgPool2d), ({ x }, p) => F.adaptiveAvgPool2d(x, p.output_size));
goldenOp(g(maxUnpool2d), ({ x, indices }, p) => F.maxUnpool2d(x, indices, p.kernel_size, { stride: p.stride, padding: p.padding, outputSize: p.output_size }));
goldenOp(g(interpolate), ({ x }, p) =>
  F.interpolate(x, { mode: p.mode, size: p.size, scaleFactor: p.scale_factor, alignCorners: p.align_corners }));

// our own PyTorch cases (test/fixtures/pool/make.py): unbatched inputs, divisorOverride, adaptive 1-D and max, unpool 1-D,
// linear/trilinear and 1-D/3-D nearest interpolation, downsampling and non-integer scale factors
const extra = g(extraJ);
const only = (op: string) => (c: { op: string }) => c.op === op;
const spatial = (op: string) => (op === "max_pool1d" || op === "avg_pool1d" ? 1 : op.endsWith("3d") ? 3 : 2);
for (const op of ["max_pool1d", "max_pool2d", "max_pool3d"]) {
  const fn = [F.maxPool1d, F.maxPool2d, F.maxPool3d][spatial(op) - 1];
  goldenOp(extra, ({ x }, p) => fn(x, p.kernel_size, maxOpts(p)), only(op));
}
goldenOp(extra, ({ x }, p) => F.avgPool1d(x, p.kernel_size, avgOpts(p)), only("avg_pool1d"));
goldenOp(extra, ({ x }, p) => F.avgPool2d(x, p.kernel_size, { ...avgOpts(p), divisorOverride: p.divisor_override }), only("avg_pool2d"));
goldenOp(extra, ({ x }, p) => F.avgPool3d(x, p.kernel_size, { ...avgOpts(p), divisorOverride: p.divisor_override }), only("avg_pool3d"));
goldenOp(extra, ({ x }, p) => F.adaptiveAvgPool1d(x, p.output_size), only("adaptive_avg_pool1d"));
goldenOp(extra, ({ x }, p) => F.adaptiveAvgPool2d(x, p.output_size), only("adaptive_avg_pool2d"));
goldenOp(extra, ({ x }, p) => F.adaptiveMaxPool2d(x, p.output_size, { returnIndices: true }), only("adaptive_max_pool2d"));
goldenOp(extra, ({ x, indices }, p) => F.maxUnpool1d(x, indices, p.kernel_size, { stride: p.stride, padding: p.padding, outputSize: p.output_size }), only("max_unpool1d"));
goldenOp(extra, ({ x }, p) =>
  F.interpolate(x, { mode: p.mode, size: p.size, scaleFactor: p.scale_factor, alignCorners: p.align_corners }), only("interpolate"));
