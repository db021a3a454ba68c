import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository } from '../../../src/core/data';
import { runMonitor } from '../../../src/core/monitoring';
import { loadMonitorsConfig } from '../../../src/core/monitoring';
import { logRequests, monitorWorkspace, requestsOf, weatherRows } from './fixtures';

const NOW = Date.parse('2026-03-10T12:00:00Z');

describe('prediction drift', () => {
  it('compares the logged predictions with the reference column of the same name, and is absent without one', async () => {
    const ws = await monitorWorkspace(`monitors:
  - name: scored
    model: weather@live
    reference: data/scored.csv
    columns: [temp]
    window: { rows: 200 }
  - name: unscored
    model: weather@live
    reference: data/weather.csv
    window: { rows: 200 }
`);
    try {
      // The fixtures' model answers humidity > 65: about a quarter of the reference rows are 1.
      const reference = weatherRows(400, 11);
      writeFileSync(join(ws.paths.root, 'data', 'scored.csv'), ['temp,humidity,city,prediction', ...reference.map((r) => `${r.temp},${r.humidity},${r.city},${r.humidity > 65 ? 1 : 0}`)].join('\n') + '\n');
      await new DatasetRepository(ws.store.db, ws.paths.root).add('data/scored.csv');
      const { monitors } = loadMonitorsConfig(ws.paths.config);
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 12), 20, new Date(NOW - 120_000)));
      const calm = await runMonitor({ ...ws, now: () => NOW }, monitors[0]!);
      assert.deepEqual(calm.predictionDrift?.columns.map((c) => [c.column, c.test, c.drifted]), [['prediction', 'z', false]]);
      const predictions = calm.predictionDrift!.columns[0]!.histogram!;
      assert.deepEqual([predictions.reference.reduce((a, b) => a + b, 0), predictions.current.reduce((a, b) => a + b, 0)], [400, 200], 'predictions get a histogram too');
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 13, 10), 20, new Date(NOW - 60_000)));
      const shifted = await runMonitor({ ...ws, now: () => NOW }, monitors[0]!);
      assert.deepEqual(shifted.predictionDrift?.columns.map((c) => [c.column, c.drifted]), [['prediction', true]]);
      assert.deepEqual(shifted.drift.columns.map((c) => c.column), ['temp'], 'the configured columns only');
      const unscored = await runMonitor({ ...ws, now: () => NOW }, monitors[1]!);
      assert.equal(unscored.predictionDrift, undefined);
    } finally {
      ws.close();
    }
  });
});
