// Example: a convolutional autoencoder compresses Fashion-MNIST images to a 7×7 code and reconstructs them (MSE on
// pixels in [0, 1], Adam, fit() with a progress bar and the test loss after each epoch), then writes a grid of test
// images and their reconstructions (odd rows originals, even rows reconstructions) as PNG, or PGM for a .pgm path.
// Run: node scripts/run-ts.mjs examples/conv-autoencoder.ts [--data DIR] [--epochs 5] [--batch-size 64] [--lr 2e-3]
//      [--latent 4] [--decoder transpose|upsample] [--out .cache/conv-autoencoder.png] [--seed 0]
// --data defaults to Debian's full set (/usr/share/datasets/fashion-mnist) when installed, else data/fashion-mnist.
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { F, Generator, data, fit, init, manualSeed, noGrad, optim, scope, summary } from "simdgrad";
import { type Decoder, makeAutoencoder, toUnitPixels } from "./lib/autoencoder";
import { idxFiles, parseArgs } from "./lib/cli";
import { loadFashionMnist } from "./lib/fashion-mnist";
import { encodePgm, encodePng, tileGrid } from "./lib/images";

const DEBIAN = "/usr/share/datasets/fashion-mnist";
const defaults = {
  data: existsSync(DEBIAN) ? DEBIAN : "data/fashion-mnist", epochs: "5", "batch-size": "64", lr: "2e-3", latent: "4",
  decoder: "transpose", out: ".cache/conv-autoencoder.png", seed: "0",
};
const args = parseArgs(defaults, process.argv.slice(2));
const int = (k: keyof typeof defaults) => {
  const v = Number(args[k]);
  if (!Number.isInteger(v) || v < 0) throw new RangeError(`--${k} must be a non-negative integer, got ${args[k]}`);
  return v;
};
const epochs = int("epochs"), batchSize = int("batch-size"), latent = int("latent"), seed = int("seed"), lr = Number(args.lr);
if (args.decoder !== "transpose" && args.decoder !== "upsample") throw new RangeError(`--decoder must be transpose or upsample, got ${args.decoder}`);

const t0 = performance.now();
const info = await init();
const ds = await loadFashionMnist(idxFiles(args.data));
const trainX = toUnitPixels(ds.trainX, ds.mean, ds.std), testX = toUnitPixels(ds.testX, ds.mean, ds.std);
for (const t of [ds.trainX, ds.testX, ds.trainY, ds.testY]) t.dispose();
console.log(`simdgrad: isa ${info.isa}; data ${args.data}: ${trainX.shape[0]} training and ${testX.shape[0]} test images, pixels in [0, 1]`);

manualSeed(seed);
const model = makeAutoencoder({ latent, decoder: args.decoder as Decoder });
console.log(summary(model, [1, 1, 28, 28]));
console.log(`code: ${latent}×7×7 = ${latent * 49} numbers per 784-pixel image; decoder ${args.decoder}; Adam lr ${lr}, batch ${batchSize}`);
const history = await fit(model, new data.DataLoader(new data.TensorDataset(trainX, trainX), { batchSize, shuffle: true, generator: new Generator(seed) }), {
  epochs,
  optimizer: new optim.Adam(model.parameters(), { lr }),
  loss: F.mseLoss,
  validation: new data.DataLoader(new data.TensorDataset(testX, testX), { batchSize: 1000 }),
});
const mse = history.valLoss[history.valLoss.length - 1];
console.log(`test reconstruction MSE ${mse.toFixed(5)} (RMSE ${Math.sqrt(mse).toFixed(4)} of the [0, 1] pixel range)`);

// the first 16 test images: rows of 8 originals, each followed by the row of their reconstructions
const shown = testX.slice(0, 0, 16);
const recon = noGrad(() => scope(() => model.forward(shown).dataSync()));
const orig = shown.dataSync();
const tiles: Float32Array[] = [];
for (let row = 0; row < 2; row++) {
  for (const src of [orig, recon]) for (let i = row * 8; i < row * 8 + 8; i++) tiles.push(src.subarray(i * 784, (i + 1) * 784) as Float32Array);
}
const grid = tileGrid(tiles, 28, 28, 8);
mkdirSync(dirname(args.out), { recursive: true });
writeFileSync(args.out, args.out.endsWith(".pgm") ? encodePgm(grid) : encodePng(grid));
console.log(`wrote ${args.out} (${grid.width}×${grid.height}: rows 1 and 3 originals, rows 2 and 4 reconstructions); total ${((performance.now() - t0) / 1000).toFixed(1)} s`);
