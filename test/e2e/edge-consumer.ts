// Run by edge.node.test.ts as a package consumer (node --disallow-code-generation-from-strings, "simdgrad" = the built
// package): for each build, the edge pattern — a WebAssembly.Module compiled from the shipped simdgrad/wasm/<build>.wasm
// passed to init({ module }) — then the embedded builds through init({ isa }) for reference. Prints JSON.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { init, supportedIsas } from "simdgrad";
import { bits, trainSmallMlp } from "../train/mlp-run";

const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const out: { eval: string; shipped: Record<string, unknown>; embedded: Record<string, string[]>; isas: string[]; threads: number; entry: string } = {
  eval: "", shipped: {}, embedded: {}, isas: supportedIsas(), threads: 0, entry: import.meta.resolve("simdgrad"),
};
try {
  out.eval = String(new Function("return 1")());
} catch (e) {
  out.eval = text(e);
}
for (const build of process.argv.slice(2)) {
  const url = import.meta.resolve(`simdgrad/wasm/${build}.wasm`);
  let module: WebAssembly.Module;
  try {
    module = new WebAssembly.Module(readFileSync(fileURLToPath(url)));
  } catch (e) {
    out.shipped[build] = { url, compileError: text(e) };
    continue;
  }
  const info = await init({ module });
  out.shipped[build] = { url, isa: info.isa, sharedMemory: info.sharedMemory, losses: bits(trainSmallMlp()) };
}
for (const isa of supportedIsas()) {
  await init({ isa });
  out.embedded[isa] = bits(trainSmallMlp());
}
out.threads = (await init({ threads: 2 })).threads; // the worker script beside the module "simdgrad" resolved to
console.log(JSON.stringify(out));
