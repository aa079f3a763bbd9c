// PyTorch golden cases for group and instance norm (functions and modules), and batch norm's image cases through BatchNorm3d.
import { F, nn } from "simdgrad";
import { type GoldenFile, goldenOp } from "../helpers/golden";
import batchNormJ from "./batch_norm.json";
import groupNormJ from "./group_norm.json";
import instanceNormJ from "./instance_norm.json";

const g = (j: unknown) => j as GoldenFile;
/** The same file under another name, for a second line over the same cases (modules instead of functions). */
const as = (j: unknown, name: string) => ({ ...g(j), file: name });

goldenOp(g(groupNormJ), ({ x, weight, bias }, p) => F.groupNorm(x, p.num_groups, weight ?? null, bias ?? null, { eps: p.eps }));
goldenOp(as(groupNormJ, "group_norm (nn.GroupNorm)"), ({ x, weight, bias }, p) => {
  const m = new nn.GroupNorm(p.num_groups, x.shape[1], { eps: p.eps, affine: weight !== undefined });
  if (weight) m.weight = nn.Parameter(weight);
  if (bias) m.bias = nn.Parameter(bias);
  return m.forward(x);
});

goldenOp(g(instanceNormJ), ({ x, weight, bias }, p) => F.instanceNorm(x, null, null, weight ?? null, bias ?? null, { eps: p.eps }));
goldenOp(as(instanceNormJ, "instance_norm (nn.InstanceNormNd)"), ({ x, weight, bias }, p) => {
  const Layer = x.ndim === 4 ? nn.InstanceNorm2d : nn.InstanceNorm1d;
  const m = new Layer(x.shape[1], { eps: p.eps, affine: weight !== undefined });
  if (weight) m.weight = nn.Parameter(weight);
  if (bias) m.bias = nn.Parameter(bias);
  return m.forward(x);
});

// the image cases once more through BatchNorm3d, as volumes [N, C, 1, H, W] (layers.test.ts runs them through BatchNorm2d)
goldenOp(as(batchNormJ, "batch_norm (nn.BatchNorm3d on [N, C, 1, H, W])"), ({ x, weight, bias, running_mean, running_var }, p) => {
  const m = new nn.BatchNorm3d(x.shape[1], { eps: p.eps, momentum: p.momentum, affine: weight !== undefined }).train(p.training);
  if (weight) m.weight = nn.Parameter(weight);
  if (bias) m.bias = nn.Parameter(bias);
  m.loadStateDict({ running_mean, running_var }, { strict: false });
  const out = m.forward(x.reshape([x.shape[0], x.shape[1], 1, x.shape[2], x.shape[3]])).reshape(x.shape);
  return p.training ? { out, running_mean: m.runningMean!, running_var: m.runningVar! } : out;
}, (c) => c.inputs.x.shape.length === 4);
