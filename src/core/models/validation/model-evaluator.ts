import { invalid } from '../../errors';
import { ColumnClasses } from './column-classes';
import type { Label, Metrics } from './metrics';
import { ClassificationAccumulator, RegressionAccumulator } from './metrics';
import type { ScoredClasses, ValidationSession } from './model-session';
import { trueClass, trueValue } from './targets';
import type { ColumnChunk } from '../../table';
import { LabelColumn } from './label-column';

type Row = Record<string, unknown>;

/** Scores batches of rows with one model and accumulates its metrics. */
export class ModelEvaluator {
  private classification?: { metrics: ClassificationAccumulator; classes: ColumnClasses };
  private readonly regression = new RegressionAccumulator();
  private readonly labels: LabelColumn;

  constructor(
    readonly session: ValidationSession,
    private readonly label: string,
  ) {
    this.labels = new LabelColumn(label);
  }

  /** A batch of columns; `firstRow` is the 1-based data row number of its first row, for messages. */
  async addColumns(chunk: ColumnChunk, firstRow: number): Promise<void> {
    const scored = await this.session.scoreColumns(chunk, this.label, firstRow);
    if (scored.task === 'regression') {
      this.regression.add(this.labels.values(chunk, firstRow), scored.values);
      return;
    }
    checkProbabilities(scored.probabilities, scored.columns, firstRow);
    const { metrics, classes } = (this.classification ??= this.classifying(scored));
    const trueIds = this.labels.classIds(chunk, this.session.labelKind, metrics.ids, firstRow);
    const predIds = new Int32Array(scored.labels.length);
    for (let r = 0; r < predIds.length; r++) predIds[r] = metrics.ids.idOf(scored.labels[r]!);
    metrics.addIds({ trueIds, predIds, probabilities: scored.probabilities });
    classes.observe(scored.labels, scored.probabilities);
  }

  /** `firstRow` is the 1-based data row number of `rows[0]`, for messages. */
  async add(rows: readonly Row[], firstRow: number): Promise<void> {
    const scored = await this.session.score(rows, this.label, firstRow);
    if (scored.task === 'regression') {
      this.regression.add(rows.map((row, i) => trueValue(row[this.label], this.label, firstRow + i)), scored.values);
      return;
    }
    checkProbabilities(scored.probabilities, scored.columns, firstRow);
    const kind = this.session.labelKind;
    const yTrue: Label[] = rows.map((row, i) => trueClass(row[this.label], kind, this.label, firstRow + i));
    this.classification ??= this.classifying(scored);
    this.classification.metrics.add({ yTrue, yPred: scored.labels, probabilities: scored.probabilities });
    this.classification.classes.observe(scored.labels, scored.probabilities);
  }

  private classifying(scored: ScoredClasses) {
    return { metrics: new ClassificationAccumulator({ probabilityColumns: scored.columns }), classes: new ColumnClasses(scored.columns, scored.classes) };
  }

  result(): Metrics {
    if (this.session.outputs.task === 'regression') return this.regression.result();
    if (!this.classification) throw invalid('no rows to compute metrics on');
    const { classes, reason } = this.classification.classes.result();
    return this.classification.metrics.result(reason ? undefined : classes, reason);
  }
}

function checkProbabilities(probabilities: ArrayLike<number>, columns: number, firstRow: number): void {
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i]!;
    if (p !== p) throw invalid(`row ${firstRow + Math.floor(i / columns)}: the model's probabilities are NaN (a missing feature value?)`);
  }
}
