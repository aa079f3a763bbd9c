// Two independent models trained at the same time in two Node worker_threads (each with its own wasm instance and
// arena) get exactly what each gets alone on the main thread. (One process, interleaved: test/train/concurrency.test.ts.)
import { join, resolve } from "node:path";
import { writeFileSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { beforeAll, expect, test } from "vitest";
import { type JobResult, runJob } from "./concurrency-entry";

const DIR = resolve(".cache/concurrency-workers");

beforeAll(async () => {
  await build({
    entryPoints: ["test/platform/concurrency-entry.ts"], outdir: DIR, bundle: true, format: "esm", platform: "neutral",
    target: "es2022", keepNames: true, logLevel: "warning", alias: { simdgrad: resolve("src/index.ts") },
  });
  writeFileSync(join(DIR, "worker.mjs"), [
    'import { parentPort, workerData } from "node:worker_threads";',
    'import { runJob } from "./concurrency-entry.js";',
    "parentPort.postMessage(await runJob(workerData.kind, workerData.seed, workerData.epochs));",
  ].join("\n"));
});

function inWorker(kind: "mlp" | "tagger", seed: number, epochs: number): Promise<JobResult> {
  return new Promise((ok, fail) => {
    const w = new Worker(join(DIR, "worker.mjs"), { workerData: { kind, seed, epochs } });
    w.once("message", (m) => void w.terminate().then(() => ok(m)));
    w.once("error", fail);
  });
}

test("two workers training at once match each job trained alone on the main thread", async () => {
  const [a, b] = await Promise.all([inWorker("mlp", 5, 4), inWorker("tagger", 6, 4)]);
  const aloneA = await runJob("mlp", 5, 4), aloneB = await runJob("tagger", 6, 4);
  expect(a.losses).toHaveLength(16);
  expect(a).toEqual(aloneA);
  expect(b).toEqual(aloneB);
  expect(a.losses).not.toEqual(b.losses);
});
