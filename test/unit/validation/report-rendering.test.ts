import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ValidationReport } from '../../../src/core/models';
import { classificationMetrics, compareWithBaseline, evaluateCriteria, parseCriteria, renderJson, renderMarkdown } from '../../../src/core/models';
import { ColumnClasses } from '../../../src/core/models/validation/column-classes';

function report(): ValidationReport {
  const metrics = classificationMetrics(['a|b', 'c', 'c', 'c'], ['a|b', 'c', 'c', 'a|b']);
  const baseline = classificationMetrics(['a|b', 'c', 'c', 'c'], ['a|b', 'c', 'c', 'c']);
  return {
    format: 1,
    model: { name: 'churn', version: 3 },
    data: { path: 'data/test.csv', md5: '0123456789abcdef0123456789abcdef', size: 99 },
    label: 'y',
    rows: 4,
    task: 'classification',
    metrics,
    criteria: ['accuracy>=0.9'],
    checks: [...evaluateCriteria(parseCriteria('accuracy>=0.9'), metrics), ...compareWithBaseline(metrics, baseline, 0.01, 'churn@champion (v2)')],
    passed: false,
    baseline: { model: { name: 'churn', version: 2, alias: 'champion' }, metrics: baseline, maxRegression: 0.01 },
    started: '2025-01-01T00:00:00.000Z',
    durationMs: 1234,
  };
}

describe('report rendering', () => {
  it('Markdown: verdict, metrics against the baseline, checks, per class, confusion matrix', () => {
    const text = renderMarkdown(report());
    assert.match(text, /^## Validation of churn v3: ✗ failed\n\ndata\/test\.csv \(md5 01234567, 4 rows\), label column `y`, classification; 1\.2 s\.\n/);
    assert.match(text, /\| metric \| value \| baseline: churn@champion \(v2\) \| change \|\n\|---\|---\|---\|---\|\n\| accuracy \| 0\.75 \| 1 \| −0\.25 \|/);
    assert.match(text, /\| roc_auc \| n\/a \(the model gives no probabilities\) \| n\/a \| {2}\|/);
    assert.match(text, /\| ✗ \| accuracy>=0\.9 \| >= 0\.9 \| 0\.75 \| 0\.75 is not >= 0\.9 \|/);
    assert.match(text, /\| a\\\|b \| 0\.5 \| 1 \| 0\.6667 \| 1 \|/);
    assert.match(text, /\| true \\ predicted \| a\\\|b \| c \|\n\|---\|---\|---\|\n\| \*\*a\\\|b\*\* \| 1 \| 0 \|\n\| \*\*c\*\* \| 1 \| 2 \|/);
  });

  it('JSON round-trips', () => {
    const r = report();
    assert.deepEqual(JSON.parse(renderJson(r)), r);
  });
});

describe('ColumnClasses', () => {
  it('learns each column\'s class from the labels of the rows where it is highest', () => {
    const classes = new ColumnClasses(3);
    classes.observe(['x', 'z', 'y'], [0.7, 0.2, 0.1, 0.1, 0.1, 0.8, 0.2, 0.5, 0.3]);
    assert.deepEqual(classes.result(), { classes: ['x', 'y', 'z'] });
  });

  it('a column never highest is its index for int labels 0..C-1, else unknown', () => {
    const ints = new ColumnClasses(3);
    ints.observe([0, 2], [0.6, 0.3, 0.1, 0.1, 0.3, 0.6]);
    assert.deepEqual(ints.result(), { classes: [0, 1, 2] });
    const strings = new ColumnClasses(3);
    strings.observe(['a'], [0.6, 0.3, 0.1]);
    assert.match(strings.result().reason!, /probability column 1 for no row/);
  });

  it('takes the classes a model declares, unless its labels contradict them', () => {
    const declared = new ColumnClasses(3, ['a', 'b', 'c']);
    declared.observe(['a'], [0.6, 0.3, 0.1]);
    assert.deepEqual(declared.result(), { classes: ['a', 'b', 'c'] });
    const contradicted = new ColumnClasses(3, ['a', 'b', 'c']);
    contradicted.observe(['b'], [0.6, 0.3, 0.1]);
    assert.match(contradicted.result().reason!, /class_labels metadata puts "a" in probability column 0, but it labels the rows where that column is highest "b"/);
  });
});
