// MLP training benchmark: 784-256-128-10, batch 64, Adam (lr 1e-3), cross-entropy; simdgrad vs TF.js, in steps/s.
import { F, manualSeed, nn, optim, randint, randn, scope } from "simdgrad";
import { tf, useBackend, type TfBackend } from "./tf";
import { timeRoundRobin, type TimingOptions } from "./timing";
import type { Row } from "./matmul";

const SIZES = [784, 256, 128, 10];
const BATCH = 64;

/** One training step of simdgrad: forward, loss, backward, Adam update; scope() frees the step's temporaries. */
function simdgradStep(): () => void {
  manualSeed(0);
  const layers: nn.Module[] = [];
  for (let i = 0; i + 1 < SIZES.length; i++) {
    layers.push(new nn.Linear(SIZES[i], SIZES[i + 1]));
    if (i + 2 < SIZES.length) layers.push(new nn.ReLU());
  }
  const model = new nn.Sequential(...layers);
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([BATCH, SIZES[0]]), y = randint(0, SIZES[SIZES.length - 1], [BATCH]);
  return () => scope(() => {
    const loss = F.crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
}

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
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  const loss = () => {
    let h: tf.Tensor = x;
    for (let i = 0; i < vars.length; i += 2) {
      h = tf.add(tf.matMul(h, vars[i]), vars[i + 1]);
      if (i + 2 < vars.length) h = tf.relu(h);
    }
    return tf.losses.softmaxCrossEntropy(labels, h) as tf.Scalar;
  };
  return () => tf.tidy(() => {
    const { grads } = tf.variableGrads(loss, vars);
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
  });
}

export async function benchMlp(opts: TimingOptions = {}): Promise<Row[]> {
  const ours = simdgradStep();
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
