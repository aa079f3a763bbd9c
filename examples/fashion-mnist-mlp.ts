// Demo: an MLP 784-256-128-10 learns Fashion-MNIST with Adam, with a live progress bar, test accuracy and a confusion matrix.
// Run: node scripts/run-ts.mjs examples/fashion-mnist-mlp.ts [--data data/fashion-mnist] [--epochs 5] [--batch-size 64]
//      [--lr 1e-3] [--seed 0]          (--data /usr/share/datasets/fashion-mnist for Debian's full 60k/10k set)
import { Generator, data, init, manualSeed, memoryStats, optim } from "simdgrad";
import { idxFiles, parseArgs } from "./lib/cli";
import { evaluate, formatConfusion, formatRecall, loadFashionMnist, makeModel, trainEpoch } from "./lib/fashion-mnist";
import { ProgressBar, formatDuration } from "./lib/progress";

const defaults = { data: "data/fashion-mnist", epochs: "5", "batch-size": "64", lr: "1e-3", seed: "0" };
const args = parseArgs(defaults, process.argv.slice(2));
const epochs = Number(args.epochs), batchSize = Number(args["batch-size"]), lr = Number(args.lr), seed = Number(args.seed);

const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
const t0 = performance.now();
const info = await init();
console.log(`simdgrad: isa ${info.isa}, threads ${info.threads}, shared memory ${info.sharedMemory}`);

const ds = await loadFashionMnist(idxFiles(args.data));
console.log(
  `data: ${args.data}: ${ds.trainX.shape[0]} training and ${ds.testX.shape[0]} test images; ` +
    `pixels standardised with mean ${ds.mean.toFixed(4)}, std ${ds.std.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

manualSeed(seed);
const model = makeModel();
const opt = new optim.Adam(model.parameters(), { lr });
const loader = new data.DataLoader(new data.TensorDataset(ds.trainX, ds.trainY), { batchSize, shuffle: true, generator: new Generator(seed) });
console.log(`model: MLP 784-256-128-10 (ReLU), ${model.parameters().reduce((n, p) => n + p.size, 0)} parameters; Adam lr ${lr}, batch ${batchSize}, ${epochs} epoch${epochs === 1 ? "" : "s"}`);

const live = process.stdout.isTTY === true;
const trainStart = performance.now();
let images = 0, trainSeconds = 0;
let acc = 0, confusion: number[][] = [];
const memory: number[] = [];
for (let e = 1; e <= epochs; e++) {
  const bar = new ProgressBar(loader.length, { write: (s) => process.stdout.write(s), label: `epoch ${e}/${epochs}`, unit: "img", live });
  const start = performance.now();
  const loss = trainEpoch(model, opt, loader, (step, meanLoss, n) => bar.update(step, { loss: meanLoss, items: n }));
  const seconds = (performance.now() - start) / 1000;
  trainSeconds += seconds;
  images += ds.trainX.shape[0];
  bar.finish();
  ({ accuracy: acc, confusion } = evaluate(model, ds.testX, ds.testY));
  memory.push(memoryStats().bytesInUse);
  console.log(
    `epoch ${e}/${epochs}: train loss ${loss.toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}%, ` +
      `${Math.round(ds.trainX.shape[0] / seconds)} img/s, arena in use ${mib(memory[memory.length - 1])}`,
  );
}

const total = (performance.now() - trainStart) / 1000;
console.log(`\nfinal test accuracy: ${(acc * 100).toFixed(2)}% on ${ds.testX.shape[0]} images`);
console.log(`training and evaluation: ${total.toFixed(1)} s (${formatDuration(total)}); training throughput ${Math.round(images / trainSeconds)} img/s`);
console.log("\nconfusion matrix:\n" + formatConfusion(confusion));
console.log(`per-class recall: ${formatRecall(confusion)}`);
const m = memoryStats();
console.log(
  `\nmemoryStats: bytesInUse ${m.bytesInUse} (${mib(m.bytesInUse)}), peak ${mib(m.peakBytes)}, blocks ${m.blocks}, ` +
    `tensors ${m.tensors}, leaked ${m.leaked}, fragmentation ${(m.fragmentation * 100).toFixed(1)}%, memory ${mib(m.memoryBytes)}`,
);
const grew = memory.length > 1 && memory[memory.length - 1] > memory[0];
console.log(`arena in use after each epoch: ${memory.map(mib).join(", ")}${grew ? "  (GREW: a leak)" : " (flat)"}`);
console.log(`total time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
