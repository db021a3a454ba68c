import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { RetrainTriggerStore } from '../../../src/core/monitoring';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

describe('RetrainTriggerStore', () => {
  it('creates, updates and lists triggers newest first, and finds the active one per monitor', () => {
    const store = Store.open(join(tempDir(), 'mlops.db'));
    try {
      const triggers = new RetrainTriggerStore(store.db);
      const first = triggers.create({ monitor: 'a', reason: 'alert: rows < 10', alertId: 7, policy: 'ask', status: 'pending', time: 100 });
      assert.deepEqual(first, { id: first.id, monitor: 'a', reason: 'alert: rows < 10', alertId: 7, policy: 'ask', status: 'pending', createdAt: 100, updatedAt: 100 });
      assert.equal(triggers.active('a')?.id, first.id);

      const updated = triggers.update(first.id, { status: 'running', runId: 'r1', dataVersion: { path: 'd.csv', version: 2, md5: 'abc' } }, 200);
      assert.deepEqual([updated.status, updated.runId, updated.dataVersion, updated.updatedAt, updated.createdAt], ['running', 'r1', { path: 'd.csv', version: 2, md5: 'abc' }, 200, 100]);
      const done = triggers.update(first.id, { status: 'promoted', modelVersion: { name: 'm', version: '3' }, decision: 'v3 promoted' }, 300);
      assert.deepEqual([done.status, done.runId, done.modelVersion, done.decision], ['promoted', 'r1', { name: 'm', version: '3' }, 'v3 promoted'], 'earlier fields stay');
      assert.equal(triggers.active('a'), undefined, 'a promoted retrain is not active');

      const second = triggers.create({ monitor: 'a', reason: 'manual', policy: 'auto', status: 'validating', time: 400 });
      const other = triggers.create({ monitor: 'b', reason: 'schedule: @daily', policy: 'auto', status: 'running', time: 50 });
      assert.deepEqual(triggers.list('a').map((t) => t.id), [second.id, first.id]);
      assert.deepEqual(triggers.list().map((t) => t.id), [second.id, first.id, other.id]);
      assert.deepEqual(triggers.withStatus(['running', 'validating']).map((t) => t.id), [second.id, other.id]);
      assert.throws(() => triggers.get(999), /No retrain trigger 999/);
      assert.throws(() => triggers.update(999, { status: 'failed' }, 1), /No retrain trigger 999/);
    } finally {
      store.close();
    }
  });
});
