import { ConfusionAccumulator } from './confusion';
import type { Label } from './labels';
import { LabelIds } from './labels';
import { FLOAT64_EPS, logLossOfScores } from './log-loss';
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
  /** Numbers every label seen; addIds takes ids from it. */
  readonly ids = new LabelIds();
  private readonly confusion = new ConfusionAccumulator(this.ids);
  private readonly scores?: ProbabilityScores;
  private readonly eps: number;

  constructor(options: ClassificationOptions = {}) {
    if (options.probabilityColumns !== undefined) this.scores = new ProbabilityScores(options.probabilityColumns);
    this.eps = options.eps ?? FLOAT64_EPS;
  }

  add(batch: ClassificationBatch): void {
    const trueIds = new Int32Array(batch.yTrue.length);
    for (let i = 0; i < trueIds.length; i++) trueIds[i] = this.ids.idOf(batch.yTrue[i]!);
    const predIds = new Int32Array(batch.yPred.length);
    for (let i = 0; i < predIds.length; i++) predIds[i] = this.ids.idOf(batch.yPred[i]!);
    this.addIds({ trueIds, predIds, probabilities: batch.probabilities });
  }

  /** A batch as label ids from `ids` (callers that number labels once per distinct value). */
  addIds(batch: { trueIds: Int32Array; predIds: Int32Array; probabilities?: ArrayLike<number> }): void {
    this.confusion.addIds(batch.trueIds, batch.predIds);
    if (!this.scores) return;
    if (!batch.probabilities) throw new Error('this accumulator expects probabilities with every batch');
    this.scores.add(batch.trueIds, batch.probabilities);
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
    if (!this.scores) {
      unavailable.roc_auc = unavailable.log_loss = 'the model gives no probabilities';
    } else if (!columnClasses || columnClasses.some((c) => c === undefined)) {
      unavailable.roc_auc = unavailable.log_loss = unknownReason;
    } else {
      const classes = columnClasses as Label[];
      const [idOf, labelOf] = [(l: Label) => this.ids.find(l), (id: number) => this.ids.labels[id]!];
      const aucResult = rocAuc(this.scores, classes, idOf, labelOf);
      const lossResult = logLossOfScores(this.scores, this.eps, classes, idOf, labelOf);
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
