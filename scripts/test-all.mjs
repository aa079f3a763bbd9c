// `npm test`: runs test/**/*.test.ts in Node (vitest), Deno and headless Chromium (one esbuild bundle + our vitest shim),
// and the bundle once more in Node with code generation from strings disallowed (node-strict).
// Usage: node scripts/test-all.mjs [node] [deno] [chromium] [node-strict] [--sequential] [file filters…]   (default: all)
import { build } from "esbuild";
import { spawn } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { startChromium } from "./test-chromium.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");
process.chdir(ROOT);
const CACHE = ".cache/test-platform";
const MARK = "@@simdgrad-test "; // as in test/platform/bundle-main.ts
// Per runtime (tests themselves time out after 60 s); a hung runtime is killed and reported, not left to eat CI's budget.
const RUNTIME_TIMEOUT_MS = Number(process.env.SIMDGRAD_TEST_RUNTIME_TIMEOUT_S ?? 15 * 60) * 1000;
const NODE_ONLY = /\.node\.test\.ts$/;

const argv = process.argv.slice(2);
// node-strict: the Deno/Chromium bundle in Node under --disallow-code-generation-from-strings
const RUNTIMES = ["node", "deno", "chromium", "node-strict"];
const STRICT = "node (no code from strings)";
const chosen = argv.filter((a) => RUNTIMES.includes(a));
const runtimes = chosen.length ? chosen : RUNTIMES;
const sequential = argv.includes("--sequential");
const filters = argv.filter((a) => !RUNTIMES.includes(a) && a !== "--sequential");
const t0 = performance.now();
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`;
const children = new Set();
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => { for (const c of children) kill(c); process.exit(130); });
}

// ---- test files and pre-checks ----
const testFiles = readdirSync("test", { recursive: true })
  .map((f) => `test/${f.split("\\").join("/")}`)
  .filter((f) => f.endsWith(".test.ts") && filters.every((x) => f.includes(x)))
  .sort();
const bundled = testFiles.filter((f) => !NODE_ONLY.test(f));
const precheck = [];
if (!existsSync("src/backend/wasm")) precheck.push("src/backend/wasm/ is missing: run `npm run build:wasm` (npm ci does it)");
if (testFiles.length === 0) precheck.push(`no test files match test/**/*.test.ts${filters.length ? ` and ${filters.join(", ")}` : ""}`);
for (const f of readdirSync("test", { recursive: true }).map((f) => `test/${f}`).filter((f) => /\.[mc]?[jt]s$/.test(f))) {
  if (/["'`][^"'`\n]*(\.\.\/)+shared\/|\/work\/shared\//.test(readFileSync(f, "utf8"))) {
    precheck.push(`${f} refers to ../shared: tests must use the copies under test/ (DESIGN.md §7)`);
  }
}
if (precheck.length) {
  for (const p of precheck) console.error(`✗ ${p}`);
  process.exit(1);
}
console.log(`${testFiles.length} test files (${testFiles.length - bundled.length} Node-only); runtimes: ${runtimes.join(", ")}${sequential ? " (sequential)" : ""}`);

// ---- helpers ----
function kill(child) {
  try { process.kill(-child.pid, "SIGKILL"); } catch { /* already gone */ }
}

/** Runs a command in its own process group; calls onLine for each stdout line; never rejects. */
function exec(cmd, args, { env = {}, onLine = () => {}, timeoutMs = RUNTIME_TIMEOUT_MS } = {}) {
  return new Promise((done) => {
    const child = spawn(cmd, args, { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"], detached: true });
    children.add(child);
    let stdout = "", stderr = "", timedOut = false;
    const timer = setTimeout(() => { timedOut = true; kill(child); }, timeoutMs);
    child.stdout.on("data", (d) => {
      stdout += d;
      const lines = stdout.split("\n");
      stdout = lines.pop();
      lines.forEach(onLine);
    });
    child.stderr.on("data", (d) => { stderr += d; });
    child.on("error", (e) => { stderr += `\n${e.message}`; });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      children.delete(child);
      if (stdout) onLine(stdout);
      done({ code, signal, stderr, timedOut });
    });
  });
}

let sourceMap = null;
/** Maps bundle positions in a stack to source files, shortens paths, and drops frames of the shim and of runtimes. */
function mapStack(text) {
  const mapped = text.replace(/(?:file:\/\/|https?:\/\/)[^\s()]*\/tests\.js:(\d+):(\d+)/g, (all, line, col) => {
    const e = sourceMap?.findEntry(Number(line) - 1, Number(col) - 1);
    if (!e?.originalSource) return all;
    const src = relative(ROOT, resolve(CACHE, e.originalSource.replace(/^file:\/\//, "")));
    return `${src}:${e.originalLine + 1}:${e.originalColumn + 1}`;
  });
  return mapped.split(`file://${ROOT}/`).join("").split(`${ROOT}/`).join("").split("\n")
    .filter((l) => !/^\s+at .*(vitest-shim\.ts|bundle-main\.ts|node_modules|node:internal|ext:|<anonymous>|tests\.js:|virtual:simdgrad)/.test(l)).slice(0, 12).join("\n");
}

// ---- bundle (once, for Deno and Chromium) ----
async function bundle() {
  rmSync(CACHE, { recursive: true, force: true });
  mkdirSync(CACHE, { recursive: true });
  const list = bundled.map((f) => `  { name: ${JSON.stringify(f)}, load: () => import(${JSON.stringify(`./${f}`)}) },`).join("\n");
  try {
    await build({
      entryPoints: ["test/platform/bundle-main.ts"],
      outfile: `${CACHE}/tests.js`,
      bundle: true, format: "esm", platform: "browser", target: "es2022", keepNames: true, sourcemap: "linked", logLevel: "silent",
      alias: { simdgrad: resolve("src/index.ts"), vitest: resolve("test/platform/vitest-shim.ts") },
      plugins: [{
        name: "test-files",
        setup(b) {
          b.onResolve({ filter: /^virtual:simdgrad-test-files$/ }, (a) => ({ path: a.path, namespace: "test-files" }));
          b.onLoad({ filter: /.*/, namespace: "test-files" }, () => ({ contents: `export const files = [\n${list}\n];\n`, resolveDir: ROOT, loader: "js" }));
        },
      }],
    });
  } catch (e) {
    const hints = (e.errors ?? []).map((m) => {
      const where = m.location ? `${m.location.file}:${m.location.line}: ` : "";
      const hint = /node:|built into node/.test(m.text) ? "\n    (a test that needs Node APIs goes in a file named *.node.test.ts; see test/platform/README.md)"
        : /No matching export in .*vitest-shim/.test(m.text) ? "\n    (the vitest shim lacks this API: add it to test/platform/vitest-shim.ts or keep the test Node-only)" : "";
      return `  ${where}${m.text}${hint}`;
    });
    throw new Error(`bundling the tests for Deno/Chromium failed:\n${hints.join("\n") || e.message}`);
  }
  // the thread pool's worker script, which src/backend/pool.ts loads from beside the module that holds it
  copyFileSync("src/backend/simdgrad-worker.js", `${CACHE}/simdgrad-worker.js`);
  sourceMap = new SourceMap(JSON.parse(readFileSync(`${CACHE}/tests.js.map`, "utf8")));
}

// ---- runtimes: each resolves to { label, total, passed, failures: [{ name, error }], errors: [], output, ms, results, env } ----
const notStarted = (label, error) => ({ label, total: 0, passed: 0, failures: [], errors: [error], output: [], ms: 0, results: [] });
const labelsOf = (name) => (name === "chromium" ? ["chromium (isolated)", "chromium (not isolated)"] : name === "node-strict" ? [STRICT] : [name]);
function fromReport(label, report, errors, output, ms, last) {
  const r = { label, total: 0, passed: 0, failures: [], errors: [...errors], output, ms, results: [] };
  if (!report) {
    if (last || !errors.length) r.errors.push(`no report from ${label}${last ? ` (last event: ${last})` : ""}`);
    return r;
  }
  Object.assign(r, { total: report.total, passed: report.passed, results: report.results });
  r.failures = report.results.filter((t) => !t.ok && (t.state ?? "failed") === "failed").map((t) => ({ name: `${t.file} > ${t.name}`, error: mapStack(t.error ?? "") }));
  r.errors.push(...report.errors.map(mapStack));
  r.env = report.env;
  if (!label.startsWith("node") && !report.env?.isas?.includes("relaxed")) r.errors.push(`${label}: no relaxed SIMD here (isas: ${report.env?.isas}), so the relaxed build went untested`);
  return r;
}

async function runNode() {
  const start = performance.now(), out = resolve(`${CACHE}-vitest.json`), output = [];
  rmSync(out, { force: true });
  const res = await exec(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default",
    "--reporter=./scripts/test-vitest-reporter.mjs", "--allowOnly=false", ...filters], {
    onLine: (l) => output.push(l),
    env: { SIMDGRAD_VITEST_REPORT: out, ...(process.stdout.isTTY ? { FORCE_COLOR: "1" } : process.env.FORCE_COLOR ? {} : { NO_COLOR: "1" }) },
  });
  if (res.stderr.trim()) output.push(...res.stderr.trimEnd().split("\n"));
  const errors = [];
  if (res.timedOut) errors.push(`vitest timed out after ${secs(RUNTIME_TIMEOUT_MS)}`);
  if (!existsSync(out)) {
    if (!res.timedOut) errors.push(`vitest exited with ${res.signal ?? `code ${res.code}`} without a report (see its output above)`);
    return fromReport("node", null, errors, output, performance.now() - start, "");
  }
  const { results, errors: runErrors } = JSON.parse(readFileSync(out, "utf8"));
  for (const t of results.filter((t) => t.state !== "passed" && t.state !== "failed")) {
    errors.push(`${t.file} > ${t.name}: ${t.state} — skipped and todo tests are not allowed (or a hook of its suite failed: see above)`);
  }
  const report = { total: results.length, passed: results.filter((t) => t.ok).length, results, errors: runErrors };
  const r = fromReport("node", report, errors, output, performance.now() - start, "");
  if (res.code !== 0 && r.failures.length === 0 && r.errors.length === 0) r.errors.push(`vitest exited with code ${res.code} (see its output above)`);
  return r;
}

async function runDeno() {
  const deno = resolve("node_modules/.bin/deno");
  if (!existsSync(deno)) return notStarted("deno", "deno not found at node_modules/.bin/deno: run npm ci (devDependency deno)");
  // read access to the thread pool's worker script only (Deno asks for it to start a worker from a file)
  return runBundle("deno", deno, ["run", "--no-config", "--no-lock", "--no-npm", "--no-remote", "--no-prompt",
    `--allow-read=${resolve(CACHE, "simdgrad-worker.js")}`, `${CACHE}/tests.js`],
    { DENO_NO_UPDATE_CHECK: "1", DENO_NO_PACKAGE_JSON: "1", DENO_DIR: resolve(".cache/deno"), NO_COLOR: "1" });
}

/**
 * The bundle once more in Node, with eval and new Function disabled (as a strict CSP or an edge platform does): proof
 * that neither the library nor the tests generate code from strings. The bundle reports through the same lines as in Deno.
 */
function runNodeStrict() {
  const bundle = pathToFileURL(resolve(`${CACHE}/tests.js`)).href;
  const main = `await import(${JSON.stringify(bundle)});
    const report = await globalThis.__simdgradTests;
    try { new Function(""); report.errors.push("new Function worked: the flag did not take effect"); } catch {}
    // exit only once the (large) report line is flushed: process.exit can cut off a pending write to a pipe
    process.stdout.write(${JSON.stringify(`${MARK}report `)} + JSON.stringify(report) + "\\n", () => process.exit(0));`;
  return runBundle(STRICT, process.execPath, ["--disallow-code-generation-from-strings", "--input-type=module", "-e", main], { NO_COLOR: "1" });
}

/** Runs the test bundle in a process that prints the bundle's MARK lines and a report line (Deno, strict Node). */
async function runBundle(label, cmd, args, env) {
  const start = performance.now(), output = [];
  let report = null, last = "";
  const res = await exec(cmd, args, {
    env,
    onLine: (l) => {
      if (!l.startsWith(MARK)) return void output.push(l);
      if (!l.startsWith(`${MARK}report `)) return void (last = l.slice(MARK.length));
      try { report = JSON.parse(l.slice(MARK.length + 7)); } catch (e) { output.push(`unreadable report line (${e.message}): ${l.slice(0, 200)}…`); }
    },
  });
  const errors = [];
  if (res.stderr.trim()) output.push(...res.stderr.trimEnd().split("\n").map(mapStack));
  if (res.timedOut) errors.push(`${label} timed out after ${secs(RUNTIME_TIMEOUT_MS)}`);
  else if (res.code !== 0) errors.push(`${label} exited with ${res.signal ?? `code ${res.code}`}${res.stderr.trim() ? ": see its stderr in the output above" : ""}`);
  return fromReport(label, report, errors, output, performance.now() - start, last);
}

async function runChromium() {
  const start = performance.now();
  let browser;
  try {
    browser = await startChromium(resolve(CACHE), { mark: MARK });
  } catch (e) {
    return labelsOf("chromium").map((l) => notStarted(l, e.message));
  }
  try {
    const one = async (isolated) => {
      const label = `chromium (${isolated ? "isolated" : "not isolated"})`;
      const { report, errors, output, last } = await browser.run(isolated, RUNTIME_TIMEOUT_MS);
      const r = fromReport(label, report, errors, output, performance.now() - start, last);
      const env = report?.env;
      if (env && (env.crossOriginIsolated !== isolated || env.runtime?.sharedMemory !== isolated)) {
        r.errors.push(`${label}: expected crossOriginIsolated and a shared arena to be ${isolated}, got crossOriginIsolated=${env.crossOriginIsolated}, sharedMemory=${env.runtime?.sharedMemory}`);
      }
      return r;
    };
    return sequential ? [await one(true), await one(false)] : await Promise.all([one(true), one(false)]);
  } finally {
    await browser.close();
  }
}

// ---- main ----
const results = [];
const report = (r) => {
  const head = `── ${r.label}: ${r.passed} passed / ${r.total} in ${secs(r.ms)}`;
  const env = r.env ? ` · builds ${r.env.isas.join("/")} · ran ${r.env.runtime?.isa}, ${r.env.runtime?.sharedMemory ? "shared" : "unshared"} memory` : "";
  console.log(`\n${head}${env} ${"─".repeat(Math.max(0, 100 - head.length - env.length))}`);
  const lines = r.output.filter((l) => l.trim() !== "");
  if (lines.length) console.log(lines.map((l) => (r.label === "node" ? l : `  | ${l}`)).join("\n"));
  results.push(r);
};
let bundleError = null;
if (runtimes.some((r) => r !== "node")) {
  try { await bundle(); } catch (e) { bundleError = e.message; }
}
const jobs = runtimes.map((name) => async () => {
  const out = name !== "node" && bundleError ? labelsOf(name).map((l) => notStarted(l, bundleError))
    : await (name === "node" ? runNode() : name === "deno" ? runDeno() : name === "node-strict" ? runNodeStrict() : runChromium());
  for (const r of [out].flat()) report(r);
});
if (sequential) for (const job of jobs) await job();
else await Promise.all(jobs.map((job) => job()));

// Failures and errors, then the summary line.
const all = RUNTIMES.flatMap(labelsOf).map((l) => results.find((r) => r.label === l)).filter(Boolean);
const bad = all.filter((r) => r.failures.length || r.errors.length || r.total === 0);
for (const r of bad) {
  console.log(`\n✗ ${r.label}:`);
  if (r.total === 0 && !r.errors.length) console.log("  no tests ran");
  for (const f of r.failures) console.log(`  FAIL ${f.name}\n${f.error.replace(/^/gm, "       ")}`);
  for (const e of r.errors) console.log(`  ERROR ${e.replace(/\n/g, "\n       ")}`);
}
const node = all.find((r) => r.label === "node");
// Different test names per runtime are legitimate (e.g. test.each(supportedIsas())) but worth seeing: a test may have gone missing.
for (const r of all.filter((r) => node && r !== node && !node.errors.length && !r.errors.length && !filters.length)) {
  const key = (t) => `${t.file} > ${t.name}`;
  const expected = new Set(node.results.filter((t) => !NODE_ONLY.test(t.file)).map(key)), got = new Set(r.results.map(key));
  const missing = [...expected].filter((k) => !got.has(k)), extra = [...got].filter((k) => !expected.has(k));
  if (missing.length || extra.length) {
    console.log(`\nnote: ${r.label} ran a different set of tests than node (runtime-dependent test names or counts?)` +
      missing.slice(0, 5).map((k) => `\n  only in node: ${k}`).join("") + extra.slice(0, 5).map((k) => `\n  only in ${r.label}: ${k}`).join(""));
  }
}
const summary = all.map((r) => {
  const [name, mode] = r.label.split(" (");
  return `${name}: ${r.total ? `${r.passed} passed / ${r.total}` : "no tests ran"}${mode ? ` (${mode}` : ""}`;
}).join(" · ");
console.log(`\n${bad.length ? "✗ FAILED" : "✓ all passed"} — ${summary} — ${secs(performance.now() - t0)}`);
process.exitCode = bad.length ? 1 : 0;
