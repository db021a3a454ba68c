import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DvcIgnore } from '../../../src/core/data';
import { wildmatch } from '../../../src/core/data/dvc-ignore';
import { tempDir } from '../../helpers/temp';

describe('.dvcignore patterns (gitwildmatch)', () => {
  it('matches as git does: unanchored names at any depth, anchored paths, ** and character classes', () => {
    const cases: [string, string, boolean][] = [
      ['*.log', 'a.log', true],
      ['*.log', 'x/y/a.log', true],
      ['*.log', 'a.logs', false],
      ['/top.txt', 'top.txt', true],
      ['/top.txt', 'x/top.txt', false],
      ['data/raw', 'data/raw', true],
      ['data/raw', 'x/data/raw', false],
      ['**/cache', 'a/b/cache', true],
      ['a/**/b', 'a/b', true],
      ['a/**/b', 'a/x/y/b', true],
      ['a/**', 'a/x/y', true],
      ['file[0-9].csv', 'file7.csv', true],
      ['file[!0-9].csv', 'file7.csv', false],
      ['?.txt', 'ab.txt', false],
    ];
    for (const [pattern, path, expected] of cases) assert.equal(wildmatch(pattern).test(path), expected, `${pattern} ~ ${path}`);
  });

  it('applies each file below its folder; the last match wins, ! re-includes, a trailing / means folders only', () => {
    const ws = tempDir();
    mkdirSync(join(ws, 'data', 'sub'), { recursive: true });
    writeFileSync(join(ws, '.dvcignore'), '# comment\n*.tmp\n!keep.tmp\nbuild/\n');
    writeFileSync(join(ws, 'data', '.dvcignore'), 'sub/*.csv\n');
    const rules = DvcIgnore.above(ws, 'data');
    assert.equal(rules.ignored('data/x.tmp', false), true);
    assert.equal(rules.ignored('data/keep.tmp', false), false);
    assert.equal(rules.ignored('data/build', true), true);
    assert.equal(rules.ignored('data/build', false), false);
    assert.equal(rules.ignored('data/sub/a.csv', false), true);
    assert.equal(rules.ignored('other/sub/a.csv', false), false, 'data/.dvcignore applies only below data/');
    assert.equal(DvcIgnore.above(ws, 'other').ignored('other/sub/a.csv', false), false);
  });
});
