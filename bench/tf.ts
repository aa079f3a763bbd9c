// TensorFlow.js set-up for the comparisons: the wasm backend (SIMD binary, one thread, verified) and the cpu backend.
import * as tf from "@tensorflow/tfjs-core";
// tfjs-core's main (CommonJS) bundle registers no gradients; the @tensorflow/tfjs union package adds them from this
// ES module. It is imported by path so esbuild bundles it (bare imports stay external): its copy of the core shares
// the global engine and kernel/gradient registries, and tensors cross copies (Tensor defines Symbol.hasInstance).
import "../node_modules/@tensorflow/tfjs-core/dist/register_all_gradients.js";
import "@tensorflow/tfjs-backend-cpu";
import { getThreadsCount, setThreadsCount, setWasmPaths } from "@tensorflow/tfjs-backend-wasm";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

export { tf };
export type TfBackend = "wasm" | "cpu";

const require = createRequire(import.meta.url);
const wasmDist = dirname(require.resolve("@tensorflow/tfjs-backend-wasm/package.json")) + "/dist/";

/** Versions of the installed TF.js packages, for the results header. */
export function tfVersions(): Record<string, string> {
  const version = (p: string) => (JSON.parse(readFileSync(require.resolve(`${p}/package.json`), "utf8")) as { version: string }).version;
  return Object.fromEntries(["@tensorflow/tfjs-core", "@tensorflow/tfjs-backend-wasm", "@tensorflow/tfjs-backend-cpu"].map((p) => [p, version(p)]));
}

/**
 * Initialises both backends. The wasm backend gets one thread and must load the SIMD binary: the bytes it
 * instantiates are compared with tfjs-backend-wasm-simd.wasm, and anything else is an error (a scalar or threaded
 * TF.js would make the comparison meaningless).
 */
export async function setupTf(): Promise<{ wasmBinary: string; threads: number }> {
  tf.env().set("PROD", true); // production mode: DEBUG off (its default anyway), no console banners
  setWasmPaths(wasmDist); // a file path with a trailing slash works in Node
  setThreadsCount(1);
  const instantiated: Uint8Array[] = [];
  const original = WebAssembly.instantiate;
  WebAssembly.instantiate = function (this: unknown, source: unknown, imports?: WebAssembly.Imports) {
    if (!(source instanceof WebAssembly.Module)) instantiated.push(new Uint8Array(ArrayBuffer.isView(source) ? source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength) : source as ArrayBuffer));
    return (original as (s: unknown, i?: WebAssembly.Imports) => Promise<unknown>).call(this, source, imports);
  } as typeof WebAssembly.instantiate;
  try {
    if (!(await tf.setBackend("wasm"))) throw new Error("bench: TF.js wasm backend failed to initialise");
  } finally {
    WebAssembly.instantiate = original;
  }
  const simd = readFileSync(join(wasmDist, "tfjs-backend-wasm-simd.wasm"));
  if (!instantiated.some((b) => Buffer.compare(Buffer.from(b), simd) === 0)) {
    throw new Error("bench: TF.js wasm did not load tfjs-backend-wasm-simd.wasm (no SIMD, or threads on)");
  }
  if (getThreadsCount() !== 1) throw new Error(`bench: TF.js wasm uses ${getThreadsCount()} threads, expected 1`);
  if (!(await tf.setBackend("cpu"))) throw new Error("bench: TF.js cpu backend failed to initialise");
  return { wasmBinary: "tfjs-backend-wasm-simd.wasm", threads: getThreadsCount() };
}

/** Makes `backend` the active TF.js backend (tensors must be created under the backend that uses them). */
export async function useBackend(backend: TfBackend): Promise<void> {
  if (tf.getBackend() !== backend && !(await tf.setBackend(backend))) throw new Error(`bench: cannot switch TF.js to ${backend}`);
}

/** The TF.js step: gradients of loss() for vars by tf.variableGrads, applied by tf.train.adam (lr 1e-3, eps 1e-8 as
 * PyTorch), inside tf.tidy. */
export function tfAdamStep(loss: () => tf.Scalar, vars: tf.Variable[]): () => void {
  const optimizer = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
  return () => tf.tidy(() => {
    const { grads } = tf.variableGrads(loss, vars);
    optimizer.applyGradients(Object.entries(grads).map(([name, tensor]) => ({ name, tensor })));
  });
}
