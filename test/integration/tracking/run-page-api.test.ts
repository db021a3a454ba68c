import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { logisticRegressionModel } from '../../../src/core/models';
import type { ArtifactPreview, RunPageResponse } from '../../../src/shared/run-page';
import { rawRequest } from '../../helpers/http';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { tempDir } from '../../helpers/temp';

// 1×1 transparent PNG.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');

describe('run page API: GET /api/runs/page and GET /api/artifacts/preview', () => {
  let t: TestRuntime;
  let runId: string;
  let root: string;

  const put = async (path: string, body: string | Uint8Array): Promise<void> => {
    const res = await fetch(`http://127.0.0.1:${t.port}/api/2.0/mlflow-artifacts/artifacts/${root}/${path}`, { method: 'PUT', headers: { authorization: `Bearer ${t.token}` }, body: typeof body === 'string' ? body : Buffer.from(body) });
    assert.equal(res.status, 200, await res.text());
  };
  const preview = async (path: string): Promise<{ status: number; json: Record<string, unknown> }> => t.call('GET', '/api/artifacts/preview', { run_id: runId, path });

  before(async () => {
    t = await startTestRuntime();
    const exp = await t.call('POST', '/api/2.0/mlflow/experiments/create', { name: 'weather' });
    const run = (await t.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: exp.json.experiment_id, run_name: 'first' })).json.run as { info: { run_id: string; artifact_uri: string } };
    runId = run.info.run_id;
    root = run.info.artifact_uri.replace('mlflow-artifacts:/', '');
    const metrics = Array.from({ length: 40 }, (_, step) => [
      { key: 'val_accuracy', value: 0.5 + step / 100, timestamp: 1000 + step, step },
      { key: 'system/cpu_percent', value: 20 + (step % 3), timestamp: 1000 + step, step },
    ]).flat();
    await t.call('POST', '/api/2.0/mlflow/runs/log-batch', { run_id: runId, metrics, params: [{ key: 'epochs', value: '40' }], tags: [{ key: 'mlops.data.data', value: 'v2 0123456789abcdef0123456789abcdef' }] });
    await put('model/model.onnx', logisticRegressionModel({ weights: [[1, 2], [3, 4]], biases: [0, 1], classes: ['rain', 'sun'], featureNames: ['temp_max', 'wind'] }));
    await put('model/weights.json', '{"classes":["rain","sun"],"w":[1,2]}');
    await put('eval/predictions.csv', 'date,"label, true",pred\n2016-01-01,"rain, heavy",rain\n2016-01-02,sun,"say ""sun"""\n');
    await put('plots/roc.png', PNG);
    await put('notes.txt', 'hello\nworld\n');
    await put('blob.bin', Buffer.from([0, 1, 2, 3, 0, 5]));
  });
  after(() => t.stop());

  it('answers the run with its params, tags, downsampled metric curves and the whole artifact tree', async () => {
    const res = await t.call('GET', '/api/runs/page', { run_id: runId });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const page = res.json as unknown as RunPageResponse;
    assert.equal(page.run.run_name, 'first');
    assert.equal(page.run.experiment_name, 'weather');
    assert.equal(page.run.status, 'RUNNING');
    assert.deepEqual(page.run.params, { epochs: '40' });
    assert.equal(page.run.tags['mlops.data.data'], 'v2 0123456789abcdef0123456789abcdef');
    assert.deepEqual(page.metrics.map((m) => m.key), ['system/cpu_percent', 'val_accuracy']);
    const acc = page.metrics.find((m) => m.key === 'val_accuracy')!;
    assert.equal(acc.count, 40);
    assert.equal(acc.x.length, 40);
    assert.equal(acc.latest, 0.89);
    assert.deepEqual(
      page.artifacts.files.map((f) => `${f.path}${f.is_dir ? '/' : ''}`),
      ['blob.bin', 'eval/', 'eval/predictions.csv', 'model/', 'model/model.onnx', 'model/weights.json', 'notes.txt', 'plots/', 'plots/roc.png'],
    );
    assert.equal(page.artifacts.truncated, false);
    assert.ok(page.artifacts.dir.endsWith(join('artifacts', ...root.split('/'))), page.artifacts.dir);
  });

  it('previews an ONNX model as its signature', async () => {
    const res = await preview('model/model.onnx');
    assert.equal(res.status, 200, JSON.stringify(res.json));
    const p = res.json as unknown as ArtifactPreview & { kind: 'onnx' };
    assert.equal(p.kind, 'onnx');
    assert.deepEqual(p.signature.inputs.map((i) => [i.name, i.elemType, i.shape?.[1]]), [['input', 'float', 2]]);
    assert.ok(p.signature.outputs.length >= 1);
    assert.equal(p.signature.metadata.feature_names, JSON.stringify(['temp_max', 'wind']));
  });

  it('previews JSON pretty-printed, CSV as a table with quoted fields, text, and images as data URIs', async () => {
    const json = (await preview('model/weights.json')).json as unknown as ArtifactPreview & { kind: 'json' };
    assert.equal(json.kind, 'json');
    assert.equal(json.text, JSON.stringify({ classes: ['rain', 'sun'], w: [1, 2] }, null, 2));
    const csv = (await preview('eval/predictions.csv')).json as unknown as ArtifactPreview & { kind: 'csv' };
    assert.equal(csv.kind, 'csv');
    assert.deepEqual(csv.columns, ['date', 'label, true', 'pred']);
    assert.deepEqual(csv.rows, [['2016-01-01', 'rain, heavy', 'rain'], ['2016-01-02', 'sun', 'say "sun"']]);
    const text = (await preview('notes.txt')).json as unknown as ArtifactPreview & { kind: 'text' };
    assert.deepEqual([text.kind, text.text, text.truncated], ['text', 'hello\nworld\n', false]);
    const image = (await preview('plots/roc.png')).json as unknown as ArtifactPreview & { kind: 'image' };
    assert.equal(image.kind, 'image');
    assert.equal(image.dataUri, `data:image/png;base64,${PNG.toString('base64')}`);
    const blob = (await preview('blob.bin')).json as unknown as ArtifactPreview & { kind: 'none' };
    assert.equal(blob.kind, 'none');
    assert.match(blob.reason, /binary/);
  });

  it('refuses paths outside the run’s artifacts, folders and missing files, with MLflow errors', async () => {
    for (const path of ['../../../etc/passwd', '/etc/passwd', 'model/../../x', '']) {
      const res = await rawRequest(t.port, { path: `/api/artifacts/preview?run_id=${runId}&path=${encodeURIComponent(path)}`, headers: { authorization: `Bearer ${t.token}` } });
      assert.equal(res.status, 400, `${path}: ${res.text}`);
      assert.equal((res.json() as { error_code: string }).error_code, 'INVALID_PARAMETER_VALUE');
    }
    assert.equal((await preview('model')).status, 400);
    assert.equal((await preview('nothing-here.txt')).status, 404);
    assert.equal((await t.call('GET', '/api/artifacts/preview', { run_id: 'no-such-run', path: 'notes.txt' })).status, 404);
  });

  it('does not follow a symlink out of the run’s artifact folder', async () => {
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.txt'), 'secret');
    const dir = join(t.workspace, '.mlops', 'artifacts', ...root.split('/'));
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'link.txt'));
    const res = await preview('link.txt');
    assert.equal(res.status, 400, JSON.stringify(res.json));
    assert.doesNotMatch(JSON.stringify(res.json), /secret"/);
  });
});
