// A worker that may not compile WebAssembly (its CSP is script-src 'self', without 'wasm-unsafe-eval'), like an edge
// platform: init() must be refused, and init({ module }) with modules compiled elsewhere must work for every build.
import { init } from "simdgrad";
import { bits, trainSmallMlp } from "../train/mlp-run";

export type EdgeResult = {
  /** The error of init() here (compiling the embedded bytes), and of a direct WebAssembly.compile. */
  refused: string;
  compile: string;
  builds: Record<string, { isa: string; sharedMemory: boolean; losses: string[] } | { error: string }>;
};

const text = (e: unknown) => (e instanceof Error ? `${e.name}: ${e.message}` : String(e));
const scope = self as unknown as { onmessage: (e: MessageEvent) => void; postMessage(m: unknown): void };

scope.onmessage = async (e: MessageEvent<{ modules: Record<string, WebAssembly.Module> }>) => {
  const out: EdgeResult = { refused: "init() worked", compile: "WebAssembly.compile worked", builds: {} };
  await init().catch((err) => void (out.refused = text(err)));
  await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])).catch((err) => void (out.compile = text(err)));
  for (const [name, module] of Object.entries(e.data.modules)) {
    try {
      const info = await init({ module });
      out.builds[name] = { isa: info.isa, sharedMemory: info.sharedMemory, losses: bits(trainSmallMlp()) };
    } catch (err) {
      out.builds[name] = { error: text(err) };
    }
  }
  scope.postMessage(out);
};
