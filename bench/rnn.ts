// LSTM training benchmark: one LSTM layer (input 64, hidden 128) over sequences of 50 steps, batch 32, a dense head on
// the last hidden state, MSE loss and Adam (lr 1e-3); simdgrad vs TF.js wasm and cpu, in training steps/s.
import { F, manualSeed, nn, optim, randn, scope } from "simdgrad";
import { tf, tfAdamStep, useBackend, type TfBackend } from "./tf";
import { timeRoundRobin, type TimingOptions } from "./timing";
import type { Row } from "./matmul";

const T = 50, B = 32, I = 64, H = 128;

/** One training step of simdgrad: nn.LSTM (time-major) → Linear on hN → MSE → backward → Adam, in scope(). */
function simdgradStep(): () => void {
  manualSeed(0);
  const lstm = new nn.LSTM(I, H), head = new nn.Linear(H, 1);
  const opt = new optim.Adam([...lstm.parameters(), ...head.parameters()], { lr: 1e-3 });
  const x = randn([T, B, I]), y = randn([B, 1]);
  return () => scope(() => {
    const [, [hN]] = lstm.forward(x);
    const loss = F.mseLoss(head.forward(hN.reshape([B, H])), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
}

/**
 * The same step in TF.js with tfjs-core ops (tfjs-layers is not a dependency) and the same algorithm: the input
 * projections of all steps as one matMul, per step one matMul with the recurrent kernel, gates split in the same
 * order, tf.variableGrads for the gradients and tf.train.adam (eps 1e-8, as PyTorch) to apply them, in tf.tidy.
 * Kernels are stored [in, 4H] as tf.layers.lstm stores them, so no forward product needs a transpose.
 */
async function tfStep(backend: TfBackend): Promise<() => void> {
  await useBackend(backend);
  const bound = 1 / Math.sqrt(H);
  const u = (shape: number[]) => tf.variable(tf.randomUniform(shape, -bound, bound));
  const wIh = u([I, 4 * H]), wHh = u([H, 4 * H]), b = u([4 * H]), wOut = u([H, 1]), bOut = u([1]);
  const vars = [wIh, wHh, b, wOut, bOut];
  const x = tf.randomNormal([T * B, I]), y = tf.randomNormal([B, 1]);
  const loss = () => {
    const steps = tf.unstack(tf.reshape(tf.add(tf.matMul(x, wIh), b), [T, B, 4 * H]));
    let h: tf.Tensor = tf.zeros([B, H]), c: tf.Tensor = tf.zeros([B, H]);
    for (const xt of steps) {
      const [i, f, g, o] = tf.split(tf.add(xt, tf.matMul(h, wHh)), 4, 1);
      c = tf.add(tf.mul(tf.sigmoid(f), c), tf.mul(tf.sigmoid(i), tf.tanh(g)));
      h = tf.mul(tf.sigmoid(o), tf.tanh(c));
    }
    return tf.losses.meanSquaredError(y, tf.add(tf.matMul(h, wOut), bOut)) as tf.Scalar;
  };
  return tfAdamStep(loss, vars);
}

export async function benchRnn(opts: TimingOptions = {}): Promise<Row[]> {
  const ours = simdgradStep();
  const wasm = await tfStep("wasm"), cpu = await tfStep("cpu");
  const timings = await timeRoundRobin([
    { name: "simdgrad", run: ours },
    { name: "tfjs-wasm", prepare: () => useBackend("wasm"), run: wasm },
    { name: "tfjs-cpu", prepare: () => useBackend("cpu"), run: cpu },
  ], { batchMs: 300, reps: 7, ...opts });
  return [{
    name: `LSTM ${I}→${H} train step, batch ${B}, sequence ${T}, dense head, Adam`,
    unit: "steps/s",
    values: Object.fromEntries([...timings].map(([k, t]) => [k, 1000 / t.median])),
    timings: Object.fromEntries(timings),
  }];
}
