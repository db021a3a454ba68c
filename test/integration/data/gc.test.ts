import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, collectGarbage, md5Bytes, pushObjects } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { Tracking } from '../../../src/core/tracking';
import { tempDir } from '../../helpers/temp';

function setup(): { ws: string; store: Store; repo: DatasetRepository; tracking: Tracking; close(): void } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, store, repo: new DatasetRepository(store.db, ws), tracking: new Tracking(store, join(ws, '.mlops', 'artifacts')), close: () => store.close() };
}

/** Versions `name` once per content, returning each version's md5. */
async function versions(ws: string, repo: DatasetRepository, name: string, contents: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const content of contents) {
    writeFileSync(join(ws, name), content);
    out.push((await repo.add(name)).version.md5);
  }
  return out;
}

const now = { graceMs: 0 };

describe('data gc', () => {
  it('keeps the last N versions of each dataset and deletes older objects; a dry run deletes nothing', async () => {
    const { ws, store, repo, close } = setup();
    const md5s = await versions(ws, repo, 't.csv', ['v1\n', 'v2\n', 'v3\n', 'v4\n']);
    const dry = await collectGarbage(repo, store.db, { keep: 2, dryRun: true, ...now });
    assert.deepEqual(dry.removed.map((r) => r.md5).sort(), [md5s[0], md5s[1]].sort());
    assert.equal(dry.removedBytes, 6);
    assert.ok(md5s.every((m) => existsSync(repo.cache.objectPath(m))), 'a dry run deletes nothing');
    const real = await collectGarbage(repo, store.db, { keep: 2, ...now });
    assert.deepEqual([real.removed.length, real.kept], [2, 2]);
    assert.deepEqual(md5s.map((m) => existsSync(repo.cache.objectPath(m))), [false, false, true, true]);
    close();
  });

  it('keeps versions a run wrote or read (tag mlops.data.<path>) and those a pointer file names', async () => {
    const { ws, store, repo, tracking, close } = setup();
    const run = tracking.createRun({ runName: 'writer' });
    const [written] = await versions(ws, repo, 'a.csv', ['written by a run\n']);
    tracking.runs.update(run.info.runId, { status: 'FINISHED', endTime: Date.now() });
    const [read] = await versions(ws, repo, 'a.csv', ['read by a run\n']);
    const reader = tracking.createRun({ runName: 'reader' });
    tracking.logBatch(reader.info.runId, { tags: [{ key: 'mlops.data.a.csv', value: `v2 ${read}` }] });
    tracking.runs.update(reader.info.runId, { status: 'FINISHED', endTime: Date.now() });
    const [pinned, dropped] = await versions(ws, repo, 'a.csv', ['pinned by a pointer\n', 'dropped\n', 'latest\n']);
    writeFileSync(join(ws, 'pinned.csv.dvc'), `outs:\n- md5: ${pinned}\n  size: 20\n  hash: md5\n  path: pinned.csv\n`);
    const result = await collectGarbage(repo, store.db, { keep: 1, ...now });
    assert.deepEqual(result.removed.map((r) => r.md5), [dropped]);
    for (const md5 of [written!, read!, pinned!]) assert.ok(existsSync(repo.cache.objectPath(md5)), md5);
    close();
  });

  it('keeps the files of kept folder versions, deletes files only old folder versions had', async () => {
    const { ws, store, repo, close } = setup();
    mkdirSync(join(ws, 'd'));
    writeFileSync(join(ws, 'd', 'shared'), 'shared');
    writeFileSync(join(ws, 'd', 'old'), 'old');
    const first = (await repo.add('d')).version.md5;
    writeFileSync(join(ws, 'd', 'old'), 'new');
    await repo.add('d');
    const result = await collectGarbage(repo, store.db, { keep: 1, ...now });
    assert.deepEqual(result.removed.map((r) => r.md5).sort(), [first, md5Bytes('old')].sort());
    assert.ok(existsSync(repo.cache.objectPath(md5Bytes('shared'))));
    assert.ok(existsSync(repo.cache.objectPath(md5Bytes('new'))));
    close();
  });

  it('removes temp files of interrupted writes older than an hour, keeps young ones and young objects', async () => {
    const { ws, store, repo, close } = setup();
    const [old] = await versions(ws, repo, 'x.txt', ['old', 'new']);
    const dir = join(repo.cache.root, 'files', 'md5', 'ab');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'cdef.1a2b3c.tmp'), 'partial');
    writeFileSync(join(dir, 'cdef.4d5e6f.tmp'), 'in flight');
    const twoHoursAgo = (Date.now() - 2 * 3600_000) / 1000;
    utimesSync(join(dir, 'cdef.1a2b3c.tmp'), twoHoursAgo, twoHoursAgo);
    const result = await collectGarbage(repo, store.db, { keep: 1 });
    assert.deepEqual(result.tempFiles, { count: 1, bytes: 7 });
    assert.deepEqual(readdirSync(dir), ['cdef.4d5e6f.tmp']);
    assert.equal(result.recent, 1, 'the old version was written just now: an add may still be under way');
    assert.ok(existsSync(repo.cache.objectPath(old!)));
    utimesSync(repo.cache.objectPath(old!), twoHoursAgo, twoHoursAgo);
    assert.deepEqual((await collectGarbage(repo, store.db, { keep: 1 })).removed.map((r) => r.md5), [old]);
    close();
  });

  it('never touches the remote', async () => {
    const { ws, store, repo, close } = setup();
    const md5s = await versions(ws, repo, 'y.txt', ['1', '2']);
    const remote = { path: join(tempDir(), 'remote'), url: 'remote', source: 'mlops.yaml' };
    await pushObjects(repo, remote, { allVersions: true });
    await collectGarbage(repo, store.db, { keep: 1, ...now });
    for (const md5 of md5s) assert.ok(existsSync(join(remote.path, 'files', 'md5', md5.slice(0, 2), md5.slice(2))));
    assert.equal(existsSync(repo.cache.objectPath(md5s[0]!)), false);
    close();
  });
});
