import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import { OnnxFormatError, linearRegressionModel, readOnnxSignature, treeEnsembleModel } from '../../../src/core/models';
import { ProtoWriter } from '../../../src/core/models/onnx/wire-writer';
import { foreignModel } from './foreign-model';
import { sampleModels } from './sample-models';

describe('readOnnxSignature on built models', () => {
  for (const sample of sampleModels()) {
    it(`reads back the ${sample.name}`, () => {
      assert.deepEqual(readOnnxSignature(sample.bytes), {
        irVersion: 8,
        opsets: [{ domain: '', version: 17 }, ...(sample.usesMlDomain ? [{ domain: 'ai.onnx.ml', version: 3 }] : [])],
        producer: { name: 'local-mlops', version: '' },
        inputs: [{ name: 'input', kind: 'tensor', elemType: 'float', shape: ['N', sample.featureCount] }],
        outputs: sample.outputs,
        metadata: sample.metadata,
      });
    });
  }

  it('reads a Node Buffer that is a view into a larger pool', () => {
    const bytes = linearRegressionModel({ weights: [1], bias: 0 });
    const pooled = Buffer.concat([Buffer.from('prefix'), bytes]).subarray(6);
    assert.equal(readOnnxSignature(pooled).outputs[0]?.name, 'variable');
  });
});

describe('readOnnxSignature on models from other tools', () => {
  it('skips unknown fields of every wire type, merges a split graph, leaves out initializer inputs', () => {
    assert.deepEqual(readOnnxSignature(foreignModel()), {
      irVersion: 7,
      opsets: [{ domain: 'ai.onnx.ml', version: 1 }, { domain: '', version: 13 }],
      producer: { name: 'skl2onnx', version: '1.16.0' },
      inputs: [{ name: 'float_input', kind: 'tensor', elemType: 'float', shape: [null, 3] }],
      outputs: [
        { name: 'output_label', kind: 'tensor', elemType: 'int64', shape: [null] },
        { name: 'output_probability', kind: 'sequence', elemType: 'undefined', shape: null },
      ],
      metadata: { author: 'Zoë', labels: '{"classes": [4, 5, 6]}' },
    });
  });

  it('tells an unknown rank (no shape) from a scalar (empty shape), and reads negative and symbolic dims', () => {
    // ModelProto{ir_version 9, opset_import{version 21}, graph{output{name, type{tensor_type{elem_type, shape?}}}}}
    const output = (name: string, elemType: number, dims?: ((d: ProtoWriter) => void)[]) => (v: ProtoWriter) =>
      v.string(1, name).message(2, (t) =>
        t.message(1, (tt) => {
          tt.varint(1, elemType);
          if (dims) tt.message(2, (s) => dims.forEach((dim) => s.message(1, dim)));
        }),
      );
    const bytes = new ProtoWriter()
      .varint(1, 9)
      .message(7, (g) =>
        g
          .message(12, output('unranked', 11))
          .message(12, output('scalar', 9, []))
          .message(12, output('odd', 16, [(d) => d.varint(1, -1), (d) => d.string(2, 'batch'), (d) => d.string(2, ''), () => {}]))
          .message(12, output('future_type', 99, [])),
      )
      .message(8, (o) => o.varint(2, 21))
      .finish();
    assert.deepEqual(readOnnxSignature(bytes).outputs, [
      { name: 'unranked', kind: 'tensor', elemType: 'double', shape: null },
      { name: 'scalar', kind: 'tensor', elemType: 'bool', shape: [] },
      { name: 'odd', kind: 'tensor', elemType: 'bfloat16', shape: [-1, 'batch', null, null] },
      { name: 'future_type', kind: 'tensor', elemType: 'undefined', shape: [] },
    ]);
  });
});

function rejects(bytes: Uint8Array, reason: RegExp): OnnxFormatError {
  let caught: unknown;
  try {
    readOnnxSignature(bytes);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof OnnxFormatError, `expected an OnnxFormatError, got ${String(caught)}`);
  assert.ok(caught instanceof DomainError && caught.code === 'INVALID_PARAMETER_VALUE', 'registration can answer it as an invalid parameter');
  assert.match(caught.reason, reason);
  assert.equal(caught.message, `not an ONNX model: ${caught.reason}`);
  return caught;
}

describe('readOnnxSignature refuses what is not an ONNX model', () => {
  it('an empty file', () => {
    rejects(new Uint8Array(), /^the file is empty$/);
  });

  it('text files: CSV, JSON, a Python script', () => {
    for (const text of ['date,temp\n2012-01-01,12.8\n', '{"model": "not really"}\n', 'import onnx\nmodel = onnx.load("m.onnx")\n']) {
      rejects(new TextEncoder().encode(text), /looks like text/);
    }
  });

  it('random bytes', () => {
    let state = 7;
    const next = () => (state = (state * 1103515245 + 12345) % 2 ** 31) >> 16;
    for (let trial = 0; trial < 200; trial++) {
      const bytes = Uint8Array.from({ length: 16 + (trial % 50) * 20 }, () => next() & 0xff);
      rejects(bytes, /./);
    }
  });

  it('every truncation of a model that cuts into its graph', () => {
    const bytes = treeEnsembleModel({ task: 'classification', trees: [{ feature: 0, threshold: 0, left: { leaf: [1, 0] }, right: { leaf: [0, 1] } }], featureCount: 1 });
    // The graph is the last field before opset_import and metadata_props; any cut up to the end of the graph loses it or runs past the end.
    const graphEnd = bytes.length - opsetBytes(bytes) - metadataBytes(bytes);
    for (let length = 1; length < graphEnd; length++) rejects(bytes.subarray(0, length), /./);
    rejects(bytes.subarray(0, graphEnd), /requires opset_import/);
  });

  it('a valid protobuf that is another ONNX message: a bare GraphProto, a bare TensorProto', () => {
    const graph = new ProtoWriter().message(1, (n) => n.string(1, 'x').string(2, 'y').string(4, 'Relu')).string(2, 'g').finish();
    rejects(graph, /ModelProto\.ir_version \(field 1\) is length-delimited, expected varint/);
    const tensor = new ProtoWriter().packedVarints(1, [2, 2]).varint(2, 1).string(8, 'w').finish();
    rejects(tensor, /ModelProto\.ir_version \(field 1\) is length-delimited, expected varint/);
  });

  it('a ModelProto without a graph, or whose graph has no outputs, or with no ir_version', () => {
    rejects(new ProtoWriter().varint(1, 8).message(8, (o) => o.varint(2, 17)).finish(), /^the model has no graph$/);
    rejects(new ProtoWriter().varint(1, 8).message(7, (g) => g.string(2, 'empty')).message(8, (o) => o.varint(2, 17)).finish(), /no outputs/);
    rejects(new ProtoWriter().message(7, (g) => g.string(2, 'g')).finish(), /ir_version is missing/);
    rejects(new ProtoWriter().varint(1000, 5).string(1001, 'only unknown fields').finish(), /no ir_version and no graph/);
  });

  it('names the field whose wire type or text is wrong', () => {
    const model = (graph: (g: ProtoWriter) => void) => new ProtoWriter().varint(1, 8).message(7, graph).message(8, (o) => o.varint(2, 17)).finish();
    rejects(model((g) => g.message(12, (v) => v.varint(1, 3))), /GraphProto\.output\[0\]\.name \(field 1\) is varint, expected length-delimited/);
    rejects(model((g) => g.message(12, (v) => v.message(2, () => {}))), /GraphProto\.output\[0\] has no name/);
    rejects(model((g) => g.message(12, (v) => v.string(1, 'y').bytes(2, Uint8Array.of(0x08)))), /GraphProto\.output\[0\]\.type is not valid protobuf \(truncated varint at byte 1\)/);
    const badUtf8 = new ProtoWriter().varint(1, 8).bytes(2, Uint8Array.of(0xff, 0xfe)).finish();
    rejects(badUtf8, /ModelProto\.producer_name is not valid UTF-8/);
  });
});

/** Byte length of the trailing opset_import fields the encoder writes after the graph. */
function metadataBytes(model: Uint8Array): number {
  const { metadata } = readOnnxSignature(model);
  return Object.entries(metadata).reduce((total, [key, value]) => total + new ProtoWriter().message(14, (e) => e.string(1, key).string(2, value)).finish().length, 0);
}

function opsetBytes(model: Uint8Array): number {
  const opsets = readOnnxSignature(model).opsets;
  return opsets.reduce((total, opset) => total + new ProtoWriter().message(8, (o) => o.string(1, opset.domain).varint(2, opset.version)).finish().length, 0);
}
