import { invalid } from '../../../errors';
import type { Label } from './labels';
import { LabelIds, sortLabels } from './labels';
import type { ClassMetrics, ConfusionMatrix } from './types';

export interface ConfusionSummary {
  rows: number;
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  perClass: ClassMetrics[];
  confusionMatrix: ConfusionMatrix;
}

/**
 * Counts (true, predicted) label pairs batch by batch; memory is labels², not rows. The summary
 * follows scikit-learn: accuracy_score; confusion_matrix with labels=None (the sorted union of the
 * true and predicted labels); precision_recall_fscore_support with zero_division=0, where
 * F1 = 2·tp / (2·tp + fp + fn) (sklearn ≥ 1.3) and the macro average is the unweighted mean over
 * those labels.
 */
export class ConfusionAccumulator {
  /** counts[trueId][predId], grown as labels appear. */
  private readonly counts: number[][] = [];
  private rows = 0;

  /** `ids` numbers the labels; share it to feed label ids (addIds) that other accumulators also read. */
  constructor(readonly ids = new LabelIds()) {}

  add(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>): void {
    if (yTrue.length !== yPred.length) throw invalid(`y_true has ${yTrue.length} labels, y_pred ${yPred.length}`);
    const trueIds = new Int32Array(yTrue.length);
    const predIds = new Int32Array(yPred.length);
    for (let i = 0; i < yTrue.length; i++) {
      trueIds[i] = this.ids.idOf(yTrue[i]!);
      predIds[i] = this.ids.idOf(yPred[i]!);
    }
    this.addIds(trueIds, predIds);
  }

  /** Pairs of label ids from `ids`. */
  addIds(trueIds: ArrayLike<number>, predIds: ArrayLike<number>): void {
    if (trueIds.length !== predIds.length) throw invalid(`y_true has ${trueIds.length} labels, y_pred ${predIds.length}`);
    while (this.counts.length < this.ids.size) {
      for (const row of this.counts) row.push(0);
      this.counts.push(new Array<number>(this.counts.length + 1).fill(0));
    }
    const counts = this.counts;
    for (let i = 0; i < trueIds.length; i++) counts[trueIds[i]!]![predIds[i]!]!++;
    this.rows += trueIds.length;
  }

  summary(): ConfusionSummary {
    if (this.rows === 0) throw invalid('no rows to compute metrics on');
    const labels = sortLabels(this.ids.labels);
    const order = labels.map((l) => this.ids.find(l)!);
    const counts = order.map((t) => order.map((p) => this.counts[t]?.[p] ?? 0));
    let correct = 0;
    const perClass = labels.map((label, k): ClassMetrics => {
      const tp = counts[k]![k]!;
      const support = counts[k]!.reduce((a, b) => a + b, 0);
      const predicted = counts.reduce((sum, row) => sum + row[k]!, 0);
      correct += tp;
      const [fn, fp] = [support - tp, predicted - tp];
      return { label, precision: ratio(tp, tp + fp), recall: ratio(tp, tp + fn), f1: ratio(2 * tp, 2 * tp + fp + fn), support };
    });
    const mean = (key: 'precision' | 'recall' | 'f1') => perClass.reduce((sum, c) => sum + c[key], 0) / perClass.length;
    return {
      rows: this.rows,
      accuracy: correct / this.rows,
      precision: mean('precision'),
      recall: mean('recall'),
      f1: mean('f1'),
      perClass,
      confusionMatrix: { labels, counts },
    };
  }
}

/** zero_division=0: a ratio whose denominator is 0 counts as 0. */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}
