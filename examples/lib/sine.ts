// Next-value prediction on noisy sine waves with an LSTM: the data, the model and the training loop shared by
// examples/sine-lstm.ts and its test.
import { F, Generator, manualSeed, nn, noGrad, optim, scope, tensor, type Tensor } from "simdgrad";

export interface SineOptions {
  /** Seed for the data and the initial weights (default 0). */
  seed?: number;
  /** Training steps, one fresh batch each (default 600). */
  steps?: number;
  /** Sequences per batch (default 32). */
  batchSize?: number;
  /** Time steps per sequence (default 40). */
  seqLen?: number;
  /** LSTM hidden units (default 32). */
  hidden?: number;
  /** Adam learning rate (default 0.02). */
  lr?: number;
  /** Standard deviation of the Gaussian noise added to every value (default 0.1). */
  noise?: number;
  /** Gradient clipping: the largest total gradient norm per step (default 1). */
  maxGradNorm?: number;
  /** Evaluate on the held-out set every this many steps (default 50). */
  evalEvery?: number;
  /** Called after every evaluation. */
  onEval?: (e: SineEval) => void;
}

export interface SineEval {
  step: number;
  /** Mean training loss over the steps since the last evaluation (NaN at step 0). */
  trainLoss: number;
  /** Held-out MSE against the next noisy value (the training objective; its floor is noise²). */
  testMse: number;
  /** Held-out MSE against the next clean value (how well the wave itself is predicted). */
  testMseClean: number;
}

export interface SineResult {
  /** Evaluations, the first of the untrained model (step 0, trainLoss NaN). */
  evals: SineEval[];
  /** Held-out MSE (vs the clean next value) of the naive forecast "the next value equals this one". */
  persistenceMse: number;
  /** The noise variance: the lowest MSE any predictor can reach against the noisy next value. */
  noiseFloor: number;
  /** One held-out sequence: its noisy inputs, the clean next values and the model's predictions (last 12 steps). */
  sample: { input: number[]; clean: number[]; predicted: number[] };
  /** Gradient norm before clipping, per step. */
  gradNorms: number[];
}

/** A batch of waves a·sin(ωt + φ) with random a ∈ [0.5, 1], ω ∈ [0.15, 0.4], φ: noisy values x[n, t] and clean ones. */
export function sineBatch(gen: Generator, n: number, len: number, noise: number): { noisy: Float32Array; clean: Float32Array } {
  const noisy = new Float32Array(n * len), clean = new Float32Array(n * len);
  for (let i = 0; i < n; i++) {
    const a = 0.5 + 0.5 * gen.random(), w = 0.15 + 0.25 * gen.random(), phi = 2 * Math.PI * gen.random();
    for (let t = 0; t < len; t++) {
      clean[i * len + t] = a * Math.sin(w * t + phi);
      noisy[i * len + t] = clean[i * len + t] + noise * gen.normal();
    }
  }
  return { noisy, clean };
}

/** LSTM(1 → hidden) over [N, T, 1] (batch first) with a linear read-out per step: the prediction of x[t + 1]. */
export class SineModel extends nn.Module {
  lstm: nn.LSTM;
  head: nn.Linear;
  constructor(hidden: number) {
    super();
    this.lstm = new nn.LSTM(1, hidden, { batchFirst: true });
    this.head = new nn.Linear(hidden, 1);
  }
  forward(x: Tensor): Tensor {
    return this.head.forward(this.lstm.forward(x)[0]);
  }
}

/** Inputs x[0..T−1] and targets x[1..T] of each sequence as [N, T, 1] tensors. */
function split(values: Float32Array, n: number, len: number): [Float32Array, Float32Array] {
  const x = new Float32Array(n * (len - 1)), y = new Float32Array(n * (len - 1));
  for (let i = 0; i < n; i++) {
    x.set(values.subarray(i * len, (i + 1) * len - 1), i * (len - 1));
    y.set(values.subarray(i * len + 1, (i + 1) * len), i * (len - 1));
  }
  return [x, y];
}

/** Mean squared difference of two arrays. */
const mse = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return s / a.length;
};

/**
 * Trains SineModel with Adam on the MSE of every step's next-value prediction, fresh random waves each step, the
 * gradient norm clipped to maxGradNorm; evaluates on 256 held-out waves every evalEvery steps. Frees everything.
 */
export function trainSine(options: SineOptions = {}): SineResult {
  const { seed = 0, steps = 600, batchSize = 32, seqLen = 40, hidden = 32, lr = 0.02, noise = 0.1, maxGradNorm = 1, evalEvery = 50, onEval } = options;
  manualSeed(seed);
  const gen = new Generator(seed + 1);
  const model = new SineModel(hidden);
  const opt = new optim.Adam(model.parameters(), { lr });
  const len = seqLen + 1, nTest = 256;
  const test = sineBatch(new Generator(seed + 2), nTest, len, noise);
  const [tx, ty] = split(test.noisy, nTest, len), [, tyClean] = split(test.clean, nTest, len);
  const testX = tensor(tx, [nTest, seqLen, 1]);
  const evaluate = () => noGrad(() => scope(() => model.forward(testX).dataSync()));

  const evals: SineEval[] = [], gradNorms: number[] = [];
  let lossSum = NaN, lossCount = 0;
  for (let step = 0; step <= steps; step++) {
    if (step > 0) {
      const batch = sineBatch(gen, batchSize, len, noise);
      const [bx, by] = split(batch.noisy, batchSize, len);
      const loss = scope(() => {
        const l = F.mseLoss(model.forward(tensor(bx, [batchSize, seqLen, 1])), tensor(by, [batchSize, seqLen, 1]));
        opt.zeroGrad();
        l.backward();
        gradNorms.push(nn.utils.clipGradNorm(model.parameters(), maxGradNorm));
        opt.step();
        return l.item();
      });
      lossSum = lossCount === 0 ? loss : lossSum + loss;
      lossCount++;
    }
    if (step % evalEvery === 0 || step === steps) {
      const pred = evaluate();
      const e = { step, trainLoss: lossSum / lossCount, testMse: mse(pred, ty), testMseClean: mse(pred, tyClean) };
      evals.push(e);
      onEval?.(e);
      lossSum = NaN;
      lossCount = 0;
    }
  }
  const pred = evaluate();
  const last = (a: ArrayLike<number>) => Array.from(a).slice(seqLen - 12, seqLen);
  const sample = { input: last(tx.subarray(0, seqLen)), clean: last(tyClean.subarray(0, seqLen)), predicted: last(pred.subarray(0, seqLen)) };
  testX.dispose();
  for (const state of opt.state.values()) for (const v of Object.values(state)) if (typeof v !== "number") v.dispose();
  model.dispose();
  return { evals, persistenceMse: mse(tx, tyClean), noiseFloor: noise * noise, sample, gradNorms };
}
