import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../../src/core/errors';
import type { TreeEnsembleSpec, TreeNode } from '../../../src/core/models';
import { linearRegressionModel, logisticRegressionModel, mlpModel, treeEnsembleModel } from '../../../src/core/models';

function refuses(build: () => unknown, message: RegExp): void {
  assert.throws(build, (error: unknown) => error instanceof DomainError && error.code === 'INVALID_PARAMETER_VALUE' && message.test(error.message));
}

const leaf = (...values: number[]): TreeNode => ({ leaf: values });

describe('ONNX builders refuse weights that cannot make a model', () => {
  it('linear regression: empty or non-finite weights, feature names that do not fit', () => {
    refuses(() => linearRegressionModel({ weights: [], bias: 0 }), /weights must be a non-empty array/);
    refuses(() => linearRegressionModel({ weights: [1, NaN], bias: 0 }), /weights\[1\] is NaN, not a finite number/);
    refuses(() => linearRegressionModel({ weights: [1], bias: Infinity }), /bias is Infinity, not a finite number/);
    refuses(() => linearRegressionModel({ weights: [1, 2], bias: 0, featureNames: ['a'] }), /featureNames has 1 names, but the model takes 2 features/);
    refuses(() => linearRegressionModel({ weights: [1, 2], bias: 0, featureNames: ['a', 'a'] }), /distinct/);
  });

  it('logistic regression: ragged coefficients, bias count, class labels', () => {
    refuses(() => logisticRegressionModel({ weights: [[1, 2], [3]], biases: [0, 0] }), /weights\[1\] has 1 values, expected 2/);
    refuses(() => logisticRegressionModel({ weights: [[1, 2], [3, 4]], biases: [0] }), /biases has 1 values, expected 2/);
    refuses(() => logisticRegressionModel({ weights: [[1, 2]], biases: [0], classes: [0, 1, 2] }), /classes has 3 labels, but the model scores 2 classes/);
    refuses(() => logisticRegressionModel({ weights: [[1], [2]], biases: [0, 0], classes: [1, 1] }), /distinct/);
    refuses(() => logisticRegressionModel({ weights: [[1], [2]], biases: [0, 0], classes: [0.5, 1] }), /class label 0.5 is not an integer/);
  });

  it('MLP: layer widths that do not chain, unknown activation or task', () => {
    const first = { weights: [[1, 2], [3, 4], [5, 6]], biases: [0, 0, 0] };
    refuses(() => mlpModel({ layers: [], task: 'regression' }), /layers must be a non-empty array/);
    refuses(() => mlpModel({ layers: [first, { weights: [[1, 2]], biases: [0] }], task: 'regression' }), /layers\[1\]\.weights\[0\] has 2 values, expected 3/);
    refuses(() => mlpModel({ layers: [first], task: 'regression', activation: 'gelu' as never }), /activation must be one of relu, tanh, sigmoid/);
    refuses(() => mlpModel({ layers: [first], task: 'clustering' as never }), /task must be 'regression' or 'classification'/);
    refuses(() => mlpModel({ layers: [first], task: 'regression', classes: [0, 1, 2] }), /classes apply to classification only/);
  });

  it('trees: feature count, feature indexes, leaf widths, malformed nodes, options', () => {
    const stump: TreeNode = { feature: 0, threshold: 0, left: leaf(1, 0), right: leaf(0, 1) };
    const tree = (spec: Partial<TreeEnsembleSpec>): Uint8Array => treeEnsembleModel({ task: 'classification', trees: [stump], featureCount: 2, ...spec } as TreeEnsembleSpec);
    refuses(() => tree({ featureCount: undefined }), /featureCount \(or featureNames\) must give the number of input features/);
    refuses(() => tree({ trees: [] }), /trees must be a non-empty array/);
    refuses(() => tree({ trees: [{ feature: 2, threshold: 0, left: leaf(1, 0), right: leaf(0, 1) }] }), /trees\[0\]\.feature is 2, not a feature index below 2/);
    refuses(() => tree({ trees: [{ feature: 0, threshold: NaN, left: leaf(1, 0), right: leaf(0, 1) }] }), /trees\[0\]\.threshold is NaN/);
    refuses(() => tree({ trees: [stump, { feature: 1, threshold: 0, left: leaf(1, 0), right: leaf(0, 1, 2) }] }), /trees\[1\]\.right\.leaf has 3 values, expected 2/);
    refuses(() => tree({ trees: [{ feature: 0, threshold: 0, left: { nope: 1 } as never, right: leaf(0, 1) }] }), /trees\[0\]\.left is neither a split/);
    refuses(() => tree({ trees: [leaf(1)] }), /a classifier leaf needs one score per class \(at least 2\)/);
    refuses(() => tree({ postTransform: 'probit' as never }), /postTransform must be 'none' or 'softmax'/);
    refuses(() => tree({ classes: [1, 2, 3] }), /classes has 3 labels, but the model scores 2 classes/);
    refuses(() => treeEnsembleModel({ task: 'regression', trees: [stump], featureCount: 2, baseValues: [1] }), /baseValues has 1 values, expected 2/);
    refuses(() => treeEnsembleModel({ task: 'regression', trees: [stump], featureCount: 2, aggregate: 'max' as never }), /aggregate must be 'sum' or 'average'/);
    refuses(() => treeEnsembleModel({ task: 'regression', trees: [stump], featureNames: ['a', 'b'], featureCount: 3 }), /featureNames has 2 names, but the model takes 3 features/);
  });
});
