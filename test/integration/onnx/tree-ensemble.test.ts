import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TreeNode } from '../../../src/core/models';
import { treeEnsembleModel } from '../../../src/core/models';
import { loadSession, predict } from './ort-session';
import { assertClose, assertLabels, randomMatrix, randomTree, seededRandom, softmax, sumLeaves } from './reference';

const BATCH_SIZES = [1, 256];

describe('tree ensembles in onnxruntime (ai.onnx.ml)', () => {
  it('regressor, sum (boosting) with base values: matches walking every tree by hand', async () => {
    const random = seededRandom(20);
    const trees = Array.from({ length: 5 }, () => randomTree(random, 4, 6, () => randomMatrix(random, 1, 2)[0] as number[]));
    const baseValues = [Math.fround(0.5), Math.fround(-2)];
    const session = await loadSession(treeEnsembleModel({ task: 'regression', trees, featureCount: 6, baseValues }));
    assert.deepEqual(session.outputNames, ['variable']);
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 6);
      const { variable } = await predict(session, rows);
      assert.deepEqual(variable?.dims, [n, 2]);
      assertClose(variable?.values ?? [], rows.flatMap((row) => sumLeaves(trees, row).map((sum, k) => sum + (baseValues[k] as number))), `batch ${n}`);
    }
  });

  it('regressor, average (random forest)', async () => {
    const random = seededRandom(21);
    const trees = Array.from({ length: 7 }, () => randomTree(random, 3, 4, () => randomMatrix(random, 1, 1, 10)[0] as number[]));
    const session = await loadSession(treeEnsembleModel({ task: 'regression', trees, featureCount: 4, aggregate: 'average' }));
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 4);
      const { variable } = await predict(session, rows);
      assertClose(variable?.values ?? [], rows.map((row) => (sumLeaves(trees, row)[0] as number) / trees.length), `batch ${n}`);
    }
  });

  it('a value equal to the threshold goes left (x <= threshold), as in scikit-learn', async () => {
    const tree: TreeNode = { feature: 1, threshold: 0.25, left: { leaf: [1] }, right: { leaf: [2] } };
    const session = await loadSession(treeEnsembleModel({ task: 'regression', trees: [tree], featureNames: ['a', 'b'] }));
    const { variable } = await predict(session, [[9, 0.25], [9, 0.2500001], [9, -3]]);
    assert.deepEqual(variable?.values, [1, 2, 1]);
  });

  it('classifier (random-forest probabilities): summed leaf scores, label of the highest, plain tensors', async () => {
    const random = seededRandom(22);
    const treeCount = 6;
    const leafProbabilities = (): number[] => {
      const raw = [random(), random(), random()];
      const total = raw.reduce((a, b) => a + b, 0);
      return raw.map((p) => Math.fround(p / total / treeCount));
    };
    const trees = Array.from({ length: treeCount }, () => randomTree(random, 4, 5, leafProbabilities));
    const classes = [3, 1, 2];
    const session = await loadSession(treeEnsembleModel({ task: 'classification', trees, featureCount: 5, classes }));
    assert.deepEqual(session.outputNames, ['label', 'probabilities']);
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 5);
      const expected = rows.map((row) => sumLeaves(trees, row));
      const { label, probabilities } = await predict(session, rows);
      assert.equal(label?.type, 'int64');
      assert.deepEqual(label?.dims, [n]);
      assert.equal(probabilities?.type, 'float32');
      assert.deepEqual(probabilities?.dims, [n, 3]);
      assertClose(probabilities?.values ?? [], expected.flat(), `batch ${n} probabilities`);
      assertLabels(label?.values ?? [], expected, classes, `batch ${n} labels`);
    }
  });

  it('binary classifier: probabilities as the leaves give them; label is the higher score, not onnxruntime\'s "second class when its score > 0"', async () => {
    const tree: TreeNode = { feature: 0, threshold: 0, left: { leaf: [0.9, 0.1] }, right: { feature: 1, threshold: 1, left: { leaf: [0.3, 0.7] }, right: { leaf: [0, 1] } } };
    const session = await loadSession(treeEnsembleModel({ task: 'classification', trees: [tree], featureCount: 2, classes: [0, 1] }));
    const { label, probabilities } = await predict(session, [[-1, 0], [1, 0], [1, 2]]);
    assert.deepEqual(label?.values, [0, 1, 1]);
    assertClose(probabilities?.values ?? [], [0.9, 0.1, 0.3, 0.7, 0, 1], 'probabilities');
  });

  it('classifier with softmax post-transform (boosting raw scores)', async () => {
    const random = seededRandom(23);
    const trees = Array.from({ length: 4 }, () => randomTree(random, 3, 3, () => randomMatrix(random, 1, 4)[0] as number[]));
    const session = await loadSession(treeEnsembleModel({ task: 'classification', trees, featureCount: 3, postTransform: 'softmax' }));
    for (const n of BATCH_SIZES) {
      const rows = randomMatrix(random, n, 3);
      const expected = rows.map((row) => softmax(sumLeaves(trees, row)));
      const { label, probabilities } = await predict(session, rows);
      assertClose(probabilities?.values ?? [], expected.flat(), `batch ${n} probabilities`);
      assertLabels(label?.values ?? [], expected, [0, 1, 2, 3], `batch ${n} labels`);
    }
  });
});
