/**
 * A minimal ONNX (protobuf) writer: just the messages a small inference graph needs (ModelProto,
 * GraphProto, NodeProto, AttributeProto, TensorProto, ValueInfoProto). Field numbers follow
 * onnx.proto. It exists so tests and benchmarks can generate CLIP-shaped models on a machine
 * where no real CLIP weights can be downloaded; see test/support/onnx-models.ts.
 */

type Field = Uint8Array

const concat = (parts: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}

const varint = (value: number | bigint): Uint8Array => {
  // Negative int64 values are written as 10-byte two's complement, as protobuf does.
  let v = BigInt.asUintN(64, BigInt(value))
  const bytes: Array<number> = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v !== 0n) byte |= 0x80
    bytes.push(byte)
  } while (v !== 0n)
  return Uint8Array.from(bytes)
}

const key = (field: number, wire: 0 | 2 | 5) => varint((field << 3) | wire)
const int = (field: number, value: number | bigint): Field => concat([key(field, 0), varint(value)])
const bytes = (field: number, value: Uint8Array): Field => concat([key(field, 2), varint(value.length), value])
const str = (field: number, value: string): Field => bytes(field, new TextEncoder().encode(value))
const float = (field: number, value: number): Field => {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setFloat32(0, value, true)
  return concat([key(field, 5), b])
}

/** ONNX element types used here. */
export type ElementType = "float" | "int32" | "int64"
const elementCode: Record<ElementType, number> = { float: 1, int32: 6, int64: 7 }

/** A constant tensor (an initializer). */
export interface Tensor {
  readonly name: string
  readonly dims: ReadonlyArray<number>
  readonly data: Float32Array | Int32Array | BigInt64Array
}

/** A graph input or output: name, element type and shape (a string is a symbolic dimension). */
export interface Value {
  readonly name: string
  readonly type: ElementType
  readonly shape: ReadonlyArray<number | string>
}

/** An attribute value: a float, an int, a list of ints, or a tensor. */
export type Attribute = { readonly f: number } | { readonly i: number } | { readonly ints: ReadonlyArray<number> } | { readonly t: Tensor }

/** One node of the graph. */
export interface Node {
  readonly op: string
  readonly inputs: ReadonlyArray<string>
  readonly outputs: ReadonlyArray<string>
  readonly attributes?: Readonly<Record<string, Attribute>>
}

/** A whole model. */
export interface Model {
  readonly inputs: ReadonlyArray<Value>
  readonly outputs: ReadonlyArray<Value>
  readonly nodes: ReadonlyArray<Node>
  readonly initializers: ReadonlyArray<Tensor>
  readonly opset?: number
}

const tensorType = (data: Tensor["data"]): ElementType =>
  data instanceof Float32Array ? "float" : data instanceof Int32Array ? "int32" : "int64"

const tensor = (t: Tensor): Uint8Array =>
  concat([
    ...t.dims.map((d) => int(1, d)),
    int(2, elementCode[tensorType(t.data)]),
    str(8, t.name),
    // raw_data is little-endian, which is what typed arrays hold on x86/ARM.
    bytes(9, new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength))
  ])

const valueInfo = (v: Value): Uint8Array => {
  const dims = v.shape.map((d) => bytes(1, typeof d === "number" ? int(1, d) : str(2, d)))
  const shape = concat(dims)
  const tensorTypeProto = concat([int(1, elementCode[v.type]), bytes(2, shape)])
  return concat([str(1, v.name), bytes(2, bytes(1, tensorTypeProto))])
}

const attribute = (name: string, a: Attribute): Uint8Array => {
  // AttributeProto.type: FLOAT 1, INT 2, TENSOR 4, INTS 7.
  if ("f" in a) return concat([str(1, name), float(2, a.f), int(20, 1)])
  if ("i" in a) return concat([str(1, name), int(3, a.i), int(20, 2)])
  if ("ints" in a) return concat([str(1, name), ...a.ints.map((i) => int(8, i)), int(20, 7)])
  return concat([str(1, name), bytes(5, tensor(a.t)), int(20, 4)])
}

const node = (n: Node, index: number): Uint8Array =>
  concat([
    ...n.inputs.map((i) => str(1, i)),
    ...n.outputs.map((o) => str(2, o)),
    str(3, `${n.op}_${index}`),
    str(4, n.op),
    ...Object.entries(n.attributes ?? {}).map(([k, v]) => bytes(5, attribute(k, v)))
  ])

/** Serialises a model to ONNX bytes (IR version 8). */
export const encode = (model: Model): Uint8Array => {
  const graph = concat([
    ...model.nodes.map((n, i) => bytes(1, node(n, i))),
    str(2, "graph"),
    ...model.initializers.map((t) => bytes(5, tensor(t))),
    ...model.inputs.map((v) => bytes(11, valueInfo(v))),
    ...model.outputs.map((v) => bytes(12, valueInfo(v)))
  ])
  const opset = concat([str(1, ""), int(2, model.opset ?? 17)])
  return concat([int(1, 8), str(2, "heaters-test"), bytes(7, graph), bytes(8, opset)])
}
