import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { DatasetRepository, dirManifest, importDvcData, loadDataConfig, md5Bytes, md5File, pullObjects, pushObjects, requireRemote, restoreMissingDatasets } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { Runtime } from '../../../src/runtime';
import { RuntimeClient } from '../../../src/shared/runtime-client';
import { tempDir } from '../../helpers/temp';
import { until } from '../../helpers/until';

const FIXTURE = resolve(__dirname, '../../fixtures/dvc-example');
/** The data files of the fixture; a clone from git has none of them (they are git-ignored). */
const DATA = ['data/data.xml', 'data/prepared', 'data/features', 'model.pkl'];

interface LockOut {
  path: string;
  md5: string;
  size: number;
  nfiles?: number;
}

/** The fixture copied to `<parent>/<name>` as a checkout of the project: `_gitignore` back to `.gitignore`; without its data for a clone. */
function project(parent: string, name: string, withData = true): string {
  const ws = join(parent, name);
  cpSync(FIXTURE, ws, { recursive: true });
  renameSync(join(ws, '_gitignore'), join(ws, '.gitignore'));
  renameSync(join(ws, 'data', '_gitignore'), join(ws, 'data', '.gitignore'));
  rmSync(join(ws, 'README.md'));
  if (!withData) for (const path of DATA) rmSync(join(ws, path), { recursive: true });
  return ws;
}

function lockOuts(ws: string): Map<string, LockOut> {
  const lock = parse(readFileSync(join(ws, 'dvc.lock'), 'utf8')) as { stages: Record<string, { deps: LockOut[]; outs: LockOut[] }> };
  const outs = new Map<string, LockOut>();
  for (const stage of Object.values(lock.stages)) for (const out of [...stage.deps, ...stage.outs]) outs.set(out.path, out);
  return outs;
}

function open(ws: string): { repo: DatasetRepository; close(): void } {
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { repo: new DatasetRepository(store.db, ws), close: () => store.close() };
}

/** What opening the workspace does: import what DVC tracks, then version what is there. */
async function openTracked(ws: string): Promise<{ repo: DatasetRepository; close(): void }> {
  const opened = open(ws);
  const imported = await importDvcData(opened.repo);
  assert.deepEqual(imported.problems, []);
  for (const path of imported.paths) if (existsSync(join(ws, path))) await opened.repo.add(path);
  return opened;
}

function filesUnder(dir: string): string[] {
  return (readdirSync(dir, { recursive: true }) as string[]).filter((f) => statSync(join(dir, f)).isFile()).map((f) => f.split('\\').join('/')).sort();
}

describe('a DVC project laid out as iterative/example-get-started', () => {
  it('hashes files and folders to the md5s DVC records', async () => {
    // The md5s the real example's dvc.lock records for its src/*.py.
    const real = { 'src/prepare.py': 'f54d670ac8a4f63206781fc31d1f2651', 'src/featurization.py': 'e22789fc9581cad11ef7a6fa3aa3f17b', 'src/train.py': '324001573ed724e5ae092226fcf9ca30', 'src/evaluate.py': 'a1a59f55636170fb56e0c6afd3e28fa4' };
    for (const [path, md5] of Object.entries(real)) assert.equal((await md5File(join(FIXTURE, path))).md5, md5, path);
    // DVC's own tests: {"dir": {"1": "1", "2": "2"}} is 5fb6b29836c388e093ca0715c872fe2a.dir (tests/func/test_diff.py).
    assert.equal(dirManifest([{ relpath: '2', md5: md5Bytes('2') }, { relpath: '1', md5: md5Bytes('1') }]).md5, '5fb6b29836c388e093ca0715c872fe2a.dir');
  });

  it('opens with the pointer and every cached stage output tracked at the md5s DVC recorded, and rewrites none of its files', async () => {
    const ws = project(tempDir(), 'project');
    writeFileSync(join(ws, 'data', 'labels.csv'), 'id,label\n1,r\n2,python\n3,r\n');
    writeFileSync(join(ws, 'data', 'labels.csv.dvc'), `outs:\n- md5: ${md5Bytes('id,label\n1,r\n2,python\n3,r\n')}\n  size: 26\n  hash: md5\n  path: labels.csv\n`);
    writeFileSync(join(ws, 'data', '.gitignore'), '/data.xml\n/prepared\n/features\n/labels.csv\n');
    const before = ['dvc.lock', 'dvc.yaml', 'data/data.xml.dvc', 'data/labels.csv.dvc', 'data/.gitignore'].map((f) => readFileSync(join(ws, f), 'utf8'));
    const result = await Runtime.start({ workspace: ws, log: () => undefined });
    if (result.kind !== 'started') throw new Error('not started');
    const client = new RuntimeClient(result.runtime.info);
    try {
      type Listed = { path: string; latest: { version: number; md5: string; summary: { rows: number; columns: unknown[] } | null } };
      const datasets = await until('five datasets, labels.csv summarised', async () => {
        const listed = (await client.request<{ datasets: Listed[] }>('GET', '/api/data/datasets')).datasets;
        return listed.length === 5 && listed.find((d) => d.path === 'data/labels.csv')?.latest.summary ? listed : undefined;
      });
      const lock = lockOuts(ws);
      const xml = (parse(before[2]!) as { outs: LockOut[] }).outs[0]!;
      assert.deepEqual(
        datasets.map((d) => [d.path, d.latest.version, d.latest.md5]),
        [
          ['data/data.xml', 1, xml.md5],
          ['data/features', 1, lock.get('data/features')!.md5],
          ['data/labels.csv', 1, md5Bytes('id,label\n1,r\n2,python\n3,r\n')],
          ['data/prepared', 1, lock.get('data/prepared')!.md5],
          ['model.pkl', 1, lock.get('model.pkl')!.md5],
        ],
        'eval/metrics.json is cache: false (in git), so not tracked data',
      );
      const labels = datasets.find((d) => d.path === 'data/labels.csv')!.latest.summary;
      assert.equal(labels?.rows, 3);
      assert.equal(labels?.columns.length, 2);
      const status = await client.request<{ datasets: { path: string; state: string }[] }>('GET', '/api/data/status');
      assert.ok(status.datasets.every((d) => d.state === 'ok'), JSON.stringify(status.datasets));
      assert.deepEqual(['dvc.lock', 'dvc.yaml', 'data/data.xml.dvc', 'data/labels.csv.dvc', 'data/.gitignore'].map((f) => readFileSync(join(ws, f), 'utf8')), before);
      assert.ok(!existsSync(join(ws, 'data', 'prepared.dvc')) && !existsSync(join(ws, 'model.pkl.dvc')), 'no pointer is written for a stage output');
    } finally {
      await result.runtime.stop('test done');
    }
  });

  it('pushes in DVC 3 layout with DVC .dir manifests; a clone pulls it back byte for byte, also from a DVC 2 layout remote', async () => {
    const parent = tempDir();
    const ws = project(parent, 'project');
    const origin = await openTracked(ws);
    const remote = requireRemote(ws, loadDataConfig(ws));
    assert.equal(remote.path, join(parent, 'dvc-storage'));
    const pushed = await pushObjects(origin.repo, remote);
    origin.close();
    assert.deepEqual([pushed.missing, pushed.failed], [[], []]);
    const lock = lockOuts(ws);
    const expected = new Set<string>();
    for (const path of ['data/prepared', 'data/features', 'model.pkl']) expected.add(lock.get(path)!.md5);
    expected.add(lock.get('data/data.xml')!.md5);
    for (const folder of ['data/prepared', 'data/features']) {
      const md5 = lock.get(folder)!.md5;
      const manifest = readFileSync(join(remote.path, 'files', 'md5', md5.slice(0, 2), md5.slice(2)), 'utf8');
      const files = filesUnder(join(ws, folder));
      assert.equal(manifest, `[${files.map((f) => `{"md5": "${md5Bytes(readFileSync(join(ws, folder, f)))}", "relpath": "${f}"}`).join(', ')}]`);
      for (const f of files) expected.add(md5Bytes(readFileSync(join(ws, folder, f))));
    }
    assert.deepEqual(filesUnder(remote.path), [...expected].map((m) => `files/md5/${m.slice(0, 2)}/${m.slice(2)}`).sort());

    const clone = project(parent, 'clone', false);
    const cloned = open(clone);
    await importDvcData(cloned.repo);
    const pulled = await pullObjects(cloned.repo, remote);
    assert.deepEqual([pulled.missing, pulled.failed, pulled.restored.sort()], [[], [], [...DATA].sort()]);
    cloned.close();
    for (const path of DATA) assertSameData(join(ws, path), join(clone, path));

    // The same remote as DVC 2 wrote it: <2 hex>/<rest>, no files/md5.
    for (const file of filesUnder(remote.path)) {
      const [, , shard, rest] = file.split('/');
      mkdirSync(join(remote.path, shard!), { recursive: true });
      renameSync(join(remote.path, file), join(remote.path, shard!, rest!));
    }
    rmSync(join(remote.path, 'files'), { recursive: true });
    const old = project(parent, 'clone2', false);
    const fromOld = open(old);
    await importDvcData(fromOld.repo);
    const pulledOld = await pullObjects(fromOld.repo, remote);
    fromOld.close();
    assert.deepEqual([pulledOld.missing, pulledOld.failed, pulledOld.restored.length], [[], [], DATA.length]);
    for (const path of DATA) assertSameData(join(ws, path), join(old, path));
  });

  it('reads a DVC 2 layout cache and checks out by cache.type: symlink, hardlink, reflink (a copy where the filesystem cannot)', async () => {
    const parent = tempDir();
    const ws = project(parent, 'project');
    const origin = await openTracked(ws);
    origin.close();
    const cacheFiles = join(ws, '.dvc', 'cache', 'files', 'md5');
    for (const type of ['symlink', 'hardlink', 'reflink']) {
      const clone = project(parent, type, false);
      writeFileSync(join(clone, '.dvc', 'config.local'), `[cache]\n    type = ${type}\n`);
      // A cache DVC 2 filled: objects at .dvc/cache/<2 hex>/<rest>.
      for (const file of filesUnder(cacheFiles)) {
        const target = join(clone, '.dvc', 'cache', file);
        mkdirSync(dirname(target), { recursive: true });
        cpSync(join(cacheFiles, file), target);
      }
      const opened = open(clone);
      await importDvcData(opened.repo);
      const restored = await restoreMissingDatasets(opened.repo);
      assert.deepEqual([restored.failed, restored.restored.sort()], [[], [...DATA].sort()], type);
      const xml = join(clone, 'data', 'data.xml');
      if (type === 'symlink') assert.ok(lstatSync(xml).isSymbolicLink() && readlinkSync(xml).startsWith(join(clone, '.dvc', 'cache', 'files', 'md5')), type);
      else if (type === 'hardlink') assert.equal(statSync(xml).nlink, 2);
      else assert.ok(lstatSync(xml).isFile() && (statSync(xml).mode & 0o200) !== 0, 'a reflink or copy is a writable file');
      for (const path of DATA) assertSameData(join(ws, path), join(clone, path));
      const states = (await opened.repo.status()).map((d) => [d.path, d.state]);
      assert.deepEqual(states, DATA.map((p) => [p, 'ok']).sort(), `${type}: ${JSON.stringify(states)}`);
      opened.close();
    }
  });

  it('gives a table imported from a pointer its rows × columns once the data is pulled', async () => {
    const parent = tempDir();
    const ws = project(parent, 'project');
    const csv = 'id,label\n1,r\n2,python\n3,r\n';
    const pointer = `outs:\n- md5: ${md5Bytes(csv)}\n  size: ${csv.length}\n  hash: md5\n  path: labels.csv\n`;
    writeFileSync(join(ws, 'data', 'labels.csv'), csv);
    writeFileSync(join(ws, 'data', 'labels.csv.dvc'), pointer);
    const origin = await openTracked(ws);
    await pushObjects(origin.repo, requireRemote(ws, loadDataConfig(ws)));
    origin.close();
    const clone = project(parent, 'clone', false);
    writeFileSync(join(clone, 'data', 'labels.csv.dvc'), pointer);
    const cloned = open(clone);
    try {
      await importDvcData(cloned.repo);
      assert.equal(cloned.repo.latest('data/labels.csv')?.summary, null, 'nothing to summarise before the data is here');
      const pulled = await pullObjects(cloned.repo, requireRemote(clone, loadDataConfig(clone)));
      assert.ok(pulled.restored.includes('data/labels.csv'));
      const summary = cloned.repo.latest('data/labels.csv')?.summary;
      assert.deepEqual([summary?.rows, summary?.columns.map((c) => c.name)], [3, ['id', 'label']]);
    } finally {
      cloned.close();
    }
  });

  it('leaves out what .dvcignore names when hashing a folder', async () => {
    const ws = project(tempDir(), 'project');
    writeFileSync(join(ws, 'data', 'prepared', 'run.log'), 'ignored by *.log');
    const opened = await openTracked(ws);
    try {
      assert.equal(opened.repo.latest('data/prepared')?.md5, lockOuts(ws).get('data/prepared')!.md5);
      assert.deepEqual((await opened.repo.status()).find((d) => d.path === 'data/prepared')?.state, 'ok');
    } finally {
      opened.close();
    }
  });

  it('versions changed data: a pointer keeps its other fields, a stage output gets no pointer and dvc.lock is left to DVC', async () => {
    const ws = project(tempDir(), 'project');
    const opened = await openTracked(ws);
    try {
      const lockBefore = readFileSync(join(ws, 'dvc.lock'), 'utf8');
      writeFileSync(join(ws, 'data', 'data.xml'), '<posts/>\n');
      const xml = await opened.repo.add('data/data.xml');
      assert.equal(xml.version.version, 2);
      assert.equal(
        readFileSync(join(ws, 'data', 'data.xml.dvc'), 'utf8'),
        `md5: f5ea021eddd7b1df6de80b904cba1da6\nfrozen: true\ndeps:\n- path: get-started/data.xml\n  repo:\n    url: https://github.com/iterative/dataset-registry\n    rev_lock: f59388cd04276e75d70b2136597aaa27e7937cc3\nouts:\n- md5: ${md5Bytes('<posts/>\n')}\n  size: 9\n  hash: md5\n  path: data.xml\n`,
      );
      writeFileSync(join(ws, 'model.pkl'), 'retrained');
      const model = await opened.repo.add('model.pkl');
      assert.deepEqual([model.changed, model.pointerFile, existsSync(join(ws, 'model.pkl.dvc'))], [true, undefined, false]);
      assert.equal(readFileSync(join(ws, 'dvc.lock'), 'utf8'), lockBefore);
      const again = await importDvcData(opened.repo);
      assert.deepEqual(again.imported, [], 'a hash dvc.lock still names is not imported again over the newer version');
      assert.equal(opened.repo.latest('model.pkl')?.md5, md5Bytes('retrained'));
    } finally {
      opened.close();
    }
  });
});

/** Same files with the same bytes (a folder compared file by file). */
function assertSameData(expected: string, actual: string): void {
  if (statSync(expected).isDirectory()) {
    assert.deepEqual(filesUnder(actual), filesUnder(expected), actual);
    for (const f of filesUnder(expected)) assert.ok(readFileSync(join(actual, f)).equals(readFileSync(join(expected, f))), join(actual, f));
  } else assert.ok(readFileSync(actual).equals(readFileSync(expected)), actual);
}
