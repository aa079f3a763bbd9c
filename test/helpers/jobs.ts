// Two training jobs for the concurrency tests (one process, interleaved; and two workers): different models,
// optimizers and data, each with its own generators, so that a job's results do not depend on what else runs.
import { F, Generator, type Tensor, data, manualSeed, nn, optim, randint, randn, scope } from "simdgrad";

export const tick = () => new Promise<void>((r) => setTimeout(r, 0));

/** One of two different jobs: a model (own dropout generator), its optimizer and its data, built from a seed. */
export function job(kind: "mlp" | "tagger", seed: number) {
  manualSeed(seed);
  const g = new Generator(seed);
  const model = kind === "mlp"
    ? new nn.Sequential(new nn.Linear(6, 16), new nn.BatchNorm1d(16), new nn.ReLU(), new nn.Dropout(0.2, { generator: g }), new nn.Linear(16, 3))
    : new nn.Sequential(new nn.Embedding(9, 6), new nn.LayerNorm(6), new nn.GELU(), new nn.Flatten(), new nn.Linear(18, 3));
  const opt = kind === "mlp" ? new optim.Adam(model.parameters(), { lr: 0.01 }) : new optim.SGD(model.parameters(), { lr: 0.05, momentum: 0.9 });
  const x = kind === "mlp" ? randn([32, 6]) : randint(0, 9, [32, 3]);
  const y = randint(0, 3, [32]);
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: 8, shuffle: true, generator: new Generator(seed + 1) });
  const weights = () => model.parameters().map((p) => Array.from(p.dataSync()));
  const dispose = () => {
    model.dispose();
    opt.dispose();
    x.dispose();
    y.dispose();
  };
  return { model, opt, loader, weights, dispose };
}
export type Job = ReturnType<typeof job>;

/** An async training loop: one synchronous scope per step, an await after each (where another job may run). */
export async function train(j: Job, epochs: number): Promise<number[]> {
  const losses: number[] = [];
  for (let e = 0; e < epochs; e++) {
    for (const [xb, yb] of j.loader) {
      losses.push(scope(() => {
        j.opt.zeroGrad();
        const loss = F.crossEntropy(j.model.forward(xb) as Tensor, yb);
        loss.backward();
        j.opt.step();
        return loss.item();
      }));
      await tick();
    }
  }
  return losses;
}
