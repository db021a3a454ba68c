import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { md5Bytes } from '../../../src/core/data';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

describe('an existing DVC repository', () => {
  it('opens with its data already tracked from the DVC 3 and DVC 2 pointers; an unchanged DVC 2 pointer is not rewritten', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, '.dvc', 'cache', 'files', 'md5', 'ac'), { recursive: true });
    writeFileSync(join(ws, 'foo'), 'foo');
    writeFileSync(join(ws, '.dvc', 'cache', 'files', 'md5', 'ac', 'bd18db4cc2f85cedef654fccc4a4d8'), 'foo');
    writeFileSync(join(ws, 'foo.dvc'), 'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n');
    mkdirSync(join(ws, 'old'));
    writeFileSync(join(ws, 'old', 'legacy.csv'), 'a\n1\n');
    const legacy = `outs:\n- md5: ${md5Bytes('a\n1\n')}\n  size: 4\n  path: legacy.csv\n`;
    writeFileSync(join(ws, 'old', 'legacy.csv.dvc'), legacy);
    const logs: string[] = [];
    const result = await Runtime.start({ workspace: ws, log: (l) => logs.push(l) });
    if (result.kind !== 'started') throw new Error('not started');
    const client = new RuntimeClient(result.runtime.info);
    try {
      const deadline = Date.now() + 5000;
      let datasets: { path: string; latest: { version: number; md5: string } }[] = [];
      while (Date.now() < deadline) {
        datasets = (await client.request<{ datasets: typeof datasets }>('GET', '/api/data/datasets')).datasets;
        if (datasets.length > 1) break;
        await new Promise((r) => setTimeout(r, 50));
      }
      assert.deepEqual(datasets.map((d) => [d.path, d.latest.version, d.latest.md5]), [['foo', 1, 'acbd18db4cc2f85cedef654fccc4a4d8'], ['old/legacy.csv', 1, md5Bytes('a\n1\n')]]);
      const status = await client.request<{ datasets: { path: string; state: string }[] }>('GET', '/api/data/status');
      assert.deepEqual(status.datasets.map((d) => [d.path, d.state]), [['foo', 'ok'], ['old/legacy.csv', 'ok']]);
      assert.ok(logs.some((l) => /old\/legacy\.csv imported from old\/legacy\.csv\.dvc/.test(l)), logs.join('\n'));
      assert.equal(readFileSync(join(ws, 'old', 'legacy.csv.dvc'), 'utf8'), legacy);
    } finally {
      await result.runtime.stop('test done');
    }
  });
});
