import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { appendLabels, runMonitor } from '../../../src/core/monitoring';
import { classificationMetrics, regressionMetrics } from '../../../src/core/models';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { exactModel, regressionModel, writeModel } from '../validation/fixtures';
import type { MonitorWorkspace, WeatherRow } from './fixtures';
import { logRequests, monitorConfig, monitorWorkspace, weatherRows } from './fixtures';

const NOW = Date.parse('2026-03-10T12:00:00Z');

async function register(ws: MonitorWorkspace, bytes: Uint8Array): Promise<void> {
  const registry = openWorkspaceRegistry(ws.store, ws.paths);
  await registry.createVersion({ name: 'weather', source: writeModel(ws.paths.root, 'model.onnx', bytes), createModel: true });
  registry.setAlias('weather', 'live', 1);
}

const at = (seconds: number): Date => new Date(NOW - 60_000 + seconds * 1000);
const rows = (count: number, seed: number): WeatherRow[] => weatherRows(count, seed);
/** A classifier's answer as the server writes it: one record per row. */
const answers = (labels: number[]) => labels.map((label) => ({ label, probabilities: [1 - label, label] }));

describe('monitor performance from labels joined by request id', () => {
  it('classification: a request takes its labels in row order, from the file and from posted labels; others are ignored', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      await register(ws, exactModel());
      logRequests(ws.paths, 'weather', [
        { time: at(1), requestId: 'req-a', rows: rows(2, 31), predictions: answers([1, 1]) },
        { time: at(2), requestId: 'req-b', rows: rows(3, 32), predictions: answers([0, 1, 0]) },
        { time: at(3), requestId: 'req-c', rows: rows(1, 33), predictions: answers([1]) },
        { time: at(4), requestId: 'req-v2', rows: rows(2, 34), predictions: answers([1, 1]), version: '2' },
      ]);
      // req-a: two label rows (rows 0 and 1); req-zzz matches no request; req-v2 was answered by another version.
      writeFileSync(join(ws.paths.root, 'labels.csv'), 'request_id,label\nreq-a,1\nreq-zzz,0\nreq-a,0\nreq-v2,0\n');
      // req-b: one posted list, a label per row.
      await appendLabels(ws.paths.mlopsDir, 'weather-drift', [{ request_id: 'req-b', label: [1, 1, 0] }]);
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorConfig({ labels: { path: 'labels.csv', id: 'request_id', label: 'label' } }));
      const expected = classificationMetrics([1, 0, 1, 1, 0], [1, 1, 0, 1, 0]);
      assert.deepEqual(result.performance, {
        task: 'classification',
        labeledRows: 5,
        metrics: { accuracy: expected.accuracy, precision: expected.precision, recall: expected.recall, f1: expected.f1 },
      });
      assert.equal(result.performance.metrics.accuracy, 0.6);
    } finally {
      ws.close();
    }
  });

  it('regression: labels from a JSONL file with configured columns, a list value spread over rows; the oldest request cut by the window keeps its row positions', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      await register(ws, regressionModel());
      logRequests(ws.paths, 'weather', [
        { time: at(1), requestId: 'cut', rows: rows(3, 41), predictions: [1.5, 2.5, 3.5] },
        { time: at(2), requestId: 'whole', rows: rows(2, 42), predictions: [10, 20.5] },
      ]);
      const lines = [{ id: 'cut', y: [1, 2, 4] }, { id: 'whole', y: 12 }, { id: 'whole', y: 20 }, { id: 'other', y: 7 }];
      writeFileSync(join(ws.paths.root, 'truth.jsonl'), lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
      // A window of 3 rows keeps the last row of "cut" (its third row, label 4) and both rows of "whole".
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorConfig({ window: { rows: 3 }, labels: { path: 'truth.jsonl', id: 'id', label: 'y' } }));
      const expected = regressionMetrics([4, 12, 20], [3.5, 10, 20.5]);
      assert.deepEqual(result.performance, { task: 'regression', labeledRows: 3, metrics: { mae: expected.mae, rmse: expected.rmse, r2: expected.r2 } });
    } finally {
      ws.close();
    }
  });

  it('has no performance when no label matches a request of the window, and fails clearly on a missing labels file', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      await register(ws, exactModel());
      logRequests(ws.paths, 'weather', [{ time: at(1), requestId: 'req-a', rows: rows(2, 51), predictions: answers([0, 1]) }]);
      await appendLabels(ws.paths.mlopsDir, 'weather-drift', [{ request_id: 'someone-else', label: 1 }]);
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorConfig({ labels: { id: 'request_id', label: 'label' } }));
      assert.equal(result.performance, undefined);
      assert.ok(!('performance' in result));
      await assert.rejects(
        runMonitor({ ...ws, now: () => NOW }, monitorConfig({ labels: { path: 'nope.csv', id: 'request_id', label: 'label' } })),
        /the labels file nope\.csv does not exist/,
      );
    } finally {
      ws.close();
    }
  });

  it('fires alerts on performance metrics', async () => {
    const ws = await monitorWorkspace('version: 1\n');
    try {
      await register(ws, exactModel());
      logRequests(ws.paths, 'weather', [{ time: at(1), requestId: 'req-a', rows: rows(4, 61), predictions: answers([0, 1, 1, 0]) }]);
      await appendLabels(ws.paths.mlopsDir, 'weather-drift', [{ request_id: 'req-a', label: [1, 0, 1, 0] }]);
      const rule = { when: 'accuracy < 0.8', metric: 'accuracy' as const, op: '<' as const, value: 0.8, severity: 'warning' as const, cooldownMinutes: 60 };
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorConfig({ labels: { id: 'request_id', label: 'label' }, alerts: [rule] }));
      assert.equal(result.performance?.metrics.accuracy, 0.5);
      assert.deepEqual(result.alerts.map((a) => [a.rule, a.value]), [['accuracy < 0.8', 0.5]]);
    } finally {
      ws.close();
    }
  });
});
