import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { ResolvedRemote } from '../../../src/core/data';
import { DatasetRepository, md5Bytes, parseDvcIni, pullObjects, pushObjects, remoteStatus, requireRemote, resolveRemote } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { Runtime } from '../../../src/runtime';
import type { RuntimeEvent } from '../../../src/shared/events';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';

function setup(options: { dvc?: boolean } = {}): { ws: string; repo: DatasetRepository; remote: ResolvedRemote; close(): void } {
  const ws = tempDir();
  if (options.dvc) mkdirSync(join(ws, '.dvc'));
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  const remote: ResolvedRemote = { path: join(tempDir('mlops-remote-'), 'store'), url: 'store', source: 'mlops.yaml' };
  return { ws, repo: new DatasetRepository(store.db, ws), remote, close: () => store.close() };
}

function remoteObject(remote: ResolvedRemote, md5: string): string {
  return join(remote.path, 'files', 'md5', md5.slice(0, 2), md5.slice(2));
}

/** Every file under `dir`, relative, `/`-separated. */
function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).map((f) => f.split('\\').join('/')).sort();
}

describe('remote configuration', () => {
  it('reads data.remote from mlops.yaml relative to the workspace root; file:// URLs too', () => {
    const ws = tempDir();
    assert.deepEqual(resolveRemote(ws, { track: [], remote: '../shared-remote' }), { path: join(ws, '..', 'shared-remote'), url: '../shared-remote', source: 'mlops.yaml' });
    const url = pathToFileURL(join(ws, 'abs remote')).href;
    assert.equal(resolveRemote(ws, { track: [], remote: url })?.path, join(ws, 'abs remote'));
    assert.equal(resolveRemote(ws, { track: [] }), undefined);
    assert.throws(() => requireRemote(ws, { track: [] }), /No data remote is configured: set data\.remote in mlops\.yaml/);
  });

  it('honours the default remote of .dvc/config, relative to .dvc/, with .dvc/config.local on top; mlops.yaml wins', () => {
    const ws = tempDir();
    mkdirSync(join(ws, '.dvc'));
    writeFileSync(join(ws, '.dvc', 'config'), "[core]\n    remote = storage\n    autostage = true\n['remote \"storage\"']\n    url = ../../dvc-store\n['remote \"other\"']\n    url = /tmp/other # a comment\n");
    assert.deepEqual(resolveRemote(ws, { track: [] }), { path: join(ws, '..', 'dvc-store'), url: '../../dvc-store', source: '.dvc/config', name: 'storage' });
    writeFileSync(join(ws, '.dvc', 'config.local'), '[core]\n  remote = other\n');
    assert.deepEqual(resolveRemote(ws, { track: [] }), { path: '/tmp/other', url: '/tmp/other', source: '.dvc/config', name: 'other' });
    writeFileSync(join(ws, '.dvc', 'config.local'), "['remote \"storage\"']\n  url = 'local store'\n");
    assert.deepEqual(resolveRemote(ws, { track: [] }), { path: join(ws, '.dvc', 'local store'), url: 'local store', source: '.dvc/config.local', name: 'storage' });
    assert.equal(resolveRemote(ws, { track: [], remote: 'mine' })?.source, 'mlops.yaml');
  });

  it('refuses other schemes, naming the scheme; reports a broken .dvc/config with its line', () => {
    const ws = tempDir();
    assert.throws(() => resolveRemote(ws, { track: [], remote: 's3://bucket/path' }), /uses s3:\/\/, but only local directory remotes are supported yet/);
    mkdirSync(join(ws, '.dvc'));
    writeFileSync(join(ws, '.dvc', 'config'), "[core]\n  remote = gcs\n['remote \"gcs\"']\n  url = gs://bucket/dvc\n");
    assert.throws(() => resolveRemote(ws, { track: [] }), /gs:\/\/bucket\/dvc \(from \.dvc\/config\) uses gs:\/\//);
    writeFileSync(join(ws, '.dvc', 'config'), '[core]\n  remote = nowhere\n');
    assert.throws(() => resolveRemote(ws, { track: [] }), /names "nowhere" as the default remote .* no \['remote "nowhere"'\] section/);
    assert.throws(() => parseDvcIni('[core]\nremote storage\n', '.dvc/config'), /\.dvc\/config:2: cannot read "remote storage"/);
  });
});

describe('push and pull', () => {
  it('pushes the latest versions, files and folders, into DVC 3 layout, creating the remote directory', async () => {
    const { ws, repo, remote, close } = setup();
    writeFileSync(join(ws, 'a.csv'), 'x\n1\n');
    await repo.add('a.csv');
    writeFileSync(join(ws, 'a.csv'), 'x\n1\n2\n');
    const file = (await repo.add('a.csv')).version;
    mkdirSync(join(ws, 'images'));
    writeFileSync(join(ws, 'images', 'one'), 'one');
    writeFileSync(join(ws, 'images', 'two'), 'two');
    const dir = (await repo.add('images')).version;
    const progress: [number, number, number][] = [];
    const result = await pushObjects(repo, remote, { onProgress: (...p) => progress.push(p) });
    assert.deepEqual([result.objects, result.copied, result.skipped, result.missing, result.failed], [4, 4, 0, [], []]);
    assert.equal(readFileSync(remoteObject(remote, file.md5), 'utf8'), 'x\n1\n2\n');
    assert.equal(readFileSync(remoteObject(remote, dir.md5), 'utf8'), readFileSync(repo.cache.objectPath(dir.md5), 'utf8'));
    assert.ok(existsSync(remoteObject(remote, md5Bytes('one'))));
    assert.equal(filesUnder(remote.path).length, 4, 'only the latest version of a.csv, no temp files');
    assert.deepEqual(progress[progress.length - 1], [4, 4, result.bytes]);
    const again = await pushObjects(repo, remote);
    assert.deepEqual([again.copied, again.skipped], [0, 4]);
    assert.equal((await pushObjects(repo, remote, { allVersions: true })).copied, 1, '--all-versions adds the older a.csv');
    close();
  });

  it('resumes an interrupted push: a stray temp file and a truncated object are no obstacle', async () => {
    const { ws, repo, remote, close } = setup();
    mkdirSync(join(ws, 'd'));
    for (const n of ['1', '2', '3', '4']) writeFileSync(join(ws, 'd', n), `content ${n}`.repeat(100));
    const { version } = await repo.add('d');
    await pushObjects(repo, remote);
    // As if interrupted: two objects and the manifest never arrived, one was cut short, a temp is left.
    rmSync(remoteObject(remote, version.md5));
    rmSync(remoteObject(remote, md5Bytes('content 1'.repeat(100))));
    const truncated = remoteObject(remote, md5Bytes('content 2'.repeat(100)));
    chmodSync(truncated, 0o644);
    writeFileSync(truncated, 'content 2');
    writeFileSync(`${remoteObject(remote, md5Bytes('content 3'.repeat(100)))}.abc123.tmp`, 'cont');
    const status = await remoteStatus(repo, remote);
    assert.deepEqual(status.map((s) => [s.path, s.pushed]), [['d', false]]);
    const result = await pushObjects(repo, remote);
    assert.deepEqual([result.copied, result.skipped], [3, 2]);
    assert.equal(readFileSync(truncated, 'utf8'), 'content 2'.repeat(100));
    assert.deepEqual((await remoteStatus(repo, remote)).map((s) => [s.path, s.pushed, s.missingObjects]), [['d', true, 0]]);
    close();
  });

  it('reports objects missing from the cache and a corrupt cache object, and pushes the rest; a folder with a gap keeps its manifest back', async () => {
    const { ws, repo, remote, close } = setup();
    writeFileSync(join(ws, 'gone.txt'), 'gone');
    const gone = (await repo.add('gone.txt')).version;
    writeFileSync(join(ws, 'bad.txt'), 'bad');
    const bad = (await repo.add('bad.txt')).version;
    writeFileSync(join(ws, 'fine.txt'), 'fine');
    await repo.add('fine.txt');
    mkdirSync(join(ws, 'd'));
    writeFileSync(join(ws, 'd', 'x'), 'x');
    writeFileSync(join(ws, 'd', 'y'), 'y');
    const dir = (await repo.add('d')).version;
    rmSync(repo.cache.objectPath(gone.md5));
    rmSync(repo.cache.objectPath(md5Bytes('y')));
    chmodSync(repo.cache.objectPath(bad.md5), 0o644);
    writeFileSync(repo.cache.objectPath(bad.md5), 'tampered');
    const result = await pushObjects(repo, remote);
    assert.deepEqual(result.missing.map((m) => [m.dataset, m.md5]).sort(), [['d', md5Bytes('y')], ['gone.txt', gone.md5]]);
    assert.deepEqual(result.failed.map((f) => f.dataset).sort(), ['bad.txt', 'd']);
    assert.match(result.failed.find((f) => f.dataset === 'bad.txt')!.reason, /local cache object is corrupt/);
    assert.equal(existsSync(remoteObject(remote, bad.md5)), false, 'a corrupt object is never stored under its name');
    assert.equal(existsSync(remoteObject(remote, dir.md5)), false);
    assert.ok(existsSync(remoteObject(remote, md5Bytes('fine'))));
    assert.ok(existsSync(remoteObject(remote, md5Bytes('x'))));
    assert.deepEqual(filesUnder(remote.path).filter((f) => f.endsWith('.tmp')), []);
    close();
  });

  it('pulls into the cache and restores missing datasets, never a modified one', async () => {
    const { ws, repo, remote, close } = setup();
    writeFileSync(join(ws, 'kept.csv'), 'k\n1\n');
    await repo.add('kept.csv');
    writeFileSync(join(ws, 'lost.csv'), 'l\n1\n');
    await repo.add('lost.csv');
    mkdirSync(join(ws, 'imgs', 'sub'), { recursive: true });
    writeFileSync(join(ws, 'imgs', 'a'), 'a');
    writeFileSync(join(ws, 'imgs', 'sub', 'b'), 'b');
    await repo.add('imgs');
    await pushObjects(repo, remote);
    rmSync(repo.cache.root, { recursive: true, force: true });
    rmSync(join(ws, 'lost.csv'));
    rmSync(join(ws, 'imgs'), { recursive: true });
    writeFileSync(join(ws, 'kept.csv'), 'k\nmy unsaved edit\n');
    const result = await pullObjects(repo, remote);
    assert.deepEqual([result.copied, result.missing, result.failed], [5, [], []]);
    assert.deepEqual(result.restored.sort(), ['imgs', 'lost.csv']);
    assert.equal(readFileSync(join(ws, 'lost.csv'), 'utf8'), 'l\n1\n');
    assert.equal(readFileSync(join(ws, 'imgs', 'sub', 'b'), 'utf8'), 'b');
    assert.equal(readFileSync(join(ws, 'kept.csv'), 'utf8'), 'k\nmy unsaved edit\n');
    assert.deepEqual(readdirSync(ws).filter((n) => n.includes('mlops-tmp')), []);
    assert.deepEqual((await repo.status()).map((s) => [s.path, s.state]), [['imgs', 'ok'], ['kept.csv', 'modified'], ['lost.csv', 'ok']]);
    assert.equal((await pullObjects(repo, remote)).skipped, 5);
    close();
  });

  it('refuses a corrupt remote object and stores nothing under its name; pulls the rest', async () => {
    const { ws, repo, remote, close } = setup();
    writeFileSync(join(ws, 'good.txt'), 'good');
    await repo.add('good.txt');
    writeFileSync(join(ws, 'evil.txt'), 'evil');
    const evil = (await repo.add('evil.txt')).version;
    await pushObjects(repo, remote);
    const object = remoteObject(remote, evil.md5);
    chmodSync(object, 0o644);
    writeFileSync(object, 'bitrot');
    rmSync(repo.cache.root, { recursive: true, force: true });
    rmSync(join(ws, 'evil.txt'));
    const result = await pullObjects(repo, remote);
    assert.equal(result.copied, 1);
    assert.deepEqual(result.failed.map((f) => f.dataset), ['evil.txt']);
    assert.match(result.failed[0]!.reason, /corrupt in the remote, not stored .*hashes to [0-9a-f]{32}/);
    assert.equal(await repo.cache.has(evil.md5), false);
    assert.equal(existsSync(join(ws, 'evil.txt')), false);
    assert.deepEqual(filesUnder(join(repo.cache.root, 'files')).filter((f) => f.endsWith('.tmp')), []);
    close();
  });

  it('pull from a remote directory that does not exist is an error saying what to check', async () => {
    const { repo, remote, close } = setup();
    await assert.rejects(pullObjects(repo, remote), /remote directory .*store \(from mlops\.yaml\) does not exist; check the remote's path, or push to it first/);
    close();
  });

  it('in a DVC repository pushes what the pointer files name, to the default remote of .dvc/config', async () => {
    const { ws, repo, close } = setup({ dvc: true });
    mkdirSync(join(ws, '.dvc', 'cache', 'files', 'md5', 'ac'), { recursive: true });
    writeFileSync(join(ws, '.dvc', 'cache', 'files', 'md5', 'ac', 'bd18db4cc2f85cedef654fccc4a4d8'), 'foo');
    writeFileSync(join(ws, 'foo.dvc'), 'outs:\n- md5: acbd18db4cc2f85cedef654fccc4a4d8\n  size: 3\n  hash: md5\n  path: foo\n');
    writeFileSync(join(ws, '.dvc', 'config'), "[core]\n    remote = local\n['remote \"local\"']\n    url = ../dvc-remote\n");
    const remote = requireRemote(ws, { track: [] });
    assert.equal(remote.path, join(ws, 'dvc-remote'));
    const result = await pushObjects(repo, remote);
    assert.equal(result.copied, 1);
    assert.equal(readFileSync(join(ws, 'dvc-remote', 'files', 'md5', 'ac', 'bd18db4cc2f85cedef654fccc4a4d8'), 'utf8'), 'foo');
    close();
  });
});

describe('remote routes of the runtime', () => {
  it('push publishes data.transfer progress; remote reports per-dataset pushed state; bad flags are refused', async () => {
    const ws = tempDir();
    const remote = join(tempDir(), 'remote');
    mkdirSync(join(ws, 'data'));
    writeFileSync(join(ws, 'data', 'a.csv'), 'a\n1\n');
    writeFileSync(join(ws, 'mlops.yaml'), `version: 1\ndata:\n  track: [data/]\n  remote: ${JSON.stringify(remote)}\n`);
    const started = await Runtime.start({ workspace: ws, log: () => undefined });
    if (started.kind !== 'started') throw new Error('not started');
    const client = new RuntimeClient(started.runtime.info);
    const events: RuntimeEvent[] = [];
    const sub = client.subscribe({ since: 0, onEvent: (e) => events.push(e) });
    try {
      const push = await client.request<{ copied: number; objects: number; bytes: number; missing: unknown[] }>('POST', '/api/data/push', {});
      assert.deepEqual([push.copied, push.objects, push.missing], [2, 2, []]);
      const state = await client.request<{ remote: { path: string; source: string }; datasets: { path: string; pushed: boolean; missingObjects: number }[] }>('GET', '/api/data/remote');
      assert.deepEqual(state.remote, { path: remote, url: remote, source: 'mlops.yaml' });
      assert.deepEqual(state.datasets.map((d) => [d.path, d.pushed, d.missingObjects]), [['data', true, 0]]);
      const deadline = Date.now() + 3000;
      while (!events.some((e) => e.type === 'data.transfer' && e.data.finished) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      const last = events.filter((e) => e.type === 'data.transfer').pop();
      assert.deepEqual(last?.data, { direction: 'push', done: 2, total: 2, bytes: push.bytes, finished: true });
      await assert.rejects(client.request('POST', '/api/data/gc', { dry_run: 'yes' }), /'dry_run' must be true or false/);
      const gc = await client.request<{ dryRun: boolean; removed: unknown[] }>('POST', '/api/data/gc', { dry_run: true });
      assert.deepEqual([gc.dryRun, gc.removed], [true, []]);
      writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata:\n  remote: gs://bucket\n');
      await assert.rejects(client.request('POST', '/api/data/pull', {}), /uses gs:\/\/, but only local directory remotes are supported yet/);
    } finally {
      sub.close();
      await started.runtime.stop('test done');
    }
  });
});
