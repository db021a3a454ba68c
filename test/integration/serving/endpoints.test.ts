import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { TestServer } from './fixtures';
import { classifier, FEATURES, parsePrometheus, rowsOf, startTestServer } from './fixtures';

describe('scoring server: /ping, /health, /version, /metrics', () => {
  let server: TestServer;
  before(async () => (server = await startTestServer(classifier(1).bytes, { model: { name: 'churn', version: '3', alias: 'champion' } })));
  after(() => server.shutdown());

  it('/ping and /health answer 200 with a line break, as MLflow', async () => {
    for (const path of ['/ping', '/health']) {
      const res = await server.get(path);
      assert.equal(res.status, 200);
      assert.equal(res.text, '\n');
    }
  });

  it('/version names our version and the model served', async () => {
    const res = await server.get('/version');
    assert.deepEqual(res.json(), { version: 'test', model: { name: 'churn', version: '3', alias: 'champion' } });
  });

  it('echoes X-Request-ID, or makes one up', async () => {
    const given = await server.invoke({ inputs: rowsOf(1, 1) }, { 'x-request-id': 'abc-123' });
    assert.equal(given.headers['x-request-id'], 'abc-123');
    assert.equal(given.headers['x-model-version'], '3');
    const made = await server.get('/ping');
    assert.match(String(made.headers['x-request-id']), /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    const invalid = await server.invoke({ inputs: rowsOf(1, 1) }, { 'x-request-id': 'with space' });
    const ids = new Set([made, invalid, await server.get('/ping')].map((res) => String(res.headers['x-request-id'])));
    assert.equal(ids.size, 3, 'every made-up id is new');
    assert.doesNotMatch([...ids].join(), /with space/);
  });

  it('/metrics: requests by status, errors by code, latency and batch-size histograms, the model version', async () => {
    const before = parsePrometheus((await server.get('/metrics')).text);
    const okBefore = before.get('mlops_serving_requests_total{endpoint="/invocations",status="200"}') ?? 0;
    for (const rows of [1, 5, 300]) assert.equal((await server.invoke({ dataframe_split: { columns: FEATURES, data: rowsOf(rows, rows) } })).status, 200);
    assert.equal((await server.invoke('{oops')).status, 400);
    assert.equal((await server.invoke({ inputs: [[1]] })).status, 400);
    const res = await server.get('/metrics');
    assert.match(String(res.headers['content-type']), /^text\/plain; version=0\.0\.4/);
    const m = parsePrometheus(res.text);
    assert.equal(m.get('mlops_serving_requests_total{endpoint="/invocations",status="200"}'), okBefore + 3);
    assert.equal(m.get('mlops_serving_requests_total{endpoint="/invocations",status="400"}'), 2);
    assert.equal(m.get('mlops_serving_errors_total{error_code="BAD_REQUEST"}'), 1);
    assert.equal(m.get('mlops_serving_errors_total{error_code="INVALID_PARAMETER_VALUE"}'), 1);
    const invocations = okBefore + 5;
    assert.equal(m.get('mlops_serving_request_duration_seconds_count'), invocations);
    assert.equal(m.get('mlops_serving_request_duration_seconds_bucket{le="+Inf"}'), invocations);
    assert.ok((m.get('mlops_serving_request_duration_seconds_sum') ?? 0) > 0);
    const buckets = [...m].filter(([k]) => k.startsWith('mlops_serving_request_duration_seconds_bucket')).map(([, v]) => v);
    assert.deepEqual(buckets, [...buckets].sort((a, b) => a - b), 'buckets are cumulative');
    assert.equal(m.get('mlops_serving_batch_size_bucket{le="1"}'), okBefore + 1);
    assert.equal(m.get('mlops_serving_batch_size_bucket{le="16"}'), okBefore + 2);
    assert.equal(m.get('mlops_serving_batch_size_bucket{le="256"}'), okBefore + 2);
    assert.equal(m.get('mlops_serving_batch_size_bucket{le="1024"}'), okBefore + 3);
    assert.equal(m.get('mlops_serving_batch_size_sum'), okBefore + 306);
    assert.equal(m.get('mlops_serving_model_version{model="churn",version="3",alias="champion",server_version="test"}'), 1);
    assert.equal(m.get('mlops_serving_in_flight_requests'), 0);
    assert.ok((m.get('mlops_serving_requests_total{endpoint="/ping",status="200"}') ?? 0) >= 1);
  });
});
