import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ApiError, Router } from '../../src/runtime/http';

describe('Router', () => {
  const handler = () => 'h';
  const router = new Router()
    .get('/api/2.0/mlflow/runs/get', handler)
    .post('/api/2.0/mlflow/runs/create', handler)
    .get('/models/:name/versions/:version', handler)
    .add('PUT', '/artifacts/*', handler);

  it('matches literal paths and path params, decoding them', () => {
    assert.deepEqual(router.match('GET', '/api/2.0/mlflow/runs/get').params, {});
    assert.deepEqual(router.match('GET', '/models/weather%20clf/versions/3').params, { name: 'weather clf', version: '3' });
  });

  it('captures the rest of the path with a trailing *', () => {
    assert.deepEqual(router.match('PUT', '/artifacts/0/abc/artifacts/model/model.onnx').params, { '*': '0/abc/artifacts/model/model.onnx' });
  });

  it('treats HEAD as GET', () => {
    assert.equal(router.match('HEAD', '/api/2.0/mlflow/runs/get').handler, handler);
  });

  it('tells an unknown path (404) from a wrong method (405)', () => {
    assert.throws(() => router.match('GET', '/nope'), (e: unknown) => e instanceof ApiError && e.status === 404 && e.code === 'ENDPOINT_NOT_FOUND');
    assert.throws(() => router.match('GET', '/api/2.0/mlflow/runs/create'), (e: unknown) => e instanceof ApiError && e.status === 405);
    assert.throws(() => router.match('GET', '/models/%E0%A4%A/versions/1'), (e: unknown) => e instanceof ApiError && e.status === 400);
  });
});
