import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { linearRegressionModel, logisticRegressionModel } from '../../../src/core/models';

/**
 * Binary data for the model p(1) = sigmoid(x0 − x1): the model predicts 1 exactly when x0 > x1
 * (no row has x0 = x1), and every `flipEvery`-th row's label is the other class, so its accuracy is
 * exactly 1 − 1/flipEvery.
 */
export function binaryRows(rows: number, flipEvery = 10): { x0: number; x1: number; y: number }[] {
  return Array.from({ length: rows }, (_, i) => {
    const x0 = ((i * 37) % 101) / 10 - 5;
    const x1 = ((i * 53) % 103) / 10 - 5 + 0.05;
    const predicted = x0 > x1 ? 1 : 0;
    return { x0, x1, y: i % flipEvery === flipEvery - 1 ? 1 - predicted : predicted };
  });
}

export const exactModel = (featureNames?: string[]) => logisticRegressionModel({ weights: [[1, -1]], biases: [0], featureNames });
/** Disagrees with exactModel wherever 0 < x0 − x1 < 2. */
export const shiftedModel = () => logisticRegressionModel({ weights: [[1, -1]], biases: [-2] });
export const regressionModel = () => linearRegressionModel({ weights: [2, -1], bias: 0.5 });

export function writeCsv(path: string, columns: string[], rows: readonly Record<string, number | string>[]): string {
  writeFileSync(path, [columns.join(','), ...rows.map((r) => columns.map((c) => r[c]).join(','))].join('\n') + '\n');
  return path;
}

export function writeModel(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Counts of (true, predicted) for binaryRows: predicted is x0 > x1. */
export function expectedConfusion(rows: ReturnType<typeof binaryRows>): number[][] {
  const counts = [[0, 0], [0, 0]];
  for (const r of rows) counts[r.y]![r.x0 > r.x1 ? 1 : 0]!++;
  return counts;
}
