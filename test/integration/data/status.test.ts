import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, rmSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, md5Bytes } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

function workspace(): { ws: string; repo: DatasetRepository; store: Store } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws), store };
}

async function states(repo: DatasetRepository): Promise<Record<string, string>> {
  return Object.fromEntries((await repo.status()).map((r) => [r.path, r.state]));
}

/** The cache trusts a completeness check only once its folders are 2 s old (coarse timestamps). */
const settle = (repo: DatasetRepository): Promise<boolean> => until('the cache has settled', () => repo.cache.stamp().settled);

describe('data status', () => {
  it('a folder: ok, then modified by an edit, an added or a removed file, then ok again once versioned', async () => {
    const { ws, repo, store } = workspace();
    mkdirSync(join(ws, 'data', 'sub'), { recursive: true });
    for (let i = 0; i < 50; i++) writeFileSync(join(ws, 'data', i % 2 ? 'sub' : '', `f${i}.txt`), `row ${i}\n`);
    await repo.add('data');
    assert.deepEqual(await states(repo), { data: 'ok' });
    assert.deepEqual(await states(repo), { data: 'ok' }, 'twice: the second answer comes from the folder snapshot');
    writeFileSync(join(ws, 'data', 'f0.txt'), 'edited\n');
    assert.deepEqual(await states(repo), { data: 'modified' });
    await repo.add('data');
    assert.deepEqual(await states(repo), { data: 'ok' });
    writeFileSync(join(ws, 'data', 'sub', 'new.txt'), 'new\n');
    assert.deepEqual(await states(repo), { data: 'modified' });
    unlinkSync(join(ws, 'data', 'sub', 'new.txt'));
    assert.deepEqual(await states(repo), { data: 'ok' });
    unlinkSync(join(ws, 'data', 'f2.txt'));
    assert.deepEqual(await states(repo), { data: 'modified' });
    rmSync(join(ws, 'data'), { recursive: true });
    assert.deepEqual(await states(repo), { data: 'missing' });
    store.close();
  });

  it('keeps one snapshot row per folder in the stat cache', async () => {
    const { ws, repo, store } = workspace();
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'a.txt'), 'a');
    await repo.add('data');
    writeFileSync(join(ws, 'data', 'b.txt'), 'b');
    await repo.add('data');
    await repo.status();
    const snapshots = store.db.all<{ path: string }>("SELECT path FROM stat_cache WHERE path LIKE 'data//%'");
    assert.equal(snapshots.length, 1);
    store.close();
  });

  it('a folder whose file object left the cache is not-in-cache, also after the cache was found complete', async () => {
    const { ws, repo, store } = workspace();
    mkdirSync(join(ws, 'data'));
    for (let i = 0; i < 20; i++) writeFileSync(join(ws, 'data', `f${i}.txt`), `row ${i}\n`);
    const { version } = await repo.add('data');
    await settle(repo);
    assert.deepEqual(await states(repo), { data: 'ok' }, 'found complete (and remembered)');
    assert.ok(store.db.get("SELECT 1 FROM stat_cache WHERE path = ?", [`//holds/${version.md5}`]), 'the check is remembered');
    assert.deepEqual(await states(repo), { data: 'ok' }, 'from the remembered check');
    const object = repo.cache.objectPath(md5Bytes('row 7\n'));
    chmodSync(object, 0o644);
    unlinkSync(object);
    assert.deepEqual(await states(repo), { data: 'not-in-cache' });
    await settle(repo);
    assert.deepEqual(await states(repo), { data: 'not-in-cache' }, 'still missing once the cache has settled again');
    assert.equal(await repo.inCache(version.md5), false);
    await repo.add('data');
    assert.deepEqual(await states(repo), { data: 'ok' }, 'a new add puts the object back');
    store.close();
  });

  it('many single-file datasets: each checked, a missing object and an edit found', async () => {
    const { ws, repo, store } = workspace();
    for (let i = 0; i < 30; i++) writeFileSync(join(ws, `t${i}.csv`), `a\n${i}\n`);
    for (let i = 0; i < 30; i++) await repo.add(`t${i}.csv`);
    const latest = repo.list().find((d) => d.path === 't3.csv')!.latest!;
    assert.equal(latest.version, 1);
    const object = repo.cache.objectPath(latest.md5);
    chmodSync(object, 0o644);
    unlinkSync(object);
    writeFileSync(join(ws, 't5.csv'), 'a\nchanged\n');
    const result = await states(repo);
    assert.equal(result['t3.csv'], 'not-in-cache');
    assert.equal(result['t5.csv'], 'modified');
    assert.equal(Object.values(result).filter((s) => s === 'ok').length, 28);
    store.close();
  });

  it('an unchanged file whose stats changed (touched) is still ok, and re-hashed once', async () => {
    const { ws, repo, store } = workspace();
    writeFileSync(join(ws, 'x.csv'), 'a\n1\n');
    await repo.add('x.csv');
    const mtime = statSync(join(ws, 'x.csv')).mtimeMs / 1000;
    utimesSync(join(ws, 'x.csv'), mtime + 5, mtime + 5);
    assert.deepEqual(await states(repo), { 'x.csv': 'ok' });
    store.close();
  });
});
