// The __scalar reference kernels for a runtime of any build: the simd and relaxed builds ship only the variants they
// bind (assembly/simd.ts), so the kernel-variant tests and benchmarks instantiate the scalar build (core and extension)
// beside them, over the same memory, and call its exports on the same pointers.
import { type Runtime, embeddedWasm } from "../../src/backend/runtime";

/** First byte of the arena: every module's static data lies below (src/backend/runtime.ts, scripts/build-wasm.mjs). */
const STATIC_END = 32768;

/**
 * The runtime's exports plus the scalar build's __scalar kernels it lacks (for the scalar build: its own exports).
 * Instantiating the scalar build writes its static data (math tables) into the shared low memory: it must find the
 * same bytes there, or it would change what the runtime's own kernels read; that is checked.
 */
export async function withScalarReference(rt: Runtime): Promise<WebAssembly.Exports> {
  if (rt.isa === "scalar") return rt.exports;
  const mt = rt.sharedMemory ? "-mt" : "";
  const before = new Uint8Array(rt.memory.buffer, 0, STATIC_END).slice();
  const merged: Record<string, unknown> = { ...rt.exports };
  // the scalar extension only beside a loaded extension (whose static data it must find in place)
  for (const build of rt.hasExtension ? [`scalar${mt}`, `scalar-ext${mt}`] : [`scalar${mt}`]) {
    const module = await WebAssembly.compile(await embeddedWasm(build) as BufferSource);
    const { exports } = await WebAssembly.instantiate(module, { env: { memory: rt.memory, abort: () => { throw new Error("wasm abort"); } } });
    for (const [name, f] of Object.entries(exports)) if (name.endsWith("__scalar") && !(name in merged)) merged[name] = f;
  }
  const after = new Uint8Array(rt.memory.buffer, 0, STATIC_END);
  const at = after.findIndex((v, i) => v !== before[i]);
  if (at >= 0) throw new Error(`the scalar build's static data differs from the ${rt.isa} build's at byte ${at}: give the reference its own memory`);
  return merged as WebAssembly.Exports;
}
