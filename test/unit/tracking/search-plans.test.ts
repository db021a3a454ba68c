// Every run-search plan (scan, index, scope) returns the rows and order of the plain query, page by page.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { explainRunSearch, parseFilter, parseOrderBy, searchRunRows } from '../../../src/core/tracking/search';
import type { PlanOptions, RunSearchQuery } from '../../../src/core/tracking/search';
import { tempDir } from '../../helpers/temp';

const FILTERS = [
  '',
  'metrics.acc > 0.9',
  'metrics.acc >= 0.5 AND metrics.acc < 0.52',
  'metrics.acc = 0.25',
  'metrics.acc IN (0.1, 0.2, 0.3)',
  'metrics.acc != 0.5',
  'metrics.loss IS NOT NULL',
  'metrics.loss IS NULL',
  "params.model = 'tree'",
  "params.seed = '7'",
  "params.seed IN ('1', '2', '3') AND metrics.acc > 0.1",
  "params.model != 'tree' AND params.seed LIKE '1%'",
  "tags.team = 'team-2'",
  "tags.team = 'team-2' AND params.model = 'boost' AND metrics.acc > 0.3",
  "tags.rare = 'yes'",
  'tags.rare IS NOT NULL',
  "tags.team = 'team-1' OR params.seed = '5'",
  "attributes.status = 'FINISHED' AND metrics.acc < 0.2",
  "attributes.run_name LIKE 'run-1%' AND tags.team = 'team-0'",
  'attributes.start_time > 1700000000150 AND metrics.acc > 0.4',
  "datasets.name = 'train' AND metrics.acc > 0.1",
  "datasets.context = 'eval' OR params.seed = '3'",
];

const ORDERS: string[][] = [
  [],
  ['metrics.acc DESC'],
  ['metrics.loss ASC'],
  ['params.seed'],
  ['tags.team DESC', 'metrics.acc'],
  ['start_time ASC'],
  ['attributes.run_name DESC'],
  ['end_time DESC', 'params.model'],
  ['attributes.end_time'],
  ['status'],
];

const PAGES: [offset: number, limit: number][] = [
  [0, 7],
  [140, 30],
  [290, 50],
];

describe('run search plans', () => {
  let store: Store;

  before(() => {
    const dir = tempDir();
    store = Store.open(join(dir, 'mlops.db'));
    const tracking = new Tracking(store, join(dir, 'artifacts'));
    const other = tracking.experiments.create('other', undefined);
    for (let i = 0; i < 300; i++) {
      const run = tracking.createRun({ experimentId: i % 7 === 0 ? other : '0', runName: `run-${i}`, startTime: 1_700_000_000_000 + (i % 150) });
      const acc = (i % 50) / 50;
      const metrics = [{ key: 'acc', value: acc, timestamp: 1, step: 0 }];
      if (i % 3 !== 0) metrics.push({ key: 'loss', value: i % 11 === 0 ? Number.NaN : 1 - acc, timestamp: 1, step: 0 });
      const tags = [{ key: 'team', value: `team-${i % 5}` }];
      if (i % 97 === 0) tags.push({ key: 'rare', value: 'yes' });
      tracking.logBatch(run.info.runId, { metrics, params: [{ key: 'model', value: ['tree', 'linear', 'boost'][i % 3]! }, { key: 'seed', value: String(i % 20) }], tags });
      if (i % 29 === 0) {
        const dataset = { name: i % 58 === 0 ? 'train' : 'test', digest: 'abc123', source_type: 'local', source: '{}' };
        tracking.logInputs(run.info.runId, [{ tags: [{ key: 'mlflow.data.context', value: 'eval' }], dataset }], []);
      }
      if (i % 13 === 0) tracking.runs.update(run.info.runId, { status: 'FAILED', endTime: 1_700_000_000_000 + (i % 40) });
      else if (i % 4 === 0) tracking.runs.update(run.info.runId, { status: 'FINISHED', endTime: 1_700_000_000_500 + (i % 30) });
      if (i % 17 === 0) tracking.runs.setLifecycle(run.info.runId, 'deleted');
    }
  });
  after(() => store.close());

  function query(filter: string, orderBy: string[], offset: number, limit: number, experimentIds = [0]): RunSearchQuery {
    return { experimentIds, lifecycle: "r.lifecycle_stage = 'active'", filter: parseFilter(filter), orderBy: parseOrderBy(orderBy), offset, limit };
  }

  function ids(q: RunSearchQuery, options?: PlanOptions): string[] {
    return searchRunRows<{ run_uuid: string }>(store.db, q, options).map((r) => r.run_uuid);
  }

  it('answers every filter, order and page alike whatever the plan', () => {
    let compared = 0;
    for (const [f, filter] of FILTERS.entries()) {
      for (const order of ORDERS) {
        for (const [offset, limit] of PAGES) {
          const q = query(filter, order, offset, limit, f % 2 === 0 ? [0] : [0, 1]);
          const expected = ids(q);
          for (const cap of [0, 40, 1_000_000]) {
            assert.deepEqual(ids(q, { cap }), expected, `${filter} / ${order.join(', ')} / ${offset}+${limit} / cap ${cap} (${explainRunSearch(store.db, q, { cap }).kind})`);
            compared++;
          }
        }
      }
    }
    assert.ok(compared > 1000);
    assert.ok(ids(query("datasets.name = 'train' AND metrics.acc > 0.1", [], 0, 50)).length > 0, 'the dataset filters match some runs');
  });

  it('reads the candidates of a selective term and scans in order for a broad one', () => {
    const plan = (filter: string, orderBy: string[] = []) => explainRunSearch(store.db, query(filter, orderBy, 0, 10), { cap: 100 });
    assert.equal(plan("tags.rare = 'yes'").kind, 'index');
    assert.match(plan("tags.rare = 'yes'").segments[0]!.sql, /FROM tags c CROSS JOIN runs r/);
    assert.match(plan("metrics.acc > 0.1 AND params.seed = '7'").segments[0]!.sql, /FROM params c CROSS JOIN runs r/);
    assert.equal(plan('metrics.acc > 0.1').kind, 'scan');
    assert.equal(plan("params.model != 'tree'").kind, 'scan');
    assert.equal(plan('metrics.acc > 0.1', ['metrics.acc DESC']).segments.length, 2, 'the runs with the metric, then those without');
    assert.equal(explainRunSearch(store.db, query("params.model != 'tree'", [], 0, 10), { cap: 500 }).kind, 'scope', 'an experiment smaller than the cap is read whole');
  });

  it('keeps the plain query for small stores and for no filter in the default order', () => {
    assert.equal(explainRunSearch(store.db, query("tags.rare = 'yes'", [], 0, 10)).kind, 'plain');
    assert.equal(explainRunSearch(store.db, query('', [], 0, 10), { cap: 0 }).kind, 'plain');
  });
});

describe('run search plans at their default thresholds', () => {
  let store: Store;
  let tracking: Tracking;
  const RUNS = 8000;

  before(() => {
    const dir = tempDir();
    store = Store.open(join(dir, 'mlops.db'));
    tracking = new Tracking(store, join(dir, 'artifacts'));
    const db = store.db;
    store.transaction(() => {
      for (let i = 0; i < RUNS; i++) {
        const id = i.toString(16).padStart(32, '0');
        db.run("INSERT INTO runs (run_uuid, experiment_id, name, status, start_time, artifact_uri) VALUES (?, 0, ?, 'FINISHED', ?, '')", [id, `run-${i}`, 1_700_000_000_000 + i]);
        db.run('INSERT INTO params (run_uuid, key, value) VALUES (?, ?, ?)', [id, 'seed', String(i % 1000)]);
        db.run('INSERT INTO tags (run_uuid, key, value) VALUES (?, ?, ?)', [id, 'team', `team-${i % 5}`]);
        db.run('INSERT INTO latest_metrics (run_uuid, key, value, step, timestamp) VALUES (?, ?, ?, 0, 0)', [id, 'acc', (i % 1000) / 1000]);
      }
    });
  });
  after(() => store.close());

  function check(filter: string, orderBy: string[], kind: string, pageToken?: string) {
    const q: RunSearchQuery = { experimentIds: [0], lifecycle: "r.lifecycle_stage = 'active'", filter: parseFilter(filter), orderBy: parseOrderBy(orderBy), offset: 0, limit: 101 };
    assert.equal(explainRunSearch(store.db, q).kind, kind, filter);
    const page = tracking.runs.search({ experimentIds: ['0'], filter, orderBy, maxResults: 100, pageToken });
    const plain = searchRunRows<{ run_uuid: string }>(store.db, { ...q, offset: pageToken ? 100 : 0 }, { smallStore: Number.POSITIVE_INFINITY });
    assert.deepEqual(page.items.map((r) => r.info.runId), plain.slice(0, 100).map((r) => r.run_uuid), filter);
    return page;
  }

  it('reads a selective filter from its index and scans for a broad one', () => {
    assert.equal(check('metrics.acc > 0.998', [], 'index').items.length, 8);
    assert.equal(check("params.seed = '7' AND tags.team = 'team-2'", ['metrics.acc DESC'], 'index').items.length, 8);
    const broad = check("metrics.acc > 0.5 AND tags.team = 'team-0'", [], 'scan');
    assert.equal(broad.items.length, 100);
    assert.ok(broad.nextPageToken);
    check("metrics.acc > 0.5 AND tags.team = 'team-0'", [], 'scan', broad.nextPageToken);
    check('metrics.acc > 0.1', ['params.seed DESC'], 'scan');
  });
});
