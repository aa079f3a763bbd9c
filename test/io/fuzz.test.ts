// Seeded byte mutations of valid safetensors files: every outcome is a load that agrees with the (mutated) header, or a
// clear loadSafetensors error; never a hang, a crash, another kind of exception or a leak.
import { beforeAll, expect, test } from "vitest";
import { Generator, type Tensor, init, io, memoryStats, randn, scope, tensor } from "simdgrad";
import dtypes from "../fixtures/torch/dtypes.json";
import { fromBase64 } from "../fixtures/torch/mlp";

beforeAll(async () => {
  await init();
});

/** One random edit: overwrite, flip a bit, delete, insert or truncate, aimed at the header 3 times in 4. */
function mutate(src: Uint8Array, g: Generator): Uint8Array {
  const headerEnd = 8 + new DataView(src.buffer, src.byteOffset).getUint32(0, true);
  const pos = g.random() < 0.75 ? g.int(headerEnd) : headerEnd + g.int(src.length - headerEnd);
  const b = src.slice();
  switch (g.int(6)) {
    case 0: b[pos] = g.int(256); return b;
    case 1: b[pos] ^= 1 << g.int(8); return b;
    case 2: b[pos] = "0123456789[]{},\":- ".charCodeAt(g.int(19)); return b; // JSON-ish bytes make near-valid headers
    case 3: return Uint8Array.of(...src.subarray(0, pos), ...src.subarray(pos + 1 + g.int(4)));
    case 4: return Uint8Array.of(...src.subarray(0, pos), g.int(256), ...src.subarray(pos));
    default: return src.slice(0, g.int(src.length));
  }
}

/** Checks a successful load against the mutated file's own header: names, dtypes, shapes, and F32/I32 bytes exactly. */
function checkAgainstHeader(bytes: Uint8Array, loaded: Record<string, Tensor>): void {
  const n = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + n)));
  const data = bytes.subarray(8 + n);
  const { __metadata__: meta = {}, ...entries } = header;
  expect(Object.keys(loaded).sort()).toEqual(Object.keys(entries).sort());
  expect(io.loadSafetensorsMetadata(bytes)).toEqual(meta);
  for (const [name, e] of Object.entries(entries) as [string, { dtype: string; shape: number[]; data_offsets: [number, number] }][]) {
    const t = loaded[name];
    expect(t.shape).toEqual(e.shape);
    expect(t.dtype).toBe(e.dtype[0] === "I" ? "int32" : "float32");
    if (e.dtype === "F32" || e.dtype === "I32") {
      expect(new Uint8Array(t.dataSync().buffer)).toEqual(data.slice(...e.data_offsets));
    }
  }
}

function fuzz(original: Uint8Array, seed: number, iterations: number): { loads: number; errors: Map<string, number> } {
  const g = new Generator(seed);
  const errors = new Map<string, number>();
  let loads = 0;
  const before = memoryStats();
  for (let i = 0; i < iterations; i++) {
    const bytes = mutate(original, g);
    let loaded: Record<string, Tensor> | null = null;
    try {
      loaded = io.loadSafetensors(bytes);
    } catch (e) {
      const ok = (e instanceof TypeError || e instanceof RangeError) && /^loadSafetensors: \S/.test(e.message);
      if (!ok) throw new Error(`mutation ${i} (seed ${seed}) gave an unclear error: ${e}`);
      // group by the message's shape, numbers and names left out
      const kind = e.message.replace(/"[^"]*"|\d+/g, "…").slice(0, 60);
      errors.set(kind, (errors.get(kind) ?? 0) + 1);
    }
    if (loaded) {
      loads++;
      checkAgainstHeader(bytes, loaded);
      for (const t of Object.values(loaded)) t.dispose();
    }
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  }
  console.log(`seed ${seed}: ${loads} loads, ${iterations - loads} errors of ${errors.size} kinds`);
  return { loads, errors };
}

test("600 mutations of a simdgrad-saved file (F32, I32, 0-d, empty, metadata)", () => {
  const original = scope(() =>
    io.saveSafetensors(
      { "fc.weight": randn([3, 4]), "fc.bias": randn([3]), steps: tensor(new Int32Array([1, -2, 3])), scale: tensor(2), none: randn([0, 2]) },
      { format: "pt", epoch: "12" },
    ),
  );
  const { loads, errors } = fuzz(original, 1, 600);
  // Both outcomes occur, and errors of many kinds: the mutations reach past the first check.
  expect(loads).toBeGreaterThan(40);
  expect(600 - loads).toBeGreaterThan(300);
  expect(errors.size).toBeGreaterThan(8);
});

test("300 mutations of PyTorch's F16/BF16/F64/I64 file", () => {
  const { loads, errors } = fuzz(fromBase64(dtypes.safetensors), 2, 300);
  expect(loads).toBeGreaterThan(20);
  expect(errors.size).toBeGreaterThan(5);
});
