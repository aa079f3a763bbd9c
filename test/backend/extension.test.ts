// The extension module (conv, pooling, interpolation, norms, RNN cells): loaded by init() beside the core module when
// ops using it were imported (here: all of them, through "simdgrad"); absent, its kernels fail with a clear error; a
// later init() loads it into the running runtime without disturbing its tensors (and restarts a pool, whose workers
// need it too); init({ module, extensionModule }).
import { afterAll, expect, test } from "vitest";
import { F, init, randn, supportedIsas, tensor } from "simdgrad";
import { embeddedWasm, runtime } from "../../src/backend/runtime";

// All test files may share one runtime (Deno/Chromium bundle): leave the best build behind.
afterAll(async () => { await init({ isa: supportedIsas()[0] }); });

/** The scalar core and extension builds as WebAssembly.Modules (unshared: work in every runtime). */
async function scalarModules(): Promise<[WebAssembly.Module, WebAssembly.Module]> {
  const compile = async (b: string) => WebAssembly.compile(await embeddedWasm(b) as BufferSource);
  return [await compile("scalar"), await compile("scalar-ext")];
}
const pool = () => F.maxPool2d(tensor([[[[1, 2], [3, 4]]]]), 2).reshape([1]).toArray();

test("init() loads the extension when its ops are imported", async () => {
  await init({ isa: supportedIsas()[0], maxMemoryBytes: 1 << 28 });
  expect(runtime().hasExtension).toBe(true);
  expect(pool()).toEqual([4]);
});

test("without the extension its kernels throw a clear error; a later init() loads it into the running runtime", async () => {
  const [core] = await scalarModules();
  await init({ module: core });
  const rt = runtime();
  expect(rt.hasExtension).toBe(false);
  const x = randn([3, 5]), before = x.toArray();
  expect(() => pool()).toThrow(/kernel f32_max_pool is in the extension module .* call `await init\(\)` again .* pass extensionModule too/);
  expect(F.relu(tensor([-1, 2])).toArray()).toEqual([0, 2]); // the core works
  await init();
  expect(runtime()).toBe(rt); // the same runtime, now with the extension's kernels
  expect(rt.hasExtension).toBe(true);
  expect(pool()).toEqual([4]);
  expect(x.toArray()).toEqual(before);
});

const threadsPossible = typeof SharedArrayBuffer !== "undefined" && (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated !== false;

test("a pool started before the extension was loaded is started again, with it, by the init() that loads it", async () => {
  if (!threadsPossible) return; // the -mt build needs a shared memory (a page that is not cross-origin isolated has none)
  const coreMt = await WebAssembly.compile(await embeddedWasm("scalar-mt") as BufferSource);
  expect((await init({ module: coreMt, threads: 2 })).threads).toBe(2);
  const rt = runtime();
  expect(rt.hasExtension).toBe(false);
  expect((await init()).threads).toBe(2);
  expect(runtime()).toBe(rt);
  expect(rt.hasExtension).toBe(true);
  expect(rt.k.maxPool).not.toBe(rt.single.maxPool); // split across the new pool, whose worker has the extension too
  const x = randn([8, 16, 40, 40]);
  const y = F.maxPool2d(x, 2);
  await init({ threads: 1 });
  expect(F.maxPool2d(x, 2).toArray()).toEqual(y.toArray());
});

test("init({ module, extensionModule }) binds both; a bad extensionModule is a TypeError", async () => {
  const [core, ext] = await scalarModules();
  await init({ module: core, extensionModule: ext });
  expect(runtime().hasExtension).toBe(true);
  expect(pool()).toEqual([4]);
  await expect(init({ module: core, extensionModule: 5 as never })).rejects.toThrow(/^init: extensionModule must be a WebAssembly\.Module, got \[object Number\]$/);
  await expect(init({ module: core, extensionModule: core })).rejects.toThrow(/^init: cannot use the extension module: Error: simdgrad: the wasm build lacks kernel f32_max_pool/);
});
