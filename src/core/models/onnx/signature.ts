import { fieldsOf, integerOf, messageOf, stringOf } from './field-values';
import type { OnnxElemType } from './onnx-fields';
import { DIMENSION, ELEM_TYPES, GRAPH, MODEL, OPSET_ID, SHAPE, STRING_ENTRY, TENSOR, TENSOR_TYPE, TYPE, VALUE_INFO } from './onnx-fields';
import { OnnxFormatError } from './onnx-format-error';

/** An operator set the model imports; domain "" (or "ai.onnx") is the default domain. */
export interface OnnxOpset {
  domain: string;
  version: number;
}

/** A dimension: a fixed size, a symbolic name such as "N", or null when the model leaves it open. */
export type OnnxDim = number | string | null;

export type OnnxValueKind = 'tensor' | 'sparse_tensor' | 'sequence' | 'map' | 'optional' | 'opaque' | 'unknown';

export interface OnnxValueInfo {
  name: string;
  /** Only tensors (and sparse tensors) have an elemType and shape; a sklearn ZipMap output is a 'sequence'. */
  kind: OnnxValueKind;
  elemType: OnnxElemType;
  /** null when the rank is unknown; [] is a scalar. */
  shape: OnnxDim[] | null;
}

export interface OnnxSignature {
  irVersion: number;
  opsets: OnnxOpset[];
  producer: { name: string; version: string };
  /** Graph inputs the caller feeds: inputs that merely expose an initializer (IR < 4 style) are left out. */
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
}

/** Reads what serving and registration need from a serialized ModelProto, skipping everything else. */
export function readOnnxSignature(bytes: Uint8Array): OnnxSignature {
  if (bytes.length === 0) throw new OnnxFormatError('the file is empty');
  try {
    return decodeModel(bytes);
  } catch (error) {
    if (error instanceof OnnxFormatError && looksLikeText(bytes)) throw new OnnxFormatError(`the file looks like text, not a binary ONNX model (${error.reason})`);
    throw error;
  }
}

function decodeModel(bytes: Uint8Array): OnnxSignature {
  let irVersion: number | undefined;
  const producer = { name: '', version: '' };
  const opsets: OnnxOpset[] = [];
  const graphParts: Uint8Array[] = [];
  const metadata: [string, string][] = [];
  for (const field of fieldsOf(bytes, 'ModelProto')) {
    switch (field.field) {
      case MODEL.irVersion:
        irVersion = integerOf(field, 'ModelProto.ir_version');
        break;
      case MODEL.producerName:
        producer.name = stringOf(field, 'ModelProto.producer_name');
        break;
      case MODEL.producerVersion:
        producer.version = stringOf(field, 'ModelProto.producer_version');
        break;
      case MODEL.graph:
        graphParts.push(messageOf(field, 'ModelProto.graph'));
        break;
      case MODEL.opsetImport:
        opsets.push(decodeOpset(messageOf(field, 'ModelProto.opset_import'), `ModelProto.opset_import[${opsets.length}]`));
        break;
      case MODEL.metadataProps:
        metadata.push(decodeEntry(messageOf(field, 'ModelProto.metadata_props'), `ModelProto.metadata_props[${metadata.length}]`));
        break;
    }
  }
  if (irVersion === undefined && graphParts.length === 0) throw new OnnxFormatError('no ir_version and no graph: the bytes are not a ModelProto');
  if (irVersion === undefined || irVersion < 1) throw new OnnxFormatError(`ir_version is ${irVersion ?? 'missing'}`);
  if (graphParts.length === 0) throw new OnnxFormatError('the model has no graph');
  if (irVersion >= 3 && opsets.length === 0) throw new OnnxFormatError(`IR version ${irVersion} requires opset_import, and there is none`);
  // A message field repeated on the wire merges, and merging equals decoding the parts back to back.
  const graph = decodeGraph(graphParts.length === 1 ? (graphParts[0] as Uint8Array) : concat(graphParts));
  return { irVersion, opsets, producer, ...graph, metadata: Object.fromEntries(metadata) };
}

function decodeGraph(bytes: Uint8Array): Pick<OnnxSignature, 'inputs' | 'outputs'> {
  const declaredInputs: OnnxValueInfo[] = [];
  const outputs: OnnxValueInfo[] = [];
  const initializerNames = new Set<string>();
  for (const field of fieldsOf(bytes, 'GraphProto')) {
    switch (field.field) {
      case GRAPH.input:
        declaredInputs.push(decodeValueInfo(messageOf(field, 'GraphProto.input'), `GraphProto.input[${declaredInputs.length}]`));
        break;
      case GRAPH.output:
        outputs.push(decodeValueInfo(messageOf(field, 'GraphProto.output'), `GraphProto.output[${outputs.length}]`));
        break;
      case GRAPH.initializer:
        initializerNames.add(decodeTensorName(messageOf(field, 'GraphProto.initializer'), `GraphProto.initializer[${initializerNames.size}]`));
        break;
    }
  }
  if (outputs.length === 0) throw new OnnxFormatError('the graph declares no outputs');
  return { inputs: declaredInputs.filter((input) => !initializerNames.has(input.name)), outputs };
}

function decodeValueInfo(bytes: Uint8Array, where: string): OnnxValueInfo {
  let name = '';
  let type: Omit<OnnxValueInfo, 'name'> = { kind: 'unknown', elemType: 'undefined', shape: null };
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === VALUE_INFO.name) name = stringOf(field, `${where}.name`);
    else if (field.field === VALUE_INFO.type) type = decodeType(messageOf(field, `${where}.type`), `${where}.type`);
  }
  if (name === '') throw new OnnxFormatError(`${where} has no name`);
  return { name, ...type };
}

const KIND_OF_TYPE_FIELD = new Map<number, OnnxValueKind>([
  [TYPE.tensorType, 'tensor'],
  [TYPE.sparseTensorType, 'sparse_tensor'],
  [TYPE.sequenceType, 'sequence'],
  [TYPE.mapType, 'map'],
  [TYPE.optionalType, 'optional'],
  [TYPE.opaqueType, 'opaque'],
]);

function decodeType(bytes: Uint8Array, where: string): Omit<OnnxValueInfo, 'name'> {
  let type: Omit<OnnxValueInfo, 'name'> = { kind: 'unknown', elemType: 'undefined', shape: null };
  for (const field of fieldsOf(bytes, where)) {
    const kind = KIND_OF_TYPE_FIELD.get(field.field);
    if (kind === undefined) continue;
    const payload = messageOf(field, `${where}.${kind}_type`);
    // TypeProto.Tensor and TypeProto.SparseTensor share their layout: elem_type, shape.
    type = kind === 'tensor' || kind === 'sparse_tensor' ? { kind, ...decodeTensorType(payload, `${where}.${kind}_type`) } : { kind, elemType: 'undefined', shape: null };
  }
  return type;
}

function decodeTensorType(bytes: Uint8Array, where: string): Pick<OnnxValueInfo, 'elemType' | 'shape'> {
  let elemType: OnnxElemType = 'undefined';
  let shape: OnnxDim[] | null = null;
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === TENSOR_TYPE.elemType) elemType = ELEM_TYPES[integerOf(field, `${where}.elem_type`)] ?? 'undefined';
    else if (field.field === TENSOR_TYPE.shape) shape = decodeShape(messageOf(field, `${where}.shape`), `${where}.shape`);
  }
  return { elemType, shape };
}

function decodeShape(bytes: Uint8Array, where: string): OnnxDim[] {
  const dims: OnnxDim[] = [];
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === SHAPE.dim) dims.push(decodeDimension(messageOf(field, `${where}.dim`), `${where}.dim[${dims.length}]`));
  }
  return dims;
}

function decodeDimension(bytes: Uint8Array, where: string): OnnxDim {
  let dim: OnnxDim = null;
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === DIMENSION.dimValue) dim = integerOf(field, `${where}.dim_value`);
    else if (field.field === DIMENSION.dimParam) dim = stringOf(field, `${where}.dim_param`) || null;
  }
  return dim;
}

function decodeTensorName(bytes: Uint8Array, where: string): string {
  let name = '';
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === TENSOR.name) name = stringOf(field, `${where}.name`);
  }
  return name;
}

function decodeOpset(bytes: Uint8Array, where: string): OnnxOpset {
  const opset: OnnxOpset = { domain: '', version: 0 };
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === OPSET_ID.domain) opset.domain = stringOf(field, `${where}.domain`);
    else if (field.field === OPSET_ID.version) opset.version = integerOf(field, `${where}.version`);
  }
  return opset;
}

function decodeEntry(bytes: Uint8Array, where: string): [string, string] {
  const entry: [string, string] = ['', ''];
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === STRING_ENTRY.key) entry[0] = stringOf(field, `${where}.key`);
    else if (field.field === STRING_ENTRY.value) entry[1] = stringOf(field, `${where}.value`);
  }
  return entry;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

/** Mostly printable ASCII in the first kilobyte: a CSV, JSON or pickle-protocol-0 file rather than protobuf. */
function looksLikeText(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 1024);
  let printable = 0;
  for (const byte of head) if ((byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d) printable++;
  return printable / head.length > 0.95;
}
