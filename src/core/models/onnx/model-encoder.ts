import { ATTRIBUTE, ATTRIBUTE_TYPE, DATA_TYPE_FLOAT, DATA_TYPE_INT64, DATA_TYPE_STRING, DIMENSION, GRAPH, MAP_TYPE, MODEL, NODE, OPSET_ID, SEQUENCE_TYPE, SHAPE, STRING_ENTRY, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-fields';
import type { OnnxOpset } from './signature';
import { ProtoWriter, float32LittleEndian, int64LittleEndian } from './wire-writer';

/** The element types the builders write. */
export type WrittenElemType = 'float' | 'int64' | 'string';

export interface TensorSpec {
  name: string;
  elemType: WrittenElemType;
  dims: number[];
  values: readonly number[] | readonly string[];
}

export type AttributeValue =
  | { type: 'int'; value: number }
  | { type: 'float'; value: number }
  | { type: 'string'; value: string }
  | { type: 'ints'; value: readonly number[] }
  | { type: 'floats'; value: readonly number[] }
  | { type: 'strings'; value: readonly string[] };

export interface NodeSpec {
  name: string;
  opType: string;
  /** "" is the default domain; "ai.onnx.ml" holds the tree ensembles. */
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Record<string, AttributeValue>;
}

export interface ValueSpec {
  name: string;
  elemType: WrittenElemType;
  shape: (number | string)[];
  /** A ZipMap's output: a sequence of maps from this key type to float (elemType and shape are then unused). */
  mapKey?: 'int64' | 'string';
}

export interface GraphSpec {
  name: string;
  nodes: NodeSpec[];
  initializers: TensorSpec[];
  inputs: ValueSpec[];
  outputs: ValueSpec[];
}

export interface ModelSpec {
  irVersion: number;
  opsets: OnnxOpset[];
  producer: { name: string; version: string };
  graph: GraphSpec;
  metadata: Record<string, string>;
}

/** Serializes a ModelProto, fields in field-number order as protobuf's own serializers write them. */
export function encodeModel(model: ModelSpec): Uint8Array {
  const writer = new ProtoWriter().varint(MODEL.irVersion, model.irVersion);
  if (model.producer.name !== '') writer.string(MODEL.producerName, model.producer.name);
  if (model.producer.version !== '') writer.string(MODEL.producerVersion, model.producer.version);
  writer.message(MODEL.graph, (graph) => writeGraph(graph, model.graph));
  for (const opset of model.opsets) writer.message(MODEL.opsetImport, (w) => w.string(OPSET_ID.domain, opset.domain).varint(OPSET_ID.version, opset.version));
  for (const [key, value] of Object.entries(model.metadata)) writer.message(MODEL.metadataProps, (w) => w.string(STRING_ENTRY.key, key).string(STRING_ENTRY.value, value));
  return writer.finish();
}

function writeGraph(writer: ProtoWriter, graph: GraphSpec): void {
  for (const node of graph.nodes) writer.message(GRAPH.node, (w) => writeNode(w, node));
  writer.string(GRAPH.name, graph.name);
  for (const tensor of graph.initializers) writer.message(GRAPH.initializer, (w) => writeTensor(w, tensor));
  for (const input of graph.inputs) writer.message(GRAPH.input, (w) => writeValueInfo(w, input));
  for (const output of graph.outputs) writer.message(GRAPH.output, (w) => writeValueInfo(w, output));
}

function writeNode(writer: ProtoWriter, node: NodeSpec): void {
  for (const input of node.inputs) writer.string(NODE.input, input);
  for (const output of node.outputs) writer.string(NODE.output, output);
  writer.string(NODE.name, node.name).string(NODE.opType, node.opType);
  for (const [name, value] of Object.entries(node.attributes)) writer.message(NODE.attribute, (w) => writeAttribute(w, name, value));
  if (node.domain !== '') writer.string(NODE.domain, node.domain);
}

function writeAttribute(writer: ProtoWriter, name: string, attribute: AttributeValue): void {
  writer.string(ATTRIBUTE.name, name);
  switch (attribute.type) {
    case 'float':
      writer.float(ATTRIBUTE.f, attribute.value);
      break;
    case 'int':
      writer.varint(ATTRIBUTE.i, attribute.value);
      break;
    case 'string':
      writer.string(ATTRIBUTE.s, attribute.value);
      break;
    case 'floats':
      writer.packedFloats(ATTRIBUTE.floats, attribute.value);
      break;
    case 'ints':
      writer.packedVarints(ATTRIBUTE.ints, attribute.value);
      break;
    case 'strings':
      for (const value of attribute.value) writer.string(ATTRIBUTE.strings, value);
      break;
  }
  writer.varint(ATTRIBUTE.type, ATTRIBUTE_TYPE[attribute.type]);
}

const DATA_TYPES: Record<WrittenElemType, number> = { float: DATA_TYPE_FLOAT, int64: DATA_TYPE_INT64, string: DATA_TYPE_STRING };

function writeTensor(writer: ProtoWriter, tensor: TensorSpec): void {
  if (tensor.dims.length > 0) writer.packedVarints(TENSOR.dims, tensor.dims);
  writer.varint(TENSOR.dataType, DATA_TYPES[tensor.elemType]).string(TENSOR.name, tensor.name);
  // Strings have no raw_data form: each is one string_data entry.
  if (tensor.elemType === 'string') for (const value of tensor.values) writer.string(TENSOR.stringData, String(value));
  else writer.bytes(TENSOR.rawData, (tensor.elemType === 'float' ? float32LittleEndian : int64LittleEndian)(tensor.values as readonly number[]));
}

export function writeValueInfo(writer: ProtoWriter, value: ValueSpec): void {
  const mapKey = value.mapKey;
  if (mapKey !== undefined) {
    // sequence<map<key, tensor<float>>>, as skl2onnx declares a ZipMap output.
    const floatTensor = (t: ProtoWriter) => t.message(TYPE.tensorType, (tensor) => tensor.varint(TENSOR_TYPE.elemType, DATA_TYPE_FLOAT));
    const map = (t: ProtoWriter) => t.message(TYPE.mapType, (m) => m.varint(MAP_TYPE.keyType, DATA_TYPES[mapKey]).message(MAP_TYPE.valueType, floatTensor));
    writer.string(VALUE_INFO.name, value.name).message(VALUE_INFO.type, (type) => type.message(TYPE.sequenceType, (sequence) => sequence.message(SEQUENCE_TYPE.elemType, map)));
    return;
  }
  writer.string(VALUE_INFO.name, value.name).message(VALUE_INFO.type, (type) =>
    type.message(TYPE.tensorType, (tensor) =>
      tensor.varint(TENSOR_TYPE.elemType, DATA_TYPES[value.elemType]).message(TENSOR_TYPE.shape, (shape) => {
        for (const dim of value.shape) shape.message(SHAPE.dim, (d) => (typeof dim === 'number' ? d.varint(DIMENSION.dimValue, dim) : d.string(DIMENSION.dimParam, dim)));
      }),
    ),
  );
}
