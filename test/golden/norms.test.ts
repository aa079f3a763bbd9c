// PyTorch golden cases for group and instance norm (functions and modules), batch norm's image cases through BatchNorm3d,
// and the default affine parameters / running statistics of the layers added here.
import { F, nn } from "simdgrad";
import { expect } from "vitest";
import { type GoldenFile, goldenEach, goldenOp } from "../helpers/golden";
import batchNormJ from "./batch_norm.json";
import initJ from "./init.json";
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

// the "default affine params" spec (layers.test.ts checks BatchNorm and LayerNorm with it): GroupNorm and InstanceNorm
goldenEach(as(initJ, "init (GroupNorm, InstanceNorm defaults)"), (c) => {
  const e = c.expected as Record<string, number>;
  for (const m of [new nn.GroupNorm(7, 7), new nn.InstanceNorm2d(7, { affine: true, trackRunningStats: true })]) {
    expect(Array.from(m.weight!.dataSync())).toEqual(new Array(7).fill(e.weight));
    expect(Array.from(m.bias!.dataSync())).toEqual(new Array(7).fill(e.bias));
    if (!(m instanceof nn.InstanceNorm2d)) continue;
    expect(Array.from(m.runningMean!.dataSync())).toEqual(new Array(7).fill(e.running_mean));
    expect(Array.from(m.runningVar!.dataSync())).toEqual(new Array(7).fill(e.running_var));
  }
}, (c) => c.op === "default_BatchNorm");
