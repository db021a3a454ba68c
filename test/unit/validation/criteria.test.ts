import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { classificationMetrics, compareWithBaseline, evaluateCriteria, parseCriteria, regressionMetrics } from '../../../src/core/models';

describe('criteria', () => {
  it('parses metrics, operators, per-class criteria and spaces', () => {
    assert.deepEqual(parseCriteria('accuracy>=0.9, f1 > .8,log_loss<0.3,r2<=1,mae==0,f1[cat]>=0.5,recall[a,b]<1'), [
      { text: 'accuracy>=0.9', metric: 'accuracy', operator: '>=', threshold: 0.9 },
      { text: 'f1 > .8', metric: 'f1', operator: '>', threshold: 0.8 },
      { text: 'log_loss<0.3', metric: 'log_loss', operator: '<', threshold: 0.3 },
      { text: 'r2<=1', metric: 'r2', operator: '<=', threshold: 1 },
      { text: 'mae==0', metric: 'mae', operator: '==', threshold: 0 },
      { text: 'f1[cat]>=0.5', metric: 'f1', label: 'cat', operator: '>=', threshold: 0.5 },
      { text: 'recall[a,b]<1', metric: 'recall', label: 'a,b', operator: '<', threshold: 1 },
    ]);
  });

  it('names the part that is wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /criteria are empty/],
      ['accuracy>=0.9,,f1>0.8', /criterion 2 is empty/],
      ['accuracy>=0.9,acuracy>=0.9', /criterion "acuracy>=0.9": unknown metric "acuracy"; known: accuracy, precision/],
      ['accuracy=0.9', /criterion "accuracy=0.9": "=" is no comparison; use ==/],
      ['accuracy>=high', /criterion "accuracy>=high": "high" is not a number/],
      ['accuracy>=', /criterion "accuracy>=": "" is not a number/],
      ['roc_auc[1]>0.5', /roc_auc has no per-class value; per class: precision\[CLASS\], recall\[CLASS\], f1\[CLASS\]/],
      ['f1[]>0.5', /the class between the brackets is empty/],
      ['0.9<=accuracy', /expected METRIC OPERATOR NUMBER/],
    ];
    for (const [text, message] of cases) assert.throws(() => parseCriteria(text), message, text);
  });

  it('evaluates each criterion with its actual value and reason', () => {
    const metrics = classificationMetrics([0, 0, 1, 1], [0, 1, 1, 1]);
    const checks = evaluateCriteria(parseCriteria('accuracy>=0.7,accuracy>0.75,recall[0]==0.5,f1[7]>0,roc_auc>0.5'), metrics);
    assert.deepEqual(checks.map((c) => [c.passed, c.actual, c.reason]), [
      [true, 0.75, '0.75 >= 0.7'],
      [false, 0.75, '0.75 is not > 0.75'],
      [true, 0.5, '0.5 == 0.5'],
      [false, null, 'no class "7" in the data or the predictions (classes: 0, 1)'],
      [false, null, 'the model gives no probabilities'],
    ]);
  });

  it('baseline: worse by more than the allowed regression fails, in each metric\'s direction', () => {
    const now = regressionMetrics([1, 2, 3, 4], [1.5, 2.5, 3.5, 4.5]);
    const before = regressionMetrics([1, 2, 3, 4], [1.2, 2.2, 3.2, 4.2]);
    const checks = compareWithBaseline(now, before, 0.1, 'champion');
    assert.deepEqual(checks.map((c) => [c.name, c.passed]), [['mae vs champion', false], ['rmse vs champion', false], ['r2 vs champion', false]]);
    assert.equal(checks[0]!.expected, '<= 0.3 (at most 0.1 worse)');
    assert.match(checks[0]!.reason, /0\.5: regressed, \+0\.3 against 0\.2, more than 0\.1 worse/);
    assert.ok(compareWithBaseline(before, now, 0, 'champion').every((c) => c.passed));
    // Exactly the allowed regression passes, whatever float noise says.
    // (0.8 − 0.7 is 0.10000000000000009 in floating point.)
    const a = classificationMetrics([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 1, 1, 1]);
    const b = classificationMetrics([0, 0, 0, 0, 0, 0, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0, 0, 0, 1, 1]);
    assert.equal(compareWithBaseline(a, b, 0.1, 'b').find((c) => c.name === 'accuracy vs b')!.passed, true);
    assert.throws(() => compareWithBaseline(a, b, -1, 'b'), /must be a number ≥ 0/);
  });
});
