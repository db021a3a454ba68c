import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { DenseLayer, HiddenActivation } from '../../../src/core/models';
import { mlpModel } from '../../../src/core/models';
import { loadSession, predict } from './ort-session';
import { assertClose, assertLabels, classifierProbabilities, mlpForward, randomMatrix, seededRandom } from './reference';

const BATCH_SIZES = [1, 256];

function randomLayers(random: () => number, widths: number[]): DenseLayer[] {
  return widths.slice(1).map((outputs, i) => ({
    weights: randomMatrix(random, outputs, widths[i] as number),
    biases: randomMatrix(random, 1, outputs, 0.5)[0] as number[],
  }));
}

describe('MLP in onnxruntime', () => {
  for (const activation of ['relu', 'tanh', 'sigmoid'] as HiddenActivation[]) {
    it(`regression with ${activation} hidden layers matches a plain forward pass, for one row and a batch of 256`, async () => {
      const random = seededRandom(10);
      const layers = randomLayers(random, [5, 16, 8, 2]);
      const session = await loadSession(mlpModel({ layers, activation, task: 'regression' }));
      assert.deepEqual(session.outputNames, ['variable']);
      for (const n of BATCH_SIZES) {
        const rows = randomMatrix(random, n, 5, 2);
        const { variable } = await predict(session, rows);
        assert.deepEqual(variable?.dims, [n, 2]);
        assertClose(variable?.values ?? [], rows.flatMap((row) => mlpForward(layers, activation, row)), `${activation} batch ${n}`, 1e-4);
      }
    });
  }

  it('multiclass classification: softmax of the last layer, labels from the given classes', async () => {
    const random = seededRandom(11);
    const layers = randomLayers(random, [4, 12, 3]);
    const classes = [5, 6, 7];
    const session = await loadSession(mlpModel({ layers, task: 'classification', classes }));
    assert.deepEqual(session.outputNames, ['label', 'probabilities']);
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 4, 2);
      const expected = rows.map((row) => classifierProbabilities(mlpForward(layers, 'relu', row)));
      const { label, probabilities } = await predict(session, rows);
      assert.deepEqual(label?.dims, [n]);
      assert.deepEqual(probabilities?.dims, [n, 3]);
      assertClose(probabilities?.values ?? [], expected.flat(), `batch ${n} probabilities`, 1e-4);
      assertLabels(label?.values ?? [], expected, classes, `batch ${n} labels`);
    }
  });

  it('binary classification: one output unit is the second class through a sigmoid', async () => {
    const random = seededRandom(12);
    const layers = randomLayers(random, [3, 6, 1]);
    const session = await loadSession(mlpModel({ layers, task: 'classification' }));
    const rows = randomMatrix(random, 256, 3, 2);
    const expected = rows.map((row) => classifierProbabilities(mlpForward(layers, 'relu', row)));
    const { label, probabilities } = await predict(session, rows);
    assert.deepEqual(probabilities?.dims, [256, 2]);
    assertClose(probabilities?.values ?? [], expected.flat(), 'probabilities', 1e-4);
    assertLabels(label?.values ?? [], expected, [0, 1], 'labels');
  });

  it('a single layer is a linear model', async () => {
    const session = await loadSession(mlpModel({ layers: [{ weights: [[2, -1]], biases: [0.5] }], task: 'regression' }));
    const { variable } = await predict(session, [[1, 1], [3, 0]]);
    assert.deepEqual(variable?.values, [1.5, 6.5]);
  });
});
