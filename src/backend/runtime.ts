// The runtime: picks and instantiates a wasm build over one memory, owns the arena, and hands out views and kernels.
import { Arena, type ArenaStats } from "./arena";
import { type Isa, nodeBuiltin, supportedIsas, tryCreateSharedMemory } from "./features";
import { bindExtension, bindKernels, extensionExportNames, kernelExportNames, type Kernels } from "./kernels";
import { kernelIds, parallelKernels } from "./parallel";
import { Pool, coreCount, threadsUnavailable } from "./pool";

export type { Isa } from "./features";

export interface InitOptions {
  /** Force an instruction set; default: the best this runtime validates (relaxed → simd → scalar). */
  isa?: Isa;
  /**
   * Threads, the calling one included (default: the number of cores where threads are possible, else 1). Threads need a
   * shared memory (SharedArrayBuffer; in browsers a cross-origin isolated page) and workers; where they are impossible
   * init says why once and runs on one thread. Results are bit-identical whatever the number. init() waits for an
   * explicit number of workers to start; the default ones start with the first kernel large enough to split (a script
   * that never runs one never pays the ~30 ms a Node worker takes to start), that kernel running on the calling thread.
   */
  threads?: number;
  /** A precompiled module of one of simdgrad's builds, for platforms that forbid compiling wasm at run time. */
  module?: WebAssembly.Module;
  /** Arena cap in bytes (default 2 GiB); an allocation beyond it is a clear out-of-memory error. */
  maxMemoryBytes?: number;
  /** With `module`: the matching extension build (simdgrad/wasm/<scalar|simd>-ext[-mt].wasm), for conv, pooling,
   * interpolation, norms and RNN cells. */
  extensionModule?: WebAssembly.Module;
}

export interface InitResult {
  isa: Isa;
  threads: number;
  /** Whether the arena lives in a shared (never-detaching) memory. */
  sharedMemory: boolean;
}

const PAGE = 65536;
const MAX_PAGES = 65536;
/** Reserved at the arena's start for kernel parameter blocks (strided-copy descriptors and the like). */
const SCRATCH_BYTES = 4096;
/** Unshared memories start large: every growth detaches their views, which slows V8's typed arrays for good. */
const INITIAL_UNSHARED_BYTES = 64 << 20;
const INITIAL_SHARED_BYTES = 16 << 20;
/** The extension module's static data lies below this (scripts/build-wasm.mjs checks it): the arena starts above. */
const EXT_END = 32768;

/** Flags of the exported build_info(): which features a build was compiled with. */
const INFO_SIMD = 1, INFO_RELAXED = 2, INFO_THREADS = 4;

const builds: Record<string, () => Promise<{ default: string }>> = {
  scalar: () => import("./wasm/scalar"),
  simd: () => import("./wasm/simd"),
  relaxed: () => import("./wasm/relaxed"),
  "scalar-mt": () => import("./wasm/scalar-mt"),
  "simd-mt": () => import("./wasm/simd-mt"),
  "relaxed-mt": () => import("./wasm/relaxed-mt"),
  "scalar-ext": () => import("./wasm/scalar-ext"),
  "simd-ext": () => import("./wasm/simd-ext"),
  "scalar-ext-mt": () => import("./wasm/scalar-ext-mt"),
  "simd-ext-mt": () => import("./wasm/simd-ext-mt"),
};

/**
 * Whether ops using the extension module's kernels were imported: their modules call useExtension() when they load,
 * so a bundle without them never fetches or compiles the extension.
 */
let extensionWanted = false;

/** Marks the extension module (conv, pooling, interpolation, norms, RNN cells) as needed by the next init(). */
export function useExtension(): void {
  extensionWanted = true;
}

/** The .wasm bytes of an embedded build (scripts/build-wasm.mjs stores them gzipped, as base64). */
export async function embeddedWasm(build: string): Promise<Uint8Array> {
  const bin = atob((await builds[build]()).default);
  const gz = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) gz[i] = bin.charCodeAt(i);
  // Node (>= 20.16): its zlib, found at run time so bundlers see no import; its DecompressionStream would first load
  // the web-streams machinery (60–130 ms at startup)
  const zlib = nodeBuiltin("zlib");
  if (zlib?.gunzipSync) return new Uint8Array(zlib.gunzipSync(gz));
  if (typeof DecompressionStream !== "function") {
    throw new Error("init: this runtime has no DecompressionStream to inflate the embedded wasm; pass init({ module })");
  }
  // a reader loop, not new Response(stream).arrayBuffer(): Node loads its fetch implementation for Response (~100 ms)
  const reader = new Blob([gz]).stream().pipeThrough(new DecompressionStream("gzip")).getReader();
  const parts: Uint8Array[] = [];
  let length = 0;
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    parts.push(r.value);
    length += r.value.length;
  }
  const out = new Uint8Array(length);
  for (let i = 0, at = 0; i < parts.length; at += parts[i++].length) out.set(parts[i], at);
  return out;
}

export class Runtime {
  readonly arena: Arena;
  /** The kernels: partitioned across the pool's threads when there is a pool, else `single`. */
  k: Kernels;
  /** The kernels on the calling thread only. */
  readonly single: Kernels;
  /** The worker pool (null: one thread). */
  private pool: Pool | null = null;
  /** Byte address of the scratch block for kernel parameters. */
  readonly scratch: number;
  /** The extension module once its kernels are bound (pool workers instantiate it too). */
  extensionModule: WebAssembly.Module | null = null;

  /** Whether the extension module's kernels are bound. */
  get hasExtension(): boolean {
    return this.extensionModule !== null;
  }
  /** Incremented by every memory growth; views are rebuilt when it changes. */
  private generation = 0;
  private viewGeneration = -1;
  private f32View!: Float32Array;
  private i32View!: Int32Array;

  constructor(
    readonly isa: Isa,
    readonly sharedMemory: boolean,
    readonly memory: WebAssembly.Memory,
    readonly exports: WebAssembly.Exports,
    maxBytes: number,
    /** The compiled module, which pool workers instantiate over the same memory. */
    readonly module: WebAssembly.Module,
  ) {
    const heapBase = Math.max((exports.heap_base as () => number)(), EXT_END);
    this.arena = new Arena(memory, heapBase, maxBytes, () => this.generation++);
    this.single = this.k = bindKernels(exports, false);
    this.scratch = this.arena.alloc(SCRATCH_BYTES);
  }

  /** Jobs posted to pool workers and those the calling thread took back (zeros without a pool). */
  poolCounts(): { posted: number; reclaimed: number } {
    return { ...(this.pool?.counts ?? { posted: 0, reclaimed: 0 }) };
  }

  /** Threads in use, the calling one included. */
  get threads(): number {
    return this.pool?.threads ?? 1;
  }

  /**
   * Replaces the pool by one of `threads` threads (1: none). Throws, with the runtime left on one thread, when the
   * workers cannot start. With `lazyFailure`, the workers start at the first split kernel instead (Pool.lazy) and a
   * failure then puts the runtime back on one thread and is passed to lazyFailure.
   */
  async setThreads(threads: number, lazyFailure?: (message: string) => void): Promise<void> {
    this.stopThreads();
    if (threads <= 1) return;
    const names = { ...kernelExportNames(this.exports), ...(this.extensionModule ? extensionExportNames(this.exports) : {}) };
    const { ids, exportNames } = kernelIds(names);
    const modules = this.extensionModule ? [this.module, this.extensionModule] : [this.module];
    const ctrl = this.arena.alloc(Pool.bytes(threads));
    new Int32Array(this.memory.buffer, ctrl, Pool.bytes(threads) >> 2).fill(0);
    try {
      const local = exportNames.map((name) => this.exports[name] as (...args: number[]) => void);
      if (lazyFailure) {
        const pool: Pool = await Pool.lazy(threads, modules, this.memory, exportNames, ctrl, local, (message) => {
          if (this.pool !== pool) return;
          this.stopThreads();
          lazyFailure(message);
        });
        this.pool = pool;
      } else this.pool = await Pool.start(threads, modules, this.memory, exportNames, ctrl, local);
    } catch (e) {
      this.arena.release(ctrl);
      throw e;
    }
    this.k = parallelKernels(this.single, ids, this.pool, this.arena, this.memory);
  }

  /** Terminates the pool's workers (if any) and goes back to one thread. */
  stopThreads(): void {
    if (!this.pool) return;
    if (this.pool.terminate()) this.arena.release(this.pool.ctrl); // else a stuck worker may still read it: leave it be
    this.pool = null;
    this.k = this.single;
  }

  /** A Float32Array over the whole memory, valid until the next allocation. */
  f32(): Float32Array {
    if (this.viewGeneration !== this.generation) this.refresh();
    return this.f32View;
  }

  /** An Int32Array over the whole memory, valid until the next allocation. */
  i32(): Int32Array {
    if (this.viewGeneration !== this.generation) this.refresh();
    return this.i32View;
  }

  /**
   * Adds the kernels of the extension module, instantiated over this memory (throws, changing nothing, if some lack).
   * A pool started before runs them on the calling thread until init() starts it again (see init).
   */
  attachExtension(ext: WebAssembly.Exports, module: WebAssembly.Module): void {
    const all = { ...ext, ...this.exports };
    const kernels = bindExtension(all); // throws before anything changes
    Object.assign(this.single, kernels);
    Object.assign(this.k, kernels); // the pool's table when there is one
    Object.assign(this.exports, all);
    this.extensionModule = module;
  }

  stats(): ArenaStats {
    return this.arena.stats();
  }

  private refresh(): void {
    const buffer = this.memory.buffer;
    this.f32View = new Float32Array(buffer);
    this.i32View = new Int32Array(buffer);
    this.viewGeneration = this.generation;
  }
}

let current: Runtime | null = null;
let warnedThreads = false;
let pending: Promise<InitResult> | null = null;

/** The initialised runtime; throws a clear error when init() has not completed. */
export function runtime(): Runtime {
  if (current === null) {
    throw new Error(
      pending
        ? "simdgrad: init() has not finished; `await init()` before creating tensors"
        : "simdgrad: not initialised; call `await init()` once before creating tensors",
    );
  }
  return current;
}

/** The runtime if initialised, else null (no error). */
export function currentRuntime(): Runtime | null {
  return current;
}

const describe = (r: Runtime): InitResult => ({ isa: r.isa, threads: r.threads, sharedMemory: r.sharedMemory });

/**
 * Loads the best (or the requested) build, creates the arena and starts the thread pool. Calling it again with the same
 * options (or none) returns the same runtime; with only another `threads` it keeps the runtime (tensors stay valid) and
 * replaces the pool; with other options it replaces the runtime, and tensors made before become unusable.
 */
export function init(options: InitOptions = {}): Promise<InitResult> {
  try {
    validateOptions(options);
  } catch (e) {
    return Promise.reject(e);
  }
  const prev = pending ?? Promise.resolve(null);
  const p = prev.catch(() => null).then(async () => {
    const keep = current && !options.module && (options.isa === undefined || options.isa === current.isa) &&
      options.maxMemoryBytes === undefined;
    let restart = false; // a pool without the extension module would run its kernels on the calling thread only
    if (keep && extensionWanted && !current!.extensionModule) {
      await loadExtension(current!, options);
      restart = current!.threads > 1 && current!.extensionModule !== null;
    }
    if (keep && !restart && (options.threads === undefined || options.threads === current!.threads)) return describe(current!);
    // a new runtime (or only another thread count: the same runtime and tensors, a new pool)
    const r = keep ? current! : await load(options);
    if (!keep) {
      current?.stopThreads();
      current = r;
    }
    await startThreads(r, options.threads ?? (restart ? r.threads : undefined));
    return describe(r);
  });
  pending = p;
  return p.finally(() => {
    if (pending === p) pending = null;
  });
}

/**
 * Gives r the requested threads (default: the number of cores, where threads are possible, started lazily). When they
 * are impossible or the workers fail to start, r runs on one thread, and an explicit request is told why once (a
 * default that fails to start also).
 */
async function startThreads(r: Runtime, requested: number | undefined): Promise<void> {
  const reason = !r.sharedMemory && threadsUnavailable() === null ? "the wasm memory is not shared (a precompiled module of a build without threads?)" : threadsUnavailable();
  const threads = requested ?? (reason === null ? await coreCount() : 1);
  // an impossible default is silent (one thread is then the right choice); workers that fail to start are not
  const warn = (failure: string) => {
    if (warnedThreads) return;
    warnedThreads = true;
    console.warn(`simdgrad: init(${requested === undefined ? "" : `{ threads: ${requested} }`}) runs on one thread: ${failure}`);
  };
  if (threads > 1 && reason !== null) {
    r.stopThreads();
    warn(reason); // only a request can ask for more than one thread here
    return;
  }
  try {
    await r.setThreads(threads, requested === undefined ? warn : undefined);
  } catch (e) {
    warn(e instanceof Error ? e.message : String(e));
  }
}

function validateOptions(o: InitOptions): void {
  if (typeof o !== "object" || o === null) throw new TypeError(`init: options must be an object, got ${String(o)}`);
  const known = ["isa", "threads", "module", "maxMemoryBytes", "extensionModule"];
  for (const key of Object.keys(o)) {
    if (!known.includes(key)) throw new TypeError(`init: unknown option "${key}" (expected one of ${known.join(", ")})`);
  }
  if (o.isa !== undefined && !["relaxed", "simd", "scalar"].includes(o.isa)) {
    throw new RangeError(`init: isa must be "relaxed", "simd" or "scalar", got ${JSON.stringify(o.isa)}`);
  }
  if (o.isa !== undefined && !supportedIsas().includes(o.isa)) {
    throw new RangeError(`init: isa "${o.isa}" is not supported by this runtime (supported: ${supportedIsas().join(", ")})`);
  }
  if (o.threads !== undefined && (!Number.isInteger(o.threads) || o.threads < 1)) {
    throw new RangeError(`init: threads must be a positive integer, got ${typeof o.threads === "string" ? JSON.stringify(o.threads) : String(o.threads)}`);
  }
  if (o.maxMemoryBytes !== undefined && (!Number.isFinite(o.maxMemoryBytes) || o.maxMemoryBytes < 1 << 20)) {
    throw new RangeError(`init: maxMemoryBytes must be a number of bytes >= 1 MiB, got ${String(o.maxMemoryBytes)}`);
  }
  if (o.module !== undefined && !(o.module instanceof WebAssembly.Module)) {
    throw new TypeError(`init: module must be a WebAssembly.Module, got ${Object.prototype.toString.call(o.module)}`);
  }
  if (o.extensionModule !== undefined && !(o.extensionModule instanceof WebAssembly.Module)) {
    throw new TypeError(`init: extensionModule must be a WebAssembly.Module, got ${Object.prototype.toString.call(o.extensionModule)}`);
  }
}

async function load(o: InitOptions): Promise<Runtime> {
  const maxBytes = Math.min(o.maxMemoryBytes ?? 2 ** 31, MAX_PAGES * PAGE);
  const maxPages = Math.ceil(maxBytes / PAGE);
  const sharedMemory = () => tryCreateSharedMemory(Math.min(maxPages, INITIAL_SHARED_BYTES / PAGE), maxPages);
  const unsharedMemory = () =>
    new WebAssembly.Memory({ initial: Math.min(maxPages, INITIAL_UNSHARED_BYTES / PAGE), maximum: maxPages });
  let instance: WebAssembly.Instance;
  let memory: WebAssembly.Memory;
  let module: WebAssembly.Module;
  if (o.module) {
    module = o.module;
    // A build's imports cannot be inspected for sharedness: try an ordinary memory, then a shared one (-mt builds).
    memory = unsharedMemory();
    try {
      instance = await instantiate(o.module, memory);
    } catch (e) {
      const shared = sharedMemory();
      if (!(e instanceof WebAssembly.LinkError) || !shared) throw new Error(`init: cannot instantiate the given module: ${String(e)}`);
      memory = shared;
      instance = await instantiate(o.module, memory);
    }
  } else {
    const isa = o.isa ?? supportedIsas()[0];
    const shared = sharedMemory();
    memory = shared ?? unsharedMemory();
    const bytes = await embeddedWasm(shared ? `${isa}-mt` : isa);
    module = await WebAssembly.compile(bytes as BufferSource);
    instance = await instantiate(module, memory);
  }
  const info = (instance.exports.build_info as () => number)();
  const isa: Isa = info & INFO_RELAXED ? "relaxed" : info & INFO_SIMD ? "simd" : "scalar";
  if (o.isa && o.isa !== isa) throw new RangeError(`init: isa "${o.isa}" was requested but the given module is a "${isa}" build`);
  const r = new Runtime(isa, (info & INFO_THREADS) !== 0, memory, { ...instance.exports }, maxBytes, module);
  if (extensionWanted) await loadExtension(r, o);
  return r;
}

/** Instantiates the extension build matching `r` over its memory (with init({ module }): only if extensionModule is given). */
async function loadExtension(r: Runtime, o: InitOptions): Promise<void> {
  let module = o.extensionModule;
  if (!module) {
    if (o.module) return; // its kernels throw a clear error when called
    const name = `${r.isa === "scalar" ? "scalar" : "simd"}-ext${r.sharedMemory ? "-mt" : ""}`;
    module = await WebAssembly.compile(await embeddedWasm(name) as BufferSource);
  }
  try {
    r.attachExtension((await instantiate(module, r.memory)).exports, module);
  } catch (e) {
    throw new Error(`init: cannot use the extension module: ${String(e)}`);
  }
}

/**
 * Plain WebAssembly.instantiate, not @assemblyscript/loader: these kernels take only numbers and pointers, so the
 * loader's string/array marshalling would be dead weight (a dependency and bytes in every bundle).
 */
function instantiate(module: WebAssembly.Module, memory: WebAssembly.Memory): Promise<WebAssembly.Instance> {
  return WebAssembly.instantiate(module, {
    env: {
      memory,
      abort: (_msg: number, _file: number, line: number, col: number) => {
        throw new Error(`simdgrad: wasm abort at ${line}:${col}`);
      },
    },
  });
}
