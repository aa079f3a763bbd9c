// MLP training benchmark: 784-256-128-10, batch 64, Adam (lr 1e-3), cross-entropy; simdgrad vs TF.js, in steps/s.
import { manualSeed } from "simdgrad";
import { MLP_SIZES, mlpTrainer } from "./steps";
import { tf, tfAdamStep, useBackend, type TfBackend } from "./tf";
import { timeRoundRobin, type TimingOptions } from "./timing";
import type { Row } from "./matmul";

const SIZES = MLP_SIZES;
const BATCH = 64;

/**
 * The same step in idiomatic TF.js: kernels [in, out] (as tf.layers.dense stores them), tf.variableGrads for the
 * gradients, tf.train.adam (eps 1e-8 as PyTorch) to apply them, all inside tf.tidy.
 */
async function tfStep(backend: TfBackend): Promise<() => void> {
  await useBackend(backend);
  const vars: tf.Variable[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    const bound = 1 / Math.sqrt(SIZES[i]);
    vars.push(tf.variable(tf.randomUniform([SIZES[i], SIZES[i + 1]], -bound, bound)));
    vars.push(tf.variable(tf.randomUniform([SIZES[i + 1]], -bound, bound)));
  }
  const x = tf.randomNormal([BATCH, SIZES[0]]);
  const labels = tf.oneHot(tf.randomUniform([BATCH], 0, SIZES[SIZES.length - 1], "int32") as tf.Tensor1D, SIZES[SIZES.length - 1]);
  const loss = () => {
    let h: tf.Tensor = x;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
      if (i + 2 < vars.length) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
  };
  return tfAdamStep(loss, vars);
}

export async function benchMlp(opts: TimingOptions = {}): Promise<Row[]> {
  manualSeed(0);
  const ours = mlpTrainer(BATCH).step;
  const wasm = await tfStep("wasm"), cpu = await tfStep("cpu");
  const timings = await timeRoundRobin([
    { name: "simdgrad", run: ours },
    { name: "tfjs-wasm", prepare: () => useBackend("wasm"), run: wasm },
    { name: "tfjs-cpu", prepare: () => useBackend("cpu"), run: cpu },
  ], { batchMs: 300, ...opts });
  return [{
    name: `MLP ${SIZES.join("-")} train step, batch ${BATCH}, Adam`,
    unit: "steps/s",
    values: Object.fromEntries([...timings].map(([k, t]) => [k, 1000 / t.median])),
    timings: Object.fromEntries(timings),
  }];
}
