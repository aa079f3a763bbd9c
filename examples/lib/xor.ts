// XOR with a 2-8-1 MLP (tanh hidden layer, sigmoid output, MSE, Adam): the training loop shared by examples/xor.ts and its test.
import { F, manualSeed, nn, noGrad, optim, scope, tensor } from "simdgrad";

export const XOR_INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]];
export const XOR_TARGETS = [0, 1, 1, 0];

export interface XorOptions {
  /** Seed for the weight initialisation (default 0). */
  seed?: number;
  /** Adam learning rate (default 0.01). */
  lr?: number;
  /** Stop once the loss is below this (default 0.01). */
  target?: number;
  /** Give up after this many steps (default 2000). */
  maxSteps?: number;
}

export interface XorResult {
  /** Loss before each step (losses[i] is the loss at step i + 1). */
  losses: number[];
  /** Steps taken until the loss went below target, or null if it never did. */
  stepsToTarget: number | null;
  /** The trained network's outputs for XOR_INPUTS. */
  predictions: number[];
}

/**
 * Trains y = sigmoid(W2·tanh(W1·x + b1) + b2) on the four XOR points with full-batch Adam on the mean squared error,
 * each step in scope(), until the loss is below `target`.
 */
export function trainXor(options: XorOptions = {}): XorResult {
  const { seed = 0, lr = 0.01, target = 0.01, maxSteps = 2000 } = options;
  manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(2, 8), new nn.Tanh(), new nn.Linear(8, 1), new nn.Sigmoid());
  const opt = new optim.Adam(model.parameters(), { lr });
  const x = tensor(XOR_INPUTS);
  const y = tensor(XOR_TARGETS.map((t) => [t]));
  const losses: number[] = [];
  let stepsToTarget: number | null = null;
  for (let step = 1; step <= maxSteps; step++) {
    const loss = scope(() => {
      const l = F.mseLoss(model.forward(x), y);
      opt.zeroGrad();
      l.backward();
      opt.step();
      return l.item();
    });
    losses.push(loss);
    if (loss < target) {
      stepsToTarget = step;
      break;
    }
  }
  const predictions = noGrad(() => scope(() => Array.from(model.forward(x).dataSync())));
  x.dispose();
  y.dispose();
  for (const state of opt.state.values()) for (const v of Object.values(state)) if (typeof v !== "number") v.dispose();
  for (const p of model.parameters()) p.dispose();
  return { losses, stepsToTarget, predictions };
}
