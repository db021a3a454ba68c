import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { rawRequest } from '../../helpers/http';
import type { TestRuntime } from '../../helpers/runtime';
import { startTestRuntime } from '../../helpers/runtime';
import { uploadThenRead } from '../../helpers/upload';

/** Issue 15, items 9 and 10: bad bodies and paths are 4xx with a reason; an over-limit body is answered, not reset. */
describe('runtime HTTP hardening', () => {
  let rt: TestRuntime;
  let runId = '';
  let experimentId = '';
  const auth = () => ({ authorization: `Bearer ${rt.token}` });

  before(async () => {
    rt = await startTestRuntime();
    experimentId = String((await rt.call('POST', '/api/2.0/mlflow/experiments/create', { name: 'hardening' })).json.experiment_id);
    const run = await rt.call('POST', '/api/2.0/mlflow/runs/create', { experiment_id: experimentId });
    runId = (run.json.run as { info: { run_id: string } }).info.run_id;
  });
  after(() => rt.stop());

  it('answers a JSON body that is not an object with 400 on every JSON route, the shutdown route included', async () => {
    const routes = [
      '/api/data/add',
      '/api/data/saved',
      '/api/data/checkout',
      '/api/data/untrack',
      '/api/data/gc',
      '/api/models/validation',
      '/api/compare',
      '/api/retrain',
      '/api/monitors/m/silence',
      '/api/2.0/mlflow/runs/create',
      '/api/2.0/mlflow/runs/log-batch',
      '/api/2.0/mlflow/registered-models/create',
      '/api/shutdown',
    ];
    for (const path of routes) {
      for (const body of ['null', '[]', '42', '"x"']) {
        const res = await rawRequest(rt.port, { method: 'POST', path, headers: { ...auth(), 'content-type': 'application/json' }, body });
        assert.equal(res.status, 400, `${path} ${body}: ${res.text}`);
        assert.equal((res.json() as { error_code: string }).error_code, 'INVALID_PARAMETER_VALUE');
      }
    }
    assert.equal((await rt.call('GET', '/health')).status, 200, 'still up after a null shutdown body');
  });

  it('answers values nested 5,000 and 100,000 deep with 400, where they used to overflow the stack', async () => {
    for (const depth of [5_000, 100_000]) {
      const deep = '['.repeat(depth) + ']'.repeat(depth);
      const cases: [string, string][] = [['/api/2.0/mlflow/experiments/create', 'name'], ['/api/2.0/mlflow/registered-models/search', 'page_token'], ['/api/data/add', 'path']];
      for (const [path, field] of cases) {
        const res = await rawRequest(rt.port, { method: 'POST', path, headers: { ...auth(), 'content-type': 'application/json' }, body: `{"${field}":${deep}}` });
        assert.equal(res.status, 400, `${path} at depth ${depth}: ${res.text.slice(0, 200)}`);
        assert.match(res.text, /deeper than 400/);
      }
    }
  });

  it('answers a 5,000-character artifact path with 400 (ENAMETOOLONG), on every artifact route', async () => {
    const long = 'x'.repeat(5_000);
    const root = `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts`;
    const cases: [string, string, string?][] = [
      ['PUT', `${root}/${long}`, 'content'],
      ['PUT', `${root}/dir/${long}/file.txt`, 'content'],
      ['DELETE', `${root}/${long}`],
      ['GET', `/api/2.0/mlflow/artifacts/list?run_id=${runId}&path=${long}`],
      ['GET', `/api/2.0/mlflow-artifacts/artifacts?path=${experimentId}/${runId}/artifacts/${long}`],
    ];
    for (const [method, path, body] of cases) {
      const res = await rawRequest(rt.port, { method, path, headers: auth(), ...(body !== undefined && { body }) });
      assert.equal(res.status, 400, `${method} ${path.slice(0, 80)}: ${res.text.slice(0, 200)}`);
      assert.match(res.text, /too long/);
    }
    // Reading a path that cannot exist is a plain 404.
    for (const path of [`${root}/${long}`, `/get-artifact?run_id=${runId}&path=${long}`]) {
      assert.equal((await rawRequest(rt.port, { path, headers: auth() })).status, 404, path.slice(0, 80));
    }
  });

  it('answers 10 clients sending 5 MB each to a 1 MB route (log-batch), none of them reset', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, () => uploadThenRead(rt.port, { path: '/api/2.0/mlflow/runs/log-batch', headers: auth(), bytes: 5 * 1024 * 1024 })),
    );
    for (const outcome of outcomes) {
      assert.equal(outcome.error, undefined, `a socket error: ${outcome.error}`);
      assert.equal(outcome.status, 400, 'MLflow answers an oversized log-batch with INVALID_PARAMETER_VALUE');
      assert.match(outcome.text, /connection: close/i);
      assert.match(outcome.text, /at most 1 MB/);
    }
  });

  it('answers 10 clients sending 5 MB to a 4 MB route with 413, by Content-Length or chunked, none of them reset', async () => {
    const outcomes = await Promise.all(
      Array.from({ length: 10 }, (_, i) => uploadThenRead(rt.port, { path: '/api/data/add', headers: auth(), bytes: 5 * 1024 * 1024, chunked: i % 2 === 1 })),
    );
    for (const [i, outcome] of outcomes.entries()) {
      assert.equal(outcome.error, undefined, `client ${i}: a socket error ${outcome.error}`);
      assert.equal(outcome.status, 413, `client ${i}`);
      assert.match(outcome.text, /REQUEST_TOO_LARGE/);
    }
    assert.equal((await rt.call('GET', '/health')).status, 200);
  });
});
