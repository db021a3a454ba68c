import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { until } from '../../helpers/until';
import { assertClose } from '../onnx/reference';
import { classifier, expected, FEATURES, parsePrometheus, predictionRows, rowsOf, startTestServer } from './fixtures';

describe('scoring server under load', () => {
  it('answers 1,000 concurrent requests, shuts down gracefully while they are in flight, and logs every one', async () => {
    const model = classifier(1);
    const server = await startTestServer(model.bytes);
    const rows = rowsOf(5, 1000);
    let received = 0;
    let stopped: Promise<void> | undefined;
    // Shut down the moment the last request has arrived: all 1,000 are in flight or queued.
    server.server.on('request', () => {
      if (++received === rows.length) stopped = server.shutdown();
    });
    const answers = await Promise.all(rows.map((row, i) => server.invoke({ dataframe_split: { columns: FEATURES, data: [row] } }, { 'x-request-id': `load-${i}` })));
    await stopped;
    assert.equal(received, 1000);
    answers.forEach((res, i) => {
      assert.equal(res.status, 200, `request ${i}: ${res.text}`);
      assert.equal(res.headers['x-request-id'], `load-${i}`);
    });
    for (const i of [0, 499, 999]) assertClose(predictionRows(answers[i]!.json())[0]!.probabilities, expected(model, rows[i]!).probabilities, `request ${i}`);
    const records = await server.records();
    assert.equal(records.length, 1000);
    assert.deepEqual(new Set(records.map((r) => r.request_id)), new Set(rows.map((_, i) => `load-${i}`)));
    const record = records.find((r) => r.request_id === 'load-7')!;
    assert.equal(record.status, 200);
    assert.equal(record.format, 'dataframe_split');
    assert.equal(record.rows, 1);
    assert.deepEqual(record.request, { dataframe_split: { columns: FEATURES, data: [rows[7]] } });
    assert.deepEqual(record.predictions, predictionRows(answers[7]!.json()));
    assert.ok(record.latency_ms > 0);
  });

  it('hot-swaps under load without dropping a request: earlier ones answered by v1, later ones by v2', async () => {
    const v1 = classifier(1);
    const v2 = classifier(7);
    const server = await startTestServer(v1.bytes, { model: { name: 'churn', version: '1' } });
    const row = rowsOf(6, 1)[0]!;
    const answers: { sentAt: number; version: string; probabilities: number[]; status: number }[] = [];
    let swappedAt = Infinity;
    let stopAt = Infinity;
    const client = async () => {
      while (performance.now() < stopAt) {
        const sentAt = performance.now();
        const res = await server.invoke({ inputs: [row] });
        answers.push({ sentAt, status: res.status, version: String(res.headers['x-model-version']), probabilities: res.status === 200 ? predictionRows(res.json())[0]!.probabilities : [] });
      }
    };
    const clients = Array.from({ length: 8 }, client);
    await until('every client has been answered', () => answers.length >= 16);
    await assert.rejects(server.service.swap(Uint8Array.from([1, 2, 3]), { name: 'churn', version: '9' }), /not an ONNX model/);
    const previous = await server.service.swap(v2.bytes, { name: 'churn', version: '2' });
    swappedAt = performance.now();
    stopAt = swappedAt + 300;
    await Promise.all(clients);
    const metrics = parsePrometheus((await server.get('/metrics')).text);
    await server.shutdown();

    assert.deepEqual(previous, { name: 'churn', version: '1' });
    assert.ok(answers.every((a) => a.status === 200), 'every request answered');
    const byV1 = answers.filter((a) => a.version === '1');
    const byV2 = answers.filter((a) => a.version === '2');
    assert.ok(byV1.length > 0 && byV2.length > 0, `v1 answered ${byV1.length}, v2 ${byV2.length}`);
    assert.equal(byV1.length + byV2.length, answers.length);
    assert.ok(answers.filter((a) => a.sentAt > swappedAt).every((a) => a.version === '2'), 'requests sent after the swap are all answered by v2');
    assertClose(byV1[0]!.probabilities, expected(v1, row).probabilities, 'v1 answer');
    assertClose(byV2[0]!.probabilities, expected(v2, row).probabilities, 'v2 answer');
    assert.equal(metrics.get('mlops_serving_model_swaps_total'), 1);
    assert.equal(metrics.get('mlops_serving_model_version{model="churn",version="2",alias="",server_version="test"}'), 1);
    const logged = await server.records();
    assert.equal(logged.filter((r) => r.version === '1').length, byV1.length);
    assert.equal(logged.filter((r) => r.version === '2').length, byV2.length);
  });
});
