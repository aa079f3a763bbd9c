// Example: logistic regression (sigmoid + binary cross-entropy) with nn.Linear and optim.SGD on two overlapping
// Gaussian classes; prints the loss curve, the accuracy and the learned boundary.
// Run: node scripts/run-ts.mjs examples/classic/logistic-regression.ts
import { init } from "simdgrad";
import { trainLogistic } from "./lib/logistic-regression";

await init();
const start = performance.now();
const r = trainLogistic({ seed: 0 });
const ms = performance.now() - start;

console.log("Logistic regression: p = sigmoid(w·x + b), BCE loss, SGD lr 0.5, full batch (400 points, classes N((−1, −1), I) and N((1, 1), I))\n");
console.log("step   BCE");
r.losses.forEach((l, i) => {
  if (i % 10 === 0 || i === r.losses.length - 1) console.log(`${String(i + 1).padStart(4)}   ${l.toFixed(4)}  ${"#".repeat(Math.round(l * 60))}`);
});
console.log(`\n${r.losses.length} steps in ${ms.toFixed(0)} ms; w = [${r.weights.map((v) => v.toFixed(3)).join(", ")}], b = ${r.bias.toFixed(3)}`);
console.log(`(the Bayes-optimal boundary is x1 + x2 = 0, log-odds 2·(x1 + x2): w = [2, 2], b = 0)`);
console.log(`test BCE ${r.testLoss.toFixed(4)}; train accuracy ${(r.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(r.testAccuracy * 100).toFixed(1)}% (Bayes optimum ≈ 92.1%)`);
