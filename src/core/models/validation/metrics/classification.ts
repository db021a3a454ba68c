import { ConfusionAccumulator } from './confusion';
import type { Label } from './labels';
import { LabelIds } from './labels';
import { FLOAT64_EPS, LogLossAccumulator } from './log-loss';
import { ProbabilityScores } from './probability-scores';
import { rocAuc } from './roc-auc';
import type { ClassificationMetrics } from './types';

export interface ClassificationBatch {
  yTrue: ArrayLike<Label>;
  yPred: ArrayLike<Label>;
  /** Row-major, `probabilityColumns` per row: the model's predict_proba. */
  probabilities?: ArrayLike<number>;
}

export interface ClassificationOptions {
  /** How many probability columns each row has; without it, ROC AUC and log loss are not computed. */
  probabilityColumns?: number;
  /** log_loss clipping (see LogLossAccumulator); float64's epsilon by default. */
  eps?: number;
}

/** Every classification metric, fed batch by batch. */
export class ClassificationAccumulator {
  private readonly confusion = new ConfusionAccumulator();
  private readonly ids = new LabelIds();
  private readonly scores?: ProbabilityScores;
  private readonly logLoss?: LogLossAccumulator;

  constructor(options: ClassificationOptions = {}) {
    if (options.probabilityColumns !== undefined) {
      this.scores = new ProbabilityScores(options.probabilityColumns);
      this.logLoss = new LogLossAccumulator(options.probabilityColumns, options.eps ?? FLOAT64_EPS);
    }
  }

  add(batch: ClassificationBatch): void {
    this.confusion.add(batch.yTrue, batch.yPred);
    if (!this.scores || !this.logLoss) return;
    if (!batch.probabilities) throw new Error('this accumulator expects probabilities with every batch');
    const trueIds = Int32Array.from({ length: batch.yTrue.length }, (_, i) => this.ids.idOf(batch.yTrue[i]!));
    this.scores.add(trueIds, batch.probabilities);
    this.logLoss.add(trueIds, batch.probabilities);
  }

  /**
   * `columnClasses[j]` is the class of probability column j (sklearn's `classes_`). Without it, or
   * with an entry unknown, ROC AUC and log loss are null with the reason given.
   */
  result(columnClasses?: readonly (Label | undefined)[], unknownReason = 'the class of each probability column is not known'): ClassificationMetrics {
    const summary = this.confusion.summary();
    const unavailable: Record<string, string> = {};
    let auc: number | null = null;
    let loss: number | null = null;
    if (!this.scores || !this.logLoss) {
      unavailable.roc_auc = unavailable.log_loss = 'the model gives no probabilities';
    } else if (!columnClasses || columnClasses.some((c) => c === undefined)) {
      unavailable.roc_auc = unavailable.log_loss = unknownReason;
    } else {
      const classes = columnClasses as Label[];
      const [idOf, labelOf] = [(l: Label) => this.ids.find(l), (id: number) => this.ids.labels[id]!];
      const aucResult = rocAuc(this.scores, classes, idOf, labelOf);
      const lossResult = this.logLoss.result(classes, idOf, labelOf);
      auc = aucResult.value;
      loss = lossResult.value;
      if (aucResult.reason) unavailable.roc_auc = aucResult.reason;
      if (lossResult.reason) unavailable.log_loss = lossResult.reason;
    }
    return { task: 'classification', ...summary, rocAuc: auc, logLoss: loss, unavailable };
  }
}

/** The metrics of one in-memory batch (tests, small data). */
export function classificationMetrics(yTrue: ArrayLike<Label>, yPred: ArrayLike<Label>, probabilities?: { values: ArrayLike<number>; classes: readonly Label[] }): ClassificationMetrics {
  const accumulator = new ClassificationAccumulator({ probabilityColumns: probabilities?.classes.length });
  accumulator.add({ yTrue, yPred, probabilities: probabilities?.values });
  return accumulator.result(probabilities?.classes);
}
