// Deno: trains an MLP on the shipped Fashion-MNIST subset with fit() (a progress bar on the terminal), prints the model
// summary and the test accuracy, and saves the weights as safetensors with Deno.writeFile.
// From the repository, after `npm run build` (examples/deno/deno.json maps "simdgrad" to dist/index.js):
//   npx deno run --config examples/deno/deno.json --allow-read=data/fashion-mnist --allow-write=fashion-mnist-mlp.safetensors \
//     examples/deno/train.ts [--epochs 3] [--out fashion-mnist-mlp.safetensors]
// With the published package, import from "npm:simdgrad" instead and drop --config.
import { F, Generator, accuracy, data, fit, init, io, manualSeed, nn, optim, summary, tensor } from "simdgrad";

declare const Deno: {
  args: string[];
  readFile(path: string): Promise<Uint8Array>;
  writeFile(path: string, bytes: Uint8Array): Promise<void>;
};

const arg = (name: string, fallback: string) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 && Deno.args[i + 1] !== undefined ? Deno.args[i + 1] : fallback;
};
const epochs = Number(arg("epochs", "3")), out = arg("out", "fashion-mnist-mlp.safetensors");

const info = await init();
console.log(`simdgrad in Deno: ${info.isa} build, ${info.sharedMemory ? "shared" : "ordinary"} memory`);

/** Images as [N, 784] floats in [0, 1] and labels as int32, from the gzipped IDX files (data.readIdx gunzips). */
async function load(images: string, labels: string) {
  const dir = "data/fashion-mnist";
  const x = await data.readIdx(await Deno.readFile(`${dir}/${images}.gz`));
  const y = await data.readIdx(await Deno.readFile(`${dir}/${labels}.gz`));
  return [tensor(Float32Array.from(x.data, (p) => p / 255), [x.shape[0], 784]), tensor(Int32Array.from(y.data))];
}
const [xTrain, yTrain] = await load("train-images-idx3-ubyte", "train-labels-idx1-ubyte");
const [xTest, yTest] = await load("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte");

manualSeed(0);
const model = new nn.Sequential(new nn.Linear(784, 128), new nn.ReLU(), new nn.Linear(128, 10));
console.log(summary(model, [64, 784]));

const history = await fit(model, new data.DataLoader(new data.TensorDataset(xTrain, yTrain), { batchSize: 64, shuffle: true, generator: new Generator(0) }), {
  epochs,
  optimizer: new optim.Adam(model.parameters(), { lr: 1e-3 }),
  loss: F.crossEntropy,
  metrics: { accuracy },
  validation: new data.DataLoader(new data.TensorDataset(xTest, yTest), { batchSize: 500 }),
});
const final = history.valMetrics.accuracy[epochs - 1];
console.log(`test accuracy after ${epochs} epoch${epochs === 1 ? "" : "s"}: ${(final * 100).toFixed(1)}%`);

const bytes = io.saveSafetensors(model.stateDict(), { model: "mlp-784-128-10", epochs: String(epochs) });
await Deno.writeFile(out, bytes);
console.log(`saved ${out} (${bytes.length} bytes): ${Object.keys(model.stateDict()).join(", ")}`);
