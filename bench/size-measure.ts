// Measures what an MLP training app ships: the package built as published (scripts/build-dist.mjs) installed in a scratch
// directory, the app bundled with esbuild (minified ESM, code splitting, no keepNames), and the wasm of each build as
// the lazily imported chunk init() uses (gzipped, base64) and as the binary .wasm (init({ module })). Used by bench/size.ts (the
// report) and test/e2e/size.node.test.ts (the budget).
import { build, type Metafile, type OutputFile } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { buildDist } from "../scripts/build-dist.mjs";

/** simdgrad issue 7: JS + the wasm of one build, minified, at most 150 KB raw and 60 KB gzipped (KB = 1024 bytes). */
export const BUDGET = { raw: 150 * 1024, gzip: 60 * 1024 };

/** The app, written as the README shows: an MLP, Adam, cross-entropy, a DataLoader, a checkpoint, the usual loop. */
export const APP = `
import { init, Sequential, Linear, ReLU, Adam, crossEntropy, DataLoader, TensorDataset, saveSafetensors, scope, randn, randint } from "simdgrad";
await init();
const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
const opt = new Adam(model.parameters(), { lr: 1e-3 });
const loader = new DataLoader(new TensorDataset(randn([256, 784]), randint(0, 10, [256])), { batchSize: 64, shuffle: true });
for (const [x, y] of loader) scope(() => { const l = crossEntropy(model.forward(x), y); opt.zeroGrad(); l.backward(); opt.step(); });
globalThis.checkpoint = saveSafetensors(model.stateDict());
`;

export interface Size { raw: number; gzip: number }
export interface SizeReport {
  /** The app's JS: entry and shared chunks, without the wasm chunks. */
  js: Size;
  /** Per wasm build (core modules "simd", …; extension modules "simd-ext", …): its embedded chunk and its .wasm file. */
  builds: Record<string, { chunk: Size; wasm: Size; jsPlusWasm: Size; jsPlusChunk: Size }>;
  /** Bytes each library module contributes to the app's JS (from esbuild's metafile), largest first. */
  modules: [string, number][];
  /** The app's JS text (for checks on what it contains). */
  jsText: string;
}

const PKG = resolve(".cache/size");
const size = (bytes: Uint8Array): Size => ({ raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length });

/** Builds the package into .cache/size/node_modules/simdgrad and bundles APP against it. */
export async function measureSize(app = APP): Promise<SizeReport> {
  const home = join(PKG, "node_modules/simdgrad");
  mkdirSync(home, { recursive: true });
  copyFileSync("package.json", join(home, "package.json")); // its "sideEffects" is part of what is measured
  writeFileSync(join(PKG, "package.json"), JSON.stringify({ name: "size-app", private: true, type: "module" }));
  await buildDist({ outdir: join(home, "dist"), types: false });
  const result = await build({
    stdin: { contents: app, resolveDir: PKG, sourcefile: "app.js", loader: "js" },
    outdir: join(PKG, "out"), bundle: true, format: "esm", splitting: true, platform: "neutral", target: "es2022",
    minify: true, write: false, metafile: true, chunkNames: "[name]-[hash]", logLevel: "warning",
  });
  const meta = result.metafile as Metafile;
  const buildOf = (f: OutputFile) => {
    const inputs = Object.keys(meta.outputs[relative(f.path)]?.inputs ?? {});
    return inputs.map((i) => /backend\/wasm\/([\w-]+)\.[jt]s$/.exec(i)?.[1]).find(Boolean);
  };
  const js = result.outputFiles.filter((f) => !buildOf(f));
  const jsBytes = Buffer.concat(js.map((f) => f.contents));
  const report: SizeReport = { js: size(jsBytes), builds: {}, modules: [], jsText: Buffer.from(jsBytes).toString("utf8") };
  for (const f of result.outputFiles) {
    const b = buildOf(f);
    if (!b) continue;
    const wasm = readFileSync(join(home, "dist/wasm", `${b}.wasm`));
    report.builds[b] = {
      chunk: size(f.contents), wasm: size(wasm),
      jsPlusWasm: size(Buffer.concat([jsBytes, wasm])), jsPlusChunk: size(Buffer.concat([jsBytes, f.contents])),
    };
  }
  const bytes = new Map<string, number>();
  for (const f of js) {
    for (const [input, { bytesInOutput }] of Object.entries(meta.outputs[relative(f.path)].inputs)) {
      const name = input.replace(/^.*node_modules\/simdgrad\//, "");
      bytes.set(name, (bytes.get(name) ?? 0) + bytesInOutput);
    }
  }
  report.modules = [...bytes].filter(([, n]) => n > 0).sort((a, b) => b[1] - a[1]);
  return report;
}

/** esbuild's metafile names outputs relative to the working directory. */
function relative(path: string): string {
  return path.startsWith(process.cwd() + "/") ? path.slice(process.cwd().length + 1) : path;
}

/** The core wasm builds (what init() loads for an MLP), e.g. ["relaxed", "relaxed-mt", "scalar", …]. */
export function coreBuilds(report: SizeReport): string[] {
  return Object.keys(report.builds).filter((b) => !b.includes("-ext")).sort();
}

/** Which of the build/ files exist (the chunks of the measured app should cover all of them). */
export function builtWasm(): string[] {
  return readdirSync("build").filter((f) => f.endsWith(".wasm")).map((f) => f.replace(/\.wasm$/, "")).sort();
}
