import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { MonitorStore } from '../../../src/core/monitoring';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { EventHub } from '../../../src/runtime/event-hub';
import { Router, createHttpServer } from '../../../src/runtime/http';
import { Retrainer } from '../../../src/runtime/retrain';
import { registerRetrainRoutes } from '../../../src/runtime/routes/retrain';
import type { RetrainResponse, RetrainTrigger } from '../../../src/shared/monitors';
import { CLI } from '../../helpers/cli';
import { MONITOR, monitorsOf, writeWorkspaceFiles } from './fixtures';

const TOKEN = 'retrain-routes-test';

describe('retrain routes over HTTP', () => {
  const paths = workspacePaths(writeWorkspaceFiles({ task: 'train model', policy: 'ask' }));
  const store = Store.open(paths.db);
  const hub = new EventHub(store.events);
  const retrainer = new Retrainer({ store, paths, hub, log: () => undefined, monitors: () => monitorsOf(paths), cliPath: CLI });
  retrainer.start();
  const router = new Router();
  registerRetrainRoutes(router, retrainer);
  let port = 0;
  const server = createHttpServer({ router, token: TOKEN, port: () => port });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(async () => {
    retrainer.stop();
    await new Promise((resolve) => server.close(resolve));
    hub.close();
    store.close();
  });

  async function call<T = Record<string, unknown>>(method: string, path: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`http://127.0.0.1:${port}${path}`, {
      method,
      headers: { authorization: `Bearer ${TOKEN}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  it('refuses a missing, unknown or unconfigured monitor with what to do', async () => {
    assert.equal((await call('POST', '/api/retrain', {})).status, 400);
    const unknown = await call<{ error_code: string; message: string }>('POST', '/api/retrain', { monitor: 'nope' });
    assert.deepEqual([unknown.status, unknown.json.error_code], [404, 'RESOURCE_DOES_NOT_EXIST']);
    const bare = await call<{ message: string }>('POST', '/api/retrain', { monitor: 'no-retrain' });
    assert.equal(bare.status, 400);
    assert.match(bare.json.message, /has no retrain configured; add to monitor no-retrain in mlops\.yaml: retrain: \{command:/);
  });

  it('approves and declines pending retrains, lists them newest first, and takes a task\'s exit code', async () => {
    const alerts = new MonitorStore(store.db);
    alerts.saveAlert({ monitor: MONITOR, rule: 'drift_share > 0.3', severity: 'warning', value: 0.5, time: Date.now(), message: 'm', retrain: true });
    const pending = (await retrainer.onAlerts(monitorsOf(paths)[0]!, alerts.alerts()))!;
    const declined = await call<RetrainTrigger>('POST', `/api/retrain/${pending}/decline`);
    assert.deepEqual([declined.status, declined.json.status], [200, 'declined']);
    const again = await call<{ error_code: string; message: string }>('POST', `/api/retrain/${pending}/approve`);
    assert.deepEqual([again.status, again.json.error_code], [400, 'INVALID_STATE']);
    assert.match(again.json.message, /is declined; only a pending retrain can be approved/);

    alerts.saveAlert({ monitor: MONITOR, rule: 'drift_share > 0.3', severity: 'warning', value: 0.6, time: Date.now(), message: 'm', retrain: true });
    const waiting = (await retrainer.onAlerts(monitorsOf(paths)[0]!, alerts.alerts().slice(0, 1)))!;
    const started = await call<RetrainTrigger>('POST', '/api/retrain', { monitor: MONITOR });
    assert.deepEqual([started.status, started.json.id, started.json.status, started.json.reason], [200, waiting, 'running', 'alert: drift_share > 0.3'], 'asking to retrain starts the pending one');
    assert.equal((await call('POST', '/api/retrain', { monitor: MONITOR })).status, 400, 'one active retrain per monitor');
    assert.equal((await call('POST', `/api/retrain/${started.json.id}/finished`, { exitCode: 'zero' })).status, 400);
    assert.equal((await call('POST', `/api/retrain/${started.json.id}/finished`, {})).status, 400);
    const finished = await call<RetrainTrigger>('POST', `/api/retrain/${started.json.id}/finished`, { exitCode: 4 });
    assert.deepEqual([finished.status, finished.json.status, finished.json.decision], [200, 'failed', 'training exited with code 4']);

    const list = await call<RetrainResponse>('GET', `/api/retrain?monitor=${MONITOR}`);
    assert.deepEqual(list.json.triggers.map((t) => [t.id, t.status]), [[waiting, 'failed'], [pending, 'declined']]);
    assert.deepEqual((await call<RetrainResponse>('GET', '/api/retrain?monitor=other')).json.triggers, []);
    assert.equal((await call('POST', '/api/retrain/abc/approve')).status, 400);
    assert.equal((await call('POST', '/api/retrain/999/decline')).status, 404);
  });
});
