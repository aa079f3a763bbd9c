// `npm run demo:browser`: builds examples/browser/ with esbuild and serves it on localhost, cross-origin isolated
// (COOP/COEP) and under a strict Content-Security-Policy. Also used by test/e2e/ and test/platform/workers.node.test.ts.
// Usage: node scripts/demo-browser.mjs [--port 8080] [--host 127.0.0.1]
import { build } from "esbuild";
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { copyPoolWorker } from "./build-dist.mjs";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * No inline scripts or styles, no eval; WebAssembly may be compiled from bytes ('wasm-unsafe-eval' allows exactly
 * that, and simdgrad compiles its embedded wasm with WebAssembly.compile). Sent with every response, so the worker
 * runs under it too.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' blob:",
  "connect-src 'self'",
  "worker-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Cross-origin isolation: SharedArrayBuffer, so simdgrad runs on a shared (never-detaching) arena, threads-ready. */
export const ISOLATION = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp" };

const TYPES = {
  ".html": "text/html; charset=utf-8", ".js": "text/javascript; charset=utf-8", ".css": "text/css; charset=utf-8",
  ".map": "application/json", ".json": "application/json", ".svg": "image/svg+xml", ".gz": "application/gzip",
  ".wasm": "application/wasm", ".png": "image/png", ".safetensors": "application/octet-stream",
};

/** Builds the demo into outdir: app.js and worker.js (ES modules; each wasm build a lazily imported chunk) plus the static files. */
export async function buildBrowserDemo(outdir = join(ROOT, ".cache/browser-demo")) {
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: [join(ROOT, "examples/browser/app.ts"), join(ROOT, "examples/browser/worker.ts")],
    outdir,
    bundle: true,
    format: "esm",
    splitting: true,
    platform: "browser",
    target: "es2022",
    minify: true,
    keepNames: true,
    sourcemap: true,
    chunkNames: "chunks/[name]-[hash]",
    alias: { simdgrad: join(ROOT, "src/index.ts") },
    logLevel: "warning",
  });
  copyPoolWorker(outdir);
  for (const f of ["index.html", "style.css", "favicon.svg"]) copyFileSync(join(ROOT, "examples/browser", f), join(outdir, f));
  return outdir;
}

/**
 * Serves files under `mounts` ({ "/": dir, "/data/": otherDir }) on host:port (0: any free port), with
 * `headers(path)` added to every response. Only files inside a mount are served; "/" serves index.html.
 * Resolves to { origin, close() }.
 */
export async function serveStatic(mounts, { port = 0, host = "127.0.0.1", headers = () => ({}) } = {}) {
  const table = Object.entries(mounts).sort((a, b) => b[0].length - a[0].length);
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? "/", "http://localhost").pathname);
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    let file = mount && resolve(mount[1], "." + sep + path.slice(mount[0].length));
    if (file && existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const inside = mount && file && (file === resolve(mount[1]) || file.startsWith(resolve(mount[1]) + sep));
    if (req.method !== "GET" && req.method !== "HEAD") return void res.writeHead(405).end();
    if (!inside || !existsSync(file) || !statSync(file).isFile()) {
      return void res.writeHead(404, { "Content-Type": "text/plain", ...headers(path) }).end("not found");
    }
    res.writeHead(200, {
      "Content-Type": TYPES[extname(file)] ?? "application/octet-stream",
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      ...headers(path),
    });
    res.end(req.method === "HEAD" ? undefined : readFileSync(file));
  });
  await new Promise((ok, fail) => server.once("error", fail).listen(port, host, ok));
  const { port: bound } = server.address();
  return { origin: `http://${host.includes(":") ? `[${host}]` : host}:${bound}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Builds the demo and serves it with ISOLATION and CSP; data/ comes from the shipped Fashion-MNIST subset. */
export async function startBrowserDemo({ port = 0, host = "127.0.0.1", outdir } = {}) {
  const dir = await buildBrowserDemo(outdir);
  const server = await serveStatic({ "/": dir, "/data/": join(ROOT, "data/fashion-mnist") }, {
    port, host, headers: () => ({ ...ISOLATION, "Content-Security-Policy": CSP }),
  });
  return { ...server, dir };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const opt = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
  const { origin } = await startBrowserDemo({ port: Number(opt("--port", 8080)), host: opt("--host", "127.0.0.1") });
  console.log(`simdgrad browser demo: ${origin}/  (cross-origin isolated; CSP: ${CSP})\nCtrl-C to stop`);
}
