import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { labelsLogPath } from '../../../src/core/monitoring';
import { workspacePaths } from '../../../src/core/workspace';
import { Router, createHttpServer } from '../../../src/runtime/http';
import { registerLabelRoutes } from '../../../src/runtime/routes/labels';
import { rawRequest } from '../../helpers/http';
import { tempDir } from '../../helpers/temp';

const TOKEN = 'test-token';

describe('POST /api/monitors/NAME/labels', () => {
  const paths = workspacePaths(tempDir());
  const router = new Router();
  registerLabelRoutes(router, { paths });
  let port = 0;
  const server = createHttpServer({ router, token: TOKEN, port: () => port });

  before(async () => {
    mkdirSync(paths.mlopsDir, { recursive: true });
    writeFileSync(paths.config, 'version: 1\nmonitors:\n  - name: weather-drift\n    model: weather@live\n    reference: data/weather.csv\n');
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = (monitor: string, body: unknown) =>
    rawRequest(port, {
      method: 'POST',
      path: `/api/monitors/${encodeURIComponent(monitor)}/labels`,
      headers: { host: `127.0.0.1:${port}`, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
  const logged = () => readFileSync(labelsLogPath(paths.mlopsDir, 'weather-drift'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as unknown);

  it('appends the labels as JSON lines and says how many', async () => {
    const first = await post('weather-drift', { labels: [{ request_id: 'r1', label: 'sun' }, { request_id: 'r2', label: [1, 0] }] });
    assert.equal(first.status, 200, first.text);
    assert.deepEqual(first.json(), { appended: 2 });
    const second = await post('weather-drift', { labels: [{ request_id: 'r3', label: 2.5 }] });
    assert.deepEqual(second.json(), { appended: 1 });
    assert.deepEqual(logged(), [
      { request_id: 'r1', label: 'sun' },
      { request_id: 'r2', label: [1, 0] },
      { request_id: 'r3', label: 2.5 },
    ]);
  });

  it('refuses a bad entry with 400 naming its index, and appends nothing of that request', async () => {
    const before = logged().length;
    const cases: [unknown, RegExp][] = [
      [{ labels: [{ request_id: 'ok', label: 1 }, { request_id: '', label: 1 }] }, /labels\[1\]\.request_id must be a non-empty string/],
      [{ labels: [{ request_id: 'ok', label: 1 }, { request_id: 'x', label: 2 }, { request_id: 'y', label: { a: 1 } }] }, /labels\[2\]\.label must be a string, a finite number/],
      [{ labels: [{ request_id: 'x', label: [] }] }, /labels\[0\]\.label/],
      [{ labels: ['r1'] }, /labels\[0\] must be an object/],
      [{ label: 1 }, /The body must be \{"labels"/],
    ];
    for (const [body, message] of cases) {
      const response = await post('weather-drift', body);
      assert.equal(response.status, 400, response.text);
      assert.match((response.json() as { message: string }).message, message);
    }
    assert.equal(logged().length, before);
  });

  it('answers 404 for a monitor mlops.yaml does not define', async () => {
    const response = await post('nope', { labels: [{ request_id: 'r1', label: 1 }] });
    assert.equal(response.status, 404);
    assert.match((response.json() as { message: string }).message, /No monitor named "nope" in mlops\.yaml \(monitors: weather-drift\)/);
    assert.ok(!existsSync(labelsLogPath(paths.mlopsDir, 'nope')));
  });
});
