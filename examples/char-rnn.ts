// Example: a character-level LSTM (or GRU) language model trained on Jane Austen's Pride and Prejudice (data/text/),
// with a progress bar, the held-out loss falling, samples while it learns, and a final sample at a chosen temperature.
// Run: node scripts/run-ts.mjs examples/char-rnn.ts [--steps 1000] [--temperature 0.8] [--length 600] [--prompt "Elizabeth"]
//      [--cell lstm|gru] [--hidden 256] [--layers 1] [--embed 32] [--seq-len 64] [--batch-size 32] [--lr 2e-3]
//      [--clip 1] [--seed 0] [--text data/text/pride-and-prejudice.txt] [--save model.safetensors] [--load model.safetensors]
// --load skips training (the file must come from --save with the same --cell/--hidden/--layers/--embed and text).
import { readFileSync, writeFileSync } from "node:fs";
import { Generator, init, io, manualSeed, memoryStats } from "simdgrad";
import { CharModel, prepareText, sample, trainChars } from "./lib/char-rnn";
import { parseArgs } from "./lib/cli";
import { ProgressBar } from "./lib/progress";

const defaults = {
  steps: "1000", temperature: "0.8", length: "600", prompt: "Elizabeth", cell: "lstm", hidden: "256", layers: "1", embed: "32",
  "seq-len": "64", "batch-size": "32", lr: "2e-3", clip: "1", seed: "0", text: "data/text/pride-and-prejudice.txt", save: "", load: "",
};
const args = parseArgs(defaults, process.argv.slice(2));
const num = (k: keyof typeof defaults) => {
  const v = Number(args[k]);
  if (!Number.isFinite(v)) throw new RangeError(`--${k} must be a number, got ${args[k]}`);
  return v;
};
const temperature = num("temperature"), seed = num("seed");
if (!(temperature > 0)) throw new RangeError(`--temperature must be > 0, got ${temperature}`);
if (args.cell !== "lstm" && args.cell !== "gru") throw new RangeError(`--cell must be lstm or gru, got ${args.cell}`);

const info = await init();
const text = readFileSync(args.text, "utf8");
const { vocab, train, val } = prepareText(text);
console.log(`simdgrad: isa ${info.isa}; text ${args.text}: ${text.length} characters, ${vocab.size} distinct; ` +
  `${train.length} for training, ${val.length} held out`);
manualSeed(seed);
const model = new CharModel(vocab.size, { cell: args.cell, hidden: num("hidden"), layers: num("layers"), embed: num("embed") });
console.log(`model: Embedding(${vocab.size}, ${args.embed}) → ${args.cell.toUpperCase()}(${args.embed}, ${args.hidden}, layers ${args.layers}) → ` +
  `Linear(${args.hidden}, ${vocab.size}); ${model.numParameters()} parameters`);
const nats = (l: number) => `${l.toFixed(3)} nats/char (${(l / Math.LN2).toFixed(2)} bits)`;

if (args.load) {
  const saved = io.loadSafetensors(readFileSync(args.load));
  model.loadStateDict(saved);
  for (const t of Object.values(saved)) t.dispose();
  console.log(`loaded ${args.load}`);
} else {
  const steps = num("steps"), batchSize = num("batch-size"), seqLen = num("seq-len");
  console.log(`training: ${steps} steps of ${batchSize} random windows × ${seqLen} characters, Adam lr ${args.lr}, ` +
    `gradient norm clipped to ${args.clip}; uniform guessing would score ${nats(Math.log(vocab.size))}\n`);
  const live = process.stdout.isTTY === true;
  const every = 100;
  let bar = new ProgressBar(every, { write: (s) => process.stdout.write(s), label: "steps 1–100", unit: "char", live });
  let recent: number[] = [], norms: number[] = [];
  const t0 = performance.now();
  trainChars(model, train, val, {
    steps, batchSize, seqLen, lr: num("lr"), maxGradNorm: num("clip"), seed, evalEvery: every,
    onStep: (step, loss, norm) => {
      recent.push(loss);
      norms.push(norm);
      const inBlock = ((step - 1) % every) + 1;
      bar.update(inBlock, { loss: recent.reduce((a, b) => a + b, 0) / recent.length, items: inBlock * batchSize * seqLen });
    },
    onEval: (step, valLoss) => {
      bar.finish();
      const trainLoss = recent.reduce((a, b) => a + b, 0) / recent.length;
      const clipped = norms.filter((n) => n > num("clip")).length, meanNorm = norms.reduce((a, b) => a + b, 0) / norms.length;
      console.log(`step ${step}: train ${nats(trainLoss)}, held-out ${nats(valLoss)}; gradient norm ${meanNorm.toFixed(2)} on average, ` +
        `${clipped} of ${norms.length} steps clipped; ${((performance.now() - t0) / 1000).toFixed(0)} s`);
      if (step % 500 === 0 && step < steps) {
        const s = sample(model, vocab, { length: 160, temperature, prompt: args.prompt, generator: new Generator(seed + step) });
        console.log(`  sample: ${JSON.stringify(args.prompt + s)}`);
      }
      recent = [];
      norms = [];
      const next = Math.min(every, steps - step);
      if (next > 0) bar = new ProgressBar(next, { write: (s) => process.stdout.write(s), label: `steps ${step + 1}–${step + next}`, unit: "char", live });
    },
  });
  console.log(`trained in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  if (args.save) {
    writeFileSync(args.save, io.saveSafetensors(model.stateDict()));
    console.log(`saved the weights to ${args.save}`);
  }
}

const out = sample(model, vocab, { length: num("length"), temperature, prompt: args.prompt, generator: new Generator(seed + 1) });
console.log(`\n--- sample at temperature ${temperature} ---\n${args.prompt}${out}\n---`);
model.dispose();
const m = memoryStats();
console.log(`memoryStats: bytesInUse ${m.bytesInUse}, tensors ${m.tensors}, leaked ${m.leaked}`);
