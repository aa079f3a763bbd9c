// simdgrad in workers: a Node worker_thread, a Deno Worker and a Chromium Web Worker (cross-origin isolated or not) each
// train the seeded MLP of test/train/mlp-run.ts and must get the main thread's losses bit for bit (and the committed simd
// list); before init() is awaited, tensor() says so clearly. A Chromium worker whose CSP forbids compiling WebAssembly
// (as edge platforms do) is refused init() but trains with init({ module }) for every shipped build.
import { spawn } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Worker } from "node:worker_threads";
import { build } from "esbuild";
import { afterAll, beforeAll, expect, test } from "vitest";
import { CSP, ISOLATION, serveStatic } from "../../scripts/demo-browser.mjs";
import { copyPoolWorker } from "../../scripts/build-dist.mjs";
import { launchChromium, watch } from "../e2e/chromium";
import expected from "../train/determinism.json";
import type { EdgeResult } from "./workers-edge-worker";
import { type RunResult, run } from "./workers-entry";

const DIR = resolve(".cache/workers-test");
// the core builds (an MLP needs no extension module: src/backend/runtime.ts)
const BUILDS = readdirSync("build").filter((f) => f.endsWith(".wasm") && !f.includes("-ext")).map((f) => f.replace(/\.wasm$/, "")).sort();
const results: Record<string, { main: RunResult; worker: RunResult }> = {};

beforeAll(async () => {
  await build({
    entryPoints: ["workers-entry", "workers-main", "workers-worker", "workers-edge-worker"].map((f) => `test/platform/${f}.ts`),
    outdir: DIR, bundle: true, format: "esm", platform: "neutral", target: "es2022", keepNames: true, logLevel: "warning",
    alias: { simdgrad: resolve("src/index.ts") },
  });
  copyPoolWorker(DIR);
  writeFileSync(join(DIR, "node-worker.mjs"), [
    'import { parentPort } from "node:worker_threads";',
    'import { run } from "./workers-entry.js";',
    "parentPort.postMessage(await run());",
  ].join("\n"));
  writeFileSync(join(DIR, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="icon.svg"><script type="module" src="workers-main.js"></script>\n');
  writeFileSync(join(DIR, "icon.svg"), '<svg xmlns="http://www.w3.org/2000/svg"/>');
});

/** The checks every runtime passes: clear errors before init, worker = main thread, simd = the committed losses. */
function check(name: string, r: { main: RunResult; worker: RunResult | { error: string } }): void {
  expect(r.worker, `${name}: the worker failed`).not.toHaveProperty("error");
  const worker = r.worker as RunResult;
  console.log(`${name}: ${worker.isa} build, ${worker.sharedMemory ? "shared" : "unshared"} memory; losses in the worker ${worker.losses.join(" ")}`);
  for (const side of [r.main, worker]) {
    expect(side.notInitialised).toBe("Error: simdgrad: not initialised; call `await init()` once before creating tensors");
    expect(side.pending).toBe("Error: simdgrad: init() has not finished; `await init()` before creating tensors");
    expect(side.simd).toEqual(expected.losses);
  }
  expect(worker.isa).toBe(r.main.isa);
  expect(worker.sharedMemory).toBe(r.main.sharedMemory);
  expect(worker.losses).toEqual(r.main.losses);
  results[name] = { main: r.main, worker };
}

test("Node: a worker_thread trains like the main thread", async () => {
  const worker = await new Promise<RunResult>((ok, fail) => {
    const w = new Worker(join(DIR, "node-worker.mjs"));
    w.once("message", (m) => void w.terminate().then(() => ok(m)));
    w.once("error", fail);
  });
  check("node", { main: await run(), worker });
  expect(results.node.main.isa).toBe("relaxed"); // Node 20 too: simdgrad turns on V8's relaxed SIMD flag (features.ts)
});

test("Deno: a Worker trains like the main thread", async () => {
  const out = await new Promise<string>((ok, fail) => {
    const deno = spawn(resolve("node_modules/.bin/deno"), ["run", "--no-config", "--no-lock", "--no-npm", "--no-remote", "--no-prompt", `--allow-read=${DIR}`, join(DIR, "workers-main.js")], {
      env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_NO_PACKAGE_JSON: "1", DENO_DIR: resolve(".cache/deno"), NO_COLOR: "1" },
    });
    let stdout = "", stderr = "";
    deno.stdout.on("data", (d) => (stdout += d));
    deno.stderr.on("data", (d) => (stderr += d));
    deno.on("error", fail);
    deno.on("close", (code) => (code === 0 ? ok(stdout) : fail(new Error(`deno exited with ${code}: ${stderr}`))));
  });
  check("deno", JSON.parse(out.trim().split("\n").pop() as string));
  expect(results.deno.main.isa).toBe("relaxed");
});

let server: Awaited<ReturnType<typeof serveStatic>> | undefined;
let browser: Awaited<ReturnType<typeof launchChromium>> | undefined;
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

test("Chromium: a Web Worker trains like the page, cross-origin isolated or not; a worker that may not compile wasm runs every build with init({ module })", async () => {
  server = await serveStatic(
    { "/isolated/": DIR, "/plain/": DIR, "/isolated/wasm/": resolve("build"), "/plain/wasm/": resolve("build") },
    // the page and its workers run under the demo's CSP; the edge worker's CSP lacks 'wasm-unsafe-eval'
    { headers: (path) => ({ ...(path.startsWith("/isolated/") ? ISOLATION : {}), "Content-Security-Policy": path.endsWith("/workers-edge-worker.js") ? "script-src 'self'" : CSP }) },
  );
  browser = await launchChromium();
  for (const isolated of [true, false]) {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(`${server.origin}/${isolated ? "isolated" : "plain"}/index.html${isolated ? `?builds=${BUILDS.join(",")}` : ""}`);
    const r = await page.evaluate(() => (globalThis as any).__result);
    expect(r, JSON.stringify(r)).not.toHaveProperty("error");
    const name = `chromium (${isolated ? "isolated" : "not isolated"})`;
    check(name, r);
    expect(r.main.isa).toBe("relaxed");
    expect(r.main.sharedMemory).toBe(isolated);
    if (isolated) {
      const { reference, strict } = r.edge as { reference: Record<string, string[]>; strict: EdgeResult };
      console.log(`${name}, edge worker: init() → ${strict.refused}`);
      expect(strict.refused).toMatch(/^CompileError: WebAssembly\.compile\(\): Compiling or instantiating WebAssembly module violates .*Content Security Policy directive: "script-src 'self'"/);
      expect(strict.compile).toMatch(/^CompileError: WebAssembly\.compile\(\): Compiling or instantiating WebAssembly module violates .*Content Security Policy directive: "script-src 'self'"/);
      expect(Object.keys(strict.builds).sort()).toEqual(BUILDS);
      for (const b of BUILDS) {
        const got = strict.builds[b];
        expect(got, `${b}: ${JSON.stringify(got)}`).not.toHaveProperty("error");
        const ok = got as { isa: string; sharedMemory: boolean; losses: string[] };
        expect(ok.isa).toBe(b.replace(/-mt$/, ""));
        expect(ok.sharedMemory).toBe(b.endsWith("-mt"));
        expect(ok.losses).toEqual(reference[ok.isa]);
      }
      expect(reference.simd).toEqual(expected.losses);
    }
    expect(problems).toEqual([]);
    await page.close();
  }
});

test("relaxed SIMD: Deno and Chromium (same machine) agree bit for bit", () => {
  expect(results.deno.main.losses).toEqual(results["chromium (isolated)"].main.losses);
  expect(results["chromium (not isolated)"].main.losses).toEqual(results.deno.main.losses);
});
