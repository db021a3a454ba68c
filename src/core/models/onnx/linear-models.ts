import { addClassifierHead } from './classifier-head';
import { GraphBuilder } from './graph-builder';
import type { FeatureOptions } from './model-frame';
import { BATCH_DIM, INPUT_NAME, OUTPUT, modelBytes } from './model-frame';
import { checkMatrix, checkNumber, checkVector, transposed } from './weights';
import type { ClassLabels } from './weights';

export interface LinearRegressionWeights extends FeatureOptions {
  /** One weight per feature. */
  weights: number[];
  bias: number;
}

/** variable = input · weights + bias: "input" float [N, F] → "variable" float [N, 1]. */
export function linearRegressionModel(model: LinearRegressionWeights): Uint8Array {
  checkVector(model.weights, 'weights');
  checkNumber(model.bias, 'bias');
  const featureCount = model.weights.length;
  const graph = new GraphBuilder('linear_regression', [INPUT_NAME]);
  const product = graph.node('MatMul', [INPUT_NAME, graph.constant('coefficients', [featureCount, 1], model.weights)]);
  graph.node('Add', [product, graph.constant('intercept', [1], [model.bias])], { output: OUTPUT.value });
  return modelBytes(graph, { featureCount, featureNames: model.featureNames, outputs: [{ name: OUTPUT.value, elemType: 'float', shape: [BATCH_DIM, 1] }] });
}

export interface LogisticRegressionWeights extends FeatureOptions {
  /**
   * sklearn's coef_ layout: one row of F weights per class, or a single row for a binary model
   * (that row scores the second class).
   */
  weights: number[][];
  /** One per row of weights (sklearn's intercept_). */
  biases: number[];
  /** Labels of the classes (int64s or strings), in probability-column order; default 0..C-1. */
  classes?: ClassLabels;
}

/** "input" float [N, F] → "label" int64 [N] and "probabilities" float [N, C] (sigmoid if binary, else softmax). */
export function logisticRegressionModel(model: LogisticRegressionWeights): Uint8Array {
  const { rows, columns: featureCount } = checkMatrix(model.weights, 'weights');
  checkVector(model.biases, 'biases', rows);
  const graph = new GraphBuilder('logistic_regression', [INPUT_NAME]);
  const product = graph.node('MatMul', [INPUT_NAME, graph.constant('coefficients', [featureCount, rows], transposed(model.weights))]);
  const logits = graph.node('Add', [product, graph.constant('intercepts', [rows], model.biases)]);
  const outputs = addClassifierHead(graph, logits, rows, model.classes);
  return modelBytes(graph, { featureCount, featureNames: model.featureNames, outputs });
}
