import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, checkout, diffVersions, verifyCache } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

function setup(): { ws: string; repo: DatasetRepository; close(): void } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws), close: () => store.close() };
}

describe('data checkout, diff and verify', () => {
  it('checkout restores a file version and first versions unsaved changes, so nothing is lost', async () => {
    const { ws, repo, close } = setup();
    const file = join(ws, 'd.csv');
    writeFileSync(file, 'a,b\n1,2\n');
    await repo.add('d.csv');
    writeFileSync(file, 'a,b\n1,2\n3,4\n');
    await repo.add('d.csv');
    writeFileSync(file, 'a,b,c\nunsaved,work,here\n');
    const result = await checkout(repo, 'd.csv', '1', (p) => repo.add(p));
    assert.equal(readFileSync(file, 'utf8'), 'a,b\n1,2\n');
    assert.equal(result.savedFirst?.version, 3);
    assert.equal(result.now.version, 4);
    assert.equal(result.now.md5, result.restored.md5);
    const back = await checkout(repo, 'd.csv', 'v3', (p) => repo.add(p));
    assert.equal(readFileSync(file, 'utf8'), 'a,b,c\nunsaved,work,here\n');
    assert.equal(back.savedFirst, undefined);
    await assert.rejects(checkout(repo, 'd.csv', '99', (p) => repo.add(p)), /No version "99"/);
    close();
  });

  it('checkout of a folder restores its files and removes ones the version did not have', async () => {
    const { ws, repo, close } = setup();
    mkdirSync(join(ws, 'data', 'sub'), { recursive: true });
    writeFileSync(join(ws, 'data', 'a.txt'), 'a1');
    writeFileSync(join(ws, 'data', 'sub', 'b.txt'), 'b1');
    await repo.add('data');
    writeFileSync(join(ws, 'data', 'a.txt'), 'a2');
    writeFileSync(join(ws, 'data', 'new.txt'), 'new');
    const result = await checkout(repo, 'data', '1', (p) => repo.add(p));
    assert.equal(result.savedFirst?.version, 2);
    assert.equal(readFileSync(join(ws, 'data', 'a.txt'), 'utf8'), 'a1');
    assert.equal(existsSync(join(ws, 'data', 'new.txt')), false);
    const diff = await diffVersions(repo, 'data', '1', '2');
    assert.deepEqual(diff.files, { added: ['new.txt'], removed: [], modified: ['a.txt'] });
    close();
  });

  it('diff reports row counts and column changes of a table', async () => {
    const { ws, repo, close } = setup();
    writeFileSync(join(ws, 't.csv'), 'id,score\n1,2\n2,3\n');
    await repo.add('t.csv');
    writeFileSync(join(ws, 't.csv'), 'id,score,label\n1,2.5,a\n2,3,b\n3,1,c\n');
    await repo.add('t.csv');
    const diff = await diffVersions(repo, 't.csv');
    assert.deepEqual(diff.rows, { from: 2, to: 3 });
    assert.deepEqual(diff.columns, { added: ['label'], removed: [], typeChanged: [{ name: 'score', from: 'integer', to: 'float' }] });
    close();
  });

  it('verify catches a cache object modified by hand', async () => {
    const { ws, repo, close } = setup();
    writeFileSync(join(ws, 'x.bin'), 'original');
    const { version } = await repo.add('x.bin');
    assert.deepEqual((await verifyCache(repo)).corrupt, []);
    const object = repo.cache.objectPath(version.md5);
    chmodSync(object, 0o644);
    writeFileSync(object, 'tampered');
    const result = await verifyCache(repo);
    assert.equal(result.checked, 1);
    assert.equal(result.corrupt[0]?.md5, version.md5);
    close();
    const cli = await runCli(['data', 'verify', '--workspace', ws]);
    assert.equal(cli.code, 1);
    assert.match(cli.stderr, /corrupt/);
    const checkoutCli = await runCli(['data', 'checkout', 'x.bin@1', '--workspace', ws]);
    assert.equal(checkoutCli.code, 1);
    assert.match(checkoutCli.stderr, /is corrupt .*Nothing was restored/);
    assert.equal(readFileSync(join(ws, 'x.bin'), 'utf8'), 'original');
  });
});
