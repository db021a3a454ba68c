// runs/search loads a page of runs in a fixed number of queries, whatever the page size.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { tempDir } from '../../helpers/temp';

describe('runs search queries', () => {
  let store: Store;
  let tracking: Tracking;
  let queries = 0;

  before(() => {
    const dir = tempDir();
    store = Store.open(join(dir, 'mlops.db'));
    tracking = new Tracking(store, join(dir, 'artifacts'));
    for (let i = 0; i < 60; i++) {
      const run = tracking.createRun({ experimentId: '0', runName: `run-${i}`, startTime: 1_700_000_000_000 + i });
      tracking.logBatch(run.info.runId, {
        metrics: [{ key: 'acc', value: i / 60, timestamp: 1, step: i }],
        params: [{ key: 'lr', value: String(i) }],
        tags: [{ key: 'team', value: 'a' }],
      });
    }
    const db = store.db as unknown as Record<'all' | 'get', (...args: unknown[]) => unknown>;
    for (const method of ['all', 'get'] as const) {
      const original = db[method].bind(store.db);
      db[method] = (...args: unknown[]) => (queries++, original(...args));
    }
  });
  after(() => store.close());

  function countQueries(maxResults: number): number {
    queries = 0;
    const page = tracking.runs.search({ experimentIds: ['0'], maxResults });
    assert.equal(page.items.length, maxResults);
    return queries;
  }

  it('costs the same queries for 5 runs as for 50', () => {
    const few = countQueries(5);
    const many = countQueries(50);
    assert.equal(many, few, `5 runs took ${few} queries, 50 runs ${many}`);
    assert.ok(many <= 10, `${many} queries`);
  });

  it('returns each run with its own latest metrics, params and tags, newest first', () => {
    const [newest, next] = tracking.runs.search({ experimentIds: ['0'], maxResults: 2 }).items;
    assert.equal(newest!.info.runName, 'run-59');
    assert.deepEqual(newest!.data.params, [{ key: 'lr', value: '59' }]);
    assert.equal(newest!.data.metrics[0]!.step, 59);
    assert.equal(next!.info.runName, 'run-58');
    assert.deepEqual(next!.data.tags.find((t) => t.key === 'team'), { key: 'team', value: 'a' });
    assert.deepEqual(tracking.runs.get(newest!.info.runId), newest, 'get() answers the same shape as search');
  });
});
