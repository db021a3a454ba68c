import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MIGRATIONS, Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import type { Metric } from '../../../src/core/tracking';
import type { BucketPoint } from '../../../src/core/tracking/metric-buckets';
import { LEVELS, bucketsOf } from '../../../src/core/tracking/metric-buckets';
import { seededRandom } from '../../helpers/seeded-random';
import { tempDir } from '../../helpers/temp';

function open(migrations = MIGRATIONS): { store: Store; tracking: Tracking } {
  const dir = tempDir();
  const store = Store.open(join(dir, 'mlops.db'), { migrations });
  return { store, tracking: new Tracking(store, join(dir, 'artifacts')) };
}

const wire = (v: number) => (Number.isNaN(v) ? 'NaN' : v === Infinity ? 'Infinity' : v === -Infinity ? '-Infinity' : v);
const logged = (metrics: Metric[]) => metrics.map((m) => ({ ...m, value: wire(m.value) }));

/** Every level, as the summaries hold it, against the buckets of the series' points in `order`; coarse levels store complete buckets only. */
function assertSummaries(tracking: Tracking, runId: string, key: string, order: BucketPoint[]): void {
  for (const level of LEVELS) assert.deepEqual(tracking.metrics.summaries.level(runId, key, level), bucketsOf(level, 0, order), `${key} at level ${level}`);
  const db = (tracking.metrics as unknown as { db: Store['db'] }).db;
  const partial = db.get<{ n: number }>(`SELECT count(*) AS n FROM metric_buckets WHERE run_uuid = ? AND key = ? AND level > ${LEVELS[0]} AND count != 1 << level`, [runId, key])!.n;
  assert.equal(partial, 0, 'no partial coarse bucket is stored');
}

const point = (m: Metric): BucketPoint => ({ value: m.value, step: m.step, timestamp: m.timestamp });

describe('write-time metric summaries', () => {
  it('are kept by every log-batch, keys interleaved, batches of any size', () => {
    const { store, tracking } = open();
    const runId = tracking.createRun({ experimentId: '0' }).info.runId;
    const r = seededRandom(7);
    const byKey: Record<string, BucketPoint[]> = { loss: [], acc: [] };
    for (let step = 0; step < 5000; ) {
      const size = 1 + Math.floor(r() * 300);
      const metrics: Metric[] = [];
      for (let i = 0; i < size; i++, step++) {
        const roll = r();
        // Integers and quarters: sums are exact in any order.
        const value = roll < 0.01 ? NaN : roll < 0.015 ? Infinity : Math.round(r() * 400) / 4;
        metrics.push({ key: r() < 0.7 ? 'loss' : 'acc', value, step, timestamp: 1000 + step });
      }
      tracking.logBatch(runId, { metrics: logged(metrics) });
      for (const m of metrics) byKey[m.key]!.push(point(m));
    }
    for (const [key, ps] of Object.entries(byKey)) assertSummaries(tracking, runId, key, ps);
    store.close();
  });

  it('summarise series logged before them when first read, then keep up with new points', () => {
    const path = tempDir();
    const old = Store.open(join(path, 'mlops.db'), { migrations: MIGRATIONS.filter((m) => m.version < 14) });
    const runId = new Tracking(old, join(path, 'artifacts')).createRun({ experimentId: '0' }).info.runId;
    const before: BucketPoint[] = Array.from({ length: 700 }, (_, i) => ({ value: (i * 37) % 101, step: 699 - i, timestamp: 5000 + i }));
    // What the version before summaries wrote: the points and the latest row.
    for (const p of before) old.db.run('INSERT INTO metrics (run_uuid, key, step, timestamp, value, is_nan) VALUES (?, ?, ?, ?, ?, 0)', [runId, 'loss', p.step, p.timestamp, p.value]);
    old.db.run('INSERT INTO latest_metrics (run_uuid, key, value, step, timestamp, min_value, max_value, count) VALUES (?, ?, 0, 699, 5000, 0, 100, 700)', [runId, 'loss']);
    old.close();

    const store = Store.open(join(path, 'mlops.db'));
    const tracking = new Tracking(store, join(path, 'artifacts'));
    const after: Metric[] = Array.from({ length: 300 }, (_, i) => ({ key: 'loss', value: -i, step: 700 + i, timestamp: 9000 + i }));
    tracking.logBatch(runId, { metrics: logged(after) });
    assert.equal(store.db.get<{ n: number }>('SELECT count(*) AS n FROM metric_buckets')!.n, 0, 'not summarised while only written');
    const chart = tracking.metrics.chartPoints(runId, 'loss', 'step', 40);
    // Rebuilt in the history's order (step, timestamp): the old points sorted, then the new ones.
    const order = [...before].sort((a, b) => a.step - b.step).concat(after.map(point));
    assertSummaries(tracking, runId, 'loss', order);
    assert.deepEqual(chart[0], { x: 0, y: before.find((p) => p.step === 0)!.value });
    assert.deepEqual(chart.at(-1), { x: 999, y: -299 });
    tracking.logBatch(runId, { metrics: [{ key: 'loss', value: 1, step: 1000, timestamp: 9999 }] });
    assertSummaries(tracking, runId, 'loss', [...order, { value: 1, step: 1000, timestamp: 9999 }]);
    store.close();
  });

  it('stay consistent when points or runs are deleted', () => {
    const { store, tracking } = open();
    const runId = tracking.createRun({ experimentId: '0' }).info.runId;
    const other = tracking.createRun({ experimentId: '0' }).info.runId;
    const metrics = Array.from({ length: 400 }, (_, i) => ({ key: 'loss', value: i % 50, step: i, timestamp: 1000 + i }));
    tracking.logBatch(runId, { metrics });
    tracking.logBatch(other, { metrics });
    const rows = (id: string) => store.db.get<{ n: number }>('SELECT count(*) AS n FROM metric_buckets WHERE run_uuid = ?', [id])!.n;
    assert.ok(rows(runId) > 0);

    store.db.run('DELETE FROM metrics WHERE run_uuid = ? AND step >= 200', [runId]);
    assert.equal(rows(runId), 0, 'deleting points drops the series summaries');
    tracking.metrics.chartPoints(runId, 'loss', 'step', 100);
    assertSummaries(tracking, runId, 'loss', metrics.slice(0, 200).map(point));

    store.transaction(() => {
      for (const table of ['params', 'tags', 'latest_metrics']) store.db.run(`DELETE FROM ${table} WHERE run_uuid = ?`, [runId]);
      store.db.run('DELETE FROM runs WHERE run_uuid = ?', [runId]);
    });
    assert.equal(rows(runId), 0, 'deleting the run drops its summaries');
    assert.equal(store.db.get<{ n: number }>('SELECT count(*) AS n FROM metric_series WHERE run_uuid = ?', [runId])!.n, 0);
    assertSummaries(tracking, other, 'loss', metrics.map(point));
    store.close();
  });

  it('give a chart each bucket’s extremes, the first and last finite points and the non-finite markers', () => {
    const { store, tracking } = open();
    const runId = tracking.createRun({ experimentId: '0' }).info.runId;
    const metrics: Metric[] = Array.from({ length: 20_000 }, (_, step) => ({ key: 'loss', value: step === 7777 ? 50 : step >= 19_000 ? NaN : Math.sin(step / 100), step, timestamp: 2000 + 2 * step }));
    for (let i = 0; i < metrics.length; i += 1000) tracking.logBatch(runId, { metrics: logged(metrics.slice(i, i + 1000)) });
    for (const axis of ['step', 'timestamp'] as const) {
      const chart = tracking.metrics.chartPoints(runId, 'loss', axis, 200);
      const x = (step: number) => (axis === 'step' ? step : 2000 + 2 * step);
      assert.ok(chart.length > 100 && chart.length <= 3 * 200 + 2, `${chart.length} points`);
      assert.deepEqual(chart[0], { x: x(0), y: 0 });
      assert.ok(chart.some((p) => p.x === x(7777) && p.y === 50), 'the spike');
      assert.ok(chart.some((p) => p.x === x(18_999) && p.y === Math.sin(189.99)), 'the last finite point');
      assert.deepEqual(chart.find((p) => Number.isNaN(p.y)), { x: x(19_000), y: NaN }, 'a marker where the NaNs start');
      assert.ok(chart.every((p, i) => i === 0 || p.x >= chart[i - 1]!.x), 'in x order');
    }
    store.close();
  });
});
