// The thread pool: n − 1 persistent workers over the one shared memory (the calling thread is worker 0). A job is a
// kernel id and its arguments posted in a worker's slot of a control block in that memory; workers poll a generation
// counter, then sleep in Atomics.wait on it, and claim their job with a compare-exchange. The caller runs its own share,
// then claims back every job not yet taken (a worker descheduled on a busy machine costs no more than its share) and
// waits only for the jobs in progress.
import { nodeBuiltin } from "./features";

/** Control block words (Int32 indices) and per-worker slots; simdgrad-worker.js reads the same layout. */
const GEN = 0, STOP = 2;
const SLOT_BASE = 64, SLOT_BYTES = 256, SLOT_STATE = 0, SLOT_KERNEL = 1, SLOT_NARGS = 2, SLOT_FAILED = 3, SLOT_ARGS = 16;
/** Slot states: IDLE → POSTED (caller) → TAKEN → DONE (worker), or POSTED → RECLAIMED (caller); STOPPED: the worker left. */
const IDLE = 0, POSTED = 1, TAKEN = 2, RECLAIMED = 4, STOPPED = 5; // DONE = 3 is set by the worker
/** Arguments per job: the slot has room for 24 float64s (a kernel takes at most 16). */
const MAX_ARGS = 24;
/** Atomics.load polls before the caller sleeps in Atomics.wait (where it may: not a browser's main thread). */
const SPINS = 20000;
/** How long a worker may take to load and instantiate before threads are given up. */
const START_TIMEOUT_MS = 20000;
/** How long terminate() waits for idle workers to acknowledge the stop. */
const STOP_TIMEOUT_MS = 2000;
/** The worker script, emitted beside the module that holds this code (scripts/build-dist.mjs, scripts/test-all.mjs). */
const WORKER_FILE = "./simdgrad-worker.js";

/** One worker's share of a parallel call: a kernel id (an index into the pool's export names) and its arguments. */
export interface Job {
  kernel: number;
  args: number[];
}

/** A started worker, whatever the platform. */
interface Handle {
  post(msg: unknown): void;
  terminate(): void;
}

const isDeno = () => typeof (globalThis as { Deno?: unknown }).Deno !== "undefined";
const isNode = () => !isDeno() && typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === "string";
/** Hidden from bundlers: `node:` modules exist only in Node, and this code also ships to browsers (where Node has no
 * process.getBuiltinModule: nodeBuiltin in features.ts). */
const nodeImport = (name: string): Promise<any> => import(/* @vite-ignore */ name);

/** Why worker threads cannot run here, or null when they can (the memory must also be shared: see features.ts). */
export function threadsUnavailable(): string | null {
  if (typeof SharedArrayBuffer === "undefined") return "SharedArrayBuffer is not available";
  if ((globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === false) {
    return "the page is not cross-origin isolated (serve it with Cross-Origin-Opener-Policy: same-origin and Cross-Origin-Embedder-Policy: require-corp)";
  }
  if (!isNode() && typeof Worker !== "function") return "this runtime has no Worker";
  return null;
}

/** The number of cores: navigator.hardwareConcurrency, or os.availableParallelism() in Node 20 (no navigator). */
export async function coreCount(): Promise<number> {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  if (isNode()) {
    const os = nodeBuiltin("os") ?? await nodeImport("node:os");
    return os.availableParallelism?.() ?? os.cpus().length;
  }
  return 1;
}

/** Starts a worker running `url`, whatever the platform. */
type Spawn = (url: URL, onMessage: (m: unknown) => void, onError: (e: string) => void) => Handle;

/** The platform's way to start a worker (async only for Node's and Deno's `node:worker_threads` import). */
async function spawner(): Promise<Spawn> {
  // Deno too: its web Worker has no unref(), and an idle pool would keep the process from exiting
  if (isNode() || isDeno()) {
    // worker_threads takes ~1.2 ms to load: where Node loads built-ins synchronously, only when the first worker starts
    const sync = typeof (globalThis as { process?: { getBuiltinModule?: unknown } }).process?.getBuiltinModule === "function";
    let workerThreads = sync ? null : await nodeImport("node:worker_threads");
    return (url, onMessage, onError) => {
      workerThreads ??= nodeBuiltin("worker_threads");
      const NodeWorker = workerThreads.Worker;
      // no inherited Node options: the parent's (--input-type, a test runner's loaders) may be invalid for a worker file
      const w = new NodeWorker(url, { execArgv: [] });
      w.on("message", onMessage);
      w.on("error", (e: Error) => onError(String(e)));
      w.unref(); // after the listeners (adding one refs the worker again): an idle pool never keeps the process alive
      return { post: (m) => w.postMessage(m), terminate: () => void w.terminate() };
    };
  }
  return (url, onMessage, onError) => {
    const w = new Worker(url, { type: "module", name: "simdgrad" });
    w.onmessage = (e) => onMessage(e.data);
    w.onerror = (e) => {
      e.preventDefault?.();
      onError(e.message || `cannot load ${url.href}`);
    };
    return { post: (m) => w.postMessage(m), terminate: () => w.terminate() };
  };
}

export class Pool {
  private readonly i32: Int32Array;
  private readonly f64: Float64Array[];
  private readonly canWait: boolean;
  private stopped = false;
  /** The started workers, and whether each may still answer (started and not failed): terminate() waits for those. */
  private readonly workers: Handle[] = [];
  private readonly live: boolean[] = [];
  /** Set by the first launch(): every worker started, resolved when all are ready. */
  private launched: Promise<void> | null = null;
  /** Jobs posted to workers, and those the caller ran itself because no worker had taken them yet (for benchmarks). */
  readonly counts = { posted: 0, reclaimed: 0 };

  private constructor(
    readonly threads: number,
    /** Byte address of the control block (the caller frees it after terminate()). */
    readonly ctrl: number,
    private readonly memory: WebAssembly.Memory,
    /** The core module and, when loaded, the extension module: each worker instantiates both over the memory. */
    private readonly modules: WebAssembly.Module[],
    private readonly names: string[],
    /** The kernels by id on the calling thread, for the jobs it claims back. */
    private readonly local: ((...args: number[]) => void)[],
    private readonly spawn: Spawn,
    /** Told why, when a worker of a lazily started pool fails (the pool keeps working: the caller runs every job). */
    private readonly onLazyFailure: (message: string) => void,
  ) {
    this.i32 = new Int32Array(memory.buffer, ctrl, Pool.bytes(threads) >> 2);
    this.f64 = Array.from({ length: threads }, (_, w) => new Float64Array(memory.buffer, ctrl + SLOT_BASE + SLOT_BYTES * w + SLOT_ARGS, MAX_ARGS));
    this.canWait = canAtomicsWait(this.i32);
  }

  /** Bytes of the control block for `threads` threads. */
  static bytes(threads: number): number {
    return SLOT_BASE + SLOT_BYTES * threads;
  }

  /**
   * Starts threads − 1 workers, each instantiating `modules` over `memory`; `names` are the export names in kernel-id
   * order, `ctrl` a zeroed block of Pool.bytes(threads) in the shared memory. Rejects (with every worker terminated)
   * when a worker cannot start.
   */
  static async start(threads: number, modules: WebAssembly.Module[], memory: WebAssembly.Memory, names: string[], ctrl: number,
    local: ((...args: number[]) => void)[]): Promise<Pool> {
    const pool = new Pool(threads, ctrl, memory, modules, names, local, await spawner(), () => {});
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, ko) => {
      timer = setTimeout(() => ko(new Error(`worker ${new URL(WORKER_FILE, import.meta.url).href} did not start within ${START_TIMEOUT_MS / 1000} s`)), START_TIMEOUT_MS);
    });
    try {
      await Promise.race([pool.launch(), timeout]);
    } catch (e) {
      pool.terminate();
      throw e;
    } finally {
      clearTimeout(timer);
    }
    return pool;
  }

  /**
   * The same pool, but its workers start only when the first job is posted (a process that never runs a kernel large
   * enough to split never pays for them: starting a Node worker takes ~30 ms, and one still starting delays the exit
   * as long). Jobs posted before a worker is up are run by the calling thread, as for a descheduled worker. When a
   * worker fails to start, `onFailure` is told why.
   */
  static async lazy(threads: number, modules: WebAssembly.Module[], memory: WebAssembly.Memory, names: string[], ctrl: number,
    local: ((...args: number[]) => void)[], onFailure: (message: string) => void): Promise<Pool> {
    return new Pool(threads, ctrl, memory, modules, names, local, await spawner(), onFailure);
  }

  /** Starts every worker (once); resolves when all are ready, rejects at the first that fails. */
  private launch(): Promise<void> {
    this.launched ??= Promise.all(Array.from({ length: this.threads - 1 }, (_, i) => new Promise<void>((ready, fail) => {
      const url = new URL(WORKER_FILE, import.meta.url);
      const failed = (e: Error) => {
        this.live[i] = false;
        fail(e);
      };
      const onMessage = (m: unknown) => {
        const r = m as { ready?: boolean; error?: string };
        if (r.ready) ready();
        else failed(new Error(`a worker could not instantiate the module: ${r.error}`));
      };
      this.workers[i] = this.spawn(url, onMessage, (e) => failed(new Error(`worker ${url.href} failed: ${e}`)));
      this.live[i] = true;
      this.workers[i].post({ modules: this.modules, memory: this.memory, names: this.names, ctrl: this.ctrl, index: i + 1 });
    }))).then(() => {});
    return this.launched;
  }

  /**
   * Runs jobs[w] on worker w (w ≥ 1; null: nothing for it) while `own` runs on the calling thread, and returns when
   * all are done. Kernels trust their caller, so a failing worker job means a bug: it is rethrown here.
   */
  run(own: () => void, jobs: (Job | null)[]): void {
    if (this.stopped) throw new Error("simdgrad: the thread pool was terminated");
    if (!this.launched) this.launch().catch((e: Error) => this.onLazyFailure(e.message));
    const i32 = this.i32;
    for (let w = 1; w < this.threads; w++) {
      const job = jobs[w] ?? null, s = this.slot(w);
      if (!job) {
        i32[s + SLOT_STATE] = IDLE;
        continue;
      }
      i32[s + SLOT_KERNEL] = job.kernel;
      i32[s + SLOT_NARGS] = job.args.length;
      i32[s + SLOT_FAILED] = 0;
      this.f64[w].set(job.args);
      Atomics.store(i32, s + SLOT_STATE, POSTED);
    }
    Atomics.add(i32, GEN, 1);
    Atomics.notify(i32, GEN);
    let error: unknown = null;
    try {
      own();
      // the jobs no worker has taken yet: run them here rather than wait for a sleeping or descheduled thread
      for (let w = 1; w < this.threads; w++) {
        const job = jobs[w];
        if (!job) continue;
        this.counts.posted++;
        if (Atomics.compareExchange(i32, this.slot(w) + SLOT_STATE, POSTED, RECLAIMED) === POSTED) {
          this.counts.reclaimed++;
          this.local[job.kernel](...job.args);
        }
      }
    } catch (e) {
      error = e;
    }
    for (let w = 1; w < this.threads; w++) this.waitWhile(w, (s) => s === POSTED || s === TAKEN);
    if (error) throw error;
    for (let w = 1; w < this.threads; w++) {
      if (i32[this.slot(w) + SLOT_FAILED]) throw new Error(`simdgrad: a kernel failed in pool worker ${w}`);
    }
  }

  private slot(w: number): number {
    return (SLOT_BASE + SLOT_BYTES * w) >> 2;
  }

  /** Waits while worker w's slot state satisfies `busy`, at most `timeoutMs` (then false). */
  private waitWhile(w: number, busy: (state: number) => boolean, timeoutMs = Infinity): boolean {
    const i32 = this.i32, s = this.slot(w) + SLOT_STATE, end = performance.now() + timeoutMs;
    let spins = 0, v: number;
    while (busy(v = Atomics.load(i32, s))) {
      if (++spins > SPINS) {
        if (this.canWait) Atomics.wait(i32, s, v, 1);
        if (performance.now() > end) return false;
        spins = 0;
      }
    }
    return true;
  }

  /**
   * Stops and terminates the workers (idempotent). Returns once every worker has acknowledged the stop, so the control
   * block may be freed: a worker still polling it would otherwise read a later pool's block at the same address.
   * False when some worker did not answer in time (then the block must stay allocated).
   */
  terminate(): boolean {
    if (this.stopped) return true;
    this.stopped = true;
    Atomics.store(this.i32, STOP, 1);
    Atomics.add(this.i32, GEN, 1);
    Atomics.notify(this.i32, GEN);
    const end = performance.now() + STOP_TIMEOUT_MS;
    let acknowledged = true;
    for (let w = 1; w < this.threads; w++) {
      if (this.live[w - 1]) acknowledged = this.waitWhile(w, (s) => s !== STOPPED, end - performance.now()) && acknowledged;
    }
    for (const w of this.workers) w.terminate();
    return acknowledged;
  }
}

/** Whether this thread may block in Atomics.wait (a browser's main thread may not: it throws). */
function canAtomicsWait(i32: Int32Array): boolean {
  try {
    Atomics.wait(i32, STOP, 1, 0); // STOP is 0, so this returns "not-equal" at once where waiting is allowed
    return true;
  } catch {
    return false;
  }
}
