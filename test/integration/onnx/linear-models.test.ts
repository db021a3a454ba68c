import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Tensor } from 'onnxruntime-node';
import { linearRegressionModel, logisticRegressionModel } from '../../../src/core/models';
import { loadSession, predict } from './ort-session';
import { assertClose, assertLabels, classifierProbabilities, dot, logits, randomMatrix, seededRandom } from './reference';

const BATCH_SIZES = [1, 256];

describe('linear regression in onnxruntime', () => {
  it('predicts X·w + b as "variable" float32 [N, 1], for one row and a batch of 256', async () => {
    const random = seededRandom(1);
    const weights = randomMatrix(random, 1, 7, 3)[0] as number[];
    const bias = Math.fround(0.75);
    const session = await loadSession(linearRegressionModel({ weights, bias }));
    assert.deepEqual(session.inputNames, ['input']);
    assert.deepEqual(session.outputNames, ['variable']);
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 7, 10);
      const { variable } = await predict(session, rows);
      assert.equal(variable?.type, 'float32');
      assert.deepEqual(variable?.dims, [n, 1]);
      assertClose(variable?.values ?? [], rows.map((row) => dot(weights, row) + bias), `batch ${n}`);
    }
  });
});

describe('logistic regression in onnxruntime', () => {
  it('binary (one row of coefficients, as sklearn): probabilities [1 − σ(z), σ(z)] and the second class when σ(z) > ½', async () => {
    const random = seededRandom(2);
    const weights = randomMatrix(random, 1, 5, 2);
    const biases = [Math.fround(-0.3)];
    const classes = [-1, 1];
    const session = await loadSession(logisticRegressionModel({ weights, biases, classes }));
    assert.deepEqual(session.outputNames, ['label', 'probabilities']);
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 5, 3);
      const expected = rows.map((row) => classifierProbabilities(logits(weights, biases, row)));
      const { label, probabilities } = await predict(session, rows);
      assert.equal(label?.type, 'int64');
      assert.deepEqual(label?.dims, [n]);
      assert.deepEqual(probabilities?.dims, [n, 2]);
      assertClose(probabilities?.values ?? [], expected.flat(), `batch ${n} probabilities`);
      assertLabels(label?.values ?? [], expected, classes, `batch ${n} labels`);
    }
  });

  it('multiclass: softmax over classes, label is the most probable class', async () => {
    const random = seededRandom(3);
    const weights = randomMatrix(random, 4, 6, 2);
    const biases = randomMatrix(random, 1, 4)[0] as number[];
    const session = await loadSession(logisticRegressionModel({ weights, biases }));
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 6, 3);
      const expected = rows.map((row) => classifierProbabilities(logits(weights, biases, row)));
      const { label, probabilities } = await predict(session, rows);
      assert.deepEqual(probabilities?.dims, [n, 4]);
      assertClose(probabilities?.values ?? [], expected.flat(), `batch ${n} probabilities`);
      assertLabels(label?.values ?? [], expected, [0, 1, 2, 3], `batch ${n} labels`);
    }
  });

  it('maps class indexes to the given int64 labels', async () => {
    const weights = [[1, 0], [0, 1], [-1, -1]];
    const session = await loadSession(logisticRegressionModel({ weights, biases: [0, 0, 0], classes: [10, 20, 30] }));
    const { label } = await predict(session, [[5, 0], [0, 5], [-5, -5]]);
    assert.deepEqual(label?.values, [10, 20, 30]);
  });

  it('labels with strings when the classes are strings (a string tensor "label")', async () => {
    const weights = [[1, 0], [0, 1], [-1, -1]];
    const session = await loadSession(logisticRegressionModel({ weights, biases: [0, 0, 0], classes: ['rain', 'snow', 'sun'] }));
    const results = await session.run({ input: new Tensor('float32', Float32Array.from([5, 0, 0, 5, -5, -5]), [3, 2]) });
    const label = results.label as Tensor;
    assert.equal(label.type, 'string');
    assert.deepEqual([...(label.data as string[])], ['rain', 'snow', 'sun']);
  });
});
