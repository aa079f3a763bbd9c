// Steady-state memory: memoryStats() of the benchmark MLP after 10 training steps and after 1,000 more.
import { F, type MemoryStats, manualSeed, memoryStats, nn, optim, randint, randn, scope } from "simdgrad";

/** Trains MLP 784-256-128-10 (batch 64, Adam) and returns the arena counters after warm-up and after 1,000 more steps. */
export function benchMemory(steps = 1000): { warm: MemoryStats; after: MemoryStats; steps: number } {
  manualSeed(1);
  const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
  const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
  const x = randn([64, 784]), y = randint(0, 10, [64]);
  const step = () => scope(() => {
    const loss = F.crossEntropy(model.forward(x), y);
    opt.zeroGrad();
    loss.backward();
    opt.step();
  });
  for (let i = 0; i < 10; i++) step();
  const warm = memoryStats();
  for (let i = 0; i < steps; i++) step();
  const after = memoryStats();
  model.dispose();
  opt.dispose();
  x.dispose();
  y.dispose();
  return { warm, after, steps };
}

/** The two snapshots as a markdown table. */
export function memoryTable({ warm, after, steps }: ReturnType<typeof benchMemory>): string {
  const keys = ["bytesInUse", "peakBytes", "blocks", "tensors", "memoryBytes", "fragmentation", "leaked"] as const;
  const fmt = (v: number) => (Number.isInteger(v) ? String(v) : v.toFixed(4));
  return [
    `| memoryStats() | after 10 steps | after ${10 + steps} steps |`,
    "|---|--:|--:|",
    ...keys.map((k) => `| ${k} | ${fmt(warm[k])} | ${fmt(after[k])} |`),
  ].join("\n");
}
