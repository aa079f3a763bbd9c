// Checkpoints of a model with an Embedding, an LSTM and BatchNorm buffers (int32 num_batches_tracked included), with
// the learning-rate scheduler's state beside the optimizer's: the round trip is bit-exact, and training resumed from a
// mid-run checkpoint reproduces the uninterrupted run's losses and learning rates exactly (optimizer test/io/
// optimizer-state.test.ts covers every optimizer; here the schedulers and the other kinds of state).
import { beforeAll, describe, expect, test } from "vitest";
import { F, type Tensor, init, io, manualSeed, memoryStats, nn, optim, randint, scope } from "simdgrad";

beforeAll(async () => {
  await init();
});

/** Tokens [N, T] → embedding → LSTM → last step → BatchNorm1d → Linear → 3 classes. */
class Tagger extends nn.Module {
  emb = new nn.Embedding(12, 5, { paddingIdx: 0 });
  lstm = new nn.LSTM(5, 6, { batchFirst: true });
  bn = new nn.BatchNorm1d(6);
  head = new nn.Linear(6, 3);
  forward(tokens: Tensor): Tensor {
    return scope(() => {
      const [out] = this.lstm.forward(this.emb.forward(tokens));
      const last = out.slice(1, -1).squeeze(1);
      return this.head.forward(this.bn.forward(last));
    });
  }
}

type Scheduler = optim.lrScheduler.StepLR | optim.lrScheduler.ReduceLROnPlateau | optim.lrScheduler.CosineAnnealingLR;
const SETUPS: [string, (m: nn.Module) => [optim.Optimizer, Scheduler]][] = [
  ["AdamW + StepLR", (m) => { const o = new optim.AdamW(m.parameters(), { lr: 0.02 }); return [o, new optim.lrScheduler.StepLR(o, 3, { gamma: 0.5 })]; }],
  ["SGD momentum + CosineAnnealingLR", (m) => { const o = new optim.SGD(m.parameters(), { lr: 0.1, momentum: 0.9 }); return [o, new optim.lrScheduler.CosineAnnealingLR(o, 7, { etaMin: 0.01 })]; }],
  ["RMSprop + ReduceLROnPlateau", (m) => { const o = new optim.RMSprop(m.parameters(), { lr: 0.01 }); return [o, new optim.lrScheduler.ReduceLROnPlateau(o, { patience: 0, factor: 0.5, threshold: 0.5 })]; }],
];

describe("checkpoints with schedulers, embeddings, recurrent layers and batch-norm buffers", () => {
  test.each(SETUPS)("%s: the round trip is bit-exact and resuming at step 6 reproduces steps 7–12", (_name, make) => {
    const before = memoryStats();
    manualSeed(11);
    const tokens = randint(0, 12, [8, 4]), y = randint(0, 3, [8]);
    const run = (m: nn.Module, o: optim.Optimizer, s: Scheduler, steps: number) =>
      Array.from({ length: steps }, () => {
        const loss = scope(() => {
          o.zeroGrad();
          const l = F.crossEntropy(m.forward(tokens) as Tensor, y);
          l.backward();
          o.step();
          return l.item();
        });
        if (s instanceof optim.lrScheduler.ReduceLROnPlateau) s.step(loss);
        else s.step();
        return [loss, o.paramGroups[0].lr];
      });

    const a = new Tagger();
    const [optA, schedA] = make(a);
    run(a, optA, schedA, 6);
    const bytes = io.saveCheckpoint({ model: a.stateDict(), optimizer: optA.stateDict(), metadata: { scheduler: JSON.stringify(schedA.stateDict()) } });
    const rest = run(a, optA, schedA, 6);

    manualSeed(12); // other weights; the checkpoint must replace them
    const b = new Tagger();
    const [optB, schedB] = make(b);
    scope(() => {
      const ckpt = io.loadCheckpoint(bytes);
      // bit-exact: every tensor of the file equals the model's and the optimizer's state at step 6
      expect(ckpt.model["bn.num_batches_tracked"].dtype).toBe("int32");
      expect(ckpt.model["bn.num_batches_tracked"].item()).toBe(6);
      b.loadStateDict(ckpt.model);
      optB.loadStateDict(ckpt.optimizer!);
      schedB.loadStateDict(JSON.parse(ckpt.metadata.scheduler));
      expect(io.saveCheckpoint({ model: b.stateDict(), optimizer: optB.stateDict(), metadata: { scheduler: JSON.stringify(schedB.stateDict()) } })).toEqual(bytes);
    });
    expect(run(b, optB, schedB, 6)).toEqual(rest);
    const sa = a.stateDict(), sb = b.stateDict();
    for (const k of Object.keys(sa)) expect(new Uint8Array(sb[k].dataSync().buffer), k).toEqual(new Uint8Array(sa[k].dataSync().buffer));

    for (const t of [tokens, y]) t.dispose();
    for (const o of [optA, optB]) o.dispose();
    for (const m of [a, b]) m.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });

  test("a scheduler's state dict round-trips through JSON and restores the rate of its epoch", () => {
    const p = nn.Parameter(randint(0, 2, [3]).float());
    const o = new optim.SGD([p], { lr: 1 });
    const s = new optim.lrScheduler.MultiStepLR(o, [2, 4], { gamma: 0.1 });
    for (let i = 0; i < 5; i++) s.step();
    const saved = JSON.parse(JSON.stringify(s.stateDict()));
    expect(saved).toEqual({ lastEpoch: 5, baseLrs: [1] });
    const o2 = new optim.SGD([p], { lr: 123 });
    const s2 = new optim.lrScheduler.MultiStepLR(o2, [2, 4], { gamma: 0.1 });
    s2.loadStateDict(saved);
    expect(o2.paramGroups[0].lr).toBe(o.paramGroups[0].lr);
    s.step();
    s2.step();
    expect(o2.paramGroups[0].lr).toBe(o.paramGroups[0].lr);
    for (const x of [o, o2]) x.dispose();
    p.dispose();
  });
});
