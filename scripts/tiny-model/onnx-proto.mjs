// A minimal protobuf encoder for the parts of ONNX's ModelProto the tiny model needs.
// Field numbers follow onnx/onnx.proto (proto2; repeated scalars written unpacked).

const enc = new TextEncoder();

function varint(n) {
  let v = BigInt(n);
  if (v < 0n) v += 1n << 64n; // two's complement for negative int64
  const out = [];
  while (v > 0x7fn) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return out;
}

/** A growable byte buffer of encoded fields. */
export class Msg {
  constructor() {
    this.parts = [];
  }
  tag(field, wire) {
    this.parts.push(Uint8Array.from(varint((field << 3) | wire)));
  }
  int(field, n) {
    this.tag(field, 0);
    this.parts.push(Uint8Array.from(varint(n)));
    return this;
  }
  ints(field, list) {
    for (const n of list) this.int(field, n);
    return this;
  }
  float(field, x) {
    this.tag(field, 5);
    const b = new Uint8Array(4);
    new DataView(b.buffer).setFloat32(0, x, true);
    this.parts.push(b);
    return this;
  }
  bytes(field, data) {
    this.tag(field, 2);
    this.parts.push(Uint8Array.from(varint(data.length)), data);
    return this;
  }
  str(field, s) {
    return this.bytes(field, enc.encode(s));
  }
  msg(field, m) {
    return this.bytes(field, m.finish());
  }
  finish() {
    const len = this.parts.reduce((a, p) => a + p.length, 0);
    const out = new Uint8Array(len);
    let o = 0;
    for (const p of this.parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
}

export const DT = { FLOAT: 1, INT64: 7, BOOL: 9 };

/** TensorProto with raw little-endian data. */
export function tensor(name, dataType, dims, data) {
  let raw;
  if (dataType === DT.FLOAT) raw = new Uint8Array(Float32Array.from(data).buffer);
  else if (dataType === DT.INT64) raw = new Uint8Array(BigInt64Array.from(data.map((x) => BigInt(x))).buffer);
  else throw new Error(`unsupported tensor type ${dataType}`);
  return new Msg().ints(1, dims).int(2, dataType).str(8, name).bytes(9, raw);
}

/** AttributeProto: int, float, ints or tensor. */
export function attr(name, value) {
  const m = new Msg().str(1, name);
  if (value instanceof Msg) return m.msg(5, value).int(20, 4);
  if (Array.isArray(value)) return m.ints(8, value).int(20, 7);
  if (Number.isInteger(value)) return m.int(3, value).int(20, 2);
  return m.float(2, value).int(20, 1);
}

export function node(opType, inputs, outputs, name, attrs = {}) {
  const m = new Msg();
  for (const i of inputs) m.str(1, i);
  for (const o of outputs) m.str(2, o);
  m.str(3, name).str(4, opType);
  for (const [k, v] of Object.entries(attrs)) m.msg(5, attr(k, v));
  return m;
}

/** ValueInfoProto of a tensor; dims are numbers (fixed) or strings (symbolic). */
export function valueInfo(name, elemType, dims) {
  const shape = new Msg();
  for (const d of dims) shape.msg(1, typeof d === "number" ? new Msg().int(1, d) : new Msg().str(2, d));
  const tensorType = new Msg().int(1, elemType).msg(2, shape);
  return new Msg().str(1, name).msg(2, new Msg().msg(1, tensorType));
}

export function model({ nodes, initializers, inputs, outputs, graphName, irVersion, opset, producer }) {
  const g = new Msg();
  for (const n of nodes) g.msg(1, n);
  g.str(2, graphName);
  for (const t of initializers) g.msg(5, t);
  for (const i of inputs) g.msg(11, i);
  for (const o of outputs) g.msg(12, o);
  return new Msg().int(1, irVersion).str(2, producer).msg(7, g).msg(8, new Msg().str(1, "").int(2, opset)).finish();
}
