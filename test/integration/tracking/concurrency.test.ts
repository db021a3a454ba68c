import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Store } from '../../../src/core/store';
import type { RuntimeInfo } from '../../../src/shared/runtime-info';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

const API = '/api/2.0/mlflow';

describe('tracking under concurrent writers', () => {
  let t: TestRuntime;
  before(async () => {
    t = await startTestRuntime();
  });
  after(() => t.stop());

  it('8 scripts logging at once while the CLI reads: no 500, nothing lost', async () => {
    const runIds: string[] = [];
    for (let i = 0; i < 8; i++) runIds.push(((await t.call('POST', `${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string } }).info.run_id);
    const statuses: number[] = [];
    const writers = runIds.map(async (runId, w) => {
      for (let b = 0; b < 20; b++) {
        const metrics = Array.from({ length: 50 }, (_, i) => ({ key: `w${w}`, value: b * 50 + i, timestamp: Date.now(), step: b * 50 + i }));
        const r = await t.call('POST', `${API}/runs/log-batch`, { run_id: runId, metrics, params: b === 0 ? [{ key: 'writer', value: String(w) }] : [] });
        statuses.push(r.status);
      }
    });
    const reader = (async () => {
      for (let i = 0; i < 5; i++) {
        const r = await runCli(['status', '--json', '--workspace', t.workspace]);
        assert.equal(r.code, 0, r.stderr);
      }
    })();
    await Promise.all([...writers, reader]);
    assert.deepEqual([...new Set(statuses)], [200]);
    for (let w = 0; w < 8; w++) {
      const history = await t.call('GET', `${API}/metrics/get-history`, { run_id: runIds[w]!, metric_key: `w${w}` });
      assert.equal((history.json.metrics as unknown[]).length, 1000);
    }
  });
});

describe('tracking after a crash', () => {
  it('keeps every acknowledged metric when the runtime is SIGKILLed during a log-batch storm, and fails the orphaned run', async () => {
    const ws = tempDir();
    const rt = await startRuntimeProcess(ws);
    const info: RuntimeInfo = rt.info;
    const call = async (path: string, body: unknown) => {
      const res = await fetch(`http://127.0.0.1:${info.port}${path}`, { method: 'POST', headers: { authorization: `Bearer ${info.token}`, 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    };
    const runId = ((await call(`${API}/runs/create`, { experiment_id: '0' })).json.run as { info: { run_id: string } }).info.run_id;
    let acknowledged = 0;
    let stop = false;
    const clients = Array.from({ length: 4 }, async (_, c) => {
      for (let b = 0; !stop; b++) {
        const metrics = Array.from({ length: 100 }, (_, i) => ({ key: `c${c}`, value: i, timestamp: Date.now(), step: b * 100 + i }));
        try {
          const r = await call(`${API}/runs/log-batch`, { run_id: runId, metrics });
          if (r.status === 200) acknowledged += 100;
        } catch {
          return;
        }
      }
    });
    await until('batches are being acknowledged', () => acknowledged >= 1000, 15_000);
    rt.child.kill('SIGKILL');
    stop = true;
    await Promise.all(clients);
    await rt.exited;
    assert.ok(acknowledged > 0);

    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    const kept = store.db.get<{ n: number }>('SELECT count(*) AS n FROM metrics WHERE run_uuid = ?', [runId])?.n ?? 0;
    store.close();
    assert.ok(kept >= acknowledged, `kept ${kept} of ${acknowledged} acknowledged points`);

    const again = await startRuntimeProcess(ws);
    try {
      const state = JSON.parse(readFileSync(join(ws, '.mlops', 'runtime.json'), 'utf8')) as RuntimeInfo;
      const res = await fetch(`http://127.0.0.1:${state.port}${API}/runs/get?run_id=${runId}`, { headers: { authorization: `Bearer ${state.token}` } });
      const run = ((await res.json()) as { run: { info: { status: string; end_time?: number } } }).run;
      assert.equal(run.info.status, 'FAILED');
      assert.equal(typeof run.info.end_time, 'number');
      assert.match(again.output(), /marked 1 run\(s\) left RUNNING/);
    } finally {
      again.child.kill('SIGTERM');
      await again.exited;
    }
  });
});
