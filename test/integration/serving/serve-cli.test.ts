import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { readPredictionLog } from '../../../src/core/models';
import type { PredictionRecord } from '../../../src/core/models';
import { ModelRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { CLI, runCli } from '../../helpers/cli';
import { rawRequest } from '../../helpers/http';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';
import { classifier, FEATURES, predictionRows, rowsOf } from './fixtures';

interface ServeProcess {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

function serve(args: string[], cwd: string): Promise<ServeProcess> {
  const child = spawn(process.execPath, [CLI, 'serve', ...args, '--port', '0'], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not serving after 15 s:\n${output}`)), 15_000);
    const onData = () => {
      const port = /at http:\/\/127\.0\.0\.1:(\d+)/.exec(output)?.[1];
      if (!port) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ child, port: Number(port), output: () => output, exited });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`exited with ${code} before serving:\n${output}`));
    });
  });
}

const invoke = (port: number, body: unknown, headers: Record<string, string> = {}) =>
  rawRequest(port, { method: 'POST', path: '/invocations', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

async function logRecords(dir: string): Promise<PredictionRecord[]> {
  const records: PredictionRecord[] = [];
  for await (const record of readPredictionLog(dir)) records.push(record);
  return records;
}

function openRegistry(workspace: string): { registry: ModelRegistry; store: Store } {
  const mlopsDir = join(workspace, '.mlops');
  const store = Store.open(join(mlopsDir, 'mlops.db'));
  const tracking = new Tracking(store, Tracking.artifactRoot(mlopsDir));
  return { store, registry: new ModelRegistry(store, { tracking, storageRoot: ModelRegistry.storageRoot(mlopsDir), workspaceRoot: workspace }) };
}

describe('mlops serve', () => {
  it('refuses a corrupt model file at start, saying why', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.onnx'), 'feature_a,feature_b\n1,2\n');
    const text = await runCli(['serve', 'broken.onnx', '--port', '0'], { cwd: dir });
    assert.equal(text.code, 1);
    assert.match(text.stderr, /cannot serve .*broken\.onnx.*not an ONNX model: the file looks like text/);
    writeFileSync(join(dir, 'cut.onnx'), classifier(1).bytes.subarray(0, 60));
    const cut = await runCli(['serve', 'cut.onnx', '--port', '0'], { cwd: dir });
    assert.equal(cut.code, 1);
    assert.match(cut.stderr, /cannot serve .*cut\.onnx.*not an ONNX model/);
    const missing = await runCli(['serve', 'nothing.onnx', '--port', '0'], { cwd: dir });
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nothing\.onnx does not exist/);
  });

  it('serves a file; on SIGTERM under load it answers what it accepted, logs every answered request and exits 0', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'churn.onnx'), classifier(1).bytes);
    const server = await serve(['churn.onnx'], dir);
    const row = rowsOf(8, 1)[0]!;
    const outcomes: { id: string; status: number | 'connection error' }[] = [];
    let stop = false;
    const client = async (c: number) => {
      for (let i = 0; !stop; i++) {
        const id = `c${c}-${i}`;
        try {
          outcomes.push({ id, status: (await invoke(server.port, { dataframe_split: { columns: FEATURES, data: [row] } }, { 'x-request-id': id })).status });
        } catch {
          outcomes.push({ id, status: 'connection error' });
          stop = true;
        }
      }
    };
    const clients = Array.from({ length: 16 }, (_, c) => client(c));
    await until('requests are being answered', () => outcomes.filter((o) => o.status === 200).length > 20, 15_000);
    server.child.kill('SIGTERM');
    const code = await server.exited;
    stop = true;
    await Promise.all(clients);
    assert.equal(code, 0, server.output());
    assert.match(server.output(), /Received SIGTERM.*\n.*Stopped\./);
    const answered = outcomes.filter((o) => o.status === 200).map((o) => o.id);
    assert.ok(answered.length > 20, `only ${answered.length} answered before the stop`);
    assert.deepEqual(outcomes.filter((o) => o.status !== 200 && o.status !== 'connection error'), [], 'no request was answered with an error');
    const logged = new Set((await logRecords(join(dir, '.mlops', 'predictions', 'churn'))).map((r) => r.request_id));
    assert.deepEqual(answered.filter((id) => !logged.has(id)), [], 'every answered request is in the prediction log');
  });

  it('killed outright (SIGKILL), loses at most the last flush interval (200 ms) of the log', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'churn.onnx'), classifier(1).bytes);
    const server = await serve(['churn.onnx'], dir);
    const ids = Array.from({ length: 50 }, (_, i) => `k${i}`);
    for (const id of ids) assert.equal((await invoke(server.port, { inputs: rowsOf(1, 1) }, { 'x-request-id': id })).status, 200);
    const logDir = join(dir, '.mlops', 'predictions', 'churn');
    await until('the answered requests are flushed to the log', async () => (await logRecords(logDir)).length === ids.length);
    server.child.kill('SIGKILL');
    await server.exited;
    const logged = (await logRecords(join(dir, '.mlops', 'predictions', 'churn'))).map((r) => r.request_id);
    assert.deepEqual(logged, ids);
  });

  it('serves NAME@ALIAS from the registry and hot-swaps when the alias moves', async () => {
    const workspace = tempDir();
    const v1 = classifier(1);
    const v2 = classifier(7);
    writeFileSync(join(workspace, 'v1.onnx'), v1.bytes);
    writeFileSync(join(workspace, 'v2.onnx'), v2.bytes);
    const { registry, store } = openRegistry(workspace);
    try {
      await registry.createVersion({ name: 'churn', source: join(workspace, 'v1.onnx'), createModel: true });
      await registry.createVersion({ name: 'churn', source: join(workspace, 'v2.onnx') });
      registry.setAlias('churn', 'champion', '1');
      writeFileSync(join(workspace, 'mlops.yaml'), 'serving:\n  alias_poll_seconds: 0.2\n');
      const server = await serve(['churn@champion'], workspace);
      try {
        assert.match(server.output(), /Serving churn version 1 \(@champion, following it\)/);
        const body = { inputs: rowsOf(9, 1) };
        const first = await invoke(server.port, body);
        assert.equal(first.headers['x-model-version'], '1');
        registry.setAlias('churn', 'champion', '2');
        let version = '1';
        for (const deadline = Date.now() + 10_000; version !== '2' && Date.now() < deadline; ) {
          const res = await invoke(server.port, body);
          assert.equal(res.status, 200);
          version = String(res.headers['x-model-version']);
        }
        assert.equal(version, '2', server.output());
        // The swap answers requests before its line reaches our pipe.
        await until('the swap is reported', () => /churn@champion moved to version 2: now serving it/.test(server.output()));
        const pinned = await serve(['churn@1'], workspace);
        const res = await invoke(pinned.port, body);
        assert.notDeepEqual(predictionRows(res.json()), predictionRows((await invoke(server.port, body)).json()));
        pinned.child.kill('SIGTERM');
        assert.equal(await pinned.exited, 0);
      } finally {
        server.child.kill('SIGTERM');
        assert.equal(await server.exited, 0);
      }
    } finally {
      store.close();
    }
  });

  it('takes its settings from the serving section of mlops.yaml', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'churn.onnx'), classifier(1).bytes);
    writeFileSync(join(dir, 'mlops.yaml'), 'serving:\n  max_body_mb: 0.001\n  prediction_log:\n    enabled: false\n  threads: nope\n');
    const server = await serve(['churn.onnx'], dir);
    try {
      assert.match(server.output(), /warning: mlops\.yaml:5: serving\.threads must be an integer/);
      assert.equal((await invoke(server.port, { inputs: rowsOf(1, 1) })).status, 200);
      assert.equal((await invoke(server.port, { inputs: rowsOf(1, 40) })).status, 413);
    } finally {
      server.child.kill('SIGTERM');
      assert.equal(await server.exited, 0);
    }
    assert.equal(existsSync(join(dir, '.mlops', 'predictions')), false);
  });
});
