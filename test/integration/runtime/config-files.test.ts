import assert from 'node:assert/strict';
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { Runtime } from '../../../src/runtime';
import { publishRuntimeFile } from '../../../src/runtime/runtime-file';
import { writeNewPrivateFile } from '../../../src/core/workspace/private-files';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

const mode = (path: string): number => statSync(path).mode & 0o777;
const INFO = { pid: process.pid, port: 1, token: 'a'.repeat(64), version: '0.0.0' };

/** A file outside the workspace a planted symlink points at, and what it held. */
function victim(): { path: string; text: string } {
  const path = join(tempDir(), 'victim.txt');
  writeFileSync(path, 'untouched\n');
  return { path, text: 'untouched\n' };
}

describe('runtime files: temp names, symlinks, modes', () => {
  it('does not follow a symlink planted at the old predictable temp name of runtime.json', async () => {
    const ws = tempDir();
    const target = victim();
    mkdirSync(join(ws, '.mlops'));
    symlinkSync(target.path, join(ws, '.mlops', `runtime.json.${process.pid}.tmp`));
    const result = await Runtime.start({ workspace: ws, log: () => undefined });
    assert.equal(result.kind, 'started');
    try {
      assert.equal(readFileSync(target.path, 'utf8'), target.text);
      assert.equal(JSON.parse(readFileSync(join(ws, '.mlops', 'runtime.json'), 'utf8')).pid, process.pid);
      assert.equal(mode(join(ws, '.mlops', 'runtime.json')), 0o600);
    } finally {
      if (result.kind === 'started') await result.runtime.stop('test done');
    }
  });

  it('publishes through a fresh unguessable temp name, and a new private file is never written through a symlink', () => {
    const ws = tempDir();
    const target = victim();
    const file = join(ws, 'runtime.json');
    // Symlinks at every name an old runtime could have used: none is followed.
    for (const pid of [process.pid, 1, 2, 12345]) symlinkSync(target.path, `${file}.${pid}.tmp`);
    assert.equal(publishRuntimeFile(file, INFO), true);
    assert.equal(readFileSync(target.path, 'utf8'), target.text);
    assert.equal(mode(file), 0o600);
    assert.deepEqual(readdirSync(ws).filter((n) => n.endsWith('.tmp') && !lstatSync(join(ws, n)).isSymbolicLink()), []);
    const planted = join(ws, 'planted');
    symlinkSync(target.path, planted);
    assert.throws(() => writeNewPrivateFile(planted, 'token'), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
    const dangling = join(ws, 'dangling');
    symlinkSync(join(tempDir(), 'would-be-created'), dangling);
    assert.throws(() => writeNewPrivateFile(dangling, 'token'), (e: NodeJS.ErrnoException) => e.code === 'EEXIST');
    assert.equal(readFileSync(target.path, 'utf8'), target.text);
  });

  it('removes stale temp files of runtime.json at start (a planted symlink as a link, its target kept)', async () => {
    const ws = tempDir();
    const target = victim();
    const dir = join(ws, '.mlops');
    mkdirSync(dir);
    const old = Date.now() / 1000 - 3600;
    const stale = [join(dir, 'runtime.json.4242.tmp'), join(dir, 'runtime.json.0123456789abcdef.tmp')];
    for (const path of stale) {
      writeFileSync(path, '{"token": "old"}');
      utimesSync(path, old, old);
    }
    const link = join(dir, 'runtime.json.99999.tmp');
    symlinkSync(target.path, link);
    const result = await Runtime.start({ workspace: ws, log: () => undefined });
    assert.equal(result.kind, 'started');
    if (result.kind === 'started') await result.runtime.stop('test done');
    for (const path of stale) assert.equal(existsSync(path), false, path);
    // The link is fresh (a minute's grace for a runtime publishing right now) and, followed or not, nothing was written to its target.
    assert.equal(readFileSync(target.path, 'utf8'), target.text);
    assert.ok(lstatSync(link).isSymbolicLink());
  });

  it('makes a new workspace the user\'s only: .mlops and logs 0700, store, log and runtime.json 0600', async () => {
    const ws = tempDir();
    const init = await runCli(['init', '--workspace', ws]);
    assert.equal(init.code, 0, init.stderr);
    assert.equal(mode(join(ws, '.mlops')), 0o700);
    const rt = await startRuntimeProcess(ws);
    try {
      const dir = join(ws, '.mlops');
      assert.equal(mode(dir), 0o700);
      assert.equal(mode(join(dir, 'logs')), 0o700);
      // The runtime says "ready" on stdout a moment before it appends the same line to its log file.
      const log = join(dir, 'logs', 'runtime.log');
      const deadline = Date.now() + 10_000;
      while (!existsSync(log) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      assert.equal(mode(log), 0o600);
      assert.equal(mode(join(dir, 'runtime.json')), 0o600);
      for (const name of ['mlops.db', 'mlops.db-wal', 'mlops.db-shm']) assert.equal(mode(join(dir, name)), 0o600, name);
    } finally {
      rt.child.kill('SIGTERM');
      assert.equal(await rt.exited, 0);
    }
  });

  it('tightens the modes of an existing workspace at start', async () => {
    const ws = tempDir();
    const first = await startRuntimeProcess(ws);
    first.child.kill('SIGTERM');
    await first.exited;
    const dir = join(ws, '.mlops');
    mkdirSync(join(dir, 'logs', 'runs'), { recursive: true });
    writeFileSync(join(dir, 'logs', 'runs', 'old.log'), 'secret output\n');
    writeFileSync(join(dir, 'logs', 'alerts.log'), '{}\n');
    const loose: [string, number][] = [
      [dir, 0o755],
      [join(dir, 'logs'), 0o755],
      [join(dir, 'logs', 'runs'), 0o755],
      [join(dir, 'logs', 'runs', 'old.log'), 0o644],
      [join(dir, 'logs', 'alerts.log'), 0o644],
      [join(dir, 'logs', 'runtime.log'), 0o644],
      [join(dir, 'mlops.db'), 0o644],
    ];
    for (const [path, m] of loose) chmodSync(path, m);
    const rt = await startRuntimeProcess(ws);
    try {
      for (const [path] of loose) assert.equal(mode(path), statSync(path).isDirectory() ? 0o700 : 0o600, path);
      for (const name of ['mlops.db-wal', 'mlops.db-shm']) assert.equal(mode(join(dir, name)), 0o600, name);
    } finally {
      rt.child.kill('SIGTERM');
      await rt.exited;
    }
  });
});
