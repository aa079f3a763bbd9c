// A small seeded training run (MLP, shuffled DataLoader, dropout, Adam, cross-entropy): its losses are compared bit for
// bit across runtimes (determinism.test.ts) and between main threads and workers (test/platform/workers.node.test.ts).
import { F, Generator, data, manualSeed, nn, optim, randn, scope, type Tensor } from "simdgrad";

/** Trains for `steps` steps from seed 1234 and returns each step's loss (float32 values). Frees everything it made. */
export function trainSmallMlp(steps = 12): number[] {
  manualSeed(1234);
  const x = randn([96, 12]);
  const y = scope(() => x.slice(1, 0, 4).argmax(1)); // class = the largest of the first four features
  const model = new nn.Sequential(new nn.Linear(12, 32), new nn.ReLU(), new nn.Dropout(0.1), new nn.Linear(32, 16), new nn.Tanh(), new nn.Linear(16, 4));
  const opt = new optim.Adam(model.parameters(), { lr: 0.01 });
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 16, shuffle: true, generator: new Generator(7) });
  const losses: number[] = [];
  try {
    while (losses.length < steps) {
      for (const [xb, yb] of loader) {
        losses.push(scope(() => {
          const loss = F.crossEntropy(model.forward(xb) as Tensor, yb);
          opt.zeroGrad();
          loss.backward();
          opt.step();
          return loss.item();
        }));
        if (losses.length === steps) break;
      }
    }
  } finally {
    model.dispose();
    opt.dispose();
    x.dispose();
    y.dispose();
  }
  return losses;
}

/** The float32 bit pattern of each value, as 8 hex digits: equal strings mean bit-identical losses. */
export const bits = (values: number[]) => values.map((v) => new Uint32Array(Float32Array.of(v).buffer)[0].toString(16).padStart(8, "0"));
