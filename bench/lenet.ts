// LeNet-5 training benchmark (the model of examples/fashion-mnist-lenet.ts): batch 32 of [1, 28, 28] images,
// cross-entropy, Adam (lr 1e-3); simdgrad against TF.js cpu and ConvNetJS (the npm package) in training images/s.
// TF.js wasm cannot train it: it registers no Conv2DBackpropFilter kernel, so the weight gradient of the first
// convolution throws (checked here on every run, and its message printed); its cell says n/a.
// ConvNetJS 0.3.0 (the version on npm) trains one image at a time, accumulating gradients over batch_size images
// before each update, and has no Adam: it runs Adadelta, its update with the most per-parameter state (two
// accumulators, like Adam's); the update runs once per 32 images, so its cost is small next to 32 forward and
// backward passes either way.
import { createRequire } from "node:module";
import { manualSeed } from "simdgrad";
import { lenetTrainer } from "./steps";
import type { Row } from "./matmul";
import { tf, tfAdamStep, useBackend, type TfBackend } from "./tf";
import { type Contender, timeRoundRobin, type TimingOptions } from "./timing";

const BATCH = 32;

/**
 * The same step in TF.js, in its native NHWC layout: conv filters [kH, kW, in, out] ("same" padding = 2 for the
 * first 5×5, "valid" for the second), dense kernels [in, out], tf.variableGrads and tf.train.adam (eps 1e-8 as
 * PyTorch), all inside tf.tidy.
 */
async function tfStep(backend: TfBackend): Promise<() => void> {
  await useBackend(backend);
  const uniform = (shape: number[], fanIn: number) => tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
  const c1 = uniform([5, 5, 1, 6], 25), b1 = uniform([6], 25), c2 = uniform([5, 5, 6, 16], 150), b2 = uniform([16], 150);
  const dense = [[400, 120], [120, 84], [84, 10]].flatMap(([i, o]) => [uniform([i, o], i), uniform([o], i)]);
  const vars = [c1, b1, c2, b2, ...dense];
  const x = tf.randomNormal([BATCH, 28, 28, 1]) as tf.Tensor4D;
  const labels = tf.oneHot(tf.randomUniform([BATCH], 0, 10, "int32") as tf.Tensor1D, 10);
  const loss = () => {
    const block = (a: tf.Tensor4D, k: tf.Variable, b: tf.Variable, pad: "same" | "valid") =>
      tf.maxPool(tf.relu(tf.add(tf.conv2d(a, k as tf.Tensor4D, 1, pad), b)) as tf.Tensor4D, 2, 2, "valid");
    const h = block(block(x, c1, b1, "same"), c2, b2, "valid");
    let z: tf.Tensor = tf.reshape(h, [BATCH, 400]);
    for (let i = 0; i < dense.length; i += 2) {
      z = tf.add(tf.matMul(z, dense[i]), dense[i + 1]);
      if (i + 2 < dense.length) z = tf.relu(z);
    }
    return tf.losses.softmaxCrossEntropy(labels, z) as tf.Scalar;
  };
  return tfAdamStep(loss, vars);
}

/** The TF.js wasm step run once: null if it trains, else the error it throws. */
async function tfWasmError(): Promise<string | null> {
  try {
    (await tfStep("wasm"))();
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The same LeNet-5 in ConvNetJS (its layers are [sx, sy, depth] volumes), trained image by image with Adadelta. */
function convnetjsStep(): () => void {
  const convnetjs = createRequire(import.meta.url)("convnetjs");
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: "input", out_sx: 28, out_sy: 28, out_depth: 1 },
    { type: "conv", sx: 5, filters: 6, stride: 1, pad: 2, activation: "relu" },
    { type: "pool", sx: 2, stride: 2 },
    { type: "conv", sx: 5, filters: 16, stride: 1, pad: 0, activation: "relu" },
    { type: "pool", sx: 2, stride: 2 },
    { type: "fc", num_neurons: 120, activation: "relu" },
    { type: "fc", num_neurons: 84, activation: "relu" },
    { type: "softmax", num_classes: 10 },
  ]);
  const trainer = new convnetjs.Trainer(net, { method: "adadelta", batch_size: BATCH, l2_decay: 0 });
  const images = Array.from({ length: BATCH }, () => new convnetjs.Vol(28, 28, 1)); // Gaussian-filled
  const labels = Array.from({ length: BATCH }, (_, i) => i % 10);
  return () => {
    for (let i = 0; i < BATCH; i++) trainer.train(images[i], labels[i]);
  };
}

export async function benchLenet(opts: TimingOptions = {}): Promise<Row[]> {
  const wasmError = await tfWasmError();
  console.error(`lenet: TF.js wasm ${wasmError === null ? "trains LeNet-5 (the n/a below is stale: time it)" : `cannot train LeNet-5: ${wasmError}`}`);
  const contenders: Contender[] = [
    { name: "simdgrad", run: (manualSeed(0), lenetTrainer(BATCH).step) },
    { name: "tfjs-cpu", prepare: () => useBackend("cpu"), run: await tfStep("cpu") },
    { name: "convnetjs", run: convnetjsStep() },
  ];
  // TF.js cpu takes over a second per step: few single-call repetitions
  const timings = await timeRoundRobin(contenders, { reps: 7, batchMs: 300, ...opts });
  console.error(`lenet: ${[...timings].map(([k, t]) => `${k} ${((BATCH * 1000) / t.median).toFixed(0)}`).join(", ")} images/s`);
  return [{
    name: `LeNet-5 training, batch ${BATCH}, Adam (ConvNetJS: Adadelta, per image)`,
    unit: "images/s",
    values: Object.fromEntries([...timings].map(([k, t]) => [k, (BATCH * 1000) / t.median])),
    timings: Object.fromEntries(timings),
  }];
}
