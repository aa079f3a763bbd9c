// Bundle size of an MLP training app: what a bundler ships (minified ESM, esbuild) for JS, and for the wasm of one build
// either embedded (the lazily imported base64 chunk init() uses) or as the binary .wasm (init({ module })). Raw and gzip.
// Run: node scripts/run-ts.mjs bench/size.ts
import { build } from "esbuild";
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { gzipSync } from "node:zlib";

/** The app: an MLP, Adam, cross-entropy, a DataLoader, a checkpoint, the usual training loop. */
const APP = `
import { init, nn, optim, F, data, io, scope, randn, randint } from "simdgrad";
await init();
const model = new nn.Sequential(new nn.Linear(784, 256), new nn.ReLU(), new nn.Linear(256, 128), new nn.ReLU(), new nn.Linear(128, 10));
const opt = new optim.Adam(model.parameters(), { lr: 1e-3 });
const loader = new data.DataLoader(new data.TensorDataset(randn([256, 784]), randint(0, 10, [256])), { batchSize: 64, shuffle: true });
for (const [x, y] of loader) scope(() => { const l = F.crossEntropy(model.forward(x), y); opt.zeroGrad(); l.backward(); opt.step(); });
globalThis.checkpoint = io.saveSafetensors(model.stateDict());
`;

const result = await build({
  stdin: { contents: APP, resolveDir: resolve("."), sourcefile: "app.js", loader: "js" },
  outdir: "out", bundle: true, format: "esm", splitting: true, platform: "neutral", target: "es2022", minify: true,
  keepNames: true, write: false, chunkNames: "[name]-[hash]", alias: { simdgrad: resolve("src/index.ts") }, logLevel: "warning",
});

const builds = readdirSync("build").filter((f) => f.endsWith(".wasm")).map((f) => f.replace(/\.wasm$/, "")).sort();
const isWasmChunk = (path: string) => builds.some((b) => new RegExp(`/${b}-[A-Z0-9]+\\.js$`).test(path));
const size = (bytes: Uint8Array) => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });
const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;

const js = result.outputFiles.filter((f) => !isWasmChunk(f.path));
const jsBytes = Buffer.concat(js.map((f) => f.contents));
const jsSize = size(jsBytes);
const rows: [string, { raw: number; gzip: number }][] = [[`JS (app + library, ${js.length} file${js.length === 1 ? "" : "s"})`, jsSize]];
for (const b of builds) {
  const chunk = result.outputFiles.find((f) => new RegExp(`/${b}-[A-Z0-9]+\\.js$`).test(f.path));
  if (!chunk) throw new Error(`no chunk for build ${b}`);
  const wasm = readFileSync(`build/${b}.wasm`);
  rows.push([`${b}: embedded chunk (base64)`, size(chunk.contents)]);
  rows.push([`${b}: .wasm file`, size(wasm)]);
  rows.push([`JS + ${b}.wasm`, size(Buffer.concat([jsBytes, wasm]))]);
  rows.push([`JS + ${b} embedded`, size(Buffer.concat([jsBytes, chunk.contents]))]);
}
const w = Math.max(...rows.map((r) => r[0].length));
console.log(`${"bundle".padEnd(w)}  ${"raw".padStart(9)}  ${"gzip".padStart(9)}`);
for (const [name, s] of rows) console.log(`${name.padEnd(w)}  ${kb(s.raw).padStart(9)}  ${kb(s.gzip).padStart(9)}`);
console.log("\n(gzip: zlib level 9 of each part, concatenated parts compressed together; KB = 1024 bytes)");
