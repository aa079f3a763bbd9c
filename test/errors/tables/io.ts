// Bad input to io (corrupt safetensors bytes, bad state dicts and metadata) and to Module.loadStateDict: rows for test/helpers/errors.ts.
import { io, nn, ones, tensor } from "simdgrad";
import type { BadInputTable } from "../../helpers/errors";

let model: nn.Sequential;
function setup(): void {
  model = new nn.Sequential(new nn.Linear(2, 3), new nn.ReLU(), new nn.Linear(3, 1));
}

/** A safetensors file from header text (or an object, stringified) and data bytes; `length` overrides the header length field. */
function file(header: string | object, data: ArrayLike<number> = [], length?: number | bigint): Uint8Array {
  const text = new TextEncoder().encode(typeof header === "string" ? header : JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(length ?? text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}
const f32 = (shape: number[], begin: number, end: number) => ({ dtype: "F32", shape, data_offsets: [begin, end] });
const bytes = (n: number) => new Uint8Array(n);
const i64 = (...v: bigint[]) => new Uint8Array(new BigInt64Array(v).buffer);
const load = (b: Uint8Array) => () => io.loadSafetensors(b);

export const table: BadInputTable = {
  setup,
  rows: [
    // the container
    ["loadSafetensors: not bytes", () => io.loadSafetensors("abc" as never), /loadSafetensors: bytes must be a Uint8Array or an ArrayBuffer, got "abc"/],
    ["loadSafetensors: truncated before the header length", load(bytes(5)), /loadSafetensors: truncated file: 5 bytes, fewer than the 8 that hold the header length/],
    ["loadSafetensors: header length past the end", load(file("{}", [], 100)), /loadSafetensors: truncated file: the header length is 100 bytes, but only 2 follow the first 8/],
    ["loadSafetensors: absurd header length (2^40)", load(file("{}", [], 2n ** 40n)), /loadSafetensors: header length 1099511627776 exceeds the limit of 100000000 bytes/],
    ["loadSafetensors: header length just over 100 MB", load(file("{}", [], 100_000_001)), /loadSafetensors: header length 100000001 exceeds the limit/],
    ["loadSafetensors: largest u64 header length", load(file("{}", [], 2n ** 64n - 1n)), /loadSafetensors: header length 18446744073709552000 exceeds the limit/],
    ["loadSafetensors: header bytes not UTF-8", () => io.loadSafetensors(Uint8Array.from([3, 0, 0, 0, 0, 0, 0, 0, 0x7b, 0xff, 0x7d])), /loadSafetensors: the header is not valid UTF-8/],
    ["loadSafetensors: header not JSON", load(file("{\"a\": ")), /loadSafetensors: the header is not valid JSON \(/],
    ["loadSafetensors: header a JSON array", load(file("[1, 2]")), /loadSafetensors: the header must be a JSON object starting with "\{", got "\[1, 2\]"/],
    ["loadSafetensors: header with a byte-order mark", load(file("\ufeff{}")), /loadSafetensors: the header must be a JSON object starting with "\{", got "\ufeff\{\}"/],
    ["loadSafetensors: empty header", load(file("")), /loadSafetensors: the header must be a JSON object starting with "\{", got ""/],
    ["loadSafetensors: padded with NULs, not spaces", load(file("{}\0\0\0\0\0\0")), /loadSafetensors: the header is not valid JSON/],
    // the header's entries
    ["loadSafetensors: a repeated tensor name", load(file(`{"a":${JSON.stringify(f32([1], 0, 4))},"a":${JSON.stringify(f32([1], 4, 8))}}`, bytes(8))), /loadSafetensors: the header repeats the key "a"/],
    ["loadSafetensors: a repeated name spelled with an escape", load(file(`{"ab":${JSON.stringify(f32([], 0, 4))},"a\\u0062":${JSON.stringify(f32([], 4, 8))}}`, bytes(8))), /loadSafetensors: the header repeats the key "ab"/],
    ["loadSafetensors: a repeated field inside an entry", load(file(`{"a":{"dtype":"F32","dtype":"I32","shape":[1],"data_offsets":[0,4]}}`, bytes(4))), /loadSafetensors: the header repeats the key "dtype"/],
    ["loadSafetensors: entry not an object", load(file({ a: [1, 2] })), /loadSafetensors: tensor "a" must be described by an object \{ dtype, shape, data_offsets \}, got array of length 2/],
    ["loadSafetensors: missing dtype", load(file({ a: { shape: [1], data_offsets: [0, 4] } }, bytes(4))), /loadSafetensors: tensor "a" needs a dtype string, got undefined/],
    ["loadSafetensors: unknown dtype", load(file({ a: { dtype: "F33", shape: [1], data_offsets: [0, 4] } }, bytes(4))), /loadSafetensors: tensor "a" has an unknown dtype "F33" \(simdgrad reads F32, I32, F16, BF16, F64, I64\)/],
    ["loadSafetensors: unsupported dtype", load(file({ a: { dtype: "U8", shape: [4], data_offsets: [0, 4] } }, bytes(4))), /loadSafetensors: tensor "a" has the unsupported dtype "U8" \(simdgrad reads F32, I32, F16, BF16, F64, I64\)/],
    ["loadSafetensors: dtype named like an Object method", load(file({ a: { dtype: "toString", shape: [1], data_offsets: [0, 4] } }, bytes(4))), /loadSafetensors: tensor "a" has an unknown dtype "toString"/],
    ["loadSafetensors: negative dimension", load(file({ a: f32([2, -1], 0, 4) }, bytes(4))), /loadSafetensors: tensor "a" needs a shape of non-negative integers, got array of length 2 \[2,-1\]/],
    ["loadSafetensors: fractional dimension", load(file({ a: f32([1.5], 0, 4) }, bytes(4))), /loadSafetensors: tensor "a" needs a shape of non-negative integers/],
    ["loadSafetensors: shape not an array", load(file({ a: { dtype: "F32", shape: 4, data_offsets: [0, 16] } }, bytes(16))), /loadSafetensors: tensor "a" needs a shape of non-negative integers, got 4/],
    ["loadSafetensors: data_offsets missing", load(file({ a: { dtype: "F32", shape: [1] } }, bytes(4))), /loadSafetensors: tensor "a" needs data_offsets \[begin, end\] of two non-negative integers, got nothing/],
    ["loadSafetensors: data_offsets of three numbers", load(file({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4, 8] } }, bytes(4))), /loadSafetensors: tensor "a" needs data_offsets \[begin, end\] of two non-negative integers, got \[0,4,8\]/],
    ["loadSafetensors: negative offset", load(file({ a: f32([1], -4, 0) }, bytes(4))), /loadSafetensors: tensor "a" needs data_offsets \[begin, end\] of two non-negative integers, got \[-4,0\]/],
    ["loadSafetensors: data_offsets out of order", load(file({ a: f32([1], 4, 0) }, bytes(4))), /loadSafetensors: tensor "a" has data_offsets \[4, 0\] out of order \(begin > end\)/],
    ["loadSafetensors: shape/size mismatch", load(file({ a: f32([2, 3], 0, 20) }, bytes(20))), /loadSafetensors: tensor "a" of shape \[2, 3\] and dtype F32 needs 6 elements = 24 bytes, but data_offsets \[0, 20\] span 20 bytes/],
    ["loadSafetensors: absurd shape, small data", load(file({ a: f32([2 ** 40, 2 ** 40], 0, 16) }, bytes(16))), /loadSafetensors: tensor "a" of shape \[1099511627776, 1099511627776\] and dtype F32 needs more elements than the file holds, but data_offsets \[0, 16\] span 16 bytes/],
    ["loadSafetensors: offsets past the end (truncated data)", load(file({ a: f32([4], 0, 16) }, bytes(12))), /loadSafetensors: tensor "a" has data_offsets \[0, 16\] past the end of the data section \(12 bytes; truncated file\?\)/],
    ["loadSafetensors: overlapping tensors", load(file({ a: f32([2], 0, 8), b: f32([2], 4, 12) }, bytes(12))), /loadSafetensors: tensors "a" \[0, 8\] and "b" \[4, 12\] overlap in the data section/],
    ["loadSafetensors: two tensors on the same bytes", load(file({ a: f32([2], 0, 8), b: f32([2], 0, 8) }, bytes(8))), /loadSafetensors: tensors "a" \[0, 8\] and "b" \[0, 8\] overlap/],
    ["loadSafetensors: a gap between tensors", load(file({ a: f32([1], 0, 4), b: f32([1], 8, 12) }, bytes(12))), /loadSafetensors: bytes \[4, 8\) of the data section belong to no tensor \(a gap before "b"\)/],
    ["loadSafetensors: data not starting at 0", load(file({ a: f32([1], 4, 8) }, bytes(8))), /loadSafetensors: bytes \[0, 4\) of the data section belong to no tensor \(a gap before "a"\)/],
    ["loadSafetensors: trailing bytes", load(file({ a: f32([1], 0, 4) }, bytes(9))), /loadSafetensors: 5 bytes after the last tensor's data belong to no tensor \(the data section has 9 bytes, the tensors 4\)/],
    ["loadSafetensors: metadata not an object", load(file({ __metadata__: ["x"] })), /loadSafetensors: the header's __metadata__ must be an object of strings, got array of length 1/],
    ["loadSafetensors: metadata value not a string", load(file({ __metadata__: { epoch: 3 } })), /loadSafetensors: the header's __metadata__\["epoch"\] must be a string, got 3/],
    ["loadSafetensors: I64 value outside int32", load(file({ a: { dtype: "I64", shape: [2], data_offsets: [0, 16] } }, i64(5n, 2n ** 31n))), /loadSafetensors: tensor "a" \(I64\) holds 2147483648 at flat index 1, outside the int32 range/],
    ["loadSafetensors: I64 value below int32", load(file({ a: { dtype: "I64", shape: [1], data_offsets: [0, 8] } }, i64(-(2n ** 31n) - 1n))), /loadSafetensors: tensor "a" \(I64\) holds -2147483649 at flat index 0, outside the int32 range/],
    ["loadSafetensorsMetadata: corrupt bytes too", () => io.loadSafetensorsMetadata(file({ a: f32([1], 0, 4) }, bytes(2))), /loadSafetensorsMetadata: tensor "a" has data_offsets \[0, 4\] past the end/],
    // saving
    ["saveSafetensors: not an object", () => io.saveSafetensors(ones([2]) as never), /saveSafetensors: stateDict must be an object of named tensors, got Tensor of shape \[2\]/],
    ["saveSafetensors: a value that is not a tensor", () => io.saveSafetensors({ w: [1, 2] as never }), /saveSafetensors: stateDict\["w"\] must be a Tensor, got array of length 2/],
    ["saveSafetensors: a disposed tensor", () => { const t = ones([2, 2]); t.dispose(); return io.saveSafetensors({ w: t }); }, /saveSafetensors: stateDict\["w"\] \(shape \[2, 2\]\) was disposed/],
    ["saveSafetensors: a tensor named __metadata__", () => io.saveSafetensors({ __metadata__: ones([1]) }), /saveSafetensors: "__metadata__" is reserved for the metadata and cannot name a tensor/],
    ["saveSafetensors: metadata not an object", () => io.saveSafetensors({ w: ones([1]) }, "epoch 3" as never), /saveSafetensors: metadata must be an object of strings, got "epoch 3"/],
    ["saveSafetensors: metadata value not a string", () => io.saveSafetensors({ w: ones([1]) }, { epoch: 3 } as never), /saveSafetensors: metadata\["epoch"\] must be a string, got 3/],
    // loading into a model (Module.loadStateDict)
    ["Module.loadStateDict: missing and unexpected keys (strict)", () => model.loadStateDict({ "0.weight": ones([3, 2]), "0.bias": ones([3]), "1.weight": ones([1, 3]) }),
      /loadStateDict: keys do not match the module \(strict\); missing: 2\.weight, 2\.bias; unexpected: 1\.weight/],
    ["Module.loadStateDict: only missing keys (strict)", () => model.loadStateDict({ "0.weight": ones([3, 2]) }), /loadStateDict: keys do not match the module \(strict\); missing: 0\.bias, 2\.weight, 2\.bias$/],
    ["Module.loadStateDict: a shape that differs", () => model.loadStateDict({ "0.weight": ones([2, 3]) }, { strict: false }), /loadStateDict: "0\.weight" has shape \[2, 3\], the module expects \[3, 2\]/],
    ["Module.loadStateDict: int32 where float32 is expected", () => model.loadStateDict({ "2.bias": tensor(new Int32Array([1])) }, { strict: false }), /loadStateDict: "2\.bias" is int32, the module expects float32/],
    ["Module.loadStateDict: a value that is not a tensor", () => model.loadStateDict({ "2.bias": [1] as never }, { strict: false }), /loadStateDict: "2\.bias" must be a Tensor, got array of length 1/],
  ],
};
