import { invalid } from '../../../errors';
import type { Label } from './labels';
import { checkShape } from './probability-scores';
import type { MaybeMetric } from './roc-auc';

/** float64 machine epsilon, `np.finfo(np.float64).eps`. */
export const FLOAT64_EPS = 2 ** -52;

/**
 * scikit-learn's log_loss (≥ 1.5): each probability clipped to [eps, 1 − eps] with
 * eps = np.finfo(y_pred.dtype).eps, no renormalisation, the mean of −ln p(true class). The default
 * eps is float64's (2.22e-16), sklearn's for float64 probabilities; pass float32's (2 ** -23) to
 * match sklearn fed float32 arrays. Streaming: one sum per (column, true label) pair, since which
 * column holds which class may only be known at the end.
 */
export class LogLossAccumulator {
  /** sums[column]: true label id → Σ −ln clip(p). */
  private readonly sums: Map<number, number>[];
  private rows = 0;

  constructor(
    readonly columns: number,
    private readonly eps = FLOAT64_EPS,
  ) {
    this.sums = Array.from({ length: columns }, () => new Map());
  }

  add(trueIds: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    checkShape(trueIds.length, probabilities.length, this.columns);
    const [low, high] = [this.eps, 1 - this.eps];
    for (let r = 0; r < trueIds.length; r++) {
      for (let j = 0; j < this.columns; j++) {
        const p = probabilities[r * this.columns + j]!;
        if (Number.isNaN(p)) throw invalid(`probability column ${j} of row ${r + 1} in the batch is NaN`);
        const sums = this.sums[j]!;
        sums.set(trueIds[r]!, (sums.get(trueIds[r]!) ?? 0) - Math.log(Math.min(high, Math.max(low, p))));
      }
    }
    this.rows += trueIds.length;
  }

  result(columnClasses: readonly Label[], idOf: (label: Label) => number | undefined, labelOf: (id: number) => Label): MaybeMetric {
    if (this.rows === 0) return { value: null, reason: 'no rows' };
    const columnIds = columnClasses.map(idOf);
    let total = 0;
    for (const trueId of this.sums[0]!.keys()) {
      const column = columnIds.indexOf(trueId);
      if (column < 0) return { value: null, reason: `y_true holds ${JSON.stringify(labelOf(trueId))}, which is not one of the model's classes` };
      total += this.sums[column]!.get(trueId)!;
    }
    return { value: total / this.rows };
  }
}
