import { invalid } from '../../errors';
import { ColumnClasses } from './column-classes';
import type { Label, Metrics } from './metrics';
import { ClassificationAccumulator, RegressionAccumulator } from './metrics';
import type { ValidationSession } from './model-session';
import { trueClass, trueValue } from './targets';

type Row = Record<string, unknown>;

/** Scores batches of rows with one model and accumulates its metrics. */
export class ModelEvaluator {
  private classification?: { metrics: ClassificationAccumulator; classes: ColumnClasses };
  private readonly regression = new RegressionAccumulator();

  constructor(
    readonly session: ValidationSession,
    private readonly label: string,
  ) {}

  /** `firstRow` is the 1-based data row number of `rows[0]`, for messages. */
  async add(rows: readonly Row[], firstRow: number): Promise<void> {
    const scored = await this.session.score(rows, this.label, firstRow);
    if (scored.task === 'regression') {
      this.regression.add(rows.map((row, i) => trueValue(row[this.label], this.label, firstRow + i)), scored.values);
      return;
    }
    const nan = scored.probabilities.findIndex(Number.isNaN);
    if (nan >= 0) throw invalid(`row ${firstRow + Math.floor(nan / scored.columns)}: the model's probabilities are NaN (a missing feature value?)`);
    const kind = this.session.labelKind;
    const yTrue: Label[] = rows.map((row, i) => trueClass(row[this.label], kind, this.label, firstRow + i));
    this.classification ??= { metrics: new ClassificationAccumulator({ probabilityColumns: scored.columns }), classes: new ColumnClasses(scored.columns, scored.classes) };
    this.classification.metrics.add({ yTrue, yPred: scored.labels, probabilities: scored.probabilities });
    this.classification.classes.observe(scored.labels, scored.probabilities);
  }

  result(): Metrics {
    if (this.session.outputs.task === 'regression') return this.regression.result();
    if (!this.classification) throw invalid('no rows to compute metrics on');
    const { classes, reason } = this.classification.classes.result();
    return this.classification.metrics.result(reason ? undefined : classes, reason);
  }
}
