import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository, untrack } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

function setup(config: string) {
  const ws = tempDir();
  mkdirSync(join(ws, 'data'));
  writeFileSync(join(ws, 'mlops.yaml'), config);
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, db: store.db, repo: new DatasetRepository(store.db, ws), close: () => store.close() };
}

describe('data untrack', () => {
  it('removes the mlops.yaml entry, pointer and .gitignore line, keeps the data, its versions and the comments', async () => {
    const { ws, db, repo, close } = setup('version: 1\n# what we version\ndata:\n  track:\n    - data/a.csv # raw\n    - data/b.csv\n');
    writeFileSync(join(ws, 'data', 'a.csv'), 'x\n1\n');
    writeFileSync(join(ws, 'data', 'b.csv'), 'y\n2\n');
    await repo.add('data/a.csv');
    await repo.add('data/b.csv');
    writeFileSync(join(ws, 'data', 'a.csv'), 'x\n1\n2\n');
    await repo.add('data/a.csv');
    const result = await untrack(repo, db, join(ws, 'mlops.yaml'), 'data/a.csv');
    assert.deepEqual(result, { path: 'data/a.csv', removedFromConfig: true, removedPointer: true, removedIgnore: true, versionsKept: 2 });
    const config = readFileSync(join(ws, 'mlops.yaml'), 'utf8');
    assert.match(config, /# what we version/);
    assert.doesNotMatch(config, /a\.csv/);
    assert.match(config, /- data\/b\.csv/);
    assert.equal(existsSync(join(ws, 'data', 'a.csv.dvc')), false);
    assert.equal(readFileSync(join(ws, 'data', '.gitignore'), 'utf8').trim(), '/b.csv');
    assert.equal(readFileSync(join(ws, 'data', 'a.csv'), 'utf8'), 'x\n1\n2\n');
    assert.deepEqual(repo.list().map((d) => d.path), ['data/b.csv']);
    assert.equal(repo.versions('data/a.csv').length, 2);
    // Adding it again resumes its history.
    await repo.add('data/a.csv');
    assert.equal(repo.list().find((d) => d.path === 'data/a.csv')?.latest?.version, 2);
    close();
  });

  it('refuses a dataset a glob or folder entry covers, and one that is not tracked, changing nothing', async () => {
    const { ws, db, repo, close } = setup('data:\n  track: ["data/*.csv"]\n');
    writeFileSync(join(ws, 'data', 'a.csv'), 'x\n1\n');
    await repo.add('data/a.csv');
    const before = readFileSync(join(ws, 'mlops.yaml'), 'utf8');
    await assert.rejects(untrack(repo, db, join(ws, 'mlops.yaml'), 'data/a.csv'), /tracked through "data\/\*\.csv" in mlops\.yaml/);
    assert.equal(readFileSync(join(ws, 'mlops.yaml'), 'utf8'), before);
    assert.ok(existsSync(join(ws, 'data', 'a.csv.dvc')));
    await assert.rejects(untrack(repo, db, join(ws, 'mlops.yaml'), 'data/nope.csv'), /not a tracked dataset/);
    close();
  });
});
