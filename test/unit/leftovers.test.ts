import assert from 'node:assert/strict';
import { existsSync, mkdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ARTIFACT_LEFTOVER, CACHE_LEFTOVER, sweepLeftovers } from '../../src/core/workspace';
import { tempDir } from '../helpers/temp';

const HOUR = 60 * 60 * 1000;

function file(path: string, ageMs: number): string {
  writeFileSync(path, 'x');
  const when = new Date(Date.now() - ageMs);
  utimesSync(path, when, when);
  return path;
}

describe('leftovers of killed writers', () => {
  it('removes stale temp files by their writers’ names only, keeps fresh ones, real artifacts and symlink targets', async () => {
    const root = tempDir();
    const artifacts = join(root, 'artifacts', '1', 'run', 'artifacts');
    const cache = join(root, 'cache', 'files', 'md5', 'ab');
    mkdirSync(artifacts, { recursive: true });
    mkdirSync(cache, { recursive: true });
    const outside = file(join(tempDir(), 'precious.0123456789ab.partial'), 2 * HOUR);
    const stale = [file(join(artifacts, 'model.onnx.0123456789ab.partial'), 2 * HOUR), file(join(cache, 'cdef.0123456789ab3.tmp'), 2 * HOUR)];
    const kept = [
      file(join(artifacts, 'model.onnx.fedcba987654.partial'), 60_000),
      file(join(artifacts, 'notes.tmp'), 2 * HOUR),
      file(join(artifacts, 'report.partial'), 2 * HOUR),
      file(join(cache, 'cdef'), 2 * HOUR),
    ];
    symlinkSync(join(outside, '..'), join(artifacts, 'elsewhere'));

    const removed = await sweepLeftovers([{ dir: join(root, 'artifacts'), pattern: ARTIFACT_LEFTOVER }, { dir: join(root, 'cache'), pattern: CACHE_LEFTOVER }], HOUR);

    assert.equal(removed, 2);
    for (const path of stale) assert.ok(!existsSync(path), path);
    for (const path of kept) assert.ok(existsSync(path), path);
    assert.ok(existsSync(outside), 'a symlinked folder is not walked');
  });
});
