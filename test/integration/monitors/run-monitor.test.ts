import assert from 'node:assert/strict';
import { mkdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { MonitorStore, runMonitor } from '../../../src/core/monitoring';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Tracking } from '../../../src/core/tracking';
import { loadMonitorsConfig } from '../../../src/core/monitoring';
import { exactModel, writeModel } from '../validation/fixtures';
import { logRequests, monitorWorkspace, requestsOf, weatherRows } from './fixtures';

const NOW = Date.parse('2026-03-10T12:00:00Z');
const MINUTE = 60_000;

const YAML = `version: 1
monitors:
  - name: weather-drift
    model: weather@live
    reference: data/weather.csv@1
    window:
      rows: 300
    alerts:
      - when: "drift_share > 0.3"
        severity: error
        cooldown: 60
      - when: "rows < 10"
        severity: info
`;

function monitorNamed(paths: { config: string }, name: string) {
  const { monitors, errors } = loadMonitorsConfig(paths.config);
  assert.deepEqual(errors, []);
  return monitors.find((m) => m.name === name)!;
}

describe('running a monitor on the prediction log', () => {
  it('finds no drift in a window like the reference, drift in a shifted one; alerts fire once per cooldown and are stored', async () => {
    const ws = await monitorWorkspace(YAML);
    try {
      const monitor = monitorNamed(ws.paths, 'weather-drift');
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(300, 2), 10, new Date(NOW - 60 * MINUTE)));
      const calm = await runMonitor({ ...ws, now: () => NOW }, monitor);
      assert.equal(calm.window.rows, 300);
      assert.equal(calm.window.requests, 30);
      assert.deepEqual(calm.reference, { path: 'data/weather.csv', version: 1, md5: ws.reference.md5, rows: 500 });
      assert.deepEqual(calm.drift.columns.map((c) => [c.column, c.test]), [['temp', 'ks'], ['humidity', 'ks'], ['city', 'z']], 'the label column rain is not among the inputs');
      assert.equal(calm.drift.driftedColumns, 0);
      assert.equal(calm.drift.method, 'values');
      assert.deepEqual(calm.alerts, []);
      assert.deepEqual(calm.latency, { p50: 5, p99: 5 });
      assert.equal(calm.errorRate, 0);

      // 200 shifted rows after the calm ones: the last 300 rows are two thirds drifted.
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(200, 3, 10), 20, new Date(NOW - 30 * MINUTE)));
      const drifted = await runMonitor({ ...ws, now: () => NOW }, monitor);
      assert.equal(drifted.window.rows, 300);
      assert.equal(drifted.drift.driftedColumns, 3);
      assert.equal(drifted.driftShare, 1);
      assert.ok(drifted.drift.columns.every((c) => c.pValue !== undefined && c.pValue < 0.05));
      assert.deepEqual(drifted.alerts.map((a) => [a.rule, a.severity, a.value]), [['drift_share > 0.3', 'error', 1]]);

      const again = await runMonitor({ ...ws, now: () => NOW + 59 * MINUTE }, monitor);
      assert.deepEqual(again.alerts, [], 'within the cooldown the rule stays quiet');
      const later = await runMonitor({ ...ws, now: () => NOW + 61 * MINUTE }, monitor);
      assert.equal(later.alerts.length, 1, 'after the cooldown it fires again');

      const store = new MonitorStore(ws.store.db);
      assert.deepEqual(store.results('weather-drift').map((r) => r.result.drift.driftedColumns), [3, 3, 3, 0], 'newest first');
      assert.deepEqual(store.alerts().map((a) => a.time), [NOW + 61 * MINUTE, NOW]);
      assert.equal(store.alerts(NOW + MINUTE).length, 1);
    } finally {
      ws.close();
    }
  });

  it('compares bounded-memory profiles when a side has more rows than the raw-value limit', async () => {
    const ws = await monitorWorkspace(YAML);
    try {
      const monitor = monitorNamed(ws.paths, 'weather-drift');
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(300, 2), 10, new Date(NOW - 60 * MINUTE)));
      const calm = await runMonitor({ ...ws, now: () => NOW, rawRowsLimit: 100 }, monitor);
      assert.equal(calm.drift.method, 'profiles');
      assert.equal(calm.drift.driftedColumns, 0);
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(300, 3, 10), 20, new Date(NOW - 30 * MINUTE)));
      const drifted = await runMonitor({ ...ws, now: () => NOW, rawRowsLimit: 100 }, monitor);
      assert.equal(drifted.drift.method, 'profiles');
      assert.equal(drifted.drift.driftedColumns, 3);
      assert.deepEqual(drifted.alerts.map((a) => a.rule), ['drift_share > 0.3']);
    } finally {
      ws.close();
    }
  });

  it('an hours window holds only recent requests, and counts failures and latency', async () => {
    const ws = await monitorWorkspace(`monitors:
  - name: health
    model: weather@live
    reference: data/weather.csv
    window: { hours: 1, min_rows: 50 }
    alerts:
      - when: "error_rate > 0.1"
        severity: warning
      - when: "p99_latency_ms >= 200"
        severity: error
`);
    try {
      logRequests(ws.paths, 'weather', requestsOf(weatherRows(100, 4, 10), 10, new Date(NOW - 3 * 60 * MINUTE)));
      const recent = requestsOf(weatherRows(80, 5), 10, new Date(NOW - 10 * MINUTE), 20);
      recent.push({ time: new Date(NOW - 5 * MINUTE), status: 500, latencyMs: 250 }, { time: new Date(NOW - 4 * MINUTE), status: 500, latencyMs: 300 });
      logRequests(ws.paths, 'weather', recent);
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorNamed(ws.paths, 'health'));
      assert.equal(result.window.rows, 80, 'the shifted requests three hours ago are outside the window');
      assert.equal(result.window.requests, 10);
      assert.equal(result.errorRate, 0.2);
      assert.deepEqual(result.latency, { p50: 20, p99: 300 });
      assert.equal(result.drift.driftedColumns, 0);
      assert.deepEqual(result.alerts.map((a) => a.rule).sort(), ['error_rate > 0.1', 'p99_latency_ms >= 200']);
    } finally {
      ws.close();
    }
  });

  it("takes the reference from the model version's lineage and reads a folder source", async () => {
    const ws = await monitorWorkspace(`monitors:
  - name: batch
    model: weather@1
    source:
      folder: incoming
    window:
      rows: 150
    columns: [temp, city]
    drift:
      columns:
        temp: { test: wasserstein, threshold: 0.1 }
`);
    try {
      const tracking = new Tracking(ws.store, Tracking.artifactRoot(ws.paths.mlopsDir));
      const run = tracking.runs.create({ tags: [{ key: 'mlops.data.data/weather.csv', value: `v1 ${ws.reference.md5}` }] });
      const registry = openWorkspaceRegistry(ws.store, ws.paths, { tracking });
      await registry.createVersion({ name: 'weather', source: writeModel(ws.paths.root, 'model.onnx', exactModel()), runId: run.runId, createModel: true });
      const incoming = join(ws.paths.root, 'incoming');
      mkdirSync(incoming);
      const csv = (rows: ReturnType<typeof weatherRows>) => ['temp,humidity,city', ...rows.map((r) => `${r.temp},${r.humidity},${r.city}`)].join('\n') + '\n';
      writeFileSync(join(incoming, 'old.csv'), csv(weatherRows(100, 6)));
      utimesSync(join(incoming, 'old.csv'), new Date(NOW - 60 * MINUTE), new Date(NOW - 60 * MINUTE));
      writeFileSync(join(incoming, 'new.jsonl'), weatherRows(100, 7, 10).map((r) => JSON.stringify(r)).join('\n') + '\n');
      const result = await runMonitor({ ...ws, now: () => NOW }, monitorNamed(ws.paths, 'batch'));
      assert.equal(result.reference.version, 1);
      assert.equal(result.window.rows, 150, 'the newest file, then the last rows of the one before');
      assert.deepEqual(result.drift.columns.map((c) => [c.column, c.test, c.drifted]), [['temp', 'wasserstein', true], ['city', 'chi2', true]]);
      assert.equal(result.latency, undefined);
    } finally {
      ws.close();
    }
  });
});
