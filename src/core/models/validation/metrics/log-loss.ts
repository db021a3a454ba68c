import { invalid } from '../../../errors';
import type { Label } from './labels';
import type { ProbabilityScores } from './probability-scores';
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
  /** sums[trueId * columns + column] = Σ −ln clip(p), grown as label ids appear. */
  private sums = new Float64Array(0);
  /** Rows per true label id. */
  private counts = new Float64Array(0);
  private rows = 0;

  constructor(
    readonly columns: number,
    private readonly eps = FLOAT64_EPS,
  ) {}

  add(trueIds: ArrayLike<number>, probabilities: ArrayLike<number>): void {
    checkShape(trueIds.length, probabilities.length, this.columns);
    const low = this.eps;
    const high = 1 - this.eps;
    const width = this.columns;
    for (let r = 0; r < trueIds.length; r++) {
      const t = trueIds[r]!;
      if (t >= this.counts.length) this.grow(t + 1);
      this.counts[t]!++;
      const base = t * width;
      for (let j = 0; j < width; j++) {
        const p = probabilities[r * width + j]!;
        if (p !== p) throw invalid(`probability column ${j} of row ${r + 1} in the batch is NaN`);
        this.sums[base + j]! -= Math.log(p < low ? low : p > high ? high : p);
      }
    }
    this.rows += trueIds.length;
  }

  result(columnClasses: readonly Label[], idOf: (label: Label) => number | undefined, labelOf: (id: number) => Label): MaybeMetric {
    if (this.rows === 0) return { value: null, reason: 'no rows' };
    const columnIds = columnClasses.map(idOf);
    let total = 0;
    for (let trueId = 0; trueId < this.counts.length; trueId++) {
      if (this.counts[trueId] === 0) continue;
      const column = columnIds.indexOf(trueId);
      if (column < 0) return { value: null, reason: `y_true holds ${JSON.stringify(labelOf(trueId))}, which is not one of the model's classes` };
      total += this.sums[trueId * this.columns + column]!;
    }
    return { value: total / this.rows };
  }

  private grow(ids: number): void {
    const size = Math.max(ids, this.counts.length * 2, 4);
    const [sums, counts] = [new Float64Array(size * this.columns), new Float64Array(size)];
    sums.set(this.sums);
    counts.set(this.counts);
    [this.sums, this.counts] = [sums, counts];
  }
}

/**
 * LogLossAccumulator's answer from the scores kept for ROC AUC: one logarithm per row (of its true
 * class's column), summed per true label as the accumulator sums, once the columns' classes are known.
 */
export function logLossOfScores(scores: ProbabilityScores, eps: number, columnClasses: readonly Label[], idOf: (label: Label) => number | undefined, labelOf: (id: number) => Label): MaybeMetric {
  const ids = scores.allIds();
  if (ids.length === 0) return { value: null, reason: 'no rows' };
  const columnIds = columnClasses.map(idOf);
  const trueIds = scores.trueIds();
  const outsider = trueIds.find((t) => !columnIds.includes(t));
  if (outsider !== undefined) return { value: null, reason: `y_true holds ${JSON.stringify(labelOf(outsider))}, which is not one of the model's classes` };
  const sums = new Float64Array(Math.max(...trueIds) + 1);
  const columns = Array.from(sums, (_, t) => (columnIds.includes(t) ? scores.column(columnIds.indexOf(t)) : new Float64Array(0)));
  const [low, high] = [eps, 1 - eps];
  for (let r = 0; r < ids.length; r++) {
    const t = ids[r]!;
    const p = columns[t]![r]!;
    sums[t]! -= Math.log(p < low ? low : p > high ? high : p);
  }
  let total = 0;
  for (const t of trueIds) total += sums[t]!;
  return { value: total / ids.length };
}
