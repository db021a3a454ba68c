import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { aucOfScores, classificationMetrics } from '../../../src/core/models';

/** Two-column probabilities for binary scores s: [1 − s, s] per row. */
const binary = (scores: number[]) => ({ values: scores.flatMap((s) => [1 - s, s]), classes: [0, 1] });
const labels = (yTrue: number[]) => yTrue.map(() => 0);

describe('ROC AUC (scikit-learn roc_auc_score)', () => {
  it('the docstring example: 0.75', () => {
    const yTrue = [0, 0, 1, 1];
    assert.equal(classificationMetrics(yTrue, labels(yTrue), binary([0.1, 0.4, 0.35, 0.8])).rocAuc, 0.75);
  });

  it('ties get half credit, as the trapezoid between tied thresholds does', () => {
    // positives 0.5, 0.9; negatives 0.5, 0.2: pairs (0.5 vs 0.5) ½, (0.5 vs 0.2) 1, 0.9 beats both → 3.5 / 4.
    const yTrue = [0, 1, 0, 1];
    assert.equal(classificationMetrics(yTrue, labels(yTrue), binary([0.5, 0.5, 0.2, 0.9])).rocAuc, 0.875);
    assert.equal(aucOfScores(Float64Array.of(0.3, 0.3, 0.3), Float64Array.of(0.3, 0.3)), 0.5);
    assert.equal(aucOfScores(Float64Array.of(0.1, 0.2), Float64Array.of(0.3, 0.4)), 0);
  });

  it('binary: the score is the column of the greater class, wherever it sits', () => {
    const yTrue = [0, 0, 1, 1];
    const reversed = { values: [0.1, 0.4, 0.35, 0.8].flatMap((s) => [s, 1 - s]), classes: [1, 0] };
    assert.equal(classificationMetrics(yTrue, labels(yTrue), reversed).rocAuc, 0.75);
  });

  it('multiclass: one-vs-rest, macro average', () => {
    // class 0 column [.4 .2 .1 .3], positive row 0 ranks first: 1
    // class 1 column [.55 .5 .3 .4], positive .5 beats .3 and .4, loses to .55: 2/3
    // class 2 column [.05 .3 .6 .3], positives .6, .3 vs negatives .05, .3: (2 + 1.5) / 4 = .875
    const probabilities = { values: [0.4, 0.55, 0.05, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6, 0.3, 0.4, 0.3], classes: [0, 1, 2] };
    const m = classificationMetrics([0, 1, 2, 2], [1, 1, 2, 1], probabilities);
    assert.ok(Math.abs(m.rocAuc! - (1 + 2 / 3 + 0.875) / 3) < 1e-15);
    assert.ok(Math.abs(m.logLoss! + (Math.log(0.4) + Math.log(0.5) + Math.log(0.6) + Math.log(0.3)) / 4) < 1e-15);
  });

  it('undefined with one class in y_true, or a class with no rows (one-vs-rest)', () => {
    const one = classificationMetrics([1, 1], [1, 1], binary([0.6, 0.7]));
    assert.equal(one.rocAuc, null);
    assert.match(one.unavailable.roc_auc!, /only one class is present in y_true/);
    const missing = classificationMetrics([0, 1], [0, 1], { values: [0.8, 0.1, 0.1, 0.1, 0.8, 0.1], classes: [0, 1, 2] });
    assert.equal(missing.rocAuc, null);
    assert.match(missing.unavailable.roc_auc!, /class 2 has no rows/);
  });

  it('exact on many rows with heavy ties (against a direct pair count)', () => {
    const positives = Float64Array.from({ length: 3000 }, (_, i) => (i * 7919) % 101 / 100);
    const negatives = Float64Array.from({ length: 2000 }, (_, i) => (i * 104729) % 97 / 100);
    let pairs = 0;
    for (const p of positives) for (const n of negatives) pairs += p > n ? 1 : p === n ? 0.5 : 0;
    assert.equal(aucOfScores(positives.slice(), negatives.slice()), pairs / (positives.length * negatives.length));
  });
});
