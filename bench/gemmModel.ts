/**
 * A one-node ONNX model, Y = X · W with X and W square matrices and W a constant, built in
 * memory: the yardstick for what onnxruntime's matrix multiplication reaches on this machine
 * (the "GEMM limit"). W is an initializer, as a model's weights are, so onnxruntime packs it
 * once at load like MViT-B's. Encoded by hand (a few protobuf fields) so that no Python or
 * committed binary is needed. `float32` is a MatMul; `int8` is the integer product the
 * quantized model's linear layers run (MatMulInteger: uint8 activations × int8 weights → int32).
 */

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
// TensorProto.DataType
const FLOAT = 1;
const UINT8 = 2;
const INT8 = 3;
const INT32 = 6;

export type GemmPrecision = 'float32' | 'int8';

/** Floating-point operations of one n×n by n×n matrix product (a multiply and an add each). */
export function gemmFlops(n: number): number {
  return 2 * n * n * n;
}

export function gemmModel(n: number, seed = 1, precision: GemmPrecision = 'float32'): Uint8Array {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`n must be a positive integer, got ${n}`);
  // Small deterministic values: the speed does not depend on them, only no denormals.
  let state = seed >>> 0;
  const next = () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32 - 0.5;
  };
  const weights =
    precision === 'float32'
      ? Float32Array.from({ length: n * n }, () => next() / n)
      : Int8Array.from({ length: n * n }, () => Math.round(next() * 254));
  const [inType, weightType, outType, opType] =
    precision === 'float32'
      ? [FLOAT, FLOAT, FLOAT, 'MatMul']
      : [UINT8, INT8, INT32, 'MatMulInteger'];
  const graph = concat([
    field(1, node(['X', 'W'], ['Y'], opType)),
    string(2, 'gemm_probe'),
    field(5, initializer('W', [n, n], weightType, weights)),
    field(11, valueInfo('X', tensorType(inType, [n, n]))),
    field(12, valueInfo('Y', tensorType(outType, [n, n]))),
  ]);
  return concat([
    varintField(1, 8), // ir_version
    string(2, 'actionwatch-bench'),
    field(7, graph),
    field(8, concat([string(1, ''), varintField(2, 17)])), // opset_import: ai.onnx 17
  ]);
}

function node(inputs: string[], outputs: string[], opType: string): Uint8Array {
  return concat([
    ...inputs.map((name) => string(1, name)),
    ...outputs.map((name) => string(2, name)),
    string(4, opType),
  ]);
}

function initializer(
  name: string,
  dims: number[],
  dataType: number,
  data: Float32Array | Int8Array,
): Uint8Array {
  return concat([
    ...dims.map((d) => varintField(1, d)),
    varintField(2, dataType),
    string(8, name),
    field(9, new Uint8Array(data.buffer, data.byteOffset, data.byteLength)),
  ]);
}

function tensorType(dataType: number, dims: number[]): Uint8Array {
  const shape = concat(dims.map((d) => field(1, varintField(1, d))));
  return field(1, concat([varintField(1, dataType), field(2, shape)]));
}

function valueInfo(name: string, type: Uint8Array): Uint8Array {
  return concat([string(1, name), field(2, type)]);
}

function varint(value: number): number[] {
  const bytes: number[] = [];
  let v = value;
  while (v >= 0x80) {
    bytes.push((v % 0x80) | 0x80);
    v = Math.floor(v / 0x80);
  }
  bytes.push(v);
  return bytes;
}

function varintField(fieldNumber: number, value: number): Uint8Array {
  return Uint8Array.from([...varint(fieldNumber * 8 + WIRE_VARINT), ...varint(value)]);
}

function field(fieldNumber: number, payload: Uint8Array): Uint8Array {
  return concat([
    Uint8Array.from([...varint(fieldNumber * 8 + WIRE_BYTES), ...varint(payload.length)]),
    payload,
  ]);
}

function string(fieldNumber: number, text: string): Uint8Array {
  return field(fieldNumber, new TextEncoder().encode(text));
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, p) => sum + p.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
