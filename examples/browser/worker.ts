// The browser demo's worker: loads the shipped Fashion-MNIST subset, trains with fit() while the page stays responsive,
// predicts, and saves / loads safetensors checkpoints. All of simdgrad runs here, off the page's main thread.
import { F, Generator, type Tensor, accuracy, data, fit, init, io, manualSeed, nn, noGrad, optim, scope, summary, tensor } from "simdgrad";
import { CLASS_NAMES, type FashionMnist, loadFashionMnist, makeModel } from "../lib/fashion-mnist";
import type { ModelName, Reply, Request, TrainSettings } from "./protocol";

const scopeSelf = self as unknown as {
  postMessage(message: Reply, transfer?: Transferable[]): void;
  addEventListener(type: string, listener: (e: any) => void): void;
};
const post = (reply: Reply, transfer: Transferable[] = []) => scopeSelf.postMessage(reply, transfer);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));
/** A request that cannot be served now (predict before any model…): shown to the user, not logged as a bug. */
class UsageError extends Error {}

const MODELS: Record<ModelName, () => nn.Module> = {
  "mlp-256-128": makeModel,
  "mlp-64": () => new nn.Sequential(new nn.Linear(784, 64), new nn.ReLU(), new nn.Linear(64, 10)),
};

let ds: FashionMnist | null = null;
/** Pixel standardisation of the current model: x' = (x − mean) / std, from its training data or its checkpoint. */
let norm = { mean: 0, std: 1 };
let model: { module: nn.Module; name: ModelName } | null = null;
let training = false;
let stopRequested = false;

/** Resolves after the worker has handled the events queued so far (a "stop" or a "predict"); MessageChannel, not setTimeout, which is clamped to 4 ms. */
const channel = new MessageChannel();
let wake: (() => void) | null = null;
channel.port1.onmessage = () => wake?.();
const yieldToEvents = () => new Promise<void>((resolve) => {
  wake = resolve;
  channel.port2.postMessage(0);
});

function setModel(module: nn.Module, name: ModelName, source: string): void {
  model?.module.dispose();
  model = { module, name };
  post({ type: "model", name, summary: summary(module, [1, 784]), parameters: module.numParameters(), source });
}

function makeOptimizer(s: TrainSettings, params: Tensor[]): optim.Optimizer {
  if (s.optimizer === "sgd") return new optim.SGD(params, { lr: s.lr, momentum: 0.9 });
  if (s.optimizer === "adamw") return new optim.AdamW(params, { lr: s.lr });
  return new optim.Adam(params, { lr: s.lr });
}

async function train(s: TrainSettings): Promise<void> {
  if (!ds) throw new UsageError("the data is still loading");
  if (training) throw new UsageError("already training");
  training = true;
  stopRequested = false;
  const start = performance.now();
  manualSeed(s.seed);
  setModel(MODELS[s.model](), s.model, "new");
  norm = { mean: ds.mean, std: ds.std };
  const module = model!.module;
  const opt = makeOptimizer(s, module.parameters());
  const n = s.dataset === "subset-2k" ? 2000 : ds.trainX.shape[0];
  const [x, y] = [ds.trainX.slice(0, 0, n), ds.trainY.slice(0, 0, n)];
  const loader = new data.DataLoader(new data.TensorDataset(x, y), { batchSize: s.batchSize, shuffle: true, generator: new Generator(s.seed) });
  const validation = new data.DataLoader(new data.TensorDataset(ds.testX, ds.testY), { batchSize: 500 });
  let epochStart = performance.now(), seen = 0, lastYield = performance.now();
  let valAccuracy: number | null = null;
  try {
    await fit(module, loader, {
      epochs: s.epochs, optimizer: opt, loss: F.crossEntropy, metrics: { accuracy }, validation, verbose: false,
      onBatch: async (b) => {
        if (b.batch === 1) [epochStart, seen] = [performance.now(), 0];
        seen += b.size;
        const samplesPerSecond = seen / Math.max(1e-3, (performance.now() - epochStart) / 1000);
        post({ type: "batch", epoch: b.epoch, epochs: b.epochs, batch: b.batch, batches: b.batches ?? 0, loss: b.loss, accuracy: b.metrics.accuracy, samplesPerSecond });
        if (performance.now() - lastYield > 25) {
          await yieldToEvents();
          lastYield = performance.now();
        }
        return !stopRequested;
      },
      onEpoch: (e) => {
        valAccuracy = e.valMetrics!.accuracy;
        post({ type: "epoch", epoch: e.epoch, epochs: e.epochs, loss: e.loss, accuracy: e.metrics.accuracy, valLoss: e.valLoss!, valAccuracy, seconds: e.seconds });
        return !stopRequested;
      },
    });
  } finally {
    opt.dispose();
    x.dispose();
    y.dispose();
    training = false;
  }
  post({ type: "done", stopped: stopRequested, seconds: (performance.now() - start) / 1000, valAccuracy });
}

function predict(id: number, pixels: Float32Array): void {
  if (!model) throw new UsageError("train a model or load a checkpoint first");
  if (pixels.length !== 784) throw new Error(`predict: expected 784 pixels, got ${pixels.length}`);
  const module = model.module;
  const wasTraining = module.training;
  module.eval();
  try {
    const probabilities = noGrad(() => scope(() => {
      const x = tensor(pixels.map((p) => (p - norm.mean) / norm.std), [1, 784]);
      return Array.from(F.softmax(module.forward(x) as Tensor, 1).dataSync());
    }));
    post({ type: "prediction", id, probabilities });
  } finally {
    module.train(wasTraining);
  }
}

function save(): void {
  if (!model) throw new UsageError("nothing to save: train a model or load a checkpoint first");
  const bytes = io.saveSafetensors(model.module.stateDict(), {
    format: "simdgrad Fashion-MNIST demo", model: model.name, mean: String(norm.mean), std: String(norm.std),
  });
  post({ type: "checkpoint", bytes, fileName: `fashion-mnist-${model.name}.safetensors` }, [bytes.buffer]);
}

/** Loads a checkpoint of either model (recognised by its first layer's shape, so PyTorch files of the same MLPs load too). */
function loadCheckpoint(name: string, bytes: Uint8Array): void {
  if (training) throw new UsageError("stop training before loading a checkpoint");
  let meta: Record<string, string>, tensors: Record<string, Tensor>;
  try {
    meta = io.loadSafetensorsMetadata(bytes);
    tensors = io.loadSafetensors(bytes);
  } catch (e) {
    throw new UsageError(`${name}: ${message(e)}`);
  }
  try {
    const first = tensors["0.weight"]?.shape.join(", ");
    const kind = first === "256, 784" ? "mlp-256-128" : first === "64, 784" ? "mlp-64" : null;
    if (!kind) throw new UsageError(`${name}: not a checkpoint of this demo's MLPs (expected "0.weight" of shape [256, 784] or [64, 784], got ${first ? `[${first}]` : "none"})`);
    const module = MODELS[kind]();
    try {
      module.loadStateDict(tensors);
    } catch (e) {
      module.dispose();
      throw e;
    }
    const mean = Number(meta.mean), std = Number(meta.std);
    norm = Number.isFinite(mean) && std > 0 ? { mean, std } : { mean: ds?.mean ?? 0, std: ds?.std ?? 1 };
    setModel(module, kind, `checkpoint ${name}`);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}

scopeSelf.addEventListener("message", async (e: MessageEvent<Request>) => {
  const r = e.data;
  try {
    if (r.type === "train") await train(r.settings);
    else if (r.type === "stop") stopRequested = true;
    else if (r.type === "predict") predict(r.id, r.pixels);
    else if (r.type === "save") save();
    else if (r.type === "load-checkpoint") loadCheckpoint(r.name, r.bytes);
  } catch (err) {
    post({ type: "error", message: message(err), bug: !(err instanceof UsageError) });
  }
});
scopeSelf.addEventListener("securitypolicyviolation", (e: SecurityPolicyViolationEvent) => {
  post({ type: "error", bug: true, message: `CSP violation in the worker: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}` });
});

async function start(): Promise<void> {
  // one core stays with the page, so its curves keep drawing while this worker trains (the pool's workers poll
  // between jobs, and on a 2-core machine two busy training threads left the page a few frames a second)
  const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
  const info = await init({ threads: isolated ? Math.max(1, (navigator.hardwareConcurrency || 1) - 1) : 1 });
  const read = async (name: string) => {
    const res = await fetch(`data/${name}.gz`);
    if (!res.ok) throw new Error(`fetching data/${name}.gz: HTTP ${res.status}`);
    return new Uint8Array(await res.arrayBuffer());
  };
  ds = await loadFashionMnist(read);
  // one test image of each class to pick from, as bytes again: p = round((x'·std + mean)·255)
  const labels = ds.testY.dataSync();
  const picks = Array.from({ length: 10 }, (_, c) => labels.indexOf(c)).filter((i) => i >= 0);
  const pixels = new Uint8Array(picks.length * 784);
  picks.forEach((i, k) => {
    const row = scope(() => ds!.testX.slice(0, i, i + 1).dataSync());
    row.forEach((v, j) => (pixels[k * 784 + j] = Math.round((v * ds!.std + ds!.mean) * 255)));
  });
  post({
    type: "ready",
    runtime: { isa: info.isa, sharedMemory: info.sharedMemory, crossOriginIsolated: (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true },
    data: { train: ds.trainX.shape[0], test: ds.testX.shape[0], mean: ds.mean, std: ds.std, classNames: CLASS_NAMES },
    samples: { pixels, labels: picks.map((i) => labels[i]) },
  }, [pixels.buffer]);
}

start().catch((e) => post({ type: "error", bug: true, message: `starting: ${message(e)}` }));
