import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, readPointer } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

function workspace(dvc = false): { ws: string; repo: DatasetRepository; store: Store } {
  const ws = tempDir();
  if (dvc) mkdirSync(join(ws, '.dvc'));
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws), store };
}

describe('datasets', () => {
  it('versions a file: DVC cache object (read-only), pointer, .gitignore, summary', async () => {
    const { ws, repo, store } = workspace();
    const csv = 'date,temp,weather\n2012-01-01,12.8,rain\n2012-01-02,10.6,"sun, some"\n';
    writeFileSync(join(ws, 'weather.csv'), csv);
    const { version, changed, pointerFile } = await repo.add('weather.csv', { gitCommit: 'abc' });
    assert.ok(changed);
    assert.equal(version.version, 1);
    assert.equal(version.size, Buffer.byteLength(csv));
    assert.deepEqual(version.summary, { format: 'csv', rows: 2, columns: [{ name: 'date', type: 'string' }, { name: 'temp', type: 'float' }, { name: 'weather', type: 'string' }] });
    const object = join(ws, '.mlops', 'cache', 'files', 'md5', version.md5.slice(0, 2), version.md5.slice(2));
    assert.equal(readFileSync(object, 'utf8'), readFileSync(join(ws, 'weather.csv'), 'utf8'));
    assert.equal(statSync(object).mode & 0o222, 0, 'cache objects are read-only');
    assert.notEqual(statSync(join(ws, 'weather.csv')).mode & 0o200, 0, 'the workspace copy stays writable');
    assert.deepEqual(readPointer(pointerFile!), { md5: version.md5, size: Buffer.byteLength(csv), hash: 'md5', path: 'weather.csv' });
    assert.equal(readFileSync(join(ws, '.gitignore'), 'utf8'), '/weather.csv\n');
    store.close();
  });

  it('records a new version only when the content changed', async () => {
    const { ws, repo, store } = workspace();
    const file = join(ws, 'data.csv');
    writeFileSync(file, 'a\n1\n');
    await repo.add('data.csv');
    assert.equal((await repo.add('data.csv')).changed, false);
    writeFileSync(file, 'a\n1\n2\n');
    const second = await repo.add(file);
    assert.ok(second.changed);
    assert.equal(second.version.version, 2);
    assert.deepEqual(repo.versions('data.csv').map((v) => v.version), [1, 2]);
    store.close();
  });

  it('trusts the stat cache: an unchanged inode, mtime and size is never re-read', async () => {
    const { ws, repo, store } = workspace();
    const file = join(ws, 'big.bin');
    writeFileSync(file, 'aaaa');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    const first = await repo.add('big.bin');
    writeFileSync(file, 'bbbb');
    utimesSync(file, 1_700_000_000, 1_700_000_000);
    assert.equal((await repo.add('big.bin')).version.md5, first.version.md5);
    store.close();
  });

  it('versions a directory as one dataset with DVC\'s .dir manifest, skipping symlinks', async () => {
    const { ws, repo, store } = workspace(true);
    mkdirSync(join(ws, 'data', 'empty'), { recursive: true });
    writeFileSync(join(ws, 'data', 'foo'), 'foo');
    writeFileSync(join(ws, 'data', 'bar'), 'bar');
    symlinkSync(join(ws, 'data'), join(ws, 'data', 'loop'));
    const { version, pointerFile } = await repo.add('data');
    assert.equal(version.md5, '5ea40360f5b4ec688df672a4db9c17d1.dir');
    assert.equal(version.size, 6);
    assert.equal(version.nfiles, 2);
    const manifest = join(ws, '.dvc', 'cache', 'files', 'md5', '5e', 'a40360f5b4ec688df672a4db9c17d1.dir');
    assert.equal(readFileSync(manifest, 'utf8'), '[{"md5": "37b51d194a7513e45b56f6524f2d51f2", "relpath": "bar"}, {"md5": "acbd18db4cc2f85cedef654fccc4a4d8", "relpath": "foo"}]');
    assert.equal(readFileSync(pointerFile!, 'utf8'), 'outs:\n- md5: 5ea40360f5b4ec688df672a4db9c17d1.dir\n  size: 6\n  nfiles: 2\n  hash: md5\n  path: data\n');
    store.close();
  });

  it('marks executables, refuses paths outside the workspace and missing files', async () => {
    const { ws, repo, store } = workspace();
    writeFileSync(join(ws, 'run.sh'), '#!/bin/sh\n');
    chmodSync(join(ws, 'run.sh'), 0o755);
    const { pointerFile } = await repo.add('run.sh');
    assert.equal(readPointer(pointerFile!).isexec, true);
    await assert.rejects(repo.add('../outside.csv'), /outside the workspace/);
    await assert.rejects(repo.add('missing.csv'), /does not exist/);
    store.close();
  });

  it('reports a hand-edited, corrupt pointer file with its path', () => {
    const ws = tempDir();
    writeFileSync(join(ws, 'x.dvc'), 'outs:\n- md5: not-a-hash\n  path: x\n');
    assert.throws(() => readPointer(join(ws, 'x.dvc')), /x\.dvc: outs\[0\]\.md5 is missing or not an md5/);
    writeFileSync(join(ws, 'y.dvc'), 'outs: [\n');
    assert.throws(() => readPointer(join(ws, 'y.dvc')), /y\.dvc: not valid YAML/);
  });
});
