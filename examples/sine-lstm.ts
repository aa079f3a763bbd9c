// Example: an LSTM learns to predict the next value of noisy sine waves (random amplitude, frequency and phase); prints
// the held-out error falling, against the naive forecast and the noise floor, and a few predictions.
// Run: node scripts/run-ts.mjs examples/sine-lstm.ts [--steps 600] [--hidden 32] [--lr 0.02] [--noise 0.1] [--seed 0]
import { init, memoryStats } from "simdgrad";
import { parseArgs } from "./lib/cli";
import { trainSine } from "./lib/sine";

const defaults = { steps: "600", hidden: "32", lr: "0.02", noise: "0.1", seed: "0" };
const args = parseArgs(defaults, process.argv.slice(2));

const info = await init();
const steps = Number(args.steps), noise = Number(args.noise);
console.log(`simdgrad: isa ${info.isa}; LSTM(1 → ${args.hidden}) + Linear, Adam lr ${args.lr}, gradient norm clipped to 1, ` +
  `${steps} steps of 32 fresh waves × 40 steps, noise σ ${noise}`);
console.log("\n step  train loss  test MSE (noisy next)  test MSE (clean next)");
const start = performance.now();
const res = trainSine({
  steps, hidden: Number(args.hidden), lr: Number(args.lr), noise, seed: Number(args.seed),
  onEval: (e) => {
    const bar = "#".repeat(Math.max(1, Math.min(60, Math.round(e.testMseClean * 400))));
    const train = e.step === 0 ? "-" : e.trainLoss.toFixed(5);
    console.log(`${String(e.step).padStart(5)}  ${train.padStart(10)}  ${e.testMse.toFixed(5).padStart(21)}  ${e.testMseClean.toFixed(5).padStart(21)}  ${bar}`);
  },
});
const seconds = (performance.now() - start) / 1000;
const final = res.evals[res.evals.length - 1];
console.log(`\nfinal held-out MSE: ${final.testMseClean.toFixed(5)} against the clean next value, ${final.testMse.toFixed(5)} against the noisy one ` +
  `(noise floor ${res.noiseFloor.toFixed(5)}); naive "next = current" forecast: ${res.persistenceMse.toFixed(5)}`);
console.log(`${steps} steps in ${seconds.toFixed(1)} s (${(steps / seconds).toFixed(0)} steps/s); gradient norm before clipping: ` +
  `first ${res.gradNorms[0].toFixed(2)}, largest ${Math.max(...res.gradNorms).toFixed(2)}, last ${res.gradNorms[res.gradNorms.length - 1].toFixed(3)}`);
console.log("\nlast 12 steps of a held-out wave:\n  noisy input   clean next   predicted");
res.sample.input.forEach((v, i) => console.log(`  ${v.toFixed(3).padStart(11)}  ${res.sample.clean[i].toFixed(3).padStart(11)}  ${res.sample.predicted[i].toFixed(3).padStart(10)}`));
const m = memoryStats();
console.log(`\nmemoryStats: bytesInUse ${m.bytesInUse}, tensors ${m.tensors}, leaked ${m.leaked}`);
