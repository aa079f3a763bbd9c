// Example: batch vs stochastic vs mini-batch gradient descent, one MLP (2-16-16-2, tanh) and one DataLoader, on the
// two-moons data; prints each variant's loss curve, time per epoch and test accuracy.
// Run: node scripts/run-ts.mjs examples/classic/gradient-descent.ts
import { init } from "simdgrad";
import { compareGradientDescent } from "./lib/gradient-descent";

await init();
const epochs = 30;
const results = compareGradientDescent({ seed: 0, epochs });

console.log(`Gradient descent variants on two moons (200 training points, noise 0.15), ${epochs} epochs each, same initial weights\n`);
console.log("training loss after each epoch:");
console.log("epoch  " + results.map((r) => `${r.name} (batch ${r.batchSize}, lr ${r.lr})`.padEnd(34)).join(""));
for (let e = 0; e < epochs; e++) {
  console.log(String(e + 1).padStart(5) + "  " + results.map((r) => `${r.losses[e].toFixed(4)} ${"#".repeat(Math.round(r.losses[e] * 30))}`.padEnd(34)).join(""));
}
console.log("\nvariant          steps/epoch   ms/epoch   ms/step   final loss   test accuracy");
for (const r of results) {
  const ms = r.msPerEpoch.reduce((a, b) => a + b, 0) / r.msPerEpoch.length;
  console.log(
    `${r.name.padEnd(16)} ${String(r.stepsPerEpoch).padStart(11)} ${ms.toFixed(1).padStart(10)} ${(ms / r.stepsPerEpoch).toFixed(3).padStart(9)}` +
      ` ${r.losses[epochs - 1].toFixed(4).padStart(12)} ${(r.testAccuracy * 100).toFixed(1).padStart(14)}%`,
  );
}
