import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { VersionComparison } from '../../../src/shared/data-compare';
import { startTestRuntime } from '../../helpers/runtime';
import type { TestRuntime } from '../../helpers/runtime';

/** A deterministic pseudo-random stream, so the shifted column drifts by construction, not by luck. */
function rng(seed: number): () => number {
  let s = seed;
  return () => ((s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
}

function csv(rows: number, shift: number, withWind: boolean, withCity: boolean, seed: number): string {
  const r = rng(seed);
  const header = ['temp', 'weather', ...(withWind ? ['wind'] : []), ...(withCity ? ['city'] : [])];
  const lines = [header.join(',')];
  for (let i = 0; i < rows; i++) {
    lines.push([(r() * 10 + shift).toFixed(3), ['sun', 'rain', 'fog'][Math.floor(r() * 3)], ...(withWind ? [(r() * 5).toFixed(2)] : []), ...(withCity ? ['Seattle'] : [])].join(','));
  }
  return `${lines.join('\n')}\n`;
}

describe('comparing two versions of a dataset', () => {
  let rt: TestRuntime;
  after(() => rt?.stop());

  it('reports rows, schema changes, per-column statistics and which columns drifted', async () => {
    rt = await startTestRuntime();
    const file = join(rt.workspace, 'w.csv');
    writeFileSync(file, csv(400, 0, true, false, 1));
    assert.equal((await rt.call('POST', '/api/data/add', { path: 'w.csv' })).status, 200);
    writeFileSync(file, csv(500, 6, false, true, 2));
    assert.equal((await rt.call('POST', '/api/data/add', { path: 'w.csv' })).status, 200);
    const { status, json } = await rt.call('GET', '/api/data/compare', { path: 'w.csv', from: '1', to: '2' });
    assert.equal(status, 200, JSON.stringify(json));
    const c = json as unknown as VersionComparison;
    assert.deepEqual(c.table!.rows, { from: 400, to: 500 });
    const byName = new Map(c.table!.columns.map((col) => [col.name, col]));
    assert.equal(byName.get('wind')!.status, 'removed');
    assert.equal(byName.get('city')!.status, 'added');
    const temp = byName.get('temp')!;
    assert.equal(temp.drift!.test, 'ks');
    assert.equal(temp.drift!.drifted, true, 'a +6 shift of a 0–10 uniform column drifts');
    assert.ok(Math.abs(temp.from!.mean! - 5) < 0.6 && Math.abs(temp.to!.mean! - 11) < 0.6);
    const weather = byName.get('weather')!;
    assert.equal(weather.drift!.test, 'chi2');
    assert.equal(weather.drift!.drifted, false, 'the same three categories in the same shares do not drift');
    assert.equal(weather.from!.top.length, 3);
    assert.equal(c.table!.driftedShare, 0.5);
    assert.equal(c.table!.approximate, false);
  });

  it('answers 404 naming the versions there are', async () => {
    const missing = await rt.call('GET', '/api/data/compare', { path: 'w.csv', from: '1', to: '9' });
    assert.equal(missing.status, 404);
    assert.match(String(missing.json.message), /No version "9"/);
  });
});
