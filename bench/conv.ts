// Convolution benchmark: conv2d layers (LeNet- and ResNet-like, 1×1, depthwise) forward, forward + input gradient and
// forward + full backward, simdgrad against TF.js wasm and cpu in GFLOP/s. Each library in its native layout
// (simdgrad NCHW, TF.js NHWC); no bias. TF.js wasm registers no Conv2DBackpropFilter kernel (nor a depthwise input
// gradient), so it cannot compute weight gradients: those cells say n/a. The "forward + input grad" rows exist for the
// comparison with TF.js wasm; TF.js cpu is timed on forward and full backward, the latter only on the LeNet-sized
// layers: on the large ones its weight gradient takes over a minute per call (0.06 GFLOP/s measured on the ResNet
// layer), so five repetitions would take the benchmark from minutes to an hour (n/a there).
import { F, type Tensor, randn, scope } from "simdgrad";
import type { Row } from "./matmul";
import { tf, useBackend, type TfBackend } from "./tf";
import { type Contender, timeRoundRobin, type TimingOptions } from "./timing";

interface Layer {
  name: string;
  /** NCHW input, [out, in/groups, kH, kW] weight. */
  x: number[];
  w: number[];
  padding: number;
  stride?: number;
  groups?: number;
}

const LAYERS: Layer[] = [
  { name: "LeNet conv1 [32,1,28,28] 6@5×5 pad 2", x: [32, 1, 28, 28], w: [6, 1, 5, 5], padding: 2 },
  { name: "LeNet conv2 [32,6,14,14] 16@5×5", x: [32, 6, 14, 14], w: [16, 6, 5, 5], padding: 0 },
  { name: "[32,16,14,14] 32@3×3 pad 1", x: [32, 16, 14, 14], w: [32, 16, 3, 3], padding: 1 },
  { name: "ResNet [8,64,56,56] 64@3×3 pad 1", x: [8, 64, 56, 56], w: [64, 64, 3, 3], padding: 1 },
  { name: "ResNet downsample [8,64,56,56] 128@3×3 stride 2", x: [8, 64, 56, 56], w: [128, 64, 3, 3], padding: 1, stride: 2 },
  { name: "1×1 [8,64,56,56] 128@1×1", x: [8, 64, 56, 56], w: [128, 64, 1, 1], padding: 0 },
  { name: "depthwise [8,64,56,56] 3×3 groups 64", x: [8, 64, 56, 56], w: [64, 1, 3, 3], padding: 1, groups: 64 },
];

type Pass = "forward" | "forward + input grad" | "forward + backward";

/** Multiply-adds of a layer's forward pass. */
const macs = (l: Layer) => {
  const [n, , h, w] = l.x, [o, cg, kh, kw] = l.w, s = l.stride ?? 1;
  return n * o * Math.floor((h + 2 * l.padding - kh) / s + 1) * Math.floor((w + 2 * l.padding - kw) / s + 1) * cg * kh * kw;
};
/** The large layers: few, single-call repetitions; no TF.js cpu backward. */
const big = (l: Layer) => 2 * macs(l) > 1e8;
const PASSES: [Pass, number][] = [["forward", 1], ["forward + input grad", 2], ["forward + backward", 3]];

/** TF.js in its native NHWC layout: filter [kH, kW, in, out] (depthwise: [kH, kW, in, 1]); null where it cannot. */
async function tfContender(backend: TfBackend, l: Layer, pass: Pass): Promise<(Contender & { dispose: () => void }) | null> {
  const depthwise = (l.groups ?? 1) > 1;
  if (backend === "wasm" && (pass === "forward + backward" || (depthwise && pass !== "forward"))) return null;
  if (backend === "cpu" && (pass === "forward + input grad" || (pass === "forward + backward" && big(l)))) return null;
  await useBackend(backend);
  const [n, c, h, w] = l.x, [o, , kh, kw] = l.w;
  const x = tf.randomNormal([n, h, w, c]) as tf.Tensor4D;
  const filter = tf.randomNormal(depthwise ? [kh, kw, c, 1] : [kh, kw, c, o]) as tf.Tensor4D;
  const pad = l.padding === 0 ? "valid" : "same"; // every padded layer here is "same" padding at stride 1, or k = 3 pad 1
  const stride = l.stride ?? 1;
  const f = (a: tf.Tensor, k: tf.Tensor) => {
    const [a4, k4] = [a as tf.Tensor4D, k as tf.Tensor4D];
    return depthwise ? tf.depthwiseConv2d(a4, k4, stride, pad) : tf.conv2d(a4, k4, stride, pad);
  };
  const dy = tf.tidy(() => tf.randomNormal(f(x, filter).shape));
  const run = pass === "forward" ? () => tf.tidy(() => { f(x, filter); })
    : pass === "forward + input grad" ? () => tf.tidy(() => { tf.grad((a: tf.Tensor) => f(a, filter))(x, dy); })
      : () => tf.tidy(() => { tf.grads((a: tf.Tensor, k: tf.Tensor) => f(a, k))([x, filter], dy); });
  return { name: `tfjs-${backend}`, prepare: () => useBackend(backend), run, dispose: () => tf.dispose([x, filter, dy]) };
}

function simdgradContender(l: Layer, pass: Pass): { contender: Contender; flops: number; dispose: () => void } {
  const x = randn(l.x, { requiresGrad: pass !== "forward" }), w = randn(l.w, { requiresGrad: pass === "forward + backward" });
  const o = { padding: l.padding, stride: l.stride ?? 1, groups: l.groups ?? 1 };
  const y = F.conv2d(x.detach(), w.detach(), null, o);
  const flops = 2 * y.size * l.w[1] * l.w[2] * l.w[3];
  const up = randn(y.shape);
  y.dispose();
  const run = pass === "forward"
    ? () => scope(() => { F.conv2d(x, w, null, o); })
    : () => scope(() => {
      x.grad = null;
      w.grad = null;
      F.conv2d(x, w, null, o).backward(up);
    });
  return { contender: { name: "simdgrad", run }, flops, dispose: () => { for (const t of [x, w, up] as Tensor[]) t.dispose(); } };
}

export async function benchConv(opts: TimingOptions = {}): Promise<Row[]> {
  const rows: Row[] = [];
  for (const l of LAYERS) {
    for (const [pass, mult] of PASSES) {
      const ours = simdgradContender(l, pass);
      const others = [await tfContender("wasm", l, pass), await tfContender("cpu", l, pass)].filter((c) => c !== null);
      // TF.js cpu takes seconds per call on the large layers: fewer, single-call repetitions there
      const timings = await timeRoundRobin([ours.contender, ...others], big(l) ? { reps: 5, batchMs: 50, warmupMs: 0, ...opts } : opts);
      const flops = ours.flops * mult;
      console.error(`conv: ${l.name}, ${pass}: ${[...timings].map(([k, t]) => `${k} ${(flops / t.median / 1e6).toFixed(2)}`).join(", ")} GFLOP/s`);
      rows.push({
        name: `conv2d ${l.name}, ${pass}`,
        unit: "GFLOP/s",
        values: Object.fromEntries([...timings].map(([k, t]) => [k, flops / t.median / 1e6])),
        timings: Object.fromEntries(timings),
      });
      ours.dispose();
      for (const c of others) c.dispose();
    }
  }
  return rows;
}
