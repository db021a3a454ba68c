import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseArgs } from '../../../src/cli/args';
import { statusCommand } from '../../../src/cli/commands/status';
import type { AlertsResponse, MonitorResult, MonitorResultsResponse, MonitorsResponse } from '../../../src/shared/monitors';
import { until } from '../../helpers/until';
import { weatherRows } from './fixtures';
import type { MonitorRuntime } from './runtime-fixtures';
import { startMonitorRuntime, writeCsv } from './runtime-fixtures';

const YAML = `monitors:
  - name: batch
    model: weather@1
    reference: data/weather.csv@1
    source:
      folder: incoming
    window: { rows: 100 }
    on_new_data: false
    schedule: "0 3 * * sun"
    retrain:
      command: node train.js
      validation: { data: data/weather.csv, label: rain }
    alerts:
      - when: "drift_share > 0.5"
        severity: error
        cooldown: 0
  - name: broken
    model: weather@1
    reference: data/nowhere.csv
    source:
      folder: incoming
    on_new_data: false
  - name: typo
    model: weather
`;

async function status(root: string): Promise<string[]> {
  const lines: string[] = [];
  const code = await statusCommand(parseArgs(['status', '--workspace', root], new Set(['workspace'])), { out: (l) => lines.push(l), err: (l) => lines.push(l) });
  assert.equal(code, 0);
  return lines;
}

describe('monitor routes of the runtime', () => {
  let rt: MonitorRuntime;
  before(async () => {
    rt = await startMonitorRuntime(YAML);
    mkdirSync(join(rt.root, 'incoming'));
  });
  after(() => rt.stop());

  it('lists the monitors, idle before they run, with the config errors of monitors:', async () => {
    const { status, json } = await rt.api<MonitorsResponse>('GET', '/api/monitors');
    assert.equal(status, 200);
    assert.deepEqual(json.errors, ['mlops.yaml:24: model must name a registered model as NAME@ALIAS or NAME@VERSION (e.g. weather@champion)']);
    const [batch, broken] = json.monitors;
    assert.deepEqual(Object.keys(json.monitors), ['0', '1']);
    const nextRunAt = batch!.nextRunAt!;
    assert.equal(new Date(nextRunAt).getDay(), 0, 'Sunday');
    assert.equal(new Date(nextRunAt).getHours(), 3);
    assert.ok(nextRunAt > Date.now() && nextRunAt <= Date.now() + 7 * 86_400_000);
    assert.deepEqual(batch, { name: 'batch', model: 'weather@1', source: 'folder incoming/', schedule: '0 3 * * sun', onNewData: false, status: 'idle', nextRunAt, retrain: true });
    assert.deepEqual(broken, { name: 'broken', model: 'weather@1', source: 'folder incoming/', onNewData: false, status: 'idle', retrain: false });
  });

  it('runs a monitor on request and answers its result; unknown monitors are 404', async () => {
    writeCsv(join(rt.root, 'incoming'), 'calm.csv', weatherRows(100, 3));
    const calm = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    assert.equal(calm.status, 200);
    assert.equal(calm.json.monitor, 'batch');
    assert.equal(calm.json.window.rows, 100);
    assert.deepEqual(calm.json.alerts, []);
    const unknown = await rt.api<{ error_code: string; message: string }>('POST', '/api/monitors/nope/run');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error_code, 'RESOURCE_DOES_NOT_EXIST');
    assert.match(unknown.json.message, /No monitor named "nope" in mlops\.yaml \(mlops\.yaml has errors in monitors:, see mlops status\)\./);
    const event = rt.events('monitor.result').at(-1)!;
    assert.deepEqual(event, { monitor: 'batch', time: calm.json.time, status: 'ok', driftShare: calm.json.driftShare });
  });

  it('reports a broken monitor as error with its reason, and keeps serving', async () => {
    const run = await rt.api<{ error_code: string; message: string }>('POST', '/api/monitors/broken/run');
    assert.equal(run.status, 404);
    assert.match(run.json.message, /data\/nowhere\.csv is not a tracked dataset \(run mlops data add data\/nowhere\.csv\)/);
    const event = rt.events('monitor.result').at(-1)!;
    assert.equal(event.monitor, 'broken');
    assert.equal(event.status, 'error');
    assert.equal(event.error, run.json.message);
    const listed = (await rt.api<MonitorsResponse>('GET', '/api/monitors')).json.monitors.find((m) => m.name === 'broken')!;
    assert.equal(listed.status, 'error');
    assert.equal(listed.error, run.json.message);
    assert.equal((await rt.api('GET', '/health')).status, 200);
    assert.equal((await rt.api('POST', '/api/monitors/batch/run')).status, 200, 'other monitors still run');
  });

  it('answers results newest first, within the limit', async () => {
    writeCsv(join(rt.root, 'incoming'), 'hot.csv', weatherRows(100, 7, 10));
    const hot = (await rt.api<MonitorResult>('POST', '/api/monitors/batch/run')).json;
    assert.equal(hot.alerts.length, 1);
    const all = await rt.api<MonitorResultsResponse>('GET', '/api/monitors/batch/results');
    assert.equal(all.json.results.length, 3);
    assert.deepEqual(all.json.results[0], hot);
    const one = await rt.api<MonitorResultsResponse>('GET', '/api/monitors/batch/results?limit=1');
    assert.deepEqual(one.json.results, [hot]);
    for (const bad of ['0', '1001', 'abc', '2.5']) {
      const res = await rt.api<{ message: string }>('GET', `/api/monitors/batch/results?limit=${bad}`);
      assert.equal(res.status, 400, bad);
      assert.match(res.json.message, /limit must be a whole number from 1 to 1000/);
    }
    assert.equal((await rt.api('GET', '/api/monitors/nope/results')).status, 404);
    assert.equal((await rt.api<MonitorsResponse>('GET', '/api/monitors')).json.monitors[0]!.status, 'alerting');
  });

  it('answers alerts newest first, since a time, within a limit', async () => {
    writeCsv(join(rt.root, 'incoming'), 'hotter.csv', weatherRows(100, 8, 12));
    const second = (await rt.api<MonitorResult>('POST', '/api/monitors/batch/run')).json.alerts[0]!;
    const all = (await rt.api<AlertsResponse>('GET', '/api/alerts')).json.alerts;
    assert.equal(all.length, 2);
    assert.deepEqual(all[0], second);
    assert.ok(all[1]!.time <= second.time);
    assert.deepEqual((await rt.api<AlertsResponse>('GET', '/api/alerts?limit=1')).json.alerts, [second]);
    assert.deepEqual((await rt.api<AlertsResponse>('GET', `/api/alerts?since=${second.time + 1}`)).json.alerts, []);
    assert.equal((await rt.api('GET', '/api/alerts?since=-1')).status, 400);
    assert.equal((await rt.api('GET', '/api/alerts?limit=0')).status, 400);
  });

  it('refuses a silence without a number of minutes ≥ 0, and for unknown monitors', async () => {
    for (const body of [{}, { minutes: -1 }, { minutes: '10' }]) {
      const res = await rt.api<{ message: string }>('POST', '/api/monitors/batch/silence', body);
      assert.equal(res.status, 400, JSON.stringify(body));
      assert.match(res.json.message, /minutes must be a number ≥ 0/);
    }
    assert.equal((await rt.api('POST', '/api/monitors/nope/silence', { minutes: 5 })).status, 404);
  });

  it('mlops status lists the monitors through the runtime, and from the store once it stopped', async () => {
    const live = await status(rt.root);
    assert.ok(live.includes('config     mlops.yaml:24: model must name a registered model as NAME@ALIAS or NAME@VERSION (e.g. weather@champion)'), live.join('\n'));
    const batch = live.find((l) => l.startsWith('monitor    batch'))!;
    assert.match(batch, /^monitor {4}batch \(weather@1, folder incoming\/\): alerting — last run \d{4}-\d\d-\d\d \d\d:\d\d: drift share 1 \(temp, humidity, city\), 100 rows, 1 alert; next run \d{4}-\d\d-\d\d 03:00$/);
    assert.match(live.find((l) => l.startsWith('monitor    broken'))!, /: error — last run failed: Monitor broken: data\/nowhere\.csv is not a tracked dataset/);

    await rt.stop();
    const offline = await status(rt.root);
    assert.match(offline.find((l) => l.startsWith('monitor    batch'))!, /: alerting — last run .*; schedule "0 3 \* \* sun" runs while the runtime is up$/);
    assert.match(offline.find((l) => l.startsWith('monitor    broken'))!, /: idle — never ran$/, 'run errors live in the runtime only');
    rt = await startMonitorRuntime(YAML);
  });

  it('picks up monitors added to mlops.yaml while it runs', async () => {
    // An edit made while the config watcher is still starting is applied once it is ready.
    writeFileSync(join(rt.root, 'mlops.yaml'), YAML.replace('  - name: typo\n    model: weather\n', '  - name: added\n    model: weather@2\n'));
    const names = await until('the added monitor is loaded', async () => {
      const { json } = await rt.api<MonitorsResponse>('GET', '/api/monitors');
      return json.monitors.some((m) => m.name === 'added') && json.errors.length === 0 && json.monitors.map((m) => m.name);
    });
    assert.deepEqual(names, ['batch', 'broken', 'added']);
  });
});
