import { invalid } from '../../errors';
import { addClassifierHead } from './classifier-head';
import { GraphBuilder, int } from './graph-builder';
import type { FeatureOptions } from './model-frame';
import { BATCH_DIM, INPUT_NAME, OUTPUT, modelBytes } from './model-frame';
import { checkMatrix, checkVector } from './weights';
import type { ClassLabels } from './weights';

export interface DenseLayer {
  /** PyTorch's Linear.weight layout: one row of `inputs` weights per output unit. */
  weights: number[][];
  biases: number[];
}

export type HiddenActivation = 'relu' | 'tanh' | 'sigmoid';

export interface MlpWeights extends FeatureOptions {
  layers: DenseLayer[];
  /** Between layers, never after the last one; default relu. */
  activation?: HiddenActivation;
  /**
   * regression: "variable" float [N, outputs of the last layer]. classification: "label" and
   * "probabilities" as logistic regression (one output unit: binary sigmoid; several: softmax).
   */
  task: 'regression' | 'classification';
  /** Classification only: labels (int64s or strings) in probability-column order; default 0..C-1. */
  classes?: ClassLabels;
}

const ACTIVATION_OPS: Record<HiddenActivation, string> = { relu: 'Relu', tanh: 'Tanh', sigmoid: 'Sigmoid' };

/** A feed-forward network of Gemm layers. */
export function mlpModel(model: MlpWeights): Uint8Array {
  if (!Array.isArray(model.layers) || model.layers.length === 0) throw invalid('layers must be a non-empty array');
  const activation = ACTIVATION_OPS[model.activation ?? 'relu'];
  if (activation === undefined) throw invalid(`activation must be one of ${Object.keys(ACTIVATION_OPS).join(', ')}`);
  if (model.task !== 'regression' && model.task !== 'classification') throw invalid(`task must be 'regression' or 'classification', not ${JSON.stringify(model.task)}`);
  if (model.task === 'regression' && model.classes !== undefined) throw invalid('classes apply to classification only');
  const graph = new GraphBuilder('mlp', [INPUT_NAME]);
  const featureCount = model.layers[0]?.weights[0]?.length ?? 0;
  let value = INPUT_NAME;
  let width = featureCount;
  model.layers.forEach((layer, i) => {
    const { rows } = checkMatrix(layer.weights, `layers[${i}].weights`, width);
    checkVector(layer.biases, `layers[${i}].biases`, rows);
    if (i > 0) value = graph.node(activation, [value]);
    const weights = graph.constant(`layer${i}_weights`, [rows, width], layer.weights.flat());
    const biases = graph.constant(`layer${i}_biases`, [rows], layer.biases);
    const last = i === model.layers.length - 1;
    const output = last && model.task === 'regression' ? OUTPUT.value : undefined;
    value = graph.node('Gemm', [value, weights, biases], { attributes: { transB: int(1) }, ...(output && { output }) });
    width = rows;
  });
  const outputs =
    model.task === 'regression'
      ? [{ name: OUTPUT.value, elemType: 'float' as const, shape: [BATCH_DIM, width] }]
      : addClassifierHead(graph, value, width, model.classes);
  return modelBytes(graph, { featureCount, featureNames: model.featureNames, outputs });
}
