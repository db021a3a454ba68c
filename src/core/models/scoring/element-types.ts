import type { OnnxElemType } from '../onnx';

/** How a cell becomes an element of a tensor: the onnxruntime type name and the storage to fill. */
export type ElementKind = 'float' | 'integer' | 'bigint' | 'bool' | 'string';

export interface ElementType {
  /** onnxruntime's name of the type (Tensor.type). */
  ort: 'float32' | 'float64' | 'int8' | 'uint8' | 'int16' | 'uint16' | 'int32' | 'uint32' | 'int64' | 'uint64' | 'bool' | 'string';
  kind: ElementKind;
  /** A zeroed array of `length` elements to fill. */
  allocate(length: number): ElementStorage;
  /** Smallest and largest value of an integer type. */
  range?: [number, number];
}

export type ElementStorage = Float32Array | Float64Array | Int8Array | Uint8Array | Int16Array | Uint16Array | Int32Array | Uint32Array | BigInt64Array | BigUint64Array | string[];

const integer = (ort: ElementType['ort'], make: (n: number) => ElementStorage, range: [number, number]): ElementType => ({ ort, kind: 'integer', allocate: make, range });

/** The ONNX input types this server can feed from JSON or CSV. */
const ELEMENT_TYPES: Partial<Record<OnnxElemType, ElementType>> = {
  float: { ort: 'float32', kind: 'float', allocate: (n) => new Float32Array(n) },
  double: { ort: 'float64', kind: 'float', allocate: (n) => new Float64Array(n) },
  int8: integer('int8', (n) => new Int8Array(n), [-128, 127]),
  uint8: integer('uint8', (n) => new Uint8Array(n), [0, 255]),
  int16: integer('int16', (n) => new Int16Array(n), [-32768, 32767]),
  uint16: integer('uint16', (n) => new Uint16Array(n), [0, 65535]),
  int32: integer('int32', (n) => new Int32Array(n), [-2147483648, 2147483647]),
  uint32: integer('uint32', (n) => new Uint32Array(n), [0, 4294967295]),
  int64: { ort: 'int64', kind: 'bigint', allocate: (n) => new BigInt64Array(n), range: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER] },
  uint64: { ort: 'uint64', kind: 'bigint', allocate: (n) => new BigUint64Array(n), range: [0, Number.MAX_SAFE_INTEGER] },
  bool: { ort: 'bool', kind: 'bool', allocate: (n) => new Uint8Array(n) },
  string: { ort: 'string', kind: 'string', allocate: (n) => new Array<string>(n).fill('') },
};

export function elementTypeOf(elemType: OnnxElemType): ElementType | undefined {
  return ELEMENT_TYPES[elemType];
}
