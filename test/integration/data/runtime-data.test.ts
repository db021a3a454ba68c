import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import type { RuntimeEvent } from '../../../src/shared/events';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

interface Version {
  version: number;
  md5: string;
  summary: { rows: number } | null;
}

describe('data versioning in the runtime', () => {
  let runtime: Runtime;
  let client: RuntimeClient;
  let ws: string;
  const events: RuntimeEvent[] = [];
  let sub: { close(): void };

  const waitForVersion = async (path: string, version: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (events.some((e) => e.type === 'dataset.version' && e.data.path === path && e.data.version === version)) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`no version ${version} of ${path}: ${JSON.stringify(events.map((e) => e.data))}`);
  };

  before(async () => {
    ws = tempDir();
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'weather.csv'), 'day,temp\n1,10\n2,11\n');
    writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  track:\n    - data/\n');
    const result = await Runtime.start({ workspace: ws, log: () => undefined });
    if (result.kind !== 'started') throw new Error('not started');
    runtime = result.runtime;
    client = new RuntimeClient(runtime.info);
    sub = client.subscribe({ since: 0, onEvent: (e) => events.push(e) });
  });
  after(async () => {
    sub.close();
    await runtime.stop('test done');
  });

  it('versions the tracked folder at start, with its pointer file', async () => {
    await waitForVersion('data', 1);
    assert.ok(existsSync(join(ws, 'data.dvc')));
    const { datasets } = await client.request<{ datasets: { path: string; kind: string; latest: Version }[] }>('GET', '/api/data/datasets');
    assert.deepEqual(datasets.map((d) => [d.path, d.kind, d.latest.version]), [['data', 'dir', 1]]);
  });

  it('a save of a tracked file becomes a new version within a second', async () => {
    const started = Date.now();
    writeFileSync(join(ws, 'data', 'weather.csv'), 'day,temp\n1,10\n2,11\n3,12\n');
    await waitForVersion('data', 2, 3000);
    assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms`);
    const { versions } = await client.request<{ versions: Version[] }>('GET', '/api/data/versions?path=data');
    assert.deepEqual(versions.map((v) => v.version), [1, 2]);
  });

  it('two racing saves end as ordered versions, the last content last', async () => {
    const file = join(ws, 'data', 'other.csv');
    writeFileSync(file, 'a\n1\n');
    const first = client.request<{ version: Version }>('POST', '/api/data/add', { path: 'data' });
    writeFileSync(file, 'a\n1\n2\n');
    const second = client.request<{ version: Version }>('POST', '/api/data/add', { path: 'data' });
    const [a, b] = await Promise.all([first, second]);
    assert.ok(b.version.version >= a.version.version);
    const { versions } = await client.request<{ versions: Version[] }>('GET', '/api/data/versions?path=data');
    assert.equal(versions[versions.length - 1]!.md5, b.version.md5);
  });

  it('an editor save reported by the extension versions at once; untracked paths are ignored', async () => {
    writeFileSync(join(ws, 'data', 'weather.csv'), 'day,temp\n9,99\n');
    const before = events.filter((e) => e.type === 'dataset.version').length;
    await client.request('POST', '/api/data/saved', { path: join(ws, 'data', 'weather.csv') });
    await client.request('POST', '/api/data/saved', { path: join(ws, 'notes.txt') });
    const deadline = Date.now() + 3000;
    while (events.filter((e) => e.type === 'dataset.version').length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.ok(events.filter((e) => e.type === 'dataset.version').length > before);
  });

  it('refuses paths outside the workspace and missing ones with MLflow-style errors', async () => {
    await assert.rejects(client.request('POST', '/api/data/add', { path: '../etc/passwd' }), /outside the workspace/);
    await assert.rejects(client.request('POST', '/api/data/add', { path: 'nope.csv' }), /does not exist/);
    await assert.rejects(client.request('POST', '/api/data/add', {}), /Missing value/);
  });

  it('follows mlops.yaml: a newly tracked file is versioned without a restart', async () => {
    writeFileSync(join(ws, 'labels.csv'), 'id,label\n1,a\n');
    writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  track:\n    - data/\n    - labels.csv\n');
    await waitForVersion('labels.csv', 1, 5000);
  });
});
