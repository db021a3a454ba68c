import type { Label } from './labels';
import { sortLabels } from './labels';
import { sortFloat64 } from './sort-float64';
import type { ProbabilityScores } from './probability-scores';

/** A metric's value, or null and why it has none. */
export interface MaybeMetric {
  value: number | null;
  reason?: string;
}

/**
 * Area under the ROC curve as scikit-learn's roc_auc_score computes it (trapezoids under roc_curve),
 * which equals the Mann–Whitney statistic: the share of (positive, negative) pairs the scores rank
 * correctly, a tie counting ½. Exact, O(n log n); sorts its arguments in place (their order carries
 * no meaning).
 */
export function aucOfScores(positives: Float64Array, negatives: Float64Array): number {
  sortFloat64(positives);
  sortFloat64(negatives);
  let below = 0;
  let belowOrEqual = 0;
  let pairs = 0;
  for (let i = 0; i < positives.length; i++) {
    const score = positives[i]!;
    while (below < negatives.length && negatives[below]! < score) below++;
    if (belowOrEqual < below) belowOrEqual = below;
    while (belowOrEqual < negatives.length && negatives[belowOrEqual]! <= score) belowOrEqual++;
    pairs += below + (belowOrEqual - below) / 2;
  }
  return pairs / (positives.length * negatives.length);
}

/**
 * roc_auc_score of a model's probabilities. Two columns: the binary score is the column of the
 * greater class (sklearn's positive label, as in `predict_proba(X)[:, 1]`). More: one-vs-rest, macro
 * (`multi_class='ovr', average='macro'`), each class's column against all other rows. Undefined (null)
 * when y_true holds one class only, when a class of the model has no row (sklearn raises or gives
 * nan), or when y_true holds a label that is none of the model's classes.
 */
export function rocAuc(scores: ProbabilityScores, columnClasses: readonly Label[], idOf: (label: Label) => number | undefined, labelOf: (id: number) => Label): MaybeMetric {
  const columnIds = columnClasses.map(idOf);
  const outsider = scores.trueIds().find((t) => !columnIds.includes(t));
  if (outsider !== undefined) return { value: null, reason: `y_true holds ${JSON.stringify(labelOf(outsider))}, which is not one of the model's classes` };
  if (scores.trueIds().length < 2) return { value: null, reason: 'only one class is present in y_true' };
  if (columnClasses.length === 2) {
    const greater = sortLabels(columnClasses)[1]!;
    const column = columnClasses.indexOf(greater);
    const positive = columnIds[column]!;
    return { value: aucOfScores(scores.of(column, positive), scores.ofOthers(column, positive)) };
  }
  let sum = 0;
  for (let j = 0; j < columnClasses.length; j++) {
    const id = columnIds[j];
    const positives = id === undefined ? new Float64Array(0) : scores.of(j, id);
    if (positives.length === 0) return { value: null, reason: `class ${JSON.stringify(columnClasses[j])} has no rows in y_true, so its one-vs-rest AUC is undefined` };
    sum += aucOfScores(positives, scores.ofOthers(j, id!));
  }
  return { value: sum / columnClasses.length };
}
