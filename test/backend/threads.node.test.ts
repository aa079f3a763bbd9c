// The thread pool's life in a real Node process (the library bundled as dist/ is, worker script beside it): a process
// with a pool exits by itself, re-init terminates the old workers, the default pool starts its workers only at the
// first split kernel, and without SharedArrayBuffer (or without the worker script) init warns once and runs on one
// thread.
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

let dir = "";
let lib = "";
/** The same bundle without the worker script beside it. */
let libWithoutWorker = "";

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "simdgrad-threads-"));
  await build({ entryPoints: [resolve("src/index.ts")], outfile: join(dir, "index.js"), bundle: true, format: "esm", platform: "neutral", logLevel: "silent" });
  copyFileSync(resolve("src/backend/simdgrad-worker.js"), join(dir, "simdgrad-worker.js"));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  lib = pathToFileURL(join(dir, "index.js")).href;
  mkdirSync(join(dir, "no-worker"));
  copyFileSync(join(dir, "index.js"), join(dir, "no-worker/index.js"));
  libWithoutWorker = pathToFileURL(join(dir, "no-worker/index.js")).href;
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs an ES module body in a fresh Node process (simdgrad imported as `s`); never kills it before 30 s. */
function node(body: string, prelude = "", from = lib) {
  const code = `${prelude}\nconst s = await import(${JSON.stringify(from)});\n${body}`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", code], { encoding: "utf8", timeout: 30_000 });
  return { code: r.status, signal: r.signal, out: r.stdout, err: r.stderr };
}

describe("a Node process with a thread pool", () => {
  test("exits by itself once its work is done (idle workers do not keep it alive)", () => {
    const r = node(`
      const { threads } = await s.init({ threads: 2 });
      const c = s.randn([256, 256]).matmul(s.randn([256, 256]));
      console.log("threads", threads, "finite", Number.isFinite(c.sum().item()));`);
    expect(r.signal).toBe(null); // not killed by the timeout
    expect(r.err).toBe("");
    expect(r.out.trim()).toBe("threads 2 finite true");
    expect(r.code).toBe(0);
  });

  test("so does a Deno process (Deno's web Worker has no unref: the pool uses its node:worker_threads)", () => {
    writeFileSync(join(dir, "deno-main.js"), `const s = await import("./index.js");
      const { threads } = await s.init({ threads: 2 });
      const c = s.randn([256, 256]).matmul(s.randn([256, 256]));
      console.log("threads", threads, "finite", Number.isFinite(c.sum().item()));\n`);
    const r = spawnSync(resolve("node_modules/.bin/deno"), ["run", "--no-config", "--no-lock", "--no-npm", "--no-remote", "--no-prompt",
      `--allow-read=${join(dir, "simdgrad-worker.js")}`, join(dir, "deno-main.js")],
    { encoding: "utf8", timeout: 30_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: "1", NO_COLOR: "1", DENO_DIR: resolve(".cache/deno") } });
    expect(r.signal).toBe(null);
    expect(r.stderr).toBe("");
    expect(r.stdout.trim()).toBe("threads 2 finite true");
    expect(r.status).toBe(0);
  });

  test("re-init with another thread count terminates the old workers", () => {
    // OS threads of this process, counted in /proc (each Node worker is one more); terminated workers go asynchronously
    const r = node(`
      const { readdirSync } = await import("node:fs");
      const tasks = () => readdirSync("/proc/self/task").length;
      const settle = async (want) => { for (let i = 0; i < 200 && tasks() > want; i++) await new Promise((ok) => setTimeout(ok, 10)); return tasks(); };
      await s.init({ threads: 1 });
      const base = tasks();
      await s.init({ threads: 4 });
      const four = tasks();
      await s.init({ threads: 2 });
      const two = await settle(four - 2);
      await s.init({ threads: 1 });
      const one = await settle(base);
      await s.init({ threads: 3 });
      const three = tasks();
      await s.init({ isa: "scalar", threads: 2 }); // a new runtime: the old one's pool goes
      const other = await settle(three - 1);
      console.log(JSON.stringify({ grew: four - base, two: four - two, one: one - base, threads: (await s.init()).threads, isa: three - other }));`);
    expect(r.err).toBe("");
    const got = JSON.parse(r.out);
    expect(got.grew).toBeGreaterThanOrEqual(3); // three workers
    expect(got.two).toBeGreaterThanOrEqual(2); // two of them gone for a pool of one worker
    expect(got.one).toBeLessThanOrEqual(0); // back to the start
    expect(got.threads).toBe(2);
    expect(got.isa).toBeGreaterThanOrEqual(1); // 3 threads → 2 threads of another build
  });

  test("without SharedArrayBuffer, init({ threads }) warns once, naming why, and reports threads: 1", () => {
    const r = node(`
      const warnings = [];
      console.warn = (...a) => warnings.push(a.join(" "));
      const a = await s.init({ threads: 2 });
      const b = await s.init({ threads: 3 });
      const c = await s.init();
      const m = s.randn([128, 128]).matmul(s.randn([128, 128]));
      console.log(JSON.stringify({ threads: [a.threads, b.threads, c.threads], shared: a.sharedMemory, warnings, ok: Number.isFinite(m.sum().item()) }));`,
    "delete globalThis.SharedArrayBuffer;");
    expect(r.err).toBe("");
    const got = JSON.parse(r.out);
    expect(got.threads).toEqual([1, 1, 1]);
    expect(got.shared).toBe(false);
    expect(got.ok).toBe(true);
    expect(got.warnings).toHaveLength(1);
    expect(got.warnings[0]).toMatch(/simdgrad: init\(\{ threads: 2 \}\) runs on one thread: SharedArrayBuffer is not available/);
  });

  test("the default pool starts its workers at the first kernel large enough to split, not in init()", () => {
    const r = node(`
      const { readdirSync } = await import("node:fs");
      const tasks = () => readdirSync("/proc/self/task").length;
      const before = tasks();
      const { threads } = await s.init();
      const afterInit = tasks();
      s.randn([4, 4]).matmul(s.randn([4, 4])).dataSync(); // stays on the calling thread
      const afterSmall = tasks();
      const a = s.randn([256, 256]), b = s.randn([256, 256]);
      const first = a.matmul(b).dataSync();
      const afterBig = tasks();
      await new Promise((ok) => setTimeout(ok, 200)); // time for the workers to instantiate the module
      const again = a.matmul(b).dataSync();
      console.log(JSON.stringify({ threads, init: afterInit - before, small: afterSmall - before, big: afterBig - before, same: first.every((v, i) => Object.is(v, again[i])) }));`);
    expect(r.signal).toBe(null);
    expect(r.err).toBe("");
    const got = JSON.parse(r.out);
    expect(got.threads).toBe(availableParallelism());
    expect(got.init).toBe(0);
    expect(got.small).toBe(0);
    expect(got.big).toBeGreaterThanOrEqual(got.threads - 1);
    expect(got.same).toBe(true);
  });

  test("a default pool whose workers cannot start warns once, then runs on one thread", () => {
    const r = node(`
      const warnings = [];
      console.warn = (...a) => warnings.push(a.join(" "));
      const first = await s.init();
      const a = s.randn([256, 256]), b = s.randn([256, 256]);
      const c = a.matmul(b).dataSync();
      for (let i = 0; i < 500 && warnings.length === 0; i++) await new Promise((ok) => setTimeout(ok, 10));
      const d = a.matmul(b).dataSync();
      console.log(JSON.stringify({ threads: [first.threads, (await s.init()).threads], warnings, same: c.every((v, i) => Object.is(v, d[i])) }));`,
    "", libWithoutWorker);
    expect(r.err).toBe("");
    const got = JSON.parse(r.out);
    expect(got.threads).toEqual([availableParallelism(), 1]);
    expect(got.warnings).toHaveLength(1);
    expect(got.warnings[0]).toMatch(/^simdgrad: init\(\) runs on one thread: worker file:.*no-worker\/simdgrad-worker\.js failed: .*Cannot find module/);
    expect(got.same).toBe(true);
  });

  test("the default is one thread per core where threads are possible", () => {
    const r = node(`
      const { availableParallelism } = await import("node:os");
      console.log(JSON.stringify({ threads: (await s.init()).threads, cores: availableParallelism() }));`);
    expect(r.err).toBe("");
    const got = JSON.parse(r.out);
    expect(got.threads).toBe(got.cores);
  });
});
