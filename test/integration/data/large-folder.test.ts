import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { DatasetRepository, dirManifest, md5Bytes, readPointer } from '../../../src/core/data';
import { POOL_ABOVE } from '../../../src/core/data/small-file-pool';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

/** More small files than the thread pool's threshold, in subfolders, with duplicates, an empty file and non-ASCII names. */
function writeFolder(dir: string): Map<string, string> {
  const contents = new Map<string, string>();
  const count = POOL_ABOVE + 904;
  for (let i = 0; i < count; i++) {
    const relpath = i % 7 === 0 ? `sub${i % 3}/f${i}.txt` : i % 500 === 1 ? `é-${i}-😀.txt` : `f${i}.txt`;
    const text = i === 5 ? '' : i % 100 === 2 ? 'duplicate\n' : `row ${i}\n`;
    mkdirSync(join(dir, relpath, '..'), { recursive: true });
    writeFileSync(join(dir, relpath), text);
    contents.set(relpath, text);
  }
  return contents;
}

function cacheObjects(root: string): { names: Set<string>; temps: number; corrupt: string[] } {
  const base = join(root, 'files', 'md5');
  const out = { names: new Set<string>(), temps: 0, corrupt: [] as string[] };
  for (const shard of existsSync(base) ? readdirSync(base) : []) {
    for (const name of readdirSync(join(base, shard))) {
      if (name.endsWith('.tmp')) out.temps++;
      else if (!name.endsWith('.dir')) {
        out.names.add(shard + name);
        if (md5Bytes(readFileSync(join(base, shard, name))) !== shard + name) out.corrupt.push(shard + name);
      }
    }
  }
  return out;
}

function workspace(cacheRoot?: string): { ws: string; repo: DatasetRepository; store: Store } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws, cacheRoot), store };
}

describe('a folder of many small files (hashed in worker threads)', () => {
  it('is versioned byte for byte as DVC 3 would: the .dir manifest, the pointer, every object in the cache', async () => {
    const { ws, repo, store } = workspace();
    const contents = writeFolder(join(ws, 'data'));
    const expected = dirManifest([...contents].map(([relpath, text]) => ({ relpath, md5: md5Bytes(text) })));
    const { version } = await repo.add('data');
    assert.equal(version.md5, expected.md5);
    assert.equal(version.nfiles, contents.size);
    assert.deepEqual(readFileSync(repo.cache.objectPath(expected.md5)), expected.bytes);
    assert.equal(readPointer(join(ws, 'data.dvc')).md5, expected.md5);
    const objects = cacheObjects(repo.cache.root);
    assert.equal(objects.temps, 0);
    assert.deepEqual(objects.corrupt, []);
    for (const text of contents.values()) assert.ok(objects.names.has(md5Bytes(text)), `object of ${JSON.stringify(text)}`);
    assert.deepEqual((await repo.status()).map((r) => r.state), ['ok']);

    writeFileSync(join(ws, 'data', 'f3.txt'), 'changed\n');
    assert.deepEqual((await repo.status()).map((r) => r.state), ['modified']);
    contents.set('f3.txt', 'changed\n');
    const next = await repo.add('data');
    assert.equal(next.version.md5, dirManifest([...contents].map(([relpath, text]) => ({ relpath, md5: md5Bytes(text) }))).md5);
    assert.equal(next.version.version, 2);
    assert.deepEqual((await repo.status()).map((r) => r.state), ['ok']);
    store.close();
  });

  const isRoot = process.getuid?.() === 0;
  const disk = isRoot ? tempDir('mlops-tmpfs-') : undefined;
  const mounted = disk !== undefined && spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=1m', 'tmpfs', disk], { stdio: 'ignore' }).status === 0;
  after(() => {
    if (mounted) spawnSync('umount', [disk], { stdio: 'ignore' });
  });

  it('a full cache disk while the threads store: an error saying so, no version, no temp file, every object whole', { skip: !mounted && 'needs a 1 MiB tmpfs (root and mount)' }, async () => {
    const { ws, repo, store } = workspace(disk);
    writeFolder(join(ws, 'data'));
    await assert.rejects(repo.add('data'), /No space left for the data cache at .* free some disk space/);
    assert.deepEqual(repo.versions('data'), []);
    assert.equal(existsSync(join(ws, 'data.dvc')), false);
    const objects = cacheObjects(disk!);
    assert.equal(objects.temps, 0);
    assert.deepEqual(objects.corrupt, []);
    store.close();
  });
});
