import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
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
      assert.match(add.stdout, /data: v1 .* 1 file$/m);
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

  it('push, remote, gc and pull without a runtime; exit 1 when objects are missing', async () => {
    const ws = tempDir();
    const remote = join(tempDir(), 'remote');
    writeFileSync(join(ws, 'mlops.yaml'), `version: 1\ndata:\n  remote: ${JSON.stringify(remote)}\n  gc:\n    keep: 1\n`);
    writeFileSync(join(ws, 'x.csv'), 'x\n1\n');
    await runCli(['data', 'add', 'x.csv', '--workspace', ws]);
    writeFileSync(join(ws, 'x.csv'), 'x\n1\n2\n');
    await runCli(['data', 'add', 'x.csv', '--workspace', ws]);
    const before = await runCli(['data', 'remote', '--workspace', ws]);
    assert.equal(before.code, 0, before.stderr);
    assert.match(before.stdout, new RegExp(`^${remote.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')} +\\(from mlops\\.yaml\\)`, 'm'));
    assert.match(before.stdout, /^not pushed +x\.csv +\(v2 /m);
    const push = await runCli(['data', 'push', '--workspace', ws]);
    assert.equal(push.code, 0, push.stderr);
    assert.match(push.stdout, /Pushed 1 of 1 objects \(6 bytes\) to .*; 0 already in the remote\./);
    assert.match((await runCli(['data', 'remote', '--workspace', ws])).stdout, /^pushed +x\.csv/m);

    const cache = join(ws, '.mlops', 'cache', 'files', 'md5');
    const hoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    for (const prefix of readdirSync(cache)) for (const name of readdirSync(join(cache, prefix))) utimesSync(join(cache, prefix, name), hoursAgo, hoursAgo);
    const dry = await runCli(['data', 'gc', '--dry-run', '--workspace', ws]);
    assert.equal(dry.code, 0, dry.stderr);
    assert.match(dry.stdout, /^would delete +[0-9a-f]{32} +4 bytes$/m);
    assert.match(dry.stdout, /Would delete 1 cache object\(s\) \(4 bytes\); 1 referenced object\(s\) kept\./);
    assert.equal(readdirSync(cache).length, 2, 'a dry run deletes nothing');
    const gc = await runCli(['data', 'gc', '--workspace', ws]);
    assert.match(gc.stdout, /Deleted 1 cache object\(s\) \(4 bytes\)/);

    rmSync(join(ws, '.mlops', 'cache'), { recursive: true, force: true });
    rmSync(join(ws, 'x.csv'));
    const pull = await runCli(['data', 'pull', '--workspace', ws]);
    assert.equal(pull.code, 0, pull.stderr);
    assert.match(pull.stdout, /Pulled 1 of 1 objects .*\nRestored x\.csv into the workspace\./);
    assert.ok(existsSync(join(ws, 'x.csv')));
    const all = await runCli(['data', 'push', '--all-versions', '--workspace', ws]);
    assert.equal(all.code, 1);
    assert.match(all.stderr, /^missing +[0-9a-f]{32} +x\.csv: not in the local cache$/m);
  });

  it('says what to do about an unsupported remote, a missing one, or none', async () => {
    const ws = tempDir();
    const none = await runCli(['data', 'remote', '--workspace', ws]);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /No data remote is configured: set data\.remote in mlops\.yaml/);
    writeFileSync(join(ws, 'mlops.yaml'), 'data:\n  remote: s3://bucket/data\n');
    const s3 = await runCli(['data', 'push', '--workspace', ws]);
    assert.equal(s3.code, 1);
    assert.match(s3.stderr, /s3:\/\/bucket\/data \(from mlops\.yaml\) uses s3:\/\/, but only local directory remotes are supported yet/);
    writeFileSync(join(ws, 'mlops.yaml'), 'data:\n  remote: ../no-such-remote\n');
    const pull = await runCli(['data', 'pull', '--workspace', ws]);
    assert.equal(pull.code, 1);
    assert.match(pull.stderr, /no-such-remote \(from mlops\.yaml\) does not exist/);
    writeFileSync(join(ws, 'mlops.yaml'), 'data:\n  gc:\n    keep: 0\n');
    const gc = await runCli(['data', 'gc', '--workspace', ws]);
    assert.equal(gc.code, 1);
    assert.match(gc.stderr, /Fix mlops\.yaml first: mlops\.yaml:3: data\.gc\.keep must be a positive integer/);
  });

  it('push, remote and gc go through the runtime when it is up', async () => {
    const ws = tempDir();
    const remote = join(tempDir(), 'remote');
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'a.csv'), 'a\n1\n');
    writeFileSync(join(ws, 'mlops.yaml'), `version: 1\ndata:\n  track: [data/]\n  remote: ${JSON.stringify(remote)}\n`);
    const rt = await startRuntimeProcess(ws);
    try {
      const push = await runCli(['data', 'push', '--workspace', ws]);
      assert.equal(push.code, 0, push.stderr);
      assert.match(push.stdout, /Pushed 2 of 2 objects/);
      assert.match(rt.output(), /data: push .*: 2 copied/);
      assert.match((await runCli(['data', 'remote', '--workspace', ws])).stdout, /^pushed +data +\(v1 /m);
      const gc = await runCli(['data', 'gc', '--dry-run', '--workspace', ws]);
      assert.equal(gc.code, 0, gc.stderr);
      assert.match(gc.stdout, /Would delete 0 cache object\(s\)/);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });
});
