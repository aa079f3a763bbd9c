// A simdgrad pool worker: instantiates the main thread's wasm module over the one shared memory and runs the kernel
// jobs the pool (src/backend/pool.ts) posts in this worker's slot of a control block in that memory. Plain JavaScript
// without imports, so the same file loads unbundled from src/ (vitest), from dist/ and from the test bundles, under a
// CSP without 'unsafe-eval'. The control block layout and slot states are pool.ts's: keep the two in step.

const GEN = 0, STOP = 2;
const SLOT_BASE = 64, SLOT_BYTES = 256, SLOT_STATE = 0, SLOT_KERNEL = 1, SLOT_NARGS = 2, SLOT_FAILED = 3, SLOT_ARGS = 16;
const POSTED = 1, TAKEN = 2, DONE = 3, STOPPED = 5;

/**
 * The longest a worker polls the generation with Atomics.load before sleeping in Atomics.wait. A training step posts
 * a job every ~100–200 µs with JS work between them; a worker that slept through those gaps woke too late (a futex
 * wake takes tens of µs on a VM) and the caller, done with its own share, ran the worker's too: LeNet-5 on 2 threads
 * lost 15–40% of its jobs that way and ran no faster than one thread. A worker polls only while posts come that
 * often: for twice the recent mean interval between them, at most POLL_MAX_MS; sporadic jobs (an app's occasional
 * inference, a test suite) find it asleep and cost no polling.
 */
const POLL_MAX_MS = 2;

/**
 * Takes the jobs posted in this worker's slot until STOP. msg: { modules, memory, names, ctrl, index }: the compiled
 * modules (the core module, then the extension module when the main thread loaded it), the shared memory, the export names in kernel-id order (from kernels.ts), the control block's byte address
 * and this worker's index. A posted job is claimed with a compare-exchange: the calling thread may claim it back
 * (and run it itself) when this worker is slow to wake, e.g. on a machine busy with other processes.
 */
async function serve(msg, post) {
  const exports = {};
  try {
    for (const module of msg.modules) {
      const instance = await WebAssembly.instantiate(module, {
        env: { memory: msg.memory, abort: () => { throw new Error("simdgrad: wasm abort in a pool worker"); } },
      });
      for (const [name, value] of Object.entries(instance.exports)) if (!(name in exports)) exports[name] = value;
    }
  } catch (e) {
    post({ error: String(e) });
    return;
  }
  const fns = msg.names.map((n) => exports[n]);
  const i32 = new Int32Array(msg.memory.buffer, msg.ctrl, (SLOT_BASE + SLOT_BYTES * (msg.index + 1)) >> 2);
  const slot = (SLOT_BASE + SLOT_BYTES * msg.index) >> 2;
  const args = new Float64Array(msg.memory.buffer, msg.ctrl + SLOT_BASE + SLOT_BYTES * msg.index + SLOT_ARGS, 24);
  let seen = Atomics.load(i32, GEN); // before saying ready: the first job may follow at once
  let lastPost = -Infinity, meanGap = Infinity; // when the generation last moved; the mean interval between moves
  post({ ready: true });
  for (;;) {
    if (Atomics.load(i32, slot + SLOT_STATE) === POSTED && Atomics.compareExchange(i32, slot + SLOT_STATE, POSTED, TAKEN) === POSTED) {
      try {
        fns[i32[slot + SLOT_KERNEL]].apply(null, Array.prototype.slice.call(args, 0, i32[slot + SLOT_NARGS]));
      } catch {
        i32[slot + SLOT_FAILED] = 1;
      }
      Atomics.store(i32, slot + SLOT_STATE, DONE);
      Atomics.notify(i32, slot + SLOT_STATE);
      continue;
    }
    if (Atomics.load(i32, STOP) !== 0) { // acknowledged, so the pool may free the control block
      Atomics.store(i32, slot + SLOT_STATE, STOPPED);
      Atomics.notify(i32, slot + SLOT_STATE);
      return;
    }
    const poll = meanGap <= POLL_MAX_MS ? Math.min(POLL_MAX_MS, 2 * meanGap) : 0;
    let g, spins = 0, until = performance.now() + poll;
    while ((g = Atomics.load(i32, GEN)) === seen) {
      if ((++spins & 1023) === 0 && performance.now() > until) Atomics.wait(i32, GEN, seen);
    }
    seen = g;
    const now = performance.now();
    meanGap = meanGap === Infinity ? now - lastPost : 0.75 * meanGap + 0.25 * (now - lastPost);
    lastPost = now;
  }
}

if (typeof self === "undefined") {
  // Node worker_threads (no `self`); the specifier is only reached there
  const { parentPort } = await import("node:worker_threads");
  parentPort.once("message", (m) => serve(m, (r) => parentPort.postMessage(r)));
} else {
  self.onmessage = (e) => serve(e.data, (r) => self.postMessage(r));
}
