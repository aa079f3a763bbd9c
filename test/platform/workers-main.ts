// Main thread of the Deno and Chromium worker tests: run() here, then in a module Web Worker; Deno prints the result
// as JSON, a page leaves it in globalThis.__result. A cross-origin isolated page also compiles each shipped .wasm
// (wasm/<build>.wasm; builds listed in ?builds=) and hands the modules to workers-edge-worker.ts.
import { init, supportedIsas } from "simdgrad";
import { bits, trainSmallMlp } from "../train/mlp-run";
import type { EdgeResult } from "./workers-edge-worker";
import { type RunResult, run } from "./workers-entry";

const g = globalThis as any;

function inWorker(file: string, message?: unknown): Promise<any> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(file, import.meta.url).href, { type: "module" });
    worker.onmessage = (e) => {
      worker.terminate();
      resolve(e.data);
    };
    worker.onerror = (e) => {
      e.preventDefault?.();
      worker.terminate();
      reject(new Error(`worker ${file}: ${e.message}`));
    };
    if (message !== undefined) worker.postMessage(message);
  });
}

/** Losses of this page's embedded builds (init({ isa })), and of the strict worker with each compiled .wasm. */
async function edge(builds: string[]): Promise<{ reference: Record<string, string[]>; strict: EdgeResult }> {
  const modules = Object.fromEntries(await Promise.all(builds.map(async (b) => {
    const res = await fetch(`wasm/${b}.wasm`);
    if (!res.ok) throw new Error(`wasm/${b}.wasm: HTTP ${res.status}`);
    return [b, await WebAssembly.compile(await res.arrayBuffer())];
  })));
  const reference: Record<string, string[]> = {};
  for (const isa of supportedIsas()) {
    await init({ isa });
    reference[isa] = bits(trainSmallMlp());
  }
  return { reference, strict: await inWorker("./workers-edge-worker.js", { modules }) };
}

async function main() {
  const result: { main: RunResult; worker: RunResult | { error: string }; edge?: Awaited<ReturnType<typeof edge>> } = {
    main: await run(),
    worker: await inWorker("./workers-worker.js"),
  };
  const builds = new URLSearchParams(g.location?.search ?? "").get("builds");
  if (builds) result.edge = await edge(builds.split(","));
  return result;
}

if (g.Deno) {
  const result = await main();
  console.log(JSON.stringify(result));
  g.Deno.exit(0);
} else {
  g.__result = main().catch((e) => ({ error: e instanceof Error ? e.stack ?? e.message : String(e) }));
}
