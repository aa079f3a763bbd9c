// End to end: the browser demo (examples/browser/) in headless Chromium, served as `npm run demo:browser` serves it
// (COOP/COEP, strict CSP). Trains in the Web Worker while the page keeps drawing, classifies picked and drawn images,
// downloads the checkpoint (checked in Node) and loads it into a fresh page. Any console error, page error, failed
// request or CSP violation fails the test. Screenshot: .cache/e2e/browser-app.png.
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Browser, Page } from "playwright-core";
import { type Tensor, init, io, nn, noGrad, scope } from "simdgrad";
import { CSP, ISOLATION, startBrowserDemo } from "../../scripts/demo-browser.mjs";
import { loadFashionMnist, makeModel } from "../../examples/lib/fashion-mnist";
import { launchChromium, watch } from "./chromium";

const OUT = ".cache/e2e";
let demo: Awaited<ReturnType<typeof startBrowserDemo>>;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(OUT, { recursive: true });
  [demo, browser] = await Promise.all([startBrowserDemo({ outdir: join(OUT, "browser-demo") }), launchChromium()]);
});
afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

async function open(page: Page): Promise<string[]> {
  const problems = watch(page);
  const res = await page.goto(`${demo.origin}/`);
  expect(res?.headers()["content-security-policy"]).toBe(CSP);
  for (const [k, v] of Object.entries(ISOLATION)) expect(res?.headers()[k.toLowerCase()]).toBe(v);
  await page.waitForSelector('#status[data-state="ready"]', { timeout: 30_000 });
  return problems;
}

/** Clicks sample k and returns the probabilities the prediction view shows (after checking the view is consistent). */
async function pick(page: Page, k: number): Promise<{ label: string; predicted: string; probs: number[] }> {
  const sample = page.locator(".sample").nth(k);
  const label = (await sample.getAttribute("data-label")) as string;
  await sample.click();
  await page.waitForFunction((l) => document.querySelector("#prediction .verdict")?.textContent?.endsWith(`(true: ${l})`), label);
  const probs = (await page.locator("#prediction .bar").evaluateAll((rows) => rows.map((r) => Number((r as HTMLElement).dataset.prob))));
  const predicted = (await page.getAttribute("#prediction", "data-predicted")) as string;
  const names = await page.locator("#prediction .bar > span:first-child").allTextContents();
  expect(probs).toHaveLength(10);
  expect(probs.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
  expect(names[probs.indexOf(Math.max(...probs))]).toBe(predicted);
  expect(await page.locator("#prediction .bar.best > span:first-child").textContent()).toBe(predicted);
  return { label, predicted, probs };
}

test("browser demo: train in a worker, watch the curves, predict, download and re-upload the checkpoint, under a strict CSP", async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const problems = await open(page);
  expect(await page.textContent("#runtime")).toMatch(/simdgrad in a Web Worker · relaxed build · shared memory · cross-origin isolated · 10,000 training \/ 2,000 test images/);

  // train (defaults: 10,000 images, MLP 784-256-128-10, Adam 1e-3, batch 64, seed 0), 2 epochs
  await page.fill("#epochs", "2");
  await page.click("#train");
  // the page stays responsive while the worker trains: animation frames keep coming
  const frames = await page.evaluate(() => new Promise<{ frames: number; training: boolean }>((resolve) => {
    let frames = 0;
    const t0 = performance.now();
    const tick = () => {
      frames++;
      if (performance.now() - t0 < 300) requestAnimationFrame(tick);
      else resolve({ frames, training: document.getElementById("status")!.dataset.state === "training" });
    };
    requestAnimationFrame(tick);
  }));
  expect(frames.training, "training finished before the responsiveness check ended").toBe(true);
  expect(frames.frames).toBeGreaterThanOrEqual(5);
  await page.waitForFunction(() => Number(document.getElementById("loss-value")!.dataset.value) < 0.6, null, { timeout: 30_000 });
  await page.waitForSelector('#status[data-state="done"]', { timeout: 60_000 });
  const accuracy = Number(await page.getAttribute("#status", "data-accuracy"));
  expect(accuracy).toBeGreaterThan(0.75);
  expect(await page.locator("#epochs-log li").count()).toBe(2);
  expect(await page.textContent("#summary")).toContain("Total params: 235,146");

  // picked images: one per class
  const picks = [];
  for (let k = 0; k < 10; k++) picks.push(await pick(page, k));
  const correct = picks.filter((p) => p.label === p.predicted).length;
  console.log(`browser demo: test accuracy ${(accuracy * 100).toFixed(1)}%; picked images ${correct}/10 right: ${picks.map((p) => `${p.label} → ${p.predicted}`).join(", ")}`);
  expect(correct).toBeGreaterThanOrEqual(6);

  // a drawing: two strokes down (trouser legs)
  await page.click("#clear");
  const box = (await page.locator("#draw").boundingBox())!;
  for (const x of [0.38, 0.62]) {
    await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.1);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width * x, box.y + box.height * 0.9, { steps: 12 });
    await page.mouse.up();
  }
  await page.waitForFunction(() => {
    const v = document.querySelector("#prediction .verdict")?.textContent;
    return v && !v.includes("true:");
  });
  const drawn = await page.getAttribute("#prediction", "data-predicted");
  console.log(`browser demo: the drawing is predicted as ${drawn}`);

  // the screenshot shows the curves and the prediction for the ankle boot
  const boot = await pick(page, 9);
  await page.screenshot({ path: join(OUT, "browser-app.png"), fullPage: true });

  // download the checkpoint
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
  expect(download.suggestedFilename()).toBe("fashion-mnist-mlp-256-128.safetensors");
  const file = join(OUT, "fashion-mnist-mlp-256-128.safetensors");
  await download.saveAs(file);
  expect(problems).toEqual([]);

  // the checkpoint in Node: PyTorch's keys, the demo's metadata, and the test accuracy the page reported
  await init();
  const bytes = new Uint8Array(readFileSync(file));
  expect(io.loadSafetensorsMetadata(bytes)).toEqual({ format: "simdgrad Fashion-MNIST demo", model: "mlp-256-128", mean: expect.any(String), std: expect.any(String) });
  const state = io.loadSafetensors(bytes);
  expect(Object.fromEntries(Object.entries(state).map(([k, t]) => [k, t.shape]))).toEqual({
    "0.weight": [256, 784], "0.bias": [256], "2.weight": [128, 256], "2.bias": [128], "4.weight": [10, 128], "4.bias": [10],
  });
  const model: nn.Module = makeModel();
  model.loadStateDict(state);
  const ds = await loadFashionMnist((name) => readFileSync(`data/fashion-mnist/${name}.gz`), { limitTrain: 10_000 });
  const nodeAccuracy = noGrad(() => scope(() => {
    const pred = (model.forward(ds.testX) as Tensor).argmax(1).dataSync(), truth = ds.testY.dataSync();
    return pred.filter((p, i) => p === truth[i]).length / truth.length;
  }));
  expect(Math.abs(nodeAccuracy - accuracy)).toBeLessThanOrEqual(0.002); // relaxed (Chromium) vs simd (Node) rounding
  for (const t of [...Object.values(state), ds.trainX, ds.trainY, ds.testX, ds.testY]) t.dispose();
  model.dispose();

  // a fresh page: load the checkpoint, get the same probabilities bit for bit (same build, same weights)
  const fresh = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  const freshProblems = await open(fresh);
  await fresh.setInputFiles("#upload", file);
  await fresh.waitForSelector('#status[data-state="loaded"]');
  expect(await fresh.textContent("#checkpoint-status")).toBe("model: mlp-256-128, 235,146 parameters (checkpoint fashion-mnist-mlp-256-128.safetensors)");
  expect((await pick(fresh, 9)).probs).toEqual(boot.probs);
  // Stop ends a long run early (the worker sees the click between steps)
  await fresh.fill("#epochs", "50");
  await fresh.click("#train");
  await fresh.waitForFunction(() => /batch \d+\//.test(document.getElementById("progress")!.textContent ?? ""));
  await fresh.click("#stop");
  await fresh.waitForSelector('#status[data-state="done"]');
  expect(await fresh.textContent("#status")).toMatch(/^stopped after \d+\.\d s/);
  expect(freshProblems).toEqual([]);

  // the CSP is in force: an inline script is refused, and the violation is reported (so the checks above would see one;
  // DevTools' evaluate itself bypasses the page's CSP, so eval cannot be probed from here)
  const ran = await fresh.evaluate(() => {
    const s = document.createElement("script");
    s.textContent = "window.__inlineRan = true";
    document.head.append(s);
    return (window as { __inlineRan?: boolean }).__inlineRan === true;
  });
  expect(ran).toBe(false);
  await expect.poll(() => freshProblems.join("\n")).toMatch(/CSP violation: script-src-elem blocked inline/);
}, 90_000);
