/**
 * Reads just enough of an ONNX ModelProto (protobuf wire format, no dependency) to learn what onnxruntime's metadata
 * does not say: the class labels of ai.onnx.ml classifiers and ZipMap nodes. It can also expose an intermediate tensor
 * as an extra graph output, which is how mlci reads ZipMap models (onnxruntime-node cannot return sequences of maps).
 * Field numbers are those of onnx.proto.
 */

const WIRE_VARINT = 0;
const WIRE_I64 = 1;
const WIRE_LEN = 2;
const WIRE_I32 = 5;

interface Field {
  no: number;
  wire: number;
  /** Varint value (as bigint to keep int64 exact), or the byte range for length-delimited fields. */
  varint?: bigint;
  start: number;
  end: number;
  /** Start of the tag (for splicing). */
  tagStart: number;
}

export class ProtoError extends Error {}

function readVarint(buf: Uint8Array, pos: number): [bigint, number] {
  let result = 0n;
  let shift = 0n;
  for (let i = 0; i < 10; i++) {
    if (pos >= buf.length) throw new ProtoError('truncated varint');
    const b = buf[pos++]!;
    result |= BigInt(b & 0x7f) << shift;
    if ((b & 0x80) === 0) return [result, pos];
    shift += 7n;
  }
  throw new ProtoError('varint too long');
}

function* fields(buf: Uint8Array, start = 0, end = buf.length): Generator<Field> {
  let pos = start;
  while (pos < end) {
    const tagStart = pos;
    const [tag, p1] = readVarint(buf, pos);
    pos = p1;
    const no = Number(tag >> 3n);
    const wire = Number(tag & 7n);
    if (no === 0) throw new ProtoError('field number 0');
    if (wire === WIRE_VARINT) {
      const [v, p2] = readVarint(buf, pos);
      yield { no, wire, varint: v, start: pos, end: p2, tagStart };
      pos = p2;
    } else if (wire === WIRE_I64) {
      yield { no, wire, start: pos, end: pos + 8, tagStart };
      pos += 8;
    } else if (wire === WIRE_LEN) {
      const [len, p2] = readVarint(buf, pos);
      const e = p2 + Number(len);
      if (e > end) throw new ProtoError('length past end of message');
      yield { no, wire, start: p2, end: e, tagStart };
      pos = e;
    } else if (wire === WIRE_I32) {
      yield { no, wire, start: pos, end: pos + 4, tagStart };
      pos += 4;
    } else {
      throw new ProtoError(`unsupported wire type ${wire}`);
    }
    if (pos > end) throw new ProtoError('field past end of message');
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: false });
const text = (buf: Uint8Array, f: Field) => utf8.decode(buf.subarray(f.start, f.end));

function toSigned(v: bigint): bigint {
  return BigInt.asIntN(64, v);
}

export interface OnnxAttribute {
  name: string;
  ints: bigint[];
  strings: string[];
  s?: string;
}

export interface OnnxNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, OnnxAttribute>;
}

export interface OnnxModelInfo {
  irVersion: number;
  producer: string;
  nodes: OnnxNode[];
  graphInputs: string[];
  graphOutputs: string[];
}

function parseAttribute(buf: Uint8Array, start: number, end: number): OnnxAttribute {
  const attr: OnnxAttribute = { name: '', ints: [], strings: [] };
  for (const f of fields(buf, start, end)) {
    if (f.no === 1 && f.wire === WIRE_LEN) attr.name = text(buf, f);
    else if (f.no === 4 && f.wire === WIRE_LEN) attr.s = text(buf, f);
    else if (f.no === 9 && f.wire === WIRE_LEN) attr.strings.push(text(buf, f));
    else if (f.no === 8 && f.wire === WIRE_VARINT) attr.ints.push(toSigned(f.varint!));
    else if (f.no === 8 && f.wire === WIRE_LEN) {
      // packed repeated int64
      let p = f.start;
      while (p < f.end) {
        const [v, next] = readVarint(buf, p);
        attr.ints.push(toSigned(v));
        p = next;
      }
    }
  }
  return attr;
}

function parseNode(buf: Uint8Array, start: number, end: number): OnnxNode {
  const node: OnnxNode = { opType: '', domain: '', inputs: [], outputs: [], attributes: new Map() };
  for (const f of fields(buf, start, end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.no === 1) node.inputs.push(text(buf, f));
    else if (f.no === 2) node.outputs.push(text(buf, f));
    else if (f.no === 4) node.opType = text(buf, f);
    else if (f.no === 7) node.domain = text(buf, f);
    else if (f.no === 5) {
      const a = parseAttribute(buf, f.start, f.end);
      node.attributes.set(a.name, a);
    }
  }
  return node;
}

function valueInfoName(buf: Uint8Array, start: number, end: number): string {
  for (const f of fields(buf, start, end)) if (f.no === 1 && f.wire === WIRE_LEN) return text(buf, f);
  return '';
}

function graphField(buf: Uint8Array): Field {
  let graph: Field | undefined;
  for (const f of fields(buf)) if (f.no === 7 && f.wire === WIRE_LEN) graph = f;
  if (!graph) throw new ProtoError('no graph');
  return graph;
}

/** Parses the model's graph nodes and input/output names. Throws ProtoError when the bytes are not a ModelProto. */
export function readOnnxModel(buf: Uint8Array): OnnxModelInfo {
  const info: OnnxModelInfo = { irVersion: 0, producer: '', nodes: [], graphInputs: [], graphOutputs: [] };
  let graph: Field | undefined;
  for (const f of fields(buf)) {
    if (f.no === 1 && f.wire === WIRE_VARINT) info.irVersion = Number(f.varint);
    else if (f.no === 2 && f.wire === WIRE_LEN) info.producer = text(buf, f);
    else if (f.no === 7 && f.wire === WIRE_LEN) graph = f;
  }
  if (!graph || info.irVersion === 0) throw new ProtoError(graph ? 'no ir_version' : 'no graph');
  for (const f of fields(buf, graph.start, graph.end)) {
    if (f.wire !== WIRE_LEN) continue;
    if (f.no === 1) info.nodes.push(parseNode(buf, f.start, f.end));
    else if (f.no === 11) info.graphInputs.push(valueInfoName(buf, f.start, f.end));
    else if (f.no === 12) info.graphOutputs.push(valueInfoName(buf, f.start, f.end));
  }
  return info;
}

function varintBytes(value: number): number[] {
  const out: number[] = [];
  let v = value;
  while (v >= 0x80) {
    out.push((v & 0x7f) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return out;
}

function lenField(no: number, payload: Uint8Array): Uint8Array {
  const head = [...varintBytes((no << 3) | WIRE_LEN), ...varintBytes(payload.length)];
  const out = new Uint8Array(head.length + payload.length);
  out.set(head, 0);
  out.set(payload, head.length);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/**
 * Returns a copy of the model with `names` added as float tensor graph outputs (ValueInfoProto with
 * type.tensor_type.elem_type = FLOAT), so the runtime can return intermediate values such as a ZipMap's input.
 */
export function addFloatOutputs(buf: Uint8Array, names: string[]): Uint8Array {
  const graph = graphField(buf);
  const enc = new TextEncoder();
  const extra = names.map((name) => {
    const tensorType = lenField(1, new Uint8Array([(1 << 3) | WIRE_VARINT, 1])); // Tensor.elem_type = FLOAT
    const valueInfo = concat([lenField(1, enc.encode(name)), lenField(2, tensorType)]);
    return lenField(12, valueInfo);
  });
  const newGraph = lenField(7, concat([buf.subarray(graph.start, graph.end), ...extra]));
  return concat([buf.subarray(0, graph.tagStart), newGraph, buf.subarray(graph.end)]);
}
