import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { ClassificationMetrics, ValidationRequest } from '../../../src/core/models';
import { validateModel } from '../../../src/core/models';
import { tempDir } from '../../helpers/temp';
import { columnsModel, columnsRows, scoresModel, sigmoidModel, softmaxPairModel, threeClassRows, zipMapModel } from '../../unit/onnx/converter-models';
import { binaryRows, writeCsv } from './fixtures';

const ws = tempDir();
const binary = writeCsv(join(ws, 'binary.csv'), ['x0', 'x1', 'y'], binaryRows(500));
const binaryNames = writeCsv(join(ws, 'binary-names.csv'), ['x0', 'x1', 'y'], binaryRows(500).map((r) => ({ ...r, y: r.y === 1 ? 'pos' : 'neg' })));
const three = threeClassRows(300);
const threeInts = writeCsv(join(ws, 'three.csv'), ['x0', 'x1', 'x2', 'k'], three.map((r) => ({ ...r, k: r.k + 4 })));
const threeNames = writeCsv(join(ws, 'three-names.csv'), ['x0', 'x1', 'x2', 'k'], three.map((r) => ({ ...r, k: ['a', 'b', 'c'][r.k]! })));
const columns = writeCsv(join(ws, 'columns.csv'), ['visits', 'city', 'age', 'bought'], columnsRows(300));

function validate(bytes: Uint8Array, data: string, label: string, extra: Partial<ValidationRequest['model']> = {}) {
  return validateModel({ model: { ref: { path: 'model.onnx' }, bytes, ...extra }, data, label });
}

const accuracy = (metrics: unknown) => (metrics as ClassificationMetrics).accuracy;

describe('validation of converter-shaped models', () => {
  it('one [N, 2] softmax output: asks for the task, then scores it as a classifier', async () => {
    await assert.rejects(validate(softmaxPairModel(), binary, 'y'), /only output "output" \(float \[batch, 2\]\) could hold the scores of 2 classes .* with --task classification/);
    const report = await validate(softmaxPairModel(), binary, 'y', { hint: { task: 'classification' } });
    assert.equal(report.task, 'classification');
    assert.equal(accuracy(report.metrics), 0.9);
    const metrics = report.metrics as ClassificationMetrics;
    assert.ok(metrics.rocAuc !== null && metrics.rocAuc > 0.85, `roc_auc ${metrics.rocAuc}`);
    assert.ok(metrics.logLoss !== null && metrics.logLoss > 0);
  });

  it('the task and classes from the model metadata, string classes', async () => {
    const report = await validate(softmaxPairModel({ task: 'classification', classes: 'neg,pos' }), binaryNames, 'y');
    assert.equal(accuracy(report.metrics), 0.9);
    assert.deepEqual((report.metrics as ClassificationMetrics).perClass.map((c) => c.label), ['neg', 'pos']);
  });

  it('[N, 3] logits: softmax for the probabilities, argmax for the label', async () => {
    const logits = scoresModel({ weights: [1, 0, 0, 0, 1, 0, 0, 0, 1], features: 3, classes: 3, softmax: false });
    const report = await validate(logits, threeNames, 'k', { hint: { task: 'classification', classes: ['a', 'b', 'c'] } });
    assert.equal(accuracy(report.metrics), 0.9);
    const metrics = report.metrics as ClassificationMetrics;
    assert.ok(metrics.logLoss !== null && Number.isFinite(metrics.logLoss));
    assert.ok(metrics.rocAuc !== null && metrics.rocAuc > 0.85);
    await assert.rejects(validate(logits, threeNames, 'k', { hint: { task: 'classification', classes: ['a', 'b'] } }), /scores 3 classes, but 2 classes are given/);
  });

  it('[N, 1] and [N] sigmoid scores: a regressor unless told, then score ≥ 0.5 is the second class', async () => {
    const asRegressor = await validate(sigmoidModel(), binary, 'y');
    assert.equal(asRegressor.task, 'regression');
    const report = await validate(sigmoidModel(), binary, 'y', { hint: { task: 'classification' } });
    assert.equal(accuracy(report.metrics), 0.9);
    const logits = await validate(sigmoidModel({ logits: true }), binary, 'y', { hint: { task: 'classification' } });
    assert.equal(accuracy(logits.metrics), 0.9);
    assert.equal((logits.metrics as ClassificationMetrics).logLoss?.toFixed(6), (report.metrics as ClassificationMetrics).logLoss?.toFixed(6));
    const flat = await validate(sigmoidModel({ flat: true, metadata: { task: 'classification', classes: '["neg","pos"]' } }), binaryNames, 'y');
    assert.equal(accuracy(flat.metrics), 0.9);
  });

  it('ZipMap probabilities: read from the tensor feeding the ZipMap, classes from its classlabels (ints and strings)', async () => {
    const ints = await validate(zipMapModel(), threeInts, 'k');
    assert.equal(ints.task, 'classification');
    assert.equal(accuracy(ints.metrics), 0.9);
    assert.deepEqual((ints.metrics as ClassificationMetrics).perClass.map((c) => c.label), [4, 5, 6]);
    assert.ok((ints.metrics as ClassificationMetrics).rocAuc !== null);
    const names = await validate(zipMapModel({ strings: ['a', 'b', 'c'] }), threeNames, 'k');
    assert.equal(accuracy(names.metrics), 0.9);
    assert.ok((names.metrics as ClassificationMetrics).rocAuc !== null);
  });

  it('several named inputs (float, int64, string), string labels: columns map to inputs by name', async () => {
    const report = await validate(columnsModel(), columns, 'bought');
    assert.equal(report.task, 'classification');
    assert.equal(accuracy(report.metrics), 0.9);
    assert.deepEqual((report.metrics as ClassificationMetrics).perClass.map((c) => c.label), ['no', 'yes']);
    const missing = writeCsv(join(ws, 'no-city.csv'), ['age', 'visits', 'bought'], columnsRows(10));
    await assert.rejects(validate(columnsModel(), missing, 'bought'), /missing inputs \['city'\]/);
  });
});
