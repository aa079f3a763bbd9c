// The soak loop (bench/soak.ts for 100,000 steps, test/nn/soak*.test.ts for a few thousand): small training steps that
// touch most of the library — a shuffled DataLoader, Linear/BatchNorm/Dropout/Embedding, cross-entropy with label
// smoothing, Adam, gradient clipping, a scheduler — with a checkpoint round trip and an evaluation now and then.
import { F, Generator, type MemoryStats, type Tensor, data, io, manualSeed, memoryStats, nn, noGrad, optim, randint, randn, scope } from "simdgrad";

/** Batches per epoch (256 samples in batches of 32): sample the counters at multiples of it, at the same point of an epoch. */
export const BATCHES_PER_EPOCH = 8;

/** A model with a BatchNorm buffer, dropout and an embedding of a categorical feature. */
class Net extends nn.Module {
  emb = new nn.Embedding(10, 4);
  body = new nn.Sequential(new nn.Linear(16 + 4, 32), new nn.BatchNorm1d(32), new nn.ReLU(), new nn.Dropout(0.1, { generator: new Generator(7) }), new nn.Linear(32, 4));
  forward(x: Tensor, c: Tensor): Tensor {
    return scope(() => this.body.forward(F.pad(x, [0, 4]).add(F.pad(this.emb.forward(c), [16, 0]))));
  }
}

export interface Soak {
  /** One training step (a checkpoint round trip every 500th, an evaluation every 250th); returns the loss. */
  step(): number;
  /** Frees the model, optimizer and data. */
  dispose(): void;
}

/** Builds the model, optimizer, scheduler and data (seeded). */
export function createSoak(seed = 1): Soak {
  manualSeed(seed);
  const x = randn([256, 16]), c = randint(0, 10, [256]), y = randint(0, 4, [256]);
  const loader = new data.DataLoader(new data.TensorDataset(x, c, y), { batchSize: 32, shuffle: true, generator: new Generator(seed) });
  const model = new Net();
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3, weightDecay: 1e-4 });
  const sched = new optim.lrScheduler.StepLR(opt, 1000, { gamma: 0.99 });
  let batches: Iterator<Tensor[]> = loader[Symbol.iterator]();
  let steps = 0;
  const next = (): Tensor[] => {
    let b = batches.next();
    if (b.done) {
      batches = loader[Symbol.iterator]();
      b = batches.next();
    }
    return b.value;
  };
  return {
    step() {
      const [xb, cb, yb] = next();
      const loss = scope(() => {
        model.train();
        const l = F.crossEntropy(model.forward(xb, cb), yb, { labelSmoothing: 0.05 });
        opt.zeroGrad();
        l.backward();
        nn.utils.clipGradNorm(model.parameters(), 5);
        opt.step();
        return l.item();
      });
      steps++;
      if (steps % 100 === 0) sched.step();
      if (steps % 250 === 0) {
        noGrad(() => scope(() => {
          model.eval();
          return F.crossEntropy(model.forward(xb, cb), yb).item();
        }));
      }
      if (steps % 500 === 0) {
        const bytes = io.saveCheckpoint({ model: model.stateDict(), optimizer: opt.stateDict(), metadata: { steps: String(steps), sched: JSON.stringify(sched.stateDict()) } });
        scope(() => {
          const ckpt = io.loadCheckpoint(bytes);
          model.loadStateDict(ckpt.model);
          opt.loadStateDict(ckpt.optimizer!);
          sched.loadStateDict(JSON.parse(ckpt.metadata.sched));
        });
      }
      return loss;
    },
    dispose() {
      batches.return?.();
      model.dispose();
      opt.dispose();
      for (const t of [x, c, y]) t.dispose();
    },
  };
}

/** The counters a soak watches. */
export interface SoakSample {
  step: number;
  bytesInUse: number;
  blocks: number;
  tensors: number;
  peakBytes: number;
  memoryBytes: number;
  leaked: number;
  /** JS heap after a forced GC, where the runtime offers one (Node with --expose-gc). */
  heapUsed: number | null;
}

/** memoryStats() and, where measurable, the JS heap after a full GC. */
export function sample(step: number, heap: (() => number) | null): SoakSample {
  const m: MemoryStats = memoryStats();
  return { step, bytesInUse: m.bytesInUse, blocks: m.blocks, tensors: m.tensors, peakBytes: m.peakBytes, memoryBytes: m.memoryBytes, leaked: m.leaked, heapUsed: heap ? heap() : null };
}
