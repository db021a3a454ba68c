import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { InferenceSession } from 'onnxruntime-node';
import { Tensor } from 'onnxruntime-node';
import type { OnnxElemType, OnnxValueInfo } from '../../../src/core/models';
import { readOnnxSignature } from '../../../src/core/models';
import { FOREIGN_CLASSES, FOREIGN_COEFFICIENTS, FOREIGN_INTERCEPTS, foreignModel } from '../../unit/onnx/foreign-model';
import { sampleModels } from '../../unit/onnx/sample-models';
import { loadSession } from './ort-session';
import { argmax, logits, randomMatrix, seededRandom } from './reference';

const ORT_TYPES: Partial<Record<OnnxElemType, string>> = { float: 'float32', double: 'float64', int64: 'int64', int32: 'int32', bool: 'bool', string: 'string' };

/** onnxruntime's own reading of the model: names, tensor types, shapes (an open dim is "" there, null here). */
function assertSameAsOnnxruntime(ours: OnnxValueInfo[], theirs: readonly InferenceSession.ValueMetadata[]): void {
  assert.deepEqual(ours.map((value) => value.name), theirs.map((value) => value.name));
  ours.forEach((value, i) => {
    const metadata = theirs[i] as InferenceSession.ValueMetadata;
    assert.equal(value.kind === 'tensor', metadata.isTensor, `${value.name} is a tensor`);
    if (!metadata.isTensor) return;
    assert.equal(ORT_TYPES[value.elemType], metadata.type, `${value.name} element type`);
    assert.deepEqual(value.shape?.map((dim) => dim ?? ''), metadata.shape, `${value.name} shape`);
  });
}

describe('readOnnxSignature agrees with onnxruntime', () => {
  for (const sample of sampleModels()) {
    it(`on the ${sample.name}`, async () => {
      const session = await loadSession(sample.bytes);
      const signature = readOnnxSignature(sample.bytes);
      assertSameAsOnnxruntime(signature.inputs, session.inputMetadata);
      assertSameAsOnnxruntime(signature.outputs, session.outputMetadata);
    });
  }

  it('on a converter-style model with unknown fields, a split graph, an initializer input and a ZipMap output', async () => {
    const bytes = foreignModel();
    const session = await loadSession(bytes);
    const signature = readOnnxSignature(bytes);
    assertSameAsOnnxruntime(signature.inputs, session.inputMetadata);
    assertSameAsOnnxruntime(signature.outputs, session.outputMetadata);
    // And onnxruntime runs it, so the hand-written bytes are a real model, not one only this reader accepts.
    const rows = randomMatrix(seededRandom(30), 256, 3, 2);
    const result = await session.run({ float_input: new Tensor('float32', Float32Array.from(rows.flat()), [256, 3]) }, ['output_label']);
    const expected = rows.map((row) => FOREIGN_CLASSES[argmax(logits(FOREIGN_COEFFICIENTS, FOREIGN_INTERCEPTS, row))]);
    assert.deepEqual(Array.from(result.output_label?.data as BigInt64Array, Number), expected);
  });
});
