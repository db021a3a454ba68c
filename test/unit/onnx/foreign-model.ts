/**
 * A model shaped like a converter's output (skl2onnx's logistic regression with ZipMap), written field
 * by field with the onnx.proto numbers spelled out here, independently of src's onnx-fields.ts: fields
 * out of canonical order, unpacked repeated floats (proto2's default), the graph split over two
 * ModelProto.graph fields (protobuf merges them), an initializer also listed as an input (IR < 4
 * style), a sequence(map) output, and unknown fields of every wire type at every level.
 */
import { ProtoWriter } from '../../../src/core/models/onnx/wire-writer';

export const FOREIGN_COEFFICIENTS = [
  [1.5, -2, 0.25],
  [-1, 0.5, 1],
  [0.2, 1, -1.5],
];
export const FOREIGN_INTERCEPTS = [0.1, -0.2, 0.3];
export const FOREIGN_CLASSES = [4, 5, 6];

export function varintBytes(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  while (rest >= 0x80) {
    bytes.push((rest % 0x80) | 0x80);
    rest = Math.floor(rest / 0x80);
  }
  bytes.push(rest);
  return bytes;
}

export const tagBytes = (field: number, wireType: number): number[] => varintBytes(field * 8 + wireType);

/** Fields no ONNX reader knows, one per wire type; fixed64 and groups (which ONNX never uses) written raw. */
export function unknownFields(): Uint8Array {
  const known = new ProtoWriter().varint(1000, 12345).varint(1001, -7).string(1002, 'future extension').float(1003, 2.5).finish();
  const fixed64 = [...tagBytes(1004, 1), 1, 2, 3, 4, 5, 6, 7, 8];
  const group = [...tagBytes(1005, 3), ...tagBytes(1, 0), 42, ...tagBytes(2, 3), ...tagBytes(1, 2), 1, 0x41, ...tagBytes(2, 4), ...tagBytes(1005, 4)];
  return Uint8Array.from([...known, ...fixed64, ...group]);
}

type Build = (w: ProtoWriter) => void;
const withUnknown = (build: Build): Uint8Array => {
  const w = new ProtoWriter();
  build(w);
  return Uint8Array.from([...unknownFields(), ...w.finish()]);
};

function floatsUnpacked(w: ProtoWriter, field: number, values: number[]): void {
  for (const value of values) w.float(field, value);
}

// AttributeProto: name 1, f 2, i 3, s 4, floats 7, ints 8, type 20 (FLOAT 1, INT 2, STRING 3, FLOATS 6, INTS 7).
const floatsAttribute = (name: string, values: number[]): Build => (a) => {
  a.string(1, name);
  floatsUnpacked(a, 7, values);
  a.varint(20, 6);
};
const intsAttribute = (name: string, values: number[]): Build => (a) => {
  a.string(1, name);
  for (const value of values) a.varint(8, value);
  a.varint(20, 7);
};
const stringAttribute = (name: string, value: string): Build => (a) => a.string(1, name).string(4, value).varint(20, 3);
const intAttribute = (name: string, value: number): Build => (a) => a.string(1, name).varint(3, value).varint(20, 2);

// NodeProto: input 1, output 2, name 3, op_type 4, attribute 5, doc_string 6, domain 7.
function node(w: ProtoWriter, opType: string, domain: string, inputs: string[], outputs: string[], attributes: Build[]): void {
  w.bytes(1, withUnknown((n) => {
    n.string(4, opType).string(7, domain).string(6, `converted ${opType}`);
    for (const input of inputs) n.string(1, input);
    for (const output of outputs) n.string(2, output);
    for (const attribute of attributes) n.message(5, attribute);
    n.string(3, `${opType}_0`);
  }));
}

// TypeProto: tensor_type 1, sequence_type 4, map_type 5, denotation 6. Tensor: elem_type 1, shape 2.
// TensorShapeProto: dim 1; Dimension: dim_value 1, dim_param 2, denotation 3.
function tensorType(elemType: number, dims: (number | null)[]): Uint8Array {
  return withUnknown((type) => {
    type.string(6, 'TENSOR');
    type.bytes(1, withUnknown((tensor) => {
      tensor.varint(1, elemType);
      tensor.bytes(2, withUnknown((shape) => {
        for (const dim of dims) shape.bytes(1, withUnknown((d) => (dim === null ? d.string(3, 'DATA_BATCH') : d.varint(1, dim))));
      }));
    }));
  });
}

// ValueInfoProto: name 1, type 2, doc_string 3.
function valueInfo(w: ProtoWriter, field: number, name: string, type: Uint8Array): void {
  w.bytes(field, withUnknown((v) => v.bytes(2, type).string(3, 'documented').string(1, name)));
}

/** sequence(map(int64, tensor(float))): what ZipMap outputs. */
function zipMapType(): Uint8Array {
  const map = new ProtoWriter().varint(1, 7).bytes(2, tensorType(1, [])).finish();
  const element = new ProtoWriter().bytes(5, map).finish();
  return new ProtoWriter().bytes(4, new ProtoWriter().bytes(1, element).finish()).finish();
}

export function foreignModel(): Uint8Array {
  // GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12, value_info 13.
  const graphNodes = withUnknown((g) => {
    g.string(10, 'A converted scikit-learn pipeline');
    node(g, 'Mul', '', ['float_input', 'scale'], ['scaled'], []);
    node(g, 'LinearClassifier', 'ai.onnx.ml', ['scaled'], ['output_label', 'probability_tensor'], [
      intsAttribute('classlabels_ints', FOREIGN_CLASSES),
      floatsAttribute('coefficients', FOREIGN_COEFFICIENTS.flat()),
      floatsAttribute('intercepts', FOREIGN_INTERCEPTS),
      intAttribute('multi_class', 1),
      stringAttribute('post_transform', 'LOGISTIC'),
    ]);
    node(g, 'Normalizer', 'ai.onnx.ml', ['probability_tensor'], ['probabilities'], [stringAttribute('norm', 'L1')]);
    node(g, 'ZipMap', 'ai.onnx.ml', ['probabilities'], ['output_probability'], [intsAttribute('classlabels_int64s', FOREIGN_CLASSES)]);
    g.string(2, 'pipeline_lr');
    // TensorProto: dims 1, data_type 2, float_data 4 (packed), name 8, doc_string 12.
    g.bytes(5, withUnknown((t) => t.string(8, 'scale').packedVarints(1, [1]).varint(2, 1).packedFloats(4, [1]).string(12, 'a constant')));
  });
  const graphValues = withUnknown((g) => {
    valueInfo(g, 11, 'float_input', tensorType(1, [null, 3]));
    valueInfo(g, 11, 'scale', tensorType(1, [1]));
    valueInfo(g, 12, 'output_label', tensorType(7, [null]));
    valueInfo(g, 12, 'output_probability', zipMapType());
    valueInfo(g, 13, 'scaled', tensorType(1, [null, 3]));
  });
  // ModelProto: ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5,
  // doc_string 6, graph 7, opset_import 8, metadata_props 14; OperatorSetIdProto: domain 1, version 2.
  const model = new ProtoWriter()
    .message(8, (o) => o.string(1, 'ai.onnx.ml').varint(2, 1))
    .message(8, (o) => o.string(1, '').varint(2, 13))
    .bytes(7, graphNodes)
    .string(2, 'skl2onnx')
    .message(14, (e) => e.string(1, 'author').string(2, 'Zoë'))
    .string(3, '1.16.0')
    .string(4, 'ai.onnx')
    .varint(5, 0)
    .string(6, '')
    .bytes(7, graphValues)
    .varint(1, 7)
    .message(14, (e) => e.string(2, '{"classes": [4, 5, 6]}').string(1, 'labels'))
    .finish();
  return Uint8Array.from([...model, ...unknownFields()]);
}
