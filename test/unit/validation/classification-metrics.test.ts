import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ClassificationAccumulator, classificationMetrics, sortLabels } from '../../../src/core/models';

// Expected values are computed by hand from scikit-learn's definitions; the first case is the example
// of precision_recall_fscore_support's docstring.
const close = (actual: number | null, expected: number) => assert.ok(actual !== null && Math.abs(actual - expected) < 1e-12, `${actual} ≠ ${expected}`);

describe('classification metrics (scikit-learn definitions)', () => {
  it('accuracy, per-class and macro precision/recall/F1, and the confusion matrix in sorted label order', () => {
    const m = classificationMetrics(['cat', 'dog', 'pig', 'cat', 'dog', 'pig'], ['cat', 'pig', 'dog', 'cat', 'cat', 'dog']);
    close(m.accuracy, 2 / 6);
    assert.deepEqual(m.confusionMatrix, { labels: ['cat', 'dog', 'pig'], counts: [[2, 0, 0], [1, 0, 1], [0, 2, 0]] });
    assert.deepEqual(m.perClass.map((c) => [c.label, c.support]), [['cat', 2], ['dog', 2], ['pig', 2]]);
    close(m.perClass[0]!.precision, 2 / 3);
    close(m.perClass[0]!.recall, 1);
    close(m.perClass[0]!.f1, 0.8);
    close(m.precision, 2 / 9);
    close(m.recall, 1 / 3);
    close(m.f1, 0.8 / 3);
  });

  it('zero_division=0: a class never predicted has precision 0, and F1 = 2tp / (2tp + fp + fn)', () => {
    const m = classificationMetrics([0, 0, 1, 1], [0, 0, 0, 0]);
    assert.deepEqual(m.perClass.map((c) => [c.precision, c.recall]), [[0.5, 1], [0, 0]]);
    close(m.perClass[0]!.f1, 2 / 3);
    close(m.f1, 1 / 3);
    close(m.precision, 0.25);
  });

  it('labels are the union of y_true and y_pred: a class only predicted counts in the macro average', () => {
    const m = classificationMetrics([0, 0], [0, 2]);
    assert.deepEqual(m.confusionMatrix.labels, [0, 2]);
    assert.deepEqual(m.perClass.map((c) => [c.precision, c.recall, c.support]), [[1, 0.5, 2], [0, 0, 0]]);
    close(m.f1, 1 / 3);
  });

  it('orders numbers numerically and strings by code point, and refuses a mix', () => {
    assert.deepEqual(sortLabels([10, 2, -1]), [-1, 2, 10]);
    assert.deepEqual(sortLabels(['b', 'B', 'a', 'ä']), ['B', 'a', 'b', 'ä']);
    assert.throws(() => classificationMetrics([1, 'a'], [1, 'a']), /Mix of label types/);
  });

  it('log loss: the docstring example, and clipping at float64 epsilon', () => {
    const m = classificationMetrics(['spam', 'ham', 'ham', 'spam'], ['spam', 'ham', 'ham', 'spam'], {
      values: [0.1, 0.9, 0.9, 0.1, 0.8, 0.2, 0.35, 0.65],
      classes: ['ham', 'spam'],
    });
    close(m.logLoss, -(Math.log(0.9) * 2 + Math.log(0.8) + Math.log(0.65)) / 4);
    assert.equal(m.logLoss!.toFixed(5), '0.21616');
    const sure = classificationMetrics([1, 0], [0, 0], { values: [1, 0, 1, 0], classes: [0, 1] });
    close(sure.logLoss, (52 * Math.LN2 - Math.log(1 - 2 ** -52)) / 2);
  });

  it('log loss with float32 epsilon when asked', () => {
    const accumulator = new ClassificationAccumulator({ probabilityColumns: 2, eps: 2 ** -23 });
    accumulator.add({ yTrue: [1], yPred: [0], probabilities: [1, 0] });
    close(accumulator.result([0, 1]).logLoss, 23 * Math.LN2);
  });

  it('results do not depend on how rows are split into batches', () => {
    const yTrue = [0, 1, 2, 2, 1, 0, 2];
    const yPred = [0, 2, 2, 1, 1, 0, 2];
    const probabilities = [0.7, 0.2, 0.1, 0.1, 0.3, 0.6, 0.2, 0.2, 0.6, 0.3, 0.4, 0.3, 0.1, 0.8, 0.1, 0.5, 0.25, 0.25, 0.1, 0.1, 0.8];
    const whole = classificationMetrics(yTrue, yPred, { values: probabilities, classes: [0, 1, 2] });
    const accumulator = new ClassificationAccumulator({ probabilityColumns: 3 });
    for (const [from, to] of [[0, 2], [2, 3], [3, 7]] as const) {
      accumulator.add({ yTrue: yTrue.slice(from, to), yPred: yPred.slice(from, to), probabilities: probabilities.slice(from * 3, to * 3) });
    }
    assert.deepEqual(accumulator.result([0, 1, 2]), whole);
  });

  it('says why ROC AUC and log loss are missing', () => {
    assert.match(classificationMetrics([0, 1], [0, 1]).unavailable.roc_auc!, /no probabilities/);
    const unknown = classificationMetrics([0, 5], [0, 1], { values: [0.9, 0.1, 0.2, 0.8], classes: [0, 1] });
    assert.equal(unknown.rocAuc, null);
    assert.match(unknown.unavailable.roc_auc!, /y_true holds 5, which is not one of the model's classes/);
    assert.match(unknown.unavailable.log_loss!, /not one of the model's classes/);
  });
});
