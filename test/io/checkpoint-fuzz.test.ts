// Fuzzed checkpoints through io.loadCheckpoint: huge header lengths, data_offsets rewritten to overlap, run past the
// end or reverse, absurd shapes, corrupted optimizer JSON and random byte edits. Every outcome is a load or a clear
// TypeError/RangeError, each within a time bound, with no arena growth (no giant allocation) and nothing leaked.
// (test/io/fuzz.test.ts mutates plain safetensors files; test/errors/tables/io.ts has the hand-written cases.)
import { beforeAll, expect, test } from "vitest";
import { F, Generator, type Tensor, init, io, manualSeed, memoryStats, nn, optim, randint, randn, scope } from "simdgrad";

beforeAll(async () => {
  await init();
});

/** A checkpoint of a small model with BatchNorm and Embedding and an Adam state after two steps. */
function checkpoint(): Uint8Array {
  manualSeed(4);
  const emb = new nn.Embedding(6, 3), model = new nn.Sequential(new nn.Linear(3, 4), new nn.BatchNorm1d(4), new nn.Linear(4, 2));
  const params = [...emb.parameters(), ...model.parameters()];
  const opt = new optim.Adam(params, { lr: 0.01, amsgrad: true });
  for (let i = 0; i < 2; i++) scope(() => {
    opt.zeroGrad();
    F.crossEntropy(model.forward(emb.forward(randint(0, 6, [5]))), randint(0, 2, [5])).backward();
    opt.step();
  });
  const state = Object.fromEntries([...Object.entries(emb.stateDict()).map(([k, t]) => [`emb.${k}`, t]), ...Object.entries(model.stateDict())]);
  const bytes = io.saveCheckpoint({ model: state, optimizer: opt.stateDict(), metadata: { epoch: "2" } });
  opt.dispose();
  emb.dispose();
  model.dispose();
  return bytes;
}

const headerLength = (b: Uint8Array) => Number(new DataView(b.buffer, b.byteOffset).getBigUint64(0, true));
function parts(b: Uint8Array): { header: Record<string, any>; data: Uint8Array } {
  const n = headerLength(b);
  return { header: JSON.parse(new TextDecoder().decode(b.subarray(8, 8 + n))), data: b.subarray(8 + n) };
}
function assemble(header: object, data: Uint8Array): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

/** One targeted mutation; returns its kind and the bytes. */
function mutate(src: Uint8Array, g: Generator): [string, Uint8Array] {
  const { header, data } = parts(src);
  const names = Object.keys(header).filter((k) => k !== "__metadata__");
  const e = header[names[g.int(names.length)]];
  const [b0, e0] = e.data_offsets as [number, number];
  switch (g.int(8)) {
    case 0: { // a huge header length: up to 2^64 − 1
      const b = src.slice();
      const v = [BigInt(headerLength(src) + 1 + g.int(1000)), 2n ** 32n + BigInt(g.int(1 << 30)), 2n ** 53n + 1n, 2n ** 63n, 2n ** 64n - 1n][g.int(5)];
      new DataView(b.buffer).setBigUint64(0, v, true);
      return ["header length", b];
    }
    case 1: { // overlapping another tensor
      const shift = 4 * (1 + g.int(4));
      e.data_offsets = [Math.max(0, b0 - shift), Math.max(0, e0 - shift)];
      return ["overlapping offsets", assemble(header, data)];
    }
    case 2: { // past the end, or enormous
      e.data_offsets = [b0, [data.length + 4, 2 ** 53, 2 ** 40][g.int(3)]];
      return ["offsets past the end", assemble(header, data)];
    }
    case 3: // reversed
      e.data_offsets = [e0, b0];
      return ["reversed offsets", assemble(header, data)];
    case 4: // an absurd shape for the same bytes
      e.shape = [...(e.shape as number[]), 2 ** (20 + g.int(30))];
      return ["absurd shape", assemble(header, data)];
    case 5: { // the optimizer's JSON corrupted at one character
      const meta = header.__metadata__ as Record<string, string>;
      const key = ["optimizer.param_groups", "optimizer.state"][g.int(2)];
      const s = meta[key];
      const at = g.int(s.length);
      meta[key] = s.slice(0, at) + "[]{},:\"-0123456789x"[g.int(19)] + s.slice(at + 1);
      return ["optimizer JSON", assemble(header, data)];
    }
    case 6: { // truncated
      return ["truncated", src.slice(0, g.int(src.length))];
    }
    default: { // a random byte anywhere
      const b = src.slice();
      b[g.int(b.length)] = g.int(256);
      return ["random byte", b];
    }
  }
}

test("600 targeted mutations of a checkpoint: a load or a clear error, each in under 250 ms, no arena growth, no leak", () => {
  const original = checkpoint();
  const g = new Generator(8);
  const before = memoryStats();
  const outcomes = new Map<string, [number, number]>();
  let slowest = 0;
  for (let i = 0; i < 600; i++) {
    const [kind, bytes] = mutate(original, g);
    const t0 = performance.now();
    let loaded: { model: Record<string, Tensor>; optimizer: { state: Record<string, Record<string, unknown>> } | null } | null = null;
    try {
      loaded = io.loadCheckpoint(bytes);
    } catch (e) {
      const clear = (e instanceof TypeError || e instanceof RangeError) && /^(loadCheckpoint|loadSafetensors|loadSafetensorsMetadata): \S/.test(e.message);
      if (!clear) throw new Error(`mutation ${i} (${kind}) gave an unclear error: ${e}`);
    }
    slowest = Math.max(slowest, performance.now() - t0);
    const [loads, errors] = outcomes.get(kind) ?? [0, 0];
    outcomes.set(kind, loaded ? [loads + 1, errors] : [loads, errors + 1]);
    if (loaded) {
      for (const t of Object.values(loaded.model)) t.dispose();
      for (const s of Object.values(loaded.optimizer?.state ?? {})) for (const v of Object.values(s)) (v as Tensor).dispose?.();
    }
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
    expect(memoryStats().tensors).toBe(before.tensors);
  }
  console.log(`checkpoint fuzz: ${[...outcomes].map(([k, [l, e]]) => `${k} ${l} loads/${e} errors`).join("; ")}; slowest ${slowest.toFixed(1)} ms`);
  expect(slowest).toBeLessThan(250);
  expect(memoryStats().memoryBytes).toBe(before.memoryBytes); // no allocation ever grew the arena
  for (const kind of ["header length", "overlapping offsets", "offsets past the end", "reversed offsets", "absurd shape"]) {
    expect(outcomes.get(kind)?.[0], `${kind} must never load`).toBe(0);
    expect(outcomes.get(kind)?.[1]).toBeGreaterThan(20);
  }
});

test("a checkpoint with a huge declared tensor and little data is refused before anything is allocated", () => {
  const { header, data } = parts(scope(() => io.saveCheckpoint({ model: { w: randn([4]) } })));
  header.w.shape = [2 ** 26, 2 ** 26];
  const before = memoryStats();
  expect(() => io.loadCheckpoint(assemble(header, data))).toThrow(/tensor "w" of shape \[67108864, 67108864\] and dtype F32 needs more elements than the file holds/);
  expect(memoryStats().peakBytes).toBe(before.peakBytes);
});
