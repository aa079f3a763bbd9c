// Example: the classic XOR problem, learned by a 2-8-1 MLP; prints a sparse loss curve and the predictions.
// Run: node scripts/run-ts.mjs examples/xor.ts
import { init, memoryStats } from "simdgrad";
import { XOR_INPUTS, XOR_TARGETS, trainXor } from "./lib/xor";

await init();
const start = performance.now();
const { losses, stepsToTarget, predictions } = trainXor({ seed: 0, lr: 0.01, target: 0.01 });
const ms = performance.now() - start;

console.log("step   loss");
const every = Math.max(1, Math.ceil(losses.length / 12 / 10) * 10); // about a dozen rows
const shown = new Set([1, losses.length]);
for (let s = every; s < losses.length; s += every) shown.add(s);
for (const s of [...shown].sort((a, b) => a - b)) {
  const bar = "#".repeat(Math.max(1, Math.round(losses[s - 1] * 200)));
  console.log(`${String(s).padStart(4)}   ${losses[s - 1].toFixed(5)}  ${bar}`);
}
console.log(
  stepsToTarget === null
    ? `did not reach loss < 0.01 in ${losses.length} steps`
    : `loss < 0.01 after ${stepsToTarget} steps (${ms.toFixed(0)} ms)`,
);
console.log("\n x1 x2  target  prediction");
XOR_INPUTS.forEach(([a, b], i) => console.log(`  ${a}  ${b}     ${XOR_TARGETS[i]}     ${predictions[i].toFixed(4)}  → ${predictions[i] > 0.5 ? 1 : 0}`));
const m = memoryStats();
console.log(`\nmemoryStats: bytesInUse ${m.bytesInUse}, tensors ${m.tensors}, leaked ${m.leaked}`);
