// A simdgrad pool worker: instantiates the main thread's wasm module over the one shared memory and runs the kernel
// jobs the pool (src/backend/pool.ts) writes into that memory. Plain JavaScript without imports, so the same file loads
// unbundled from src/ (vitest), from dist/ and from the test bundles, under a CSP without 'unsafe-eval'.
// The control block layout is pool.ts's (GEN, PENDING, STOP, SLOT_*): keep the two in step.

const GEN = 0, PENDING = 1, STOP = 2;
const SLOT_BASE = 64, SLOT_BYTES = 256, SLOT_KERNEL = 0, SLOT_NARGS = 1, SLOT_FAILED = 2, SLOT_ARGS = 16;

/** Atomics.load polls before sleeping in Atomics.wait (as pool.ts's SPINS: back-to-back kernels skip the futex). */
const SPINS = 20000;

/**
 * Waits for jobs until STOP. msg: { module, memory, names, ctrl, index }: the compiled module, the shared memory,
 * the export names in kernel-id order (from kernels.ts), the control block's byte address and this worker's index.
 */
async function serve(msg, post) {
  let instance;
  try {
    instance = await WebAssembly.instantiate(msg.module, {
      env: { memory: msg.memory, abort: () => { throw new Error("simdgrad: wasm abort in a pool worker"); } },
    });
  } catch (e) {
    post({ error: String(e) });
    return;
  }
  const fns = msg.names.map((n) => instance.exports[n]);
  const i32 = new Int32Array(msg.memory.buffer, msg.ctrl, (SLOT_BASE + SLOT_BYTES * (msg.index + 1)) >> 2);
  const slot = (SLOT_BASE + SLOT_BYTES * msg.index) >> 2;
  const args = new Float64Array(msg.memory.buffer, msg.ctrl + SLOT_BASE + SLOT_BYTES * msg.index + SLOT_ARGS, 24);
  let seen = Atomics.load(i32, GEN); // before saying ready: the first job may follow at once
  post({ ready: true });
  for (;;) {
    let g, spins = 0;
    while ((g = Atomics.load(i32, GEN)) === seen) {
      if (++spins > SPINS) {
        Atomics.wait(i32, GEN, seen);
        spins = 0;
      }
    }
    seen = g;
    if (Atomics.load(i32, STOP) !== 0) { // acknowledged, so the pool may free the control block
      if (Atomics.sub(i32, PENDING, 1) === 1) Atomics.notify(i32, PENDING);
      return;
    }
    const k = i32[slot + SLOT_KERNEL];
    if (k >= 0) {
      try {
        fns[k].apply(null, Array.prototype.slice.call(args, 0, i32[slot + SLOT_NARGS]));
      } catch {
        i32[slot + SLOT_FAILED] = 1;
      }
    }
    if (Atomics.sub(i32, PENDING, 1) === 1) Atomics.notify(i32, PENDING);
  }
}

if (typeof self === "undefined") {
  // Node worker_threads (no `self`); the specifier is only reached there
  const { parentPort } = await import("node:worker_threads");
  parentPort.once("message", (m) => serve(m, (r) => parentPort.postMessage(r)));
} else {
  self.onmessage = (e) => serve(e.data, (r) => self.postMessage(r));
}
