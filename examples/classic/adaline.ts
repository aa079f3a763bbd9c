// Example: ADALINE, a linear unit trained by the Widrow–Hoff delta rule (gradient descent on the squared error), on two
// overlapping Gaussian classes; prints the loss curve and the accuracy.
// Run: node scripts/run-ts.mjs examples/classic/adaline.ts
import { init } from "simdgrad";
import { trainAdaline } from "./lib/adaline";

await init();
const start = performance.now();
const r = trainAdaline({ seed: 0 });
const ms = performance.now() - start;

console.log("ADALINE: ŷ = w·x + b, L = mean((ŷ − t)²) with t = ±1, w ← w − η∂L/∂w (400 points, classes N((−1, −1), I) and N((1, 1), I))\n");
console.log("step   MSE");
r.losses.forEach((l, i) => {
  if (i % 5 === 0 || i === r.losses.length - 1) console.log(`${String(i + 1).padStart(4)}   ${l.toFixed(4)}  ${"#".repeat(Math.round(l * 40))}`);
});
console.log(`\n${r.losses.length} steps in ${ms.toFixed(0)} ms; w = [${r.weights.map((v) => v.toFixed(3)).join(", ")}], b = ${r.bias.toFixed(3)}`);
console.log(`autograd's gradient vs the delta rule (2/n)·Xᵀ(ŷ − t) at step 1: max difference ${r.deltaRuleGap.toExponential(1)}`);
console.log(`train accuracy ${(r.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(r.testAccuracy * 100).toFixed(1)}% (Bayes optimum ≈ 92.1%)`);
