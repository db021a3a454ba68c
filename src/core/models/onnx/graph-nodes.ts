import { fieldsOf, integerOf, messageOf, stringOf } from './field-values';
import { ATTRIBUTE, GRAPH, MODEL, NODE } from './onnx-fields';
import { OnnxFormatError } from './onnx-format-error';
import type { WireField } from './wire-reader';
import { WireFormatError, readPackedVarints } from './wire-reader';
import { WIRE } from './wire-types';

/** A graph node as the output planner reads it: its wiring and its int-list and string-list attributes. */
export interface OnnxNode {
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  ints: Record<string, number[]>;
  strings: Record<string, string[]>;
}

/** The nodes of a serialized ModelProto's graph, in file order (the graph split over several fields merged). */
export function readOnnxNodes(bytes: Uint8Array): OnnxNode[] {
  const nodes: OnnxNode[] = [];
  for (const field of fieldsOf(bytes, 'ModelProto')) {
    if (field.field !== MODEL.graph) continue;
    for (const graphField of fieldsOf(messageOf(field, 'ModelProto.graph'), 'GraphProto')) {
      if (graphField.field === GRAPH.node) nodes.push(decodeNode(messageOf(graphField, 'GraphProto.node'), `GraphProto.node[${nodes.length}]`));
    }
  }
  return nodes;
}

function decodeNode(bytes: Uint8Array, where: string): OnnxNode {
  const node: OnnxNode = { opType: '', domain: '', inputs: [], outputs: [], ints: {}, strings: {} };
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === NODE.opType) node.opType = stringOf(field, `${where}.op_type`);
    else if (field.field === NODE.domain) node.domain = stringOf(field, `${where}.domain`);
    else if (field.field === NODE.input) node.inputs.push(stringOf(field, `${where}.input`));
    else if (field.field === NODE.output) node.outputs.push(stringOf(field, `${where}.output`));
    else if (field.field === NODE.attribute) readAttribute(node, messageOf(field, `${where}.attribute`), `${where}.attribute`);
  }
  return node;
}

function readAttribute(node: OnnxNode, bytes: Uint8Array, where: string): void {
  let name = '';
  const ints: number[] = [];
  const strings: string[] = [];
  for (const field of fieldsOf(bytes, where)) {
    if (field.field === ATTRIBUTE.name) name = stringOf(field, `${where}.name`);
    else if (field.field === ATTRIBUTE.ints) ints.push(...intsOf(field, `${where}.ints`));
    else if (field.field === ATTRIBUTE.strings) strings.push(stringOf(field, `${where}.strings`));
  }
  if (ints.length > 0) node.ints[name] = ints;
  if (strings.length > 0) node.strings[name] = strings;
}

/** A repeated int64 field's values from one wire field: packed (proto3 style) or one varint. */
function intsOf(field: WireField, where: string): number[] {
  if (field.wireType === WIRE.varint) return [integerOf(field, where)];
  try {
    return readPackedVarints(messageOf(field, where)).map((value) => Number(BigInt.asIntN(64, value)));
  } catch (error) {
    if (error instanceof WireFormatError) throw new OnnxFormatError(`${where} is not valid protobuf (${error.message})`);
    throw error;
  }
}
