// A minimal ONNX writer for the latency benchmark: encodes an MLP (Gemm + Relu layers, weights [out, in] as
// nn.Linear stores them) as an ONNX ModelProto, so ONNX Runtime Web runs the same weights as simdgrad. Only the
// protobuf fields the model needs (field numbers from onnx/onnx.proto); no Python onnx package needed.

/** Protobuf wire encoding of one message: fields appended in order. */
class Proto {
  private readonly bytes: number[] = [];
  private varint(v: number): void {
    for (; v >= 0x80; v = Math.floor(v / 128)) this.bytes.push((v % 128) | 0x80);
    this.bytes.push(v);
  }
  private key(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }
  /** A varint field (int32, int64, enum; non-negative here). */
  int(field: number, v: number): this {
    this.key(field, 0);
    this.varint(v);
    return this;
  }
  /** A length-delimited field: bytes, a string or an embedded message. */
  bytesField(field: number, data: Uint8Array | number[]): this {
    this.key(field, 2);
    this.varint(data.length);
    for (const b of data) this.bytes.push(b);
    return this;
  }
  str(field: number, s: string): this {
    return this.bytesField(field, Array.from(new TextEncoder().encode(s)));
  }
  msg(field: number, m: Proto): this {
    return this.bytesField(field, m.bytes);
  }
  finish(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

const FLOAT = 1; // TensorProto.DataType.FLOAT
const ATTR_INT = 2; // AttributeProto.AttributeType.INT

/** TensorProto: dims (1), data_type (2), name (8), raw_data (9, little-endian f32). */
function initializer(name: string, dims: number[], values: Float32Array): Proto {
  const t = new Proto();
  for (const d of dims) t.int(1, d);
  t.int(2, FLOAT).str(8, name);
  return t.bytesField(9, new Uint8Array(values.buffer, values.byteOffset, values.byteLength));
}

/** ValueInfoProto name (1), type (2): TypeProto.tensor_type (1) { elem_type (1), shape (2) { dim (1) { dim_value (1) } } }. */
function valueInfo(name: string, dims: number[]): Proto {
  const shape = new Proto();
  for (const d of dims) shape.msg(1, new Proto().int(1, d));
  return new Proto().str(1, name).msg(2, new Proto().msg(1, new Proto().int(1, FLOAT).msg(2, shape)));
}

/** NodeProto: input (1), output (2), name (3), op_type (4), attribute (5) { name (1), i (3), type (20) }. */
function node(op: string, name: string, inputs: string[], outputs: string[], intAttrs: Record<string, number> = {}): Proto {
  const n = new Proto();
  for (const i of inputs) n.str(1, i);
  for (const o of outputs) n.str(2, o);
  n.str(3, name).str(4, op);
  for (const [k, v] of Object.entries(intAttrs)) n.msg(5, new Proto().str(1, k).int(3, v).int(20, ATTR_INT));
  return n;
}

/** One layer of the MLP: weight [out, in] row-major and bias [out]. */
export interface DenseLayer {
  weight: Float32Array;
  bias: Float32Array;
  inFeatures: number;
  outFeatures: number;
}

/**
 * y = Gemm(…Relu(Gemm(x, W₀ᵀ, b₀))…, Wₗᵀ, bₗ) for input "x" [batch, in] and output "y" [batch, out]: opset 13,
 * IR version 8, Gemm with transB = 1 so the weights keep nn.Linear's [out, in] layout.
 */
export function mlpToOnnx(layers: DenseLayer[], batch: number): Uint8Array {
  const graph = new Proto();
  let cur = "x";
  layers.forEach((l, i) => {
    const last = i === layers.length - 1;
    const gemmOut = last ? "y" : `h${i}`;
    graph.msg(1, node("Gemm", `gemm${i}`, [cur, `w${i}`, `b${i}`], [gemmOut], { transB: 1 }));
    cur = gemmOut;
    if (!last) {
      graph.msg(1, node("Relu", `relu${i}`, [cur], [`r${i}`]));
      cur = `r${i}`;
    }
  });
  graph.str(2, "mlp");
  layers.forEach((l, i) => {
    graph.msg(5, initializer(`w${i}`, [l.outFeatures, l.inFeatures], l.weight));
    graph.msg(5, initializer(`b${i}`, [l.outFeatures], l.bias));
  });
  graph.msg(11, valueInfo("x", [batch, layers[0].inFeatures]));
  graph.msg(12, valueInfo("y", [batch, layers[layers.length - 1].outFeatures]));
  // ModelProto: ir_version (1), producer_name (2), graph (7), opset_import (8) { domain (1), version (2) }
  return new Proto().int(1, 8).str(2, "simdgrad-bench").msg(7, graph).msg(8, new Proto().str(1, "").int(2, 13)).finish();
}
