// IDX files (the MNIST / Fashion-MNIST container): parseIdx for raw bytes, readIdx that gunzips first when needed.
import { describeValue } from "../tensor";

/** Element types of IDX files, by the third byte of the magic number. */
export type IdxDType = "uint8" | "int8" | "int16" | "int32" | "float32" | "float64";

export type IdxData = Uint8Array | Int8Array | Int16Array | Int32Array | Float32Array | Float64Array;

export interface IdxArray {
  /** Extent of each dimension, outermost first (e.g. [60000, 28, 28]). */
  shape: number[];
  /** The elements, row-major, in a fresh typed array of the file's element type. */
  data: IdxData;
  dtype: IdxDType;
}

const DTYPES: Record<number, { dtype: IdxDType; bytes: number; name: string }> = {
  0x08: { dtype: "uint8", bytes: 1, name: "unsigned byte" },
  0x09: { dtype: "int8", bytes: 1, name: "signed byte" },
  0x0b: { dtype: "int16", bytes: 2, name: "short" },
  0x0c: { dtype: "int32", bytes: 4, name: "int" },
  0x0d: { dtype: "float32", bytes: 4, name: "float" },
  0x0e: { dtype: "float64", bytes: 8, name: "double" },
};

const hex = (b: number) => "0x" + b.toString(16).padStart(2, "0");

function asBytes(op: string, bytes: unknown): Uint8Array {
  if (bytes instanceof Uint8Array) return bytes;
  if (bytes instanceof ArrayBuffer) return new Uint8Array(bytes);
  throw new TypeError(`${op}: bytes must be a Uint8Array or an ArrayBuffer, got ${describeValue(bytes)}`);
}

/**
 * Parses an uncompressed IDX file: a magic number `00 00 <type> <ndim>` (type 0x08 uint8, 0x09 int8, 0x0B int16,
 * 0x0C int32, 0x0D float32, 0x0E float64), `ndim` big-endian uint32 dimensions, then the elements big-endian,
 * row-major. The file must hold exactly the elements its dimensions promise; truncated or corrupt bytes are a
 * RangeError saying what was expected and what came.
 *
 * @example
 * const { shape, data } = data.parseIdx(bytes); // shape [10000, 28, 28], data a Uint8Array of 7,840,000 pixels
 */
export function parseIdx(bytes: Uint8Array | ArrayBuffer): IdxArray {
  const b = asBytes("parseIdx", bytes);
  if (b.length < 4) throw new RangeError(`parseIdx: truncated header: expected at least 4 bytes (the magic number), got ${b.length}`);
  if (b[0] !== 0 || b[1] !== 0) {
    const gzip = b[0] === 0x1f && b[1] === 0x8b ? " (these are gzip bytes: use readIdx, which decompresses them)" : "";
    throw new RangeError(`parseIdx: bad magic number: expected it to start with 0x00 0x00, got ${hex(b[0])} ${hex(b[1])}${gzip}`);
  }
  const type = DTYPES[b[2]];
  if (type === undefined) {
    throw new RangeError(`parseIdx: bad magic number: expected a type code 0x08, 0x09, 0x0b, 0x0c, 0x0d or 0x0e in byte 2, got ${hex(b[2])}`);
  }
  const ndim = b[3];
  const header = 4 + 4 * ndim;
  if (b.length < header) {
    throw new RangeError(`parseIdx: truncated header: ${ndim} dimensions need ${header} header bytes, got ${b.length}`);
  }
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(view.getUint32(4 + 4 * d, false));
  const count = shape.reduce((a, s) => a * s, 1);
  const expected = count * type.bytes;
  const got = b.length - header;
  if (got !== expected) {
    const what = got < expected ? "truncated data" : "corrupt file";
    throw new RangeError(
      `parseIdx: ${what}: shape [${shape.join(", ")}] of ${type.name}s needs ${expected} data bytes after the ${header}-byte header, got ${got}`,
    );
  }
  let data: IdxData;
  switch (type.dtype) {
    case "uint8":
      data = b.slice(header);
      break;
    case "int8":
      data = new Int8Array(b.slice(header).buffer);
      break;
    default: {
      const out =
        type.dtype === "int16" ? new Int16Array(count)
        : type.dtype === "int32" ? new Int32Array(count)
        : type.dtype === "float32" ? new Float32Array(count)
        : new Float64Array(count);
      for (let i = 0, at = header; i < count; i++, at += type.bytes) {
        out[i] =
          type.dtype === "int16" ? view.getInt16(at, false)
          : type.dtype === "int32" ? view.getInt32(at, false)
          : type.dtype === "float32" ? view.getFloat32(at, false)
          : view.getFloat64(at, false);
      }
      data = out;
    }
  }
  return { shape, data, dtype: type.dtype };
}

/** Whether bytes start with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  const b = asBytes("isGzip", bytes);
  return b.length >= 2 && b[0] === 0x1f && b[1] === 0x8b;
}

/**
 * Decompresses gzip bytes with the platform's DecompressionStream("gzip") (Node ≥ 18, Deno, browsers, workers).
 * Corrupt or truncated gzip data is a RangeError.
 *
 * @example
 * const raw = await data.gunzip(gzBytes);
 */
export async function gunzip(bytes: Uint8Array | ArrayBuffer): Promise<Uint8Array> {
  const b = asBytes("gunzip", bytes);
  if (typeof DecompressionStream === "undefined") {
    throw new TypeError("gunzip: this runtime has no DecompressionStream; decompress the bytes yourself and call parseIdx");
  }
  const stream = new DecompressionStream("gzip");
  const writer = stream.writable.getWriter();
  // Errors surface through the reader below; the writer's promises must not become unhandled rejections.
  const written = writer.write(b as Uint8Array<ArrayBuffer>).then(() => writer.close()).catch(() => {});
  const reader = stream.readable.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      total += value.length;
    }
  } catch (e) {
    throw new RangeError(`gunzip: corrupt or truncated gzip data (${b.length} bytes): ${e instanceof Error ? e.message : String(e)}`);
  }
  await written;
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Reads an IDX file that may be gzipped (as the MNIST family ships): gunzips when the bytes start with 1f 8b,
 * then parseIdx. Works the same in Node, Deno and browsers; get the bytes however the platform allows
 * (`fs.readFileSync`, `Deno.readFile`, `new Uint8Array(await (await fetch(url)).arrayBuffer())`).
 *
 * @example
 * const images = await data.readIdx(readFileSync("data/fashion-mnist/train-images-idx3-ubyte.gz"));
 * images.shape; // [10000, 28, 28]
 */
export async function readIdx(bytes: Uint8Array | ArrayBuffer): Promise<IdxArray> {
  const b = asBytes("readIdx", bytes);
  return parseIdx(isGzip(b) ? await gunzip(b) : b);
}
