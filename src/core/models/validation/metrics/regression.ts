import { invalid } from '../../../errors';
import type { RegressionMetrics } from './types';

/**
 * scikit-learn's mean_absolute_error, root_mean_squared_error and r2_score, fed batch by batch in
 * constant memory. R² = 1 − SS_res / SS_tot with SS_tot from Welford's running mean; as r2_score
 * with force_finite=True (sklearn ≥ 1.1), constant y_true gives 1.0 when the predictions are
 * perfect and 0.0 otherwise, and fewer than two rows leave R² undefined (sklearn warns, gives nan).
 */
export class RegressionAccumulator {
  private rows = 0;
  private absolute = 0;
  private squared = 0;
  private mean = 0;
  /** Σ (y − mean)², updated by Welford's method. */
  private spread = 0;

  add(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): void {
    if (yTrue.length !== yPred.length) throw invalid(`y_true has ${yTrue.length} values, y_pred ${yPred.length}`);
    for (let i = 0; i < yTrue.length; i++) {
      const [y, f] = [yTrue[i]!, yPred[i]!];
      if (!Number.isFinite(y) || !Number.isFinite(f)) throw invalid(`row ${this.rows + 1}: ${Number.isFinite(y) ? `the prediction is ${f}` : `the true value is ${y}`}; metrics need finite numbers`);
      const error = y - f;
      this.absolute += Math.abs(error);
      this.squared += error * error;
      this.rows++;
      const delta = y - this.mean;
      this.mean += delta / this.rows;
      this.spread += delta * (y - this.mean);
    }
  }

  result(): RegressionMetrics {
    if (this.rows === 0) throw invalid('no rows to compute metrics on');
    const unavailable: Record<string, string> = {};
    let r2: number | null;
    if (this.rows < 2) {
      r2 = null;
      unavailable.r2 = 'R² is not defined with fewer than two rows';
    } else if (this.spread === 0) {
      r2 = this.squared === 0 ? 1 : 0;
    } else {
      r2 = 1 - this.squared / this.spread;
    }
    return { task: 'regression', rows: this.rows, mae: this.absolute / this.rows, rmse: Math.sqrt(this.squared / this.rows), r2, unavailable };
  }
}

export function regressionMetrics(yTrue: ArrayLike<number>, yPred: ArrayLike<number>): RegressionMetrics {
  const accumulator = new RegressionAccumulator();
  accumulator.add(yTrue, yPred);
  return accumulator.result();
}
