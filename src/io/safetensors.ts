// safetensors checkpoints, interchangeable with PyTorch: save a state dict to bytes, load bytes to tensors, with strict checks.
import { tensor } from "../creation";
import { Tensor, describeValue } from "../tensor";

/**
 * The format (huggingface/safetensors): bytes 0–7 hold N, the header length, as a little-endian u64; bytes 8…8+N hold
 * a UTF-8 JSON object `{ name: { dtype, shape, data_offsets: [begin, end] }, "__metadata__"?: { string: string } }`,
 * padded with spaces; the rest is the data section, each tensor's elements row-major and little-endian at
 * [begin, end) relative to the section's start, the tensors covering it without gaps or overlaps.
 */

/** Largest header accepted, the reference implementation's limit: a larger length means corrupt or foreign bytes. */
export const MAX_HEADER_BYTES = 100_000_000;

/** Element types read: F32 and I32 as they are, the others converted to float32 / int32. */
const READ: Record<string, { bytes: number; float: boolean }> = {
  F32: { bytes: 4, float: true },
  I32: { bytes: 4, float: false },
  F16: { bytes: 2, float: true },
  BF16: { bytes: 2, float: true },
  F64: { bytes: 8, float: true },
  I64: { bytes: 8, float: false },
};
/** Element types of the format that simdgrad does not read. */
const OTHER = ["BOOL", "U8", "I8", "U16", "I16", "U32", "U64", "F8_E5M2", "F8_E4M3", "F8_E8M0", "F6_E2M3", "F6_E3M2", "F4", "C64"];

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

interface Entry {
  name: string;
  dtype: string;
  shape: number[];
  size: number;
  begin: number;
  end: number;
}

interface Header {
  entries: Entry[];
  metadata: Record<string, string>;
  /** The data section. */
  data: Uint8Array;
}

/**
 * Serialises named tensors to safetensors bytes: float32 as F32, int32 as I32, each row-major (views and transposes
 * are written in their logical order), in the dict's order, with optional string metadata (`__metadata__`).
 * PyTorch reads the result with `safetensors.torch.load_file` and `model.load_state_dict`.
 *
 * @example
 * const bytes = io.saveSafetensors(model.stateDict(), { epoch: "3" });
 */
export function saveSafetensors(stateDict: Record<string, Tensor>, metadata?: Record<string, string>): Uint8Array {
  const op = "saveSafetensors";
  if (typeof stateDict !== "object" || stateDict === null || Array.isArray(stateDict) || stateDict instanceof Tensor) {
    throw new TypeError(`${op}: stateDict must be an object of named tensors, got ${describeValue(stateDict)}`);
  }
  const header: Record<string, unknown> = {};
  if (metadata !== undefined) define(header, "__metadata__", checkMetadata(op, "metadata", metadata));
  const tensors = Object.entries(stateDict);
  let offset = 0;
  for (const [name, t] of tensors) {
    if (name === "__metadata__") throw new TypeError(`${op}: "__metadata__" is reserved for the metadata and cannot name a tensor`);
    if (!(t instanceof Tensor)) throw new TypeError(`${op}: stateDict[${JSON.stringify(name)}] must be a Tensor, got ${describeValue(t)}`);
    if (t.isDisposed) throw new TypeError(`${op}: stateDict[${JSON.stringify(name)}] (shape [${t.shape.join(", ")}]) was disposed`);
    t.storage(op);
    const bytes = t.size * 4;
    define(header, name, { dtype: t.dtype === "int32" ? "I32" : "F32", shape: [...t.shape], data_offsets: [offset, offset + bytes] });
    offset += bytes;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const headerBytes = Math.ceil(json.length / 8) * 8;
  const out = new Uint8Array(8 + headerBytes + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerBytes % 2 ** 32, true);
  view.setUint32(4, Math.floor(headerBytes / 2 ** 32), true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerBytes); // pad with spaces so the data section starts 8-byte aligned
  let at = 8 + headerBytes;
  for (const [, t] of tensors) {
    const values = t.dataSync();
    if (LITTLE_ENDIAN_HOST) out.set(new Uint8Array(values.buffer, values.byteOffset, values.byteLength), at);
    else values.forEach((v, i) => (t.dtype === "int32" ? view.setInt32(at + 4 * i, v, true) : view.setFloat32(at + 4 * i, v, true)));
    at += values.byteLength;
  }
  return out;
}

/**
 * Reads safetensors bytes (from PyTorch's `safetensors.torch.save_file`, or saveSafetensors) into new tensors keyed
 * as in the file: F32 and I32 as they are, F16, BF16 and F64 converted to float32, I64 to int32 (a value outside the
 * int32 range is an error). Corrupt bytes give a clear TypeError/RangeError and allocate nothing. The caller owns
 * the tensors: `scope(() => model.loadStateDict(io.loadSafetensors(bytes)))` frees them after copying.
 *
 * @example
 * const dict = io.loadSafetensors(bytes); // { "0.weight": Tensor [8, 4], "0.bias": Tensor [8], … }
 */
export function loadSafetensors(bytes: Uint8Array | ArrayBuffer): Record<string, Tensor> {
  const op = "loadSafetensors";
  const { entries, data } = parseHeader(op, bytes);
  const values = entries.map((e) => decode(op, e, data));
  const out: Record<string, Tensor> = {};
  try {
    entries.forEach((e, i) => define(out, e.name, tensor(values[i], e.shape)));
  } catch (err) {
    for (const t of Object.values(out)) t.dispose();
    throw err;
  }
  return out;
}

/**
 * The `__metadata__` strings of safetensors bytes ({} when there are none), after checking the whole header; no
 * tensor is loaded.
 *
 * @example
 * io.loadSafetensorsMetadata(bytes); // { format: "pt" }
 */
export function loadSafetensorsMetadata(bytes: Uint8Array | ArrayBuffer): Record<string, string> {
  return parseHeader("loadSafetensorsMetadata", bytes).metadata;
}

/** Sets an own enumerable property, so that names such as "__proto__" are data, not the prototype. */
function define(o: object, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

function checkMetadata(op: string, what: string, m: unknown): Record<string, string> {
  if (typeof m !== "object" || m === null || Array.isArray(m) || m instanceof Tensor) {
    throw new TypeError(`${op}: ${what} must be an object of strings, got ${describeValue(m)}`);
  }
  for (const [k, v] of Object.entries(m)) {
    if (typeof v !== "string") throw new TypeError(`${op}: ${what}[${JSON.stringify(k)}] must be a string, got ${describeValue(v)}`);
  }
  return { ...m } as Record<string, string>;
}

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v) && v >= 0;

/** Checks every byte of the header and every tensor's place in the data section; allocates nothing. */
function parseHeader(op: string, input: unknown): Header {
  let bytes: Uint8Array;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else throw new TypeError(`${op}: bytes must be a Uint8Array or an ArrayBuffer, got ${describeValue(input)}`);
  if (bytes.length < 8) throw new RangeError(`${op}: truncated file: ${bytes.length} bytes, fewer than the 8 that hold the header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = view.getUint32(0, true) + view.getUint32(4, true) * 2 ** 32;
  if (n > MAX_HEADER_BYTES) throw new RangeError(`${op}: header length ${n} exceeds the limit of ${MAX_HEADER_BYTES} bytes (not a safetensors file, or corrupt)`);
  if (n > bytes.length - 8) throw new RangeError(`${op}: truncated file: the header length is ${n} bytes, but only ${bytes.length - 8} follow the first 8`);
  let text: string;
  try {
    // a copy: browsers' TextDecoder refuses views of a SharedArrayBuffer
    text = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes.slice(8, 8 + n));
  } catch {
    throw new TypeError(`${op}: the header is not valid UTF-8`);
  }
  if (text[0] !== "{") throw new TypeError(`${op}: the header must be a JSON object starting with "{", got ${JSON.stringify(text.slice(0, 16))}`);
  let json: Record<string, unknown>; // an object: the text starts with "{"
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new TypeError(`${op}: the header is not valid JSON (${e instanceof Error ? e.message : String(e)})`);
  }
  const repeated = repeatedKey(text);
  if (repeated !== null) throw new TypeError(`${op}: the header repeats the key ${JSON.stringify(repeated)}`);

  const data = bytes.subarray(8 + n);
  const entries: Entry[] = [];
  let metadata: Record<string, string> = {};
  for (const [name, info] of Object.entries(json)) {
    if (name === "__metadata__") {
      metadata = checkMetadata(op, "the header's __metadata__", info);
      continue;
    }
    const where = `tensor ${JSON.stringify(name)}`;
    if (typeof info !== "object" || info === null || Array.isArray(info)) throw new TypeError(`${op}: ${where} must be described by an object { dtype, shape, data_offsets }, got ${describeValue(info)}`);
    const { dtype, shape, data_offsets: offsets } = info as Record<string, unknown>;
    if (typeof dtype !== "string") throw new TypeError(`${op}: ${where} needs a dtype string, got ${describeValue(dtype)}`);
    const type = Object.hasOwn(READ, dtype) ? READ[dtype] : undefined;
    if (type === undefined) {
      const supported = `simdgrad reads ${Object.keys(READ).join(", ")}`;
      throw new TypeError(`${op}: ${where} has ${OTHER.includes(dtype) ? "the unsupported" : "an unknown"} dtype ${JSON.stringify(dtype)} (${supported})`);
    }
    if (!Array.isArray(shape) || !shape.every(isCount)) throw new TypeError(`${op}: ${where} needs a shape of non-negative integers, got ${describeValue(shape)}${Array.isArray(shape) ? ` ${JSON.stringify(shape)}` : ""}`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every(isCount)) {
      throw new TypeError(`${op}: ${where} needs data_offsets [begin, end] of two non-negative integers, got ${JSON.stringify(offsets) ?? "nothing"}`);
    }
    const [begin, end] = offsets as number[];
    if (begin > end) throw new RangeError(`${op}: ${where} has data_offsets [${begin}, ${end}] out of order (begin > end)`);
    if (end > data.length) throw new RangeError(`${op}: ${where} has data_offsets [${begin}, ${end}] past the end of the data section (${data.length} bytes; truncated file?)`);
    // The element count, stopping as soon as it cannot fit in the section (no overflow, no giant number).
    const size = shape.includes(0) ? 0 : shape.reduce((s: number, d: number) => (s * d > data.length ? Infinity : s * d), 1);
    if (size * type.bytes !== end - begin) {
      const elements = size === Infinity ? "more elements than the file holds" : `${size} elements = ${size * type.bytes} bytes`;
      throw new RangeError(`${op}: ${where} of shape [${shape.join(", ")}] and dtype ${dtype} needs ${elements}, but data_offsets [${begin}, ${end}] span ${end - begin} bytes`);
    }
    entries.push({ name, dtype, shape, size, begin, end });
  }
  // The tensors must tile the data section exactly: sorted by offset, each starts where the previous ended.
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  let previous: Entry | null = null;
  for (const e of sorted) {
    if (e.begin < at) throw new RangeError(`${op}: tensors ${JSON.stringify(previous!.name)} [${previous!.begin}, ${previous!.end}] and ${JSON.stringify(e.name)} [${e.begin}, ${e.end}] overlap in the data section`);
    if (e.begin > at) throw new RangeError(`${op}: bytes [${at}, ${e.begin}) of the data section belong to no tensor (a gap before ${JSON.stringify(e.name)})`);
    at = e.end;
    previous = e;
  }
  if (at !== data.length) throw new RangeError(`${op}: ${data.length - at} bytes after the last tensor's data belong to no tensor (the data section has ${data.length} bytes, the tensors ${at})`);
  return { entries, metadata, data };
}

/**
 * The first key that an object of valid JSON text repeats, or null. (JSON.parse silently keeps the last value of a
 * repeated key; a checkpoint that names a tensor twice is ambiguous, so it is rejected.)
 */
function repeatedKey(text: string): string | null {
  const open: (Set<string> | null)[] = []; // a set of keys per open object, null per open array
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const keys = open[open.length - 1];
      if (keys && expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (keys.has(key)) return key;
        keys.add(key);
        expectKey = false;
      }
      i = j;
    } else if (c === "{") {
      open.push(new Set());
      expectKey = true;
    } else if (c === "[") open.push(null);
    else if (c === "}" || c === "]") open.pop();
    else if (c === ",") expectKey = open[open.length - 1] instanceof Set;
  }
  return null;
}

/** The elements of one tensor as float32 / int32, converted from the file's dtype (little-endian). */
function decode(op: string, e: Entry, data: Uint8Array): Float32Array | Int32Array {
  const at = data.byteOffset + e.begin;
  if (LITTLE_ENDIAN_HOST && (e.dtype === "F32" || e.dtype === "I32")) {
    // typed arrays need 4-byte alignment; tensor() copies the elements into the arena in any case
    const buffer = at % 4 === 0 ? data.buffer : data.slice(e.begin, e.end).buffer;
    const offset = at % 4 === 0 ? at : 0;
    return e.dtype === "F32" ? new Float32Array(buffer, offset, e.size) : new Int32Array(buffer, offset, e.size);
  }
  const view = new DataView(data.buffer, at, e.end - e.begin);
  const n = e.size;
  switch (e.dtype) {
    case "F32":
      return Float32Array.from({ length: n }, (_, i) => view.getFloat32(4 * i, true));
    case "I32":
      return Int32Array.from({ length: n }, (_, i) => view.getInt32(4 * i, true));
    case "F64":
      return Float32Array.from({ length: n }, (_, i) => view.getFloat64(8 * i, true));
    case "BF16":
      // bfloat16 is the top half of a float32
      return new Float32Array(Uint32Array.from({ length: n }, (_, i) => view.getUint16(2 * i, true) << 16).buffer);
    case "F16":
      return Float32Array.from({ length: n }, (_, i) => halfToFloat(view.getUint16(2 * i, true)));
    default: {
      const out = new Int32Array(n); // I64: the value fits in int32 when the high word is the low word's sign extension
      for (let i = 0; i < n; i++) {
        const lo = view.getInt32(8 * i, true), hi = view.getInt32(8 * i + 4, true);
        if (hi !== (lo < 0 ? -1 : 0)) {
          throw new RangeError(`${op}: tensor ${JSON.stringify(e.name)} (I64) holds ${view.getBigInt64(8 * i, true)} at flat index ${i}, outside the int32 range that simdgrad's integer tensors hold`);
        }
        out[i] = lo;
      }
      return out;
    }
  }
}

/** IEEE 754 half precision to a number: (−1)^s · 2^(e−15) · (1 + m/1024), subnormals 2^−14 · m/1024, e = 31: ±∞ / NaN. */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f, m = h & 0x3ff;
  if (e === 0) return sign * 2 ** -14 * (m / 1024);
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * 2 ** (e - 15) * (1 + m / 1024);
}
