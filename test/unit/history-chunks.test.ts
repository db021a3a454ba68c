import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Store } from '../../src/core/store';
import { Tracking } from '../../src/core/tracking';
import { tempDir } from '../helpers/temp';

describe('metric history in chunks', () => {
  it('returns every point once, in order, however ties of (step, timestamp) fall across chunks', () => {
    const dir = tempDir();
    const store = Store.open(join(dir, 'mlops.db'));
    const tracking = new Tracking(store, join(dir, 'artifacts'));
    const run = tracking.createRun({ experimentId: '0' });
    const points = [];
    for (let i = 0; i < 500; i++) points.push({ key: 'x', value: i, timestamp: 1000 + Math.floor(i / 7), step: Math.floor(i / 21) });
    points.push({ key: 'x', value: NaN, timestamp: 1000, step: 0 }, { key: 'x', value: Infinity, timestamp: 1000, step: 0 });
    tracking.logBatch(run.info.runId, { metrics: points.map((p) => ({ ...p, value: Number.isNaN(p.value) ? 'NaN' : p.value === Infinity ? 'Infinity' : p.value })) });
    const expected = tracking.metrics.history(run.info.runId, 'x', { maxResults: 1000 }).metrics;
    for (const chunkSize of [1, 3, 7, 10, 64, 1000]) {
      for (const offset of [0, 5, 300]) {
        const got = [...tracking.metrics.historyChunks(run.info.runId, 'x', offset, 10_000, chunkSize)].flat();
        assert.deepEqual(got, expected.slice(offset), `chunk ${chunkSize}, offset ${offset}`);
      }
    }
    const limited = [...tracking.metrics.historyChunks(run.info.runId, 'x', 10, 50, 7)].flat();
    assert.deepEqual(limited, expected.slice(10, 60));
    store.close();
  });
});
