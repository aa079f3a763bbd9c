// The benchmark models and their training steps, shared by the groups that time them (mlp, lenet, threads, steady).
// No TF.js here: the threads group also runs bundled in Deno and Chromium (bench/threads-main.ts).
import { F, nn, optim, randint, randn, scope, type Tensor } from "simdgrad";
import { makeLeNet } from "../examples/lib/lenet";

/** The benchmark MLP: 784-256-128-10 with ReLU between the layers. */
export const MLP_SIZES = [784, 256, 128, 10];

export function makeMlp(): nn.Sequential {
  const layers: nn.Module[] = [];
  for (let i = 0; i + 1 < MLP_SIZES.length; i++) {
    layers.push(new nn.Linear(MLP_SIZES[i], MLP_SIZES[i + 1]));
    if (i + 2 < MLP_SIZES.length) layers.push(new nn.ReLU());
  }
  return new nn.Sequential(...layers);
}

export interface Trainer {
  /** One training step; scope() frees its temporaries. */
  step: () => void;
  dispose: () => void;
}

/** Cross-entropy on fixed (x, y), backward, Adam (lr 1e-3): one step per call. */
export function classifierTrainer(model: nn.Module, x: Tensor, y: Tensor): Trainer {
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  return {
    step: () => scope(() => {
      const loss = F.crossEntropy(model.forward(x) as Tensor, y);
      opt.zeroGrad();
      loss.backward();
      opt.step();
    }),
    dispose: () => { model.dispose(); opt.dispose(); x.dispose(); y.dispose(); },
  };
}

/** The MLP on a random batch of `batch` rows. */
export const mlpTrainer = (batch = 64) => classifierTrainer(makeMlp(), randn([batch, MLP_SIZES[0]]), randint(0, 10, [batch]));

/** LeNet-5 (examples/lib/lenet.ts) on a random batch of [1, 28, 28] images. */
export const lenetTrainer = (batch = 32) => classifierTrainer(makeLeNet(), randn([batch, 1, 28, 28]), randint(0, 10, [batch]));
