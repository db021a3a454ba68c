/** Plain-TypeScript predictions from the same weights the ONNX builders take, and seeded data for them. */
import type { DenseLayer, HiddenActivation, TreeNode } from '../../../src/core/models';

import { seededRandom } from '../../helpers/seeded-random';

export { seededRandom };

/** Values in [-scale, scale), rounded to float32 as the model sees them. */
export function randomMatrix(random: () => number, rows: number, columns: number, scale = 1): number[][] {
  return Array.from({ length: rows }, () => Array.from({ length: columns }, () => Math.fround((random() * 2 - 1) * scale)));
}

export const dot = (a: readonly number[], b: readonly number[]): number => a.reduce((sum, value, i) => sum + value * (b[i] as number), 0);

export function softmax(logits: readonly number[]): number[] {
  const max = Math.max(...logits);
  const exps = logits.map((z) => Math.exp(z - max));
  const total = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / total);
}

export const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** First index of the largest value, as ArgMax and the tree classifier break ties. */
export const argmax = (values: readonly number[]): number => values.indexOf(Math.max(...values));

/** Probabilities of a linear classifier head: one logit is binary (sigmoid of the second class), several are softmax. */
export function classifierProbabilities(logits: readonly number[]): number[] {
  if (logits.length === 1) {
    const positive = sigmoid(logits[0] as number);
    return [1 - positive, positive];
  }
  return softmax(logits);
}

export function logits(weights: readonly (readonly number[])[], biases: readonly number[], row: readonly number[]): number[] {
  return weights.map((w, k) => dot(w, row) + (biases[k] as number));
}

const ACTIVATIONS: Record<HiddenActivation, (z: number) => number> = { relu: (z) => Math.max(0, z), tanh: Math.tanh, sigmoid };

export function mlpForward(layers: readonly DenseLayer[], activation: HiddenActivation, row: readonly number[]): number[] {
  let value = [...row];
  layers.forEach((layer, i) => {
    if (i > 0) value = value.map(ACTIVATIONS[activation]);
    value = logits(layer.weights, layer.biases, value);
  });
  return value;
}

/** The leaf a row reaches, comparing in float32 as onnxruntime does for a float input. */
export function walkTree(node: TreeNode, row: readonly number[]): number[] {
  let current = node;
  while (!('leaf' in current)) current = Math.fround(row[current.feature] as number) <= Math.fround(current.threshold) ? current.left : current.right;
  return current.leaf;
}

export function sumLeaves(trees: readonly TreeNode[], row: readonly number[]): number[] {
  const leaves = trees.map((tree) => walkTree(tree, row));
  return (leaves[0] as number[]).map((_, k) => leaves.reduce((sum, leaf) => sum + (leaf[k] as number), 0));
}

/** A full tree of the given depth: random features and thresholds, leaves of `width` values from `leafValues`. */
export function randomTree(random: () => number, depth: number, featureCount: number, leafValues: () => number[]): TreeNode {
  if (depth === 0) return { leaf: leafValues() };
  return {
    feature: Math.floor(random() * featureCount),
    threshold: Math.fround(random() * 2 - 1),
    left: randomTree(random, depth - 1, featureCount, leafValues),
    right: randomTree(random, depth - 1, featureCount, leafValues),
  };
}

/** Asserts two float vectors agree within float32 arithmetic's error. */
export function assertClose(actual: readonly number[], expected: readonly number[], what: string, tolerance = 1e-5): void {
  if (actual.length !== expected.length) throw new Error(`${what}: ${actual.length} values, expected ${expected.length}`);
  actual.forEach((value, i) => {
    const want = expected[i] as number;
    if (!(Math.abs(value - want) <= tolerance * Math.max(1, Math.abs(want)))) throw new Error(`${what}[${i}] is ${value}, expected ${want}`);
  });
}

/** Labels agree wherever the reference's top two probabilities are not a float32 near-tie. */
export function assertLabels(actual: readonly number[], probabilities: readonly (readonly number[])[], classes: readonly number[], what: string): void {
  probabilities.forEach((row, i) => {
    const sorted = [...row].sort((a, b) => b - a);
    if ((sorted[0] as number) - (sorted[1] as number) < 1e-5) return;
    const want = classes[argmax(row)];
    if (actual[i] !== want) throw new Error(`${what}: row ${i} labelled ${actual[i]}, expected ${want} (probabilities ${row.join(', ')})`);
  });
}
