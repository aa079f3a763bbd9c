// io.saveSafetensors / loadSafetensors: the byte layout of the format, exact round trips, dtype conversions from PyTorch's bytes.
import { beforeAll, describe, expect, test } from "vitest";
import { type Tensor, arange, init, io, memoryStats, randn, scope, tensor } from "simdgrad";
import dtypes from "../fixtures/torch/dtypes.json";
import { fromBase64 } from "../fixtures/torch/mlp";

beforeAll(async () => {
  await init();
});

const int = (v: number[], shape?: number[]) => tensor(new Int32Array(v), shape ?? [v.length]);

/** The header length, the JSON header text (padding included) and the data section of safetensors bytes. */
function split(bytes: Uint8Array): { n: number; text: string; data: Uint8Array } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  return { n, text: new TextDecoder().decode(bytes.subarray(8, 8 + n)), data: bytes.subarray(8 + n) };
}

describe("saveSafetensors writes the published layout", () => {
  test("u64 header length, JSON header padded with spaces to a multiple of 8, contiguous little-endian data", () => {
    scope(() => {
      const bytes = io.saveSafetensors({ w: tensor([[1, 2, 3], [4, 5, 6]]), idx: int([7, -8]) }, { epoch: "3" });
      const { n, text, data } = split(bytes);
      expect(n % 8).toBe(0);
      expect(text).toMatch(/^\{.*\} *$/);
      expect(text.length - text.trimEnd().length).toBeLessThan(8);
      const header = JSON.parse(text);
      expect(header).toEqual({
        __metadata__: { epoch: "3" },
        w: { dtype: "F32", shape: [2, 3], data_offsets: [0, 24] },
        idx: { dtype: "I32", shape: [2], data_offsets: [24, 32] },
      });
      expect(Object.keys(header)).toEqual(["__metadata__", "w", "idx"]); // the dict's order
      expect(data.length).toBe(32);
      const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
      expect([0, 1, 2, 3, 4, 5].map((i) => view.getFloat32(4 * i, true))).toEqual([1, 2, 3, 4, 5, 6]);
      expect([view.getInt32(24, true), view.getInt32(28, true)]).toEqual([7, -8]);
    });
  });

  test("no metadata: no __metadata__ key; an empty dict is a valid file", () => {
    scope(() => {
      expect(Object.keys(JSON.parse(split(io.saveSafetensors({ a: tensor([1]) })).text))).toEqual(["a"]);
      const empty = io.saveSafetensors({});
      expect(split(empty).text.trim()).toBe("{}");
      expect(empty.length).toBe(16);
      expect(io.loadSafetensors(empty)).toEqual({});
    });
  });

  test("non-contiguous views are written row-major (their logical order)", () => {
    scope(() => {
      const base = arange(12).reshape([3, 4]);
      const views: Record<string, Tensor> = {
        transposed: base.transpose(0, 1),
        sliced: base.slice(1, 1, 4, 2),
        expanded: tensor([1, 2]).expand([3, 2]),
      };
      const loaded = io.loadSafetensors(io.saveSafetensors(views));
      for (const [k, v] of Object.entries(views)) {
        expect(loaded[k].shape).toEqual(v.shape);
        expect(loaded[k].isContiguous()).toBe(true);
        expect(loaded[k].toArray()).toEqual(v.toArray());
      }
    });
  });
});

describe("round trips", () => {
  test("keys, order, shapes, dtypes and bits survive (NaN, ±0, ±Inf, subnormals, int32 extremes, 0-d, empty)", () => {
    scope(() => {
      const special = new Float32Array([NaN, -0, 0, Infinity, -Infinity, 1e-45, -3.4028234663852886e38, 0.1]);
      const dict: Record<string, Tensor> = {
        "0.weight": randn([5, 3]),
        "0.bias": randn([5]),
        special: tensor(special),
        ints: int([2147483647, -2147483648, 0, -1], [2, 2]),
        scalar: tensor(3.5),
        intScalar: tensor(new Int32Array([9]), []),
        empty: randn([0, 4]),
        ["__proto__"]: tensor([1, 2]), // computed: an own key, not the prototype
        "ünïcode ✓": tensor([4]),
        "": tensor([5]),
      };
      const meta = { format: "pt", "note ✓": "multi\nline \"quoted\"", empty: "" };
      const bytes = io.saveSafetensors(dict, meta);
      const back = io.loadSafetensors(bytes);
      expect(Object.keys(back)).toEqual(Object.keys(dict));
      expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
      for (const [k, t] of Object.entries(dict)) {
        expect(back[k].shape).toEqual(t.shape);
        expect(back[k].dtype).toBe(t.dtype);
        const a = t.dataSync(), b = back[k].dataSync();
        expect(new Uint8Array(b.buffer)).toEqual(new Uint8Array(a.buffer)); // bit for bit (NaN payloads, -0)
      }
      expect(io.loadSafetensorsMetadata(bytes)).toEqual(meta);
      expect(io.loadSafetensorsMetadata(io.saveSafetensors({}))).toEqual({});
      // saving what was loaded gives the same bytes
      expect(io.saveSafetensors(back, meta)).toEqual(bytes);
    });
  });

  test("reads from any byte offset, an ArrayBuffer or shared memory (unaligned tensors are copied, not misread)", () => {
    scope(() => {
      const bytes = io.saveSafetensors({ a: tensor([1.5, -2]), b: int([3, 4, 5]) });
      for (const shift of [1, 2, 3, 4]) {
        const buf = new Uint8Array(bytes.length + shift);
        buf.set(bytes, shift);
        const back = io.loadSafetensors(buf.subarray(shift));
        expect(back.a.toArray()).toEqual([1.5, -2]);
        expect(back.b.toArray()).toEqual([3, 4, 5]);
      }
      expect(io.loadSafetensors(bytes.slice().buffer).b.toArray()).toEqual([3, 4, 5]);
      if (typeof SharedArrayBuffer !== "undefined") {
        // e.g. bytes received in a worker: views of shared memory load too
        const shared = new Uint8Array(new SharedArrayBuffer(bytes.length));
        shared.set(bytes);
        expect(io.loadSafetensors(shared).a.toArray()).toEqual([1.5, -2]);
      }
    });
  });

  test("loading allocates only the tensors it returns; they are independent of the bytes", () => {
    const before = memoryStats();
    const bytes = scope(() => io.saveSafetensors({ a: randn([64, 64]), b: randn([7]) }));
    const back = io.loadSafetensors(bytes);
    bytes.fill(0);
    expect(scope(() => back.a.sum().item())).not.toBe(0);
    expect(memoryStats().tensors).toBe(before.tensors + 2);
    for (const t of Object.values(back)) t.dispose();
    expect(memoryStats().bytesInUse).toBe(before.bytesInUse);
  });
});

describe("PyTorch's F16, BF16, F64 and I64 bytes load as float32 / int32 (test/fixtures/torch/dtypes.json)", () => {
  const expected = (v: number | string) => (v === "inf" ? Infinity : v === "-inf" ? -Infinity : (v as number));
  test.each(Object.entries(dtypes.tensors))("%s", (name, info) => {
    scope(() => {
      const t = io.loadSafetensors(fromBase64(dtypes.safetensors))[name];
      expect(t.shape).toEqual(info.shape);
      expect(t.dtype).toBe(info.dtype === "I64" ? "int32" : "float32");
      // PyTorch's own conversion to float32 / int32, exactly (−0 included)
      expect(Array.from(t.dataSync())).toEqual(info.values.map(expected));
    });
  });
  test("metadata", () => {
    expect(io.loadSafetensorsMetadata(fromBase64(dtypes.safetensors))).toEqual({ format: "pt", note: "dtype conversions" });
  });
});
