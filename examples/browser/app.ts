// The browser demo's page: settings, live loss/accuracy curves, drawing or picking an image to classify, and checkpoint
// download/upload. It never runs simdgrad itself: everything heavy happens in worker.ts, so the page stays responsive.
import { LineChart } from "./chart";
import type { DatasetName, ModelName, OptimizerName, Reply, Request, TrainSettings } from "./protocol";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const status = $("status");
const setStatus = (text: string, state: string) => {
  status.textContent = text;
  status.dataset.state = state;
};

document.addEventListener("securitypolicyviolation", (e) => {
  console.error(`CSP violation: ${e.violatedDirective} blocked ${e.blockedURI || "inline code"}`);
});

const worker = new Worker(new URL("./worker.js", import.meta.url), { type: "module" });
const send = (r: Request, transfer: Transferable[] = []) => worker.postMessage(r, transfer);
worker.addEventListener("error", (e) => {
  console.error(`worker error: ${e.message}`);
  setStatus(`worker error: ${e.message}`, "error");
});

// ---- charts: per-batch values smoothed (exponential moving average, bias-corrected), per-epoch test values ----
const lossChart = new LineChart($<HTMLCanvasElement>("loss-chart"), {
  title: "loss (cross-entropy)",
  series: [{ name: "train", color: "#2563eb" }, { name: "test", color: "#dc2626", markers: true }],
});
const accChart = new LineChart($<HTMLCanvasElement>("accuracy-chart"), {
  title: "accuracy", yMin: 0, yMax: 1, format: (v) => `${Math.round(v * 100)}%`,
  series: [{ name: "train", color: "#2563eb" }, { name: "test", color: "#dc2626", markers: true }],
});
const frame = () => {
  lossChart.draw();
  accChart.draw();
  requestAnimationFrame(frame);
};
requestAnimationFrame(frame);

class Ema {
  private v = 0;
  private n = 0;
  constructor(private readonly beta = 0.95) {}
  add(x: number): number {
    this.v = this.beta * this.v + (1 - this.beta) * x;
    this.n++;
    return this.v / (1 - this.beta ** this.n);
  }
}
let emaLoss = new Ema(), emaAcc = new Ema();

// ---- settings and training ----
const trainButton = $<HTMLButtonElement>("train"), stopButton = $<HTMLButtonElement>("stop");
const progress = $("progress"), lossValue = $("loss-value");
let classNames: string[] = [];

function settings(): TrainSettings {
  const value = (id: string) => $<HTMLInputElement | HTMLSelectElement>(id).value;
  return {
    dataset: value("dataset") as DatasetName,
    model: value("model") as ModelName,
    optimizer: value("optimizer") as OptimizerName,
    lr: Number(value("lr")),
    epochs: Number(value("epochs")),
    batchSize: Number(value("batch-size")),
    seed: Number(value("seed")),
  };
}

const defaultLr: Record<OptimizerName, string> = { adam: "0.001", adamw: "0.001", sgd: "0.05" };
$<HTMLSelectElement>("optimizer").addEventListener("change", (e) => {
  $<HTMLInputElement>("lr").value = defaultLr[(e.target as HTMLSelectElement).value as OptimizerName];
});

trainButton.addEventListener("click", () => {
  const s = settings();
  if (!(s.lr > 0) || !(s.epochs >= 1) || !(s.batchSize >= 1)) return setStatus("learning rate, epochs and batch size must be positive", "error");
  emaLoss = new Ema();
  emaAcc = new Ema();
  lossChart.reset(s.epochs);
  accChart.reset(s.epochs);
  trainButton.disabled = true;
  stopButton.disabled = false;
  setStatus("training…", "training");
  send({ type: "train", settings: s });
});
stopButton.addEventListener("click", () => send({ type: "stop" }));

// ---- prediction: draw (white on black, like Fashion-MNIST) or pick a test image ----
const draw = $<HTMLCanvasElement>("draw");
const pen = draw.getContext("2d", { willReadFrequently: true })!;
function clearDrawing(): void {
  pen.fillStyle = "#000";
  pen.fillRect(0, 0, draw.width, draw.height);
}
clearDrawing();
let drawing = false, last: [number, number] = [0, 0], truth: string | null = null, nextId = 0;
const at = (e: PointerEvent): [number, number] => {
  const r = draw.getBoundingClientRect();
  return [((e.clientX - r.left) / r.width) * draw.width, ((e.clientY - r.top) / r.height) * draw.height];
};
draw.addEventListener("pointerdown", (e) => {
  drawing = true;
  last = at(e);
  truth = null;
  draw.setPointerCapture(e.pointerId);
});
draw.addEventListener("pointermove", (e) => {
  if (!drawing) return;
  const p = at(e);
  pen.strokeStyle = "#fff";
  pen.lineWidth = 22;
  pen.lineCap = pen.lineJoin = "round";
  pen.beginPath();
  pen.moveTo(...last);
  pen.lineTo(...p);
  pen.stroke();
  last = p;
});
const endStroke = () => {
  if (!drawing) return;
  drawing = false;
  predict(canvasPixels());
};
draw.addEventListener("pointerup", endStroke);
draw.addEventListener("pointercancel", endStroke);
$("clear").addEventListener("click", () => {
  clearDrawing();
  truth = null;
  renderPrediction(null);
});

/** The 280×280 drawing averaged over 10×10 blocks: 784 values in [0, 1]. */
function canvasPixels(): Float32Array {
  const { data } = pen.getImageData(0, 0, 280, 280);
  const out = new Float32Array(784);
  for (let y = 0; y < 280; y++) for (let x = 0; x < 280; x++) out[Math.floor(y / 10) * 28 + Math.floor(x / 10)] += data[(y * 280 + x) * 4] / 255 / 100;
  return out;
}

function predict(pixels: Float32Array): void {
  send({ type: "predict", id: ++nextId, pixels });
}

function showSamples(pixels: Uint8Array, labels: number[]): void {
  const box = $("samples");
  box.replaceChildren();
  labels.forEach((label, k) => {
    const image = new ImageData(28, 28);
    for (let i = 0; i < 784; i++) {
      const v = pixels[k * 784 + i];
      image.data.set([v, v, v, 255], i * 4);
    }
    const button = document.createElement("button");
    button.className = "sample";
    button.title = classNames[label];
    button.dataset.label = classNames[label];
    const c = document.createElement("canvas");
    [c.width, c.height] = [28, 28];
    c.getContext("2d")!.putImageData(image, 0, 0);
    button.append(c);
    button.addEventListener("click", () => {
      pen.imageSmoothingEnabled = false;
      pen.drawImage(c, 0, 0, 280, 280);
      truth = classNames[label];
      predict(Float32Array.from(pixels.subarray(k * 784, (k + 1) * 784), (v) => v / 255));
    });
    box.append(button);
  });
}

function renderPrediction(probabilities: number[] | null): void {
  const box = $("prediction");
  box.replaceChildren();
  if (!probabilities) {
    delete box.dataset.predicted;
    box.textContent = "Draw something or pick an image.";
    return;
  }
  const best = probabilities.indexOf(Math.max(...probabilities));
  box.dataset.predicted = classNames[best];
  const head = document.createElement("p");
  head.className = "verdict";
  head.textContent = `${classNames[best]} · ${(probabilities[best] * 100).toFixed(1)}%` + (truth ? ` (true: ${truth})` : "");
  box.append(head);
  probabilities.forEach((p, i) => {
    const row = document.createElement("div");
    row.className = i === best ? "bar best" : "bar";
    row.dataset.prob = String(p);
    const name = document.createElement("span");
    name.textContent = classNames[i];
    const track = document.createElement("span");
    track.className = "track";
    const fill = document.createElement("span");
    fill.className = "fill";
    fill.style.width = `${(p * 100).toFixed(1)}%`; // CSSOM, allowed by a CSP without 'unsafe-inline'
    track.append(fill);
    const value = document.createElement("span");
    value.textContent = `${(p * 100).toFixed(1)}%`;
    row.append(name, track, value);
    box.append(row);
  });
}

// ---- checkpoints ----
$("download").addEventListener("click", () => send({ type: "save" }));
$<HTMLInputElement>("upload").addEventListener("change", async (e) => {
  const input = e.target as HTMLInputElement;
  const file = input.files?.[0];
  if (!file) return;
  const bytes = new Uint8Array(await file.arrayBuffer());
  input.value = "";
  send({ type: "load-checkpoint", name: file.name, bytes }, [bytes.buffer]);
});

// ---- replies from the worker ----
worker.addEventListener("message", (e: MessageEvent<Reply>) => {
  const r = e.data;
  switch (r.type) {
    case "ready":
      classNames = r.data.classNames;
      $("runtime").textContent = `simdgrad in a Web Worker · ${r.runtime.isa} build · ${r.runtime.sharedMemory ? "shared" : "ordinary"} memory · ` +
        `${r.runtime.crossOriginIsolated ? "cross-origin isolated" : "not isolated"} · ${r.data.train.toLocaleString("en-US")} training / ${r.data.test.toLocaleString("en-US")} test images`;
      showSamples(r.samples.pixels, r.samples.labels);
      renderPrediction(null);
      trainButton.disabled = false;
      setStatus("ready", "ready");
      break;
    case "model":
      $("summary").textContent = r.summary;
      $("checkpoint-status").textContent = `model: ${r.name}, ${r.parameters.toLocaleString("en-US")} parameters (${r.source})`;
      $<HTMLButtonElement>("download").disabled = false;
      if (r.source !== "new") setStatus(`loaded ${r.source.replace(/^checkpoint /, "")}`, "loaded");
      break;
    case "batch": {
      const x = r.epoch - 1 + r.batch / r.batches;
      const loss = emaLoss.add(r.loss), acc = emaAcc.add(r.accuracy);
      lossChart.add(0, x, loss);
      accChart.add(0, x, acc);
      lossValue.textContent = `loss ${loss.toFixed(4)} · accuracy ${(acc * 100).toFixed(1)}%`;
      lossValue.dataset.value = String(loss);
      progress.textContent = `epoch ${r.epoch}/${r.epochs} · batch ${r.batch}/${r.batches} · ${Math.round(r.samplesPerSecond).toLocaleString("en-US")} images/s`;
      break;
    }
    case "epoch":
      lossChart.add(1, r.epoch, r.valLoss);
      accChart.add(1, r.epoch, r.valAccuracy);
      $("epochs-log").append(Object.assign(document.createElement("li"), {
        textContent: `epoch ${r.epoch}: train loss ${r.loss.toFixed(4)}, accuracy ${(r.accuracy * 100).toFixed(1)}% · test loss ${r.valLoss.toFixed(4)}, accuracy ${(r.valAccuracy * 100).toFixed(1)}% · ${r.seconds.toFixed(1)} s`,
      }));
      break;
    case "done":
      trainButton.disabled = false;
      stopButton.disabled = true;
      status.dataset.accuracy = String(r.valAccuracy ?? "");
      setStatus(`${r.stopped ? "stopped" : "done"} after ${r.seconds.toFixed(1)} s` + (r.valAccuracy === null ? "" : ` · test accuracy ${(r.valAccuracy * 100).toFixed(1)}%`), "done");
      break;
    case "prediction":
      if (r.id === nextId) renderPrediction(r.probabilities);
      break;
    case "checkpoint": {
      const url = URL.createObjectURL(new Blob([r.bytes as BlobPart], { type: "application/octet-stream" }));
      const a = Object.assign(document.createElement("a"), { href: url, download: r.fileName });
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      $("checkpoint-status").textContent = `saved ${r.fileName} (${r.bytes.length.toLocaleString("en-US")} bytes)`;
      break;
    }
    case "error":
      if (r.bug) console.error(r.message);
      trainButton.disabled = classNames.length === 0;
      stopButton.disabled = true;
      setStatus(r.message, "error");
      break;
  }
});
