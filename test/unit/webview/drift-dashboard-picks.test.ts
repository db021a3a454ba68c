import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { monitorNameOf, monitorPicks } from '../../../src/extension/monitors/drift-dashboard-picks';
import { HOUR, T0, summary } from './drift-fixture';

describe('Open Drift Dashboard: which monitor', () => {
  it('takes a name or a Models view node, and nothing else', () => {
    assert.equal(monitorNameOf('weather'), 'weather');
    assert.equal(monitorNameOf({ kind: 'monitor', monitorName: 'weather', monitor: {} }), 'weather');
    for (const other of [undefined, null, '', '  ', 42, { name: 'weather' }, { monitorName: 3 }]) assert.equal(monitorNameOf(other), undefined, JSON.stringify(other));
  });

  it('offers each monitor with its status and latest run', () => {
    const picks = monitorPicks(
      {
        monitors: [
          summary({ last: { time: T0, driftShare: 0.66, drifted: true, rows: 1200, alerts: 1, driftedColumns: ['temp', 'weather'] } }),
          summary({ name: 'sales', model: 'sales@prod', status: 'error', error: 'reference data/sales.csv has no versions' }),
          summary({ name: 'fresh', status: 'idle' }),
        ],
        errors: [],
      },
      T0 + 2 * HOUR,
    );
    assert.deepEqual(picks.map((p) => [p.monitor, p.description]), [['weather', 'rain@champion · drifting'], ['sales', 'sales@prod · error'], ['fresh', 'rain@champion · idle']]);
    assert.equal(picks[0]!.detail, 'drift share 0.66 · 2 drifted · 1,200 rows · 2 h ago');
    assert.equal(picks[1]!.detail, 'last run failed: reference data/sales.csv has no versions');
    assert.equal(picks[2]!.detail, 'not run yet');
  });

  it('says how to add a monitor when there is none, with the config problems', () => {
    assert.throws(() => monitorPicks({ monitors: [], errors: [] }, 0), /Add one under monitors: in mlops\.yaml/);
    assert.throws(() => monitorPicks({ monitors: [], errors: ['mlops.yaml:12: unknown test "kss"'] }, 0), /problems: mlops\.yaml:12: unknown test "kss"/);
  });
});
