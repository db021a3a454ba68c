import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

describe('mlops data', () => {
  it('add, log and status without a runtime', async () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'iris.csv'), 'a,b\n1,2\n3,4\n');
    const add = await runCli(['data', 'add', 'iris.csv', '--workspace', ws]);
    assert.equal(add.code, 0, add.stderr);
    assert.match(add.stdout, /iris\.csv: v1 {2}[0-9a-f]{8} .* 12 bytes, 2 rows × 2 columns/);
    assert.match((await runCli(['data', 'add', 'iris.csv', '--workspace', ws])).stdout, /unchanged/);
    const ok = await runCli(['data', 'status', '--workspace', ws]);
    assert.equal(ok.code, 0);
    assert.match(ok.stdout, /^ok +iris\.csv/m);
    writeFileSync(join(ws, 'iris.csv'), 'a,b\n1,2\n');
    const modified = await runCli(['data', 'status', '--workspace', ws]);
    assert.equal(modified.code, 1);
    assert.match(modified.stdout, /^modified +iris\.csv/m);
    await runCli(['data', 'add', 'iris.csv', '--workspace', ws]);
    const log = await runCli(['data', 'log', 'iris.csv', '--workspace', ws]);
    assert.deepEqual(log.stdout.trim().split('\n').map((l) => l.slice(0, 2)), ['v2', 'v1']);
  });

  it('goes through the runtime when it is up', async () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'x.csv'), 'x\n1\n');
    const rt = await startRuntimeProcess(ws);
    try {
      const add = await runCli(['data', 'add', 'data', '--workspace', ws]);
      assert.equal(add.code, 0, add.stderr);
      assert.match(add.stdout, /data: v1 .* 1 files/);
      const status = await runCli(['data', 'status', '--workspace', ws]);
      assert.match(status.stdout, /^ok +data/m);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });

  it('says what went wrong: missing file, unknown subcommand', async () => {
    const ws = tempDir();
    const missing = await runCli(['data', 'add', 'nope.csv', '--workspace', ws]);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nope\.csv does not exist/);
    const unknown = await runCli(['data', 'frob', '--workspace', ws]);
    assert.equal(unknown.code, 2);
  });
});
