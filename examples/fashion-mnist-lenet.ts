// Example: LeNet-5 (optionally with BatchNorm) learns Fashion-MNIST with Adam and a cosine learning-rate schedule, with a
// live progress bar (loss, images/s), test accuracy after each epoch, a confusion matrix and a safetensors checkpoint.
// Run: node scripts/run-ts.mjs examples/fashion-mnist-lenet.ts [--bn] [--data DIR] [--epochs 12] [--batch-size 64]
//      [--lr 1e-3 (2e-3 with --bn)] [--augment none|flip] [--seed 0] [--save .cache/fashion-mnist-lenet.safetensors]
// --data defaults to Debian's full 60k/10k set (/usr/share/datasets/fashion-mnist, package dataset-fashion-mnist) when it
// is installed, else the 10k/2k subset shipped in data/fashion-mnist. --augment flip mirrors a random half of each
// training batch left–right (measured on the full set: it needs more epochs to pay off; see README). --save "" saves nothing.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { Generator, data, init, io, manualSeed, memoryStats, optim, summary } from "simdgrad";
import { idxFiles, parseArgs } from "./lib/cli";
import { formatConfusion, formatRecall, loadFashionMnist, trainEpoch } from "./lib/fashion-mnist";
import { FlipDataset, asImages, evaluateImages, makeLeNet } from "./lib/lenet";
import { ProgressBar, formatDuration } from "./lib/progress";

const DEBIAN = "/usr/share/datasets/fashion-mnist";
const argv = process.argv.slice(2);
const bn = argv.includes("--bn");
const defaults = {
  data: existsSync(DEBIAN) ? DEBIAN : "data/fashion-mnist", epochs: "12", "batch-size": "64", lr: bn ? "2e-3" : "1e-3", augment: "none", seed: "0",
  save: `.cache/fashion-mnist-lenet${bn ? "-bn" : ""}.safetensors`,
};
const args = parseArgs(defaults, argv.filter((a) => a !== "--bn"));
const num = (k: keyof typeof defaults, ok: (v: number) => boolean) => {
  const v = Number(args[k]);
  if (!ok(v)) throw new RangeError(`--${k}: got ${args[k]}`);
  return v;
};
const epochs = num("epochs", (v) => Number.isInteger(v) && v > 0), batchSize = num("batch-size", (v) => Number.isInteger(v) && v > 0);
const lr = num("lr", (v) => v > 0), seed = num("seed", Number.isInteger);
if (args.augment !== "flip" && args.augment !== "none") throw new RangeError(`--augment must be flip or none, got ${args.augment}`);

const mib = (b: number) => `${(b / 2 ** 20).toFixed(2)} MiB`;
const t0 = performance.now();
const info = await init();
console.log(`simdgrad: isa ${info.isa}, threads ${info.threads}, shared memory ${info.sharedMemory}`);

const ds = await loadFashionMnist(idxFiles(args.data));
const trainX = asImages(ds.trainX), testX = asImages(ds.testX);
console.log(
  `data: ${args.data}: ${trainX.shape[0]} training and ${testX.shape[0]} test images; ` +
    `pixels standardised with mean ${ds.mean.toFixed(4)}, std ${ds.std.toFixed(4)} (${((performance.now() - t0) / 1000).toFixed(1)} s)`,
);

manualSeed(seed);
const model = makeLeNet({ batchNorm: bn });
const opt = new optim.Adam(model.parameters(), { lr });
const schedule = new optim.lrScheduler.CosineAnnealingLR(opt, epochs);
const train = args.augment === "flip" ? new FlipDataset(trainX, ds.trainY, new Generator(seed + 1)) : new data.TensorDataset(trainX, ds.trainY);
const loader = new data.DataLoader(train, { batchSize, shuffle: true, generator: new Generator(seed) });
console.log(summary(model, [1, 1, 28, 28]));
console.log(
  `LeNet-5${bn ? " with BatchNorm" : ""}: Adam lr ${lr} with cosine annealing over ${epochs} epoch${epochs === 1 ? "" : "s"}, batch ${batchSize}` +
    (args.augment === "flip" ? ", random left–right flips" : ""),
);

const live = process.stdout.isTTY === true;
const trainStart = performance.now();
let images = 0, trainSeconds = 0;
let acc = 0, confusion: number[][] = [];
const memory: number[] = [];
for (let e = 1; e <= epochs; e++) {
  const bar = new ProgressBar(loader.length, { write: (s) => process.stdout.write(s), label: `epoch ${e}/${epochs}`, unit: "img", live });
  const epochLr = opt.paramGroups[0].lr;
  const start = performance.now();
  model.train();
  const loss = trainEpoch(model, opt, loader, (step, meanLoss, n) => bar.update(step, { loss: meanLoss, items: n }));
  const seconds = (performance.now() - start) / 1000;
  schedule.step();
  trainSeconds += seconds;
  images += trainX.shape[0];
  bar.finish();
  ({ accuracy: acc, confusion } = evaluateImages(model, testX, ds.testY));
  memory.push(memoryStats().bytesInUse);
  console.log(
    `epoch ${e}/${epochs}: lr ${epochLr.toExponential(2)}, train loss ${loss.toFixed(4)}, test accuracy ${(acc * 100).toFixed(2)}%, ` +
      `${Math.round(trainX.shape[0] / seconds)} img/s, arena in use ${mib(memory[memory.length - 1])}`,
  );
}

const total = (performance.now() - trainStart) / 1000;
console.log(`\nfinal test accuracy: ${(acc * 100).toFixed(2)}% on ${testX.shape[0]} images`);
console.log(`training and evaluation: ${total.toFixed(1)} s (${formatDuration(total)}); training throughput ${Math.round(images / trainSeconds)} img/s`);
console.log("\nconfusion matrix:\n" + formatConfusion(confusion));
console.log(`per-class recall: ${formatRecall(confusion)}`);
if (args.save) {
  mkdirSync(dirname(args.save), { recursive: true });
  writeFileSync(args.save, io.saveSafetensors(model.stateDict()));
  console.log(`\nsaved the weights (PyTorch state-dict keys, BatchNorm buffers included) to ${args.save}`);
}
const m = memoryStats();
console.log(
  `memoryStats: bytesInUse ${mib(m.bytesInUse)}, peak ${mib(m.peakBytes)}, blocks ${m.blocks}, tensors ${m.tensors}, leaked ${m.leaked}`,
);
const grew = memory.length > 1 && memory[memory.length - 1] > memory[0];
console.log(`arena in use after each epoch: ${memory.map(mib).join(", ")}${grew ? "  (GREW: a leak)" : " (flat)"}`);
console.log(`total time ${((performance.now() - t0) / 1000).toFixed(1)} s`);
