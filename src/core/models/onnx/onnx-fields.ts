/**
 * Field numbers and enum values of the onnx.proto messages this folder reads and writes
 * (onnx/onnx.proto, proto2; unchanged since they were introduced). The only place they are spelled.
 */

export const MODEL = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  graph: 7,
  opsetImport: 8,
  metadataProps: 14,
} as const;

export const GRAPH = {
  node: 1,
  name: 2,
  initializer: 5,
  docString: 10,
  input: 11,
  output: 12,
} as const;

export const NODE = {
  input: 1,
  output: 2,
  name: 3,
  opType: 4,
  attribute: 5,
  domain: 7,
} as const;

export const ATTRIBUTE = {
  name: 1,
  f: 2,
  i: 3,
  s: 4,
  t: 5,
  floats: 7,
  ints: 8,
  strings: 9,
  type: 20,
} as const;

/** AttributeProto.AttributeType. */
export const ATTRIBUTE_TYPE = {
  float: 1,
  int: 2,
  string: 3,
  tensor: 4,
  floats: 6,
  ints: 7,
  strings: 8,
} as const;

export const TENSOR = {
  dims: 1,
  dataType: 2,
  floatData: 4,
  stringData: 6,
  int64Data: 7,
  name: 8,
  rawData: 9,
} as const;

export const VALUE_INFO = { name: 1, type: 2 } as const;

/** TypeProto's `value` oneof; only tensor_type is decoded, the others are named by kind. */
export const TYPE = {
  tensorType: 1,
  sequenceType: 4,
  mapType: 5,
  opaqueType: 7,
  sparseTensorType: 8,
  optionalType: 9,
} as const;

export const TENSOR_TYPE = { elemType: 1, shape: 2 } as const;
export const SEQUENCE_TYPE = { elemType: 1 } as const;
export const MAP_TYPE = { keyType: 1, valueType: 2 } as const;
export const SHAPE = { dim: 1 } as const;
export const DIMENSION = { dimValue: 1, dimParam: 2 } as const;
export const OPSET_ID = { domain: 1, version: 2 } as const;
export const STRING_ENTRY = { key: 1, value: 2 } as const;

/** TensorProto.DataType, by value. */
export const ELEM_TYPES = [
  'undefined', 'float', 'uint8', 'int8', 'uint16', 'int16', 'int32', 'int64', 'string', 'bool',
  'float16', 'double', 'uint32', 'uint64', 'complex64', 'complex128', 'bfloat16',
  'float8e4m3fn', 'float8e4m3fnuz', 'float8e5m2', 'float8e5m2fnuz', 'uint4', 'int4', 'float4e2m1', 'float8e8m0',
] as const;

export type OnnxElemType = (typeof ELEM_TYPES)[number];

export const DATA_TYPE_FLOAT = ELEM_TYPES.indexOf('float');
export const DATA_TYPE_INT64 = ELEM_TYPES.indexOf('int64');
export const DATA_TYPE_STRING = ELEM_TYPES.indexOf('string');
