// Example: Rosenblatt's perceptron learning rule on seeded linearly separable 2-D points; prints mistakes per epoch.
// Run: node scripts/run-ts.mjs examples/classic/perceptron.ts
import { init } from "simdgrad";
import { trainPerceptron } from "./lib/perceptron";

await init();
const start = performance.now();
const r = trainPerceptron({ seed: 0 });
const ms = performance.now() - start;

console.log("Perceptron: ŷ = step(w·x + b), update w ← w + η(y − ŷ)x on each mistake (200 separable points, margin 0.05)\n");
console.log("epoch  mistakes");
r.mistakes.forEach((m, i) => console.log(`${String(i + 1).padStart(5)}  ${String(m).padStart(8)}  ${"#".repeat(Math.ceil(m / 2))}`));
console.log(r.converged ? `\nconverged after ${r.mistakes.length} epochs (${ms.toFixed(0)} ms): no training point misclassified` : `\nnot converged after ${r.mistakes.length} epochs`);
const unit = (w: number[], b: number) => {
  const n = Math.hypot(...w);
  return `w = [${w.map((v) => (v / n).toFixed(3)).join(", ")}], b = ${(b / n).toFixed(3)}`;
};
console.log(`learned hyperplane (normalised): ${unit(r.weights, r.bias)}`);
console.log(`true hyperplane:                 ${unit(r.trueWeights, r.trueBias)}`);
console.log(`train accuracy ${(r.trainAccuracy * 100).toFixed(1)}%, test accuracy ${(r.testAccuracy * 100).toFixed(1)}% (1000 new points)`);
