import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { MonitorResult, MonitorsResponse, StoredAlert } from '../../../src/shared/monitors';
import { until } from '../../helpers/until';
import { logRequests, requestsOf, weatherRows } from './fixtures';
import type { MonitorRuntime, WebhookServer } from './runtime-fixtures';
import { FAST, startMonitorRuntime, startWebhookServer, writeCsv } from './runtime-fixtures';

/** A folder monitor whose every drifted run fires an error alert (no cooldown); `onNewData` false: it runs only when asked. */
const yaml = (extra = '', onNewData = true) => `monitors:
  - name: batch
    model: weather@1
    reference: data/weather.csv@1
    source:
      folder: incoming
    window: { rows: 100 }
    on_new_data: ${onNewData}
    alerts:
      - when: "drift_share > 0.3"
        severity: error
        cooldown: 0
${extra}`;

describe('the runtime runs monitors by itself', () => {
  let rt: MonitorRuntime | undefined;
  let hook: WebhookServer | undefined;
  afterEach(async () => {
    await rt?.stop();
    await hook?.close();
    rt = hook = undefined;
  });

  it('runs a folder monitor shortly after a CSV lands in a folder that did not exist at start', async () => {
    rt = await startMonitorRuntime(yaml());
    const incoming = join(rt.root, 'incoming');
    await rt.waitFor('monitor.watching', (e) => e.monitor === 'batch' && e.state === 'waiting');
    assert.deepEqual(rt.events('monitor.result'), [], 'nothing runs before data arrives');
    mkdirSync(incoming);
    writeCsv(incoming, 'day1.csv', weatherRows(100, 7, 10));
    const result = await rt.waitFor('monitor.result', (e) => e.monitor === 'batch');
    assert.equal(result.status, 'alerting');
    assert.equal(result.driftShare, 1);
    const alert = await rt.waitFor('monitor.alert');
    assert.equal(alert.alert.rule, 'drift_share > 0.3');
    assert.equal(alert.model, 'weather@1');
    assert.deepEqual(alert.driftedColumns, ['temp', 'humidity', 'city']);
    assert.equal(alert.retrainTriggerId, undefined);
    const { json } = await rt.api<MonitorsResponse>('GET', '/api/monitors');
    assert.equal(json.monitors[0]!.status, 'alerting');
    assert.deepEqual(json.monitors[0]!.last?.driftedColumns, ['temp', 'humidity', 'city']);
    const logged = readFileSync(join(rt.root, '.mlops', 'logs', 'alerts.log'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { alert: StoredAlert; monitor: string });
    assert.deepEqual(logged.map((l) => [l.monitor, l.alert.id]), [['batch', alert.alert.id]]);
  });

  it("runs a predictions monitor when the model's server logs requests", async () => {
    rt = await startMonitorRuntime(`monitors:
  - name: served
    model: weather@live
    reference: data/weather.csv@1
    window: { rows: 200 }
`);
    await rt.waitFor('monitor.watching', (e) => e.monitor === 'served');
    logRequests(rt.runtime.paths, 'weather', requestsOf(weatherRows(200, 2), 10, new Date()));
    const result = await rt.waitFor('monitor.result', (e) => e.monitor === 'served');
    assert.equal(result.status, 'ok');
    const stored = (await rt.api<{ results: MonitorResult[] }>('GET', '/api/monitors/served/results')).json.results;
    assert.equal(stored.length, 1);
    assert.equal(stored[0]!.window.requests, 20);
  });

  it('one request is not enough data: no drift verdict and no alert until the window holds window.min_rows rows', async () => {
    rt = await startMonitorRuntime(`monitors:
  - name: served
    model: weather@live
    reference: data/weather.csv@1
    window: { rows: 200 }
    alerts:
      - when: "drift_share > 0.3"
        severity: warning
        cooldown: 0
`);
    await rt.waitFor('monitor.watching', (e) => e.monitor === 'served');
    // One request, one row, far from the reference (what a single curl sends).
    logRequests(rt.runtime.paths, 'weather', requestsOf(weatherRows(1, 7, 10), 1, new Date()));
    const first = await rt.waitFor('monitor.result', (e) => e.monitor === 'served');
    assert.equal(first.status, 'not-enough-data');
    const { json } = await rt.api<MonitorsResponse>('GET', '/api/monitors');
    assert.equal(json.monitors[0]!.status, 'not-enough-data');
    assert.deepEqual([json.monitors[0]!.last?.rows, json.monitors[0]!.last?.minRows], [1, 100]);
    const stored = (await rt.api<{ results: MonitorResult[] }>('GET', '/api/monitors/served/results')).json.results;
    assert.deepEqual(stored[0]!.notEnoughData, { rows: 1, minRows: 100 });
    assert.deepEqual(stored[0]!.alerts, []);
    assert.deepEqual(rt.events('monitor.alert'), []);
    // The same shift over a full window alerts.
    logRequests(rt.runtime.paths, 'weather', requestsOf(weatherRows(200, 7, 10), 10, new Date()));
    const full = await rt.waitFor('monitor.result', (e) => e.monitor === 'served' && e.status !== 'not-enough-data');
    assert.equal(full.status, 'alerting');
    await rt.waitFor('monitor.alert');
  });

  it('coalesces quick triggers: a burst of files is one run, requests during a run share one follow-up', async () => {
    rt = await startMonitorRuntime(yaml());
    const incoming = join(rt.root, 'incoming');
    mkdirSync(incoming);
    await rt.waitFor('monitor.watching', (e) => e.monitor === 'batch' && e.state === 'watching');
    for (let i = 0; i < 5; i++) writeCsv(incoming, `part${i}.csv`, weatherRows(20, 10 + i));
    await rt.waitFor('monitor.result');
    const monitors = rt.runtime.context.monitors;
    await until('no new data is pending', () => !monitors.newDataPending('batch'));
    assert.equal(rt.events('monitor.result').length, 1, 'five files within the debounce: one run');

    const [first, second, third] = await Promise.all([monitors.run('batch'), monitors.run('batch'), monitors.run('batch')]);
    assert.equal(rt.events('monitor.result').length, 3, 'one run, then one follow-up for the two requests made while it ran');
    assert.equal(second, third, 'the requests made during the run share its follow-up');
    assert.notEqual(first, second);
  });

  it('delivers an alert to a webhook that answers 500 first, once, after a retry; the alerts log can be turned off', async () => {
    let answers = 0;
    hook = await startWebhookServer(() => (answers++ === 0 ? 500 : 200));
    rt = await startMonitorRuntime(yaml(`alerting:\n  log: false\n  webhook: { url: "${hook.url}", retries: 3, timeout_seconds: 2 }\n`, false));
    mkdirSync(join(rt.root, 'incoming'));
    writeCsv(join(rt.root, 'incoming'), 'day1.csv', weatherRows(100, 7, 10));
    const { status, json: result } = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    assert.equal(status, 200);
    assert.equal(result.alerts.length, 1);
    await rt.runtime.context.monitors.deliveriesSettled();
    await until('the webhook received two requests', () => hook!.received.length >= 2);
    assert.deepEqual(hook.received.map((r) => r.status), [500, 200], 'retried once, delivered once');
    assert.deepEqual(hook.received[0]!.body, hook.received[1]!.body);
    const body = hook.received[1]!.body as { alert: StoredAlert; monitor: string; model: string; driftedColumns: string[]; driftShare: number; time: string };
    assert.deepEqual(body.alert, result.alerts[0]);
    assert.equal(body.monitor, 'batch');
    assert.equal(body.model, 'weather@1');
    assert.deepEqual(body.driftedColumns, ['temp', 'humidity', 'city']);
    assert.equal(body.driftShare, 1);
    assert.equal(Date.parse(body.time), result.alerts[0]!.time);
    assert.equal(existsSync(join(rt.root, '.mlops', 'logs', 'alerts.log')), false, 'alerting.log: false');
  });

  it('logs a give-up with the URL and last status', async () => {
    hook = await startWebhookServer(() => 503);
    rt = await startMonitorRuntime(yaml(`alerting:\n  webhook: { url: "${hook.url}", retries: 2 }\n`, false));
    mkdirSync(join(rt.root, 'incoming'));
    writeCsv(join(rt.root, 'incoming'), 'day1.csv', weatherRows(100, 7, 10));
    await rt.api('POST', '/api/monitors/batch/run');
    await rt.runtime.context.monitors.deliveriesSettled();
    assert.equal(hook.received.length, 3);
    assert.ok(rt.logs.some((l) => l.includes(`webhook ${hook!.url} gave up on alert`) && l.includes('after 3 attempts (last: HTTP 503)')), rt.logs.join('\n'));
  });

  it('does not let a webhook that never answers delay the next run, nor the stop', async () => {
    hook = await startWebhookServer(() => 'hang');
    rt = await startMonitorRuntime(yaml(`alerting:\n  webhook: { url: "${hook.url}", retries: 5, timeout_seconds: 30 }\n`, false));
    mkdirSync(join(rt.root, 'incoming'));
    writeCsv(join(rt.root, 'incoming'), 'day1.csv', weatherRows(100, 7, 10));
    const first = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    assert.equal(first.json.alerts.length, 1);
    const started = Date.now();
    const second = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    const secondMs = Date.now() - started;
    assert.equal(second.status, 200);
    assert.equal(second.json.alerts.length, 1);
    assert.ok(secondMs < 2000, `the second run took ${secondMs} ms`);
    await until('both deliveries reached the server', () => hook!.received.length >= 2);
    assert.equal(hook.received.length, 2, 'both deliveries are waiting on the server');
    const stopping = Date.now();
    await rt.stop();
    rt = undefined;
    assert.ok(Date.now() - stopping < 3000, 'stopping abandons the hanging delivery');
  });

  it('a silence stores alerts without announcing them; ending it announces the next', async () => {
    hook = await startWebhookServer(() => 200);
    const hookCalls: number[] = [];
    rt = await startMonitorRuntime(yaml(`alerting:\n  webhook: "${hook.url}"\n`, false), {
      ...FAST,
      onAlerts: async (_monitor, alerts) => {
        hookCalls.push(alerts.length);
        return 7;
      },
    });
    mkdirSync(join(rt.root, 'incoming'));
    writeCsv(join(rt.root, 'incoming'), 'day1.csv', weatherRows(100, 7, 10));
    const silenced = await rt.api<{ silencedUntil: number | null }>('POST', '/api/monitors/batch/silence', { minutes: 30 });
    assert.equal(silenced.status, 200);
    assert.ok(silenced.json.silencedUntil! > Date.now() + 29 * 60_000);
    const quiet = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    assert.equal(quiet.json.alerts.length, 1, 'the alert fired and is stored');
    const listed = (await rt.api<MonitorsResponse>('GET', '/api/monitors')).json.monitors[0]!;
    assert.equal(listed.status, 'drifting', 'a silenced alert does not make the monitor alerting');
    assert.equal(listed.silencedUntil, silenced.json.silencedUntil);
    assert.equal((await rt.api<{ alerts: StoredAlert[] }>('GET', '/api/alerts')).json.alerts.length, 1);
    await rt.runtime.context.monitors.deliveriesSettled();
    assert.deepEqual(rt.events('monitor.alert'), []);
    assert.equal(hook.received.length, 0);
    assert.deepEqual(hookCalls, [], 'no retraining for silenced alerts');
    assert.equal(rt.events('monitor.result').at(-1)!.status, 'drifting');

    const ended = await rt.api<{ silencedUntil: number | null }>('POST', '/api/monitors/batch/silence', { minutes: 0 });
    assert.deepEqual(ended.json, { silencedUntil: null });
    assert.equal((await rt.api<MonitorsResponse>('GET', '/api/monitors')).json.monitors[0]!.status, 'drifting', 'what fired during the silence stays acknowledged');
    const loud = await rt.api<MonitorResult>('POST', '/api/monitors/batch/run');
    const event = await rt.waitFor('monitor.alert');
    assert.equal(event.alert.id, loud.json.alerts[0]!.id);
    assert.equal(event.retrainTriggerId, 7, "the retrain hook's trigger id");
    assert.deepEqual(hookCalls, [1]);
    await rt.runtime.context.monitors.deliveriesSettled();
    assert.equal(hook.received.length, 1);
    assert.equal((await rt.api<MonitorsResponse>('GET', '/api/monitors')).json.monitors[0]!.status, 'alerting');
  });

  it('logs a retrain hook that throws and still announces the alert', async () => {
    rt = await startMonitorRuntime(yaml('', false), {
      ...FAST,
      onAlerts: () => Promise.reject(new Error('the retrainer is broken')),
    });
    mkdirSync(join(rt.root, 'incoming'));
    writeCsv(join(rt.root, 'incoming'), 'day1.csv', weatherRows(100, 7, 10));
    assert.equal((await rt.api('POST', '/api/monitors/batch/run')).status, 200);
    const event = await rt.waitFor('monitor.alert');
    assert.equal(event.retrainTriggerId, undefined);
    assert.ok(rt.logs.some((l) => l.includes('monitor batch: retraining did not start: the retrainer is broken')));
  });
});
