// Example: softmax regression (one linear layer, softmax, cross-entropy with one-hot targets, mini-batch SGD) on four
// Gaussian classes and then on the shipped Fashion-MNIST images; prints the loss per epoch and the accuracy.
// Run (from the repository root): node scripts/run-ts.mjs examples/classic/softmax-regression.ts
import { readFileSync } from "node:fs";
import { init } from "simdgrad";
import { loadFashionMnist } from "../lib/fashion-mnist";
import { clusters, disposeDataset } from "./lib/data";
import { FOUR_CLUSTERS, trainSoftmax } from "./lib/softmax-regression";

await init();
const show = (epoch: number, loss: number) => console.log(`  epoch ${String(epoch).padStart(2)}   loss ${loss.toFixed(4)}  ${"#".repeat(Math.round(loss * 30))}`);

console.log("Softmax regression: p = softmax(Wx + b), loss = −mean Σ onehot(y)·log p, SGD on mini-batches of 32\n");
console.log("Four Gaussian classes at (±2, ±2), std 1 (400 training points, 1000 test points):");
let start = performance.now();
const blobs = clusters({ nTrain: 400, nTest: 1000, ...FOUR_CLUSTERS, seed: 0 });
const r1 = trainSoftmax(blobs.train, blobs.test, { classes: 4, epochs: 10, lr: 0.1, onEpoch: show });
disposeDataset(blobs);
console.log(`  ${(performance.now() - start).toFixed(0)} ms; train accuracy ${(r1.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(r1.testAccuracy * 100).toFixed(1)}% (Bayes optimum ≈ 95.5%)\n`);

console.log("Fashion-MNIST, the shipped subset (10,000 training images, 2,000 test images, 784 pixels → 10 classes):");
start = performance.now();
const fm = await loadFashionMnist((name) => readFileSync(`data/fashion-mnist/${name}.gz`));
const r2 = trainSoftmax({ x: fm.trainX, y: fm.trainY }, { x: fm.testX, y: fm.testY }, { classes: 10, epochs: 5, lr: 0.01, onEpoch: show });
console.log(`  ${(performance.now() - start).toFixed(0)} ms; train accuracy ${(r2.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(r2.testAccuracy * 100).toFixed(1)}% (chance 10%)`);
