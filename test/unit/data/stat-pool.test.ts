import assert from 'node:assert/strict';
import { lstatSync, mkdirSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, it } from 'node:test';
import { ENTRY, statInPool } from '../../../src/core/data/stat-pool';
import { tempDir } from '../../helpers/temp';

describe('lstat of a big folder in worker threads', () => {
  it('answers each name with its kind, inode, mtime and size, as lstat does, and a name gone since the readdir as gone', async () => {
    const dir = tempDir();
    for (let i = 0; i < 300; i++) writeFileSync(join(dir, `f${i}`), 'x'.repeat(i));
    mkdirSync(join(dir, 'sub'));
    symlinkSync('f1', join(dir, 'link'));
    const names = [...readdirSync(dir), 'vanished'];
    const stats = await statInPool(`${dir}${sep}`, names);
    names.forEach((name, i) => {
      const info = lstatSync(join(dir, name), { throwIfNoEntry: false });
      const kind = !info ? ENTRY.gone : info.isFile() ? ENTRY.file : info.isDirectory() ? ENTRY.directory : info.isSymbolicLink() ? ENTRY.symlink : ENTRY.other;
      assert.equal(stats[i * 4], kind, name);
      if (info) assert.deepEqual([...stats.subarray(i * 4 + 1, i * 4 + 4)], [info.ino, info.mtimeMs, info.size], name);
    });
  });
});
