import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { logisticRegressionModel } from '../../../src/core/models';
import type { ClassificationMetrics, RegressionMetrics } from '../../../src/core/models';
import { parseCriteria, renderMarkdown, validateModel } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { binaryRows, exactModel, expectedConfusion, regressionModel, shiftedModel, writeCsv } from './fixtures';

describe('validateModel', () => {
  const dir = tempDir();
  const rows = binaryRows(1000);
  const csv = writeCsv(join(dir, 'binary.csv'), ['x0', 'x1', 'y'], rows);

  it('scores a logistic regression in batches: accuracy 0.9 exactly, the confusion matrix, passing criteria', async () => {
    const report = await validateModel({ model: { ref: { path: 'exact.onnx' }, bytes: exactModel() }, data: csv, label: 'y', criteria: parseCriteria('accuracy>=0.9,roc_auc>0.5'), batchSize: 64 });
    const metrics = report.metrics as ClassificationMetrics;
    assert.equal(report.task, 'classification');
    assert.equal(report.rows, 1000);
    assert.equal(metrics.accuracy, 0.9);
    assert.deepEqual(metrics.confusionMatrix, { labels: [0, 1], counts: expectedConfusion(rows) });
    assert.ok(metrics.rocAuc! > 0.5 && metrics.rocAuc! < 1);
    assert.ok(metrics.logLoss! > 0);
    assert.equal(report.passed, true);
    assert.deepEqual(report.checks.map((c) => [c.name, c.passed]), [['accuracy>=0.9', true], ['roc_auc>0.5', true]]);
    assert.match(report.data.md5, /^[0-9a-f]{32}$/);
    assert.match(report.model.sha256!, /^[0-9a-f]{64}$/);
  });

  it('scores a model whose classes are strings against a text label column', async () => {
    const named = logisticRegressionModel({ weights: [[1, -1]], biases: [0], classes: ['no', 'yes'] });
    const text = writeCsv(join(dir, 'text-labels.csv'), ['x0', 'x1', 'y'], rows.map((r) => ({ ...r, y: r.y === 1 ? 'yes' : 'no' })));
    const report = await validateModel({ model: { ref: {}, bytes: named }, data: text, label: 'y', criteria: parseCriteria('accuracy>=0.9') });
    const metrics = report.metrics as ClassificationMetrics;
    assert.equal(metrics.accuracy, 0.9);
    assert.deepEqual(metrics.confusionMatrix, { labels: ['no', 'yes'], counts: expectedConfusion(rows) });
    assert.equal(report.passed, true);
  });

  it('computes ROC AUC for a class the model never predicts, from the classes it declares', async () => {
    // Three classes; the third's logit is always far below, so no row is labelled "never".
    const model = logisticRegressionModel({ weights: [[1, -1], [-1, 1], [0, 0]], biases: [0, 0, -50], classes: ['no', 'yes', 'never'] });
    const text = writeCsv(join(dir, 'three-labels.csv'), ['x0', 'x1', 'y'], rows.map((r, i) => ({ ...r, y: i % 97 === 0 ? 'never' : r.y === 1 ? 'yes' : 'no' })));
    const metrics = (await validateModel({ model: { ref: {}, bytes: model }, data: text, label: 'y' })).metrics as ClassificationMetrics;
    assert.ok(metrics.rocAuc !== null && metrics.rocAuc! > 0 && metrics.rocAuc! < 1, `roc_auc ${metrics.rocAuc}`);
    assert.ok(metrics.logLoss !== null && metrics.logLoss! > 0);
  });

  it('the batch size does not change the metrics', async () => {
    const run = (batchSize: number) => validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'y', batchSize });
    const [small, large] = await Promise.all([run(7), run(4096)]);
    assert.deepEqual(small.metrics, large.metrics);
  });

  it('fails a criterion it does not meet and says by how much', async () => {
    const report = await validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'y', criteria: parseCriteria('accuracy>=0.95,f1[1]>=0.5') });
    assert.equal(report.passed, false);
    assert.deepEqual(report.checks[0], { name: 'accuracy>=0.95', expected: '>= 0.95', actual: 0.9, passed: false, reason: '0.9 is not >= 0.95' });
    assert.equal(report.checks[1]!.passed, true);
    assert.match(renderMarkdown(report), /✗ failed[\s\S]*\| ✗ \| accuracy>=0\.95 \| >= 0\.95 \| 0\.9 \|/);
  });

  it('compares with a baseline scored on the same rows: a worse model regresses', async () => {
    const worse = { ref: { name: 'churn', version: 2 }, bytes: shiftedModel() };
    const better = { ref: { name: 'churn', version: 1, alias: 'champion' }, bytes: exactModel() };
    const regressed = await validateModel({ model: worse, baseline: better, data: csv, label: 'y', maxRegression: 0.01 });
    const accuracy = regressed.checks.find((c) => c.name === 'accuracy vs churn@champion (v1)')!;
    assert.equal(accuracy.passed, false);
    assert.match(accuracy.reason, /regressed/);
    assert.equal(regressed.passed, false);
    assert.equal((regressed.baseline!.metrics as ClassificationMetrics).accuracy, 0.9);
    const improved = await validateModel({ model: better, baseline: worse, data: csv, label: 'y', maxRegression: 0.01 });
    assert.equal(improved.passed, true);
    assert.deepEqual(improved.checks.map((c) => c.name.split(' ')[0]), ['accuracy', 'precision', 'recall', 'f1', 'roc_auc', 'log_loss']);
  });

  it('maps columns by feature_names, whatever their order in the file; names a missing one', async () => {
    const shuffled = writeCsv(join(dir, 'shuffled.csv'), ['y', 'note', 'b', 'a'], rows.map((r) => ({ y: r.y, note: 'n', a: r.x0, b: r.x1 })));
    const report = await validateModel({ model: { ref: {}, bytes: exactModel(['a', 'b']) }, data: shuffled, label: 'y' });
    assert.equal((report.metrics as ClassificationMetrics).accuracy, 0.9);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel(['a', 'c']) }, data: shuffled, label: 'y' }), /lacks the column\(s\) "c"/);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: shuffled, label: 'y' }), /takes 2 features .* the data has 3: "note", "b", "a"/);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'label' }), /no column "label"/);
  });

  it('validates a regressor from JSON Lines: MAE, RMSE, R²', async () => {
    const jsonl = join(dir, 'regression.jsonl');
    const records = Array.from({ length: 200 }, (_, i) => {
      const [u, v] = [i / 20, (i % 7) - 3];
      return { u, v, target: 2 * u - v + 0.5 + (i % 2 === 0 ? 0.25 : -0.25) };
    });
    writeFileSync(jsonl, records.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const report = await validateModel({ model: { ref: {}, bytes: regressionModel() }, data: jsonl, label: 'target', criteria: parseCriteria('mae<=0.3,r2>0.9') });
    const metrics = report.metrics as RegressionMetrics;
    assert.equal(report.task, 'regression');
    assert.ok(Math.abs(metrics.mae - 0.25) < 1e-5 && Math.abs(metrics.rmse - 0.25) < 1e-5, JSON.stringify(metrics));
    assert.equal(report.passed, true);
    assert.match(renderMarkdown(report), /\| mae \| 0\.25 \|/);
  });

  it('a multiclass model: class order learnt from its labels, one-vs-rest ROC AUC', async () => {
    // Three classes 10, 20, 30 scored by x0, x1 and a constant: the label is the largest.
    const model = logisticRegressionModel({ weights: [[1, 0], [0, 1], [0, 0]], biases: [0, 0, 0.5], classes: [10, 20, 30] });
    const data = Array.from({ length: 300 }, (_, i) => {
      const [a, b] = [((i * 7) % 31) / 10 - 1, ((i * 11) % 29) / 10 - 1];
      const predicted = a >= b && a >= 0.5 ? 10 : b > a && b >= 0.5 ? 20 : 30;
      return { a, b, y: i % 5 === 0 ? [10, 20, 30][i % 3]! : predicted };
    });
    const report = await validateModel({ model: { ref: {}, bytes: model }, data: writeCsv(join(dir, 'three.csv'), ['a', 'b', 'y'], data), label: 'y' });
    const metrics = report.metrics as ClassificationMetrics;
    assert.deepEqual(metrics.confusionMatrix.labels, [10, 20, 30]);
    assert.ok(metrics.rocAuc !== null && metrics.rocAuc > 0.8, JSON.stringify(metrics.unavailable));
    assert.ok(metrics.accuracy > 0.8);
  });

  it('says which row holds a bad value', async () => {
    const bad = writeCsv(join(dir, 'bad.csv'), ['x0', 'x1', 'y'], [{ x0: 1, x1: 2, y: 0 }, { x0: 'high', x1: 2, y: 1 }]);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: bad, label: 'y' }), /'x0' row 2: "high" is not a number/);
    const noLabel = writeCsv(join(dir, 'nolabel.csv'), ['x0', 'x1', 'y'], [{ x0: 1, x1: 2, y: 'cat' }]);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: noLabel, label: 'y' }), /row 1: the label "cat" in "y" is not a number/);
    await assert.rejects(validateModel({ model: { ref: {}, bytes: exactModel() }, data: csv, label: 'y', criteria: parseCriteria('mae<1') }), /is for a regressor; this model is a classifier/);
  });
});
