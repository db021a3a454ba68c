/** One model of every kind the builders make, with the signature each must declare. */
import type { OnnxValueInfo } from '../../../src/core/models';
import { linearRegressionModel, logisticRegressionModel, mlpModel, treeEnsembleModel } from '../../../src/core/models';

export interface SampleModel {
  name: string;
  bytes: Uint8Array;
  usesMlDomain: boolean;
  outputs: OnnxValueInfo[];
  metadata: Record<string, string>;
  featureCount: number;
}

const tensor = (name: string, elemType: 'float' | 'int64', shape: (number | string)[]): OnnxValueInfo => ({ name, kind: 'tensor', elemType, shape });
const variable = (width: number): OnnxValueInfo[] => [tensor('variable', 'float', ['N', width])];
const classifier = (classes: number): OnnxValueInfo[] => [tensor('label', 'int64', ['N']), tensor('probabilities', 'float', ['N', classes])];
const stump = (left: number[], right: number[]) => ({ feature: 1, threshold: 0.5, left: { leaf: left }, right: { leaf: right } });

export function sampleModels(): SampleModel[] {
  return [
    {
      name: 'linear regression with feature names',
      bytes: linearRegressionModel({ weights: [1, 2, 3], bias: 4, featureNames: ['temp', 'wind', 'höhe'] }),
      usesMlDomain: false,
      outputs: variable(1),
      metadata: { feature_names: '["temp","wind","höhe"]' },
      featureCount: 3,
    },
    {
      name: 'binary logistic regression',
      bytes: logisticRegressionModel({ weights: [[0.5, -0.5]], biases: [0], classes: [0, 1] }),
      usesMlDomain: false,
      outputs: classifier(2),
      metadata: { class_labels: '[0,1]' },
      featureCount: 2,
    },
    {
      name: 'multiclass logistic regression',
      bytes: logisticRegressionModel({ weights: [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 1, 0]], biases: [0, 0, 0] }),
      usesMlDomain: false,
      outputs: classifier(3),
      metadata: { class_labels: '[0,1,2]' },
      featureCount: 4,
    },
    {
      name: 'MLP regressor',
      bytes: mlpModel({ layers: [{ weights: [[1, 1], [1, -1], [0, 1]], biases: [0, 0, 0] }, { weights: [[1, 1, 1], [0, 1, 0]], biases: [0, 1] }], task: 'regression' }),
      usesMlDomain: false,
      outputs: variable(2),
      metadata: {},
      featureCount: 2,
    },
    {
      name: 'MLP classifier',
      bytes: mlpModel({ layers: [{ weights: [[1, 1], [1, -1]], biases: [0, 0] }, { weights: [[1, 1], [0, 1], [1, 0], [2, 2]], biases: [0, 0, 0, 0] }], task: 'classification', featureNames: ['a', 'b'] }),
      usesMlDomain: false,
      outputs: classifier(4),
      metadata: { class_labels: '[0,1,2,3]', feature_names: '["a","b"]' },
      featureCount: 2,
    },
    {
      name: 'tree ensemble regressor',
      bytes: treeEnsembleModel({ task: 'regression', trees: [stump([1], [2]), stump([3], [4])], featureCount: 5 }),
      usesMlDomain: true,
      outputs: variable(1),
      metadata: {},
      featureCount: 5,
    },
    {
      name: 'tree ensemble classifier',
      bytes: treeEnsembleModel({ task: 'classification', trees: [stump([0.2, 0.3, 0.5], [0.6, 0.3, 0.1])], featureNames: ['x', 'y'], classes: [7, 8, 9] }),
      usesMlDomain: true,
      outputs: classifier(3),
      metadata: { class_labels: '[7,8,9]', feature_names: '["x","y"]' },
      featureCount: 2,
    },
  ];
}
