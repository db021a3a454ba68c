import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DatasetRepository } from '../../../src/core/data';
import { datasetHolding, tableOfVersion } from '../../../src/core/data';
import { Store } from '../../../src/core/store';
import { tempDir } from '../../helpers/temp';

function workspace(): { ws: string; repo: DatasetRepository } {
  const ws = tempDir();
  const store = Store.open(join(ws, '.mlops', 'mlops.db'));
  return { ws, repo: new DatasetRepository(store.db, ws) };
}

describe('the table of a dataset version', () => {
  it('is the file itself for a tracked file', async () => {
    const { ws, repo } = workspace();
    writeFileSync(join(ws, 'w.csv'), 'a,b\n1,2\n');
    const { version } = await repo.add('w.csv');
    const table = await tableOfVersion(repo, version);
    assert.equal(table.path, 'w.csv');
    assert.equal(readFileSync(table.objectPath, 'utf8'), 'a,b\n1,2\n');
  });

  it('is the named file, or the only table, of a tracked folder; several tables need a name', async () => {
    const { ws, repo } = workspace();
    mkdirSync(join(ws, 'data', 'more'), { recursive: true });
    writeFileSync(join(ws, 'data', 'weather.csv'), 'temp\n1\n');
    writeFileSync(join(ws, 'data', 'README.md'), 'not a table\n');
    const one = (await repo.add('data')).version;
    const only = await tableOfVersion(repo, one);
    assert.equal(only.path, 'data/weather.csv');
    assert.equal(readFileSync(only.objectPath, 'utf8'), 'temp\n1\n');
    writeFileSync(join(ws, 'data', 'more', 'extra.jsonl'), '{"temp": 2}\n');
    const two = (await repo.add('data')).version;
    await assert.rejects(tableOfVersion(repo, two), /holds 2 tables; name one, e\.g\. reference: data\/more\/extra\.jsonl/);
    assert.equal((await tableOfVersion(repo, two, 'data/more/extra.jsonl')).path, 'data/more/extra.jsonl');
    await assert.rejects(tableOfVersion(repo, two, 'data/nope.csv'), /data\/nope\.csv is not in v2 of data/);
    await assert.rejects(tableOfVersion(repo, two, 'data/README.md'), /is not a table/);
  });

  it('belongs to the tracked dataset that holds the path', async () => {
    const { ws, repo } = workspace();
    mkdirSync(join(ws, 'data'), { recursive: true });
    writeFileSync(join(ws, 'data', 'weather.csv'), 'temp\n1\n');
    await repo.add('data');
    assert.equal(datasetHolding(repo, 'data/weather.csv'), 'data');
    assert.equal(datasetHolding(repo, 'data'), 'data');
    assert.equal(datasetHolding(repo, 'database.csv'), undefined);
  });
});
