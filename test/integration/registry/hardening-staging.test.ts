import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { closeSync, existsSync, ftruncateSync, mkdirSync, openSync, readdirSync, utimesSync, watch } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { openWorkspaceRegistry } from '../../../src/core/registry';
import { Store } from '../../../src/core/store';
import { workspacePaths } from '../../../src/core/workspace';
import { CLI, runCli } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

/** Large enough that copying it (read, write, fsync) outlasts noticing its staging folder. */
const BIG = 192 * 1024 * 1024;

function stagingEntries(ws: string): string[] {
  const dir = join(ws, '.mlops', 'models', '.staging');
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** Starts `mlops models register big.bin`, SIGKILLs it as soon as its staging folder appears; the entry it left, if any. */
async function killMidCopy(ws: string): Promise<{ pid: number; left: string[] }> {
  const staging = join(ws, '.mlops', 'models', '.staging');
  mkdirSync(staging, { recursive: true });
  const before = new Set(stagingEntries(ws));
  const fresh = () => stagingEntries(ws).filter((e) => !before.has(e));
  const watcher = watch(staging);
  const child = spawn(process.execPath, [CLI, 'models', 'register', 'big.bin', '--name', 'big', '--workspace', ws], { cwd: ws, stdio: 'ignore' });
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  await new Promise<void>((r) => {
    watcher.on('change', () => fresh().length > 0 && r());
    void exited.then(r);
  });
  child.kill('SIGKILL');
  watcher.close();
  await exited;
  return { pid: child.pid!, left: fresh() };
}

describe('a registration killed mid-copy', () => {
  it('leaves a staging entry named for its dead pid, which the next registry open removes (live and fresh entries stay)', async () => {
    const ws = tempDir();
    const fd = openSync(join(ws, 'big.bin'), 'w');
    ftruncateSync(fd, BIG);
    closeSync(fd);

    let killed: { pid: number; left: string[] } | undefined;
    for (let attempt = 0; attempt < 3 && !killed?.left.length; attempt++) killed = await killMidCopy(ws);
    assert.ok(killed && killed.left.length === 1, 'a SIGKILL landed while the copy was staged');
    assert.match(killed.left[0]!, new RegExp(`^${killed.pid}-[0-9a-f]{24}$`), 'staging names carry the owner pid and are unpredictable');

    const staging = join(ws, '.mlops', 'models', '.staging');
    const live = `${process.pid}-${'ab'.repeat(12)}`;
    mkdirSync(join(staging, live));
    mkdirSync(join(staging, 'legacy-old'));
    const twoHoursAgo = new Date(Date.now() - 2 * 60 * 60 * 1000);
    utimesSync(join(staging, 'legacy-old'), twoHoursAgo, twoHoursAgo);
    mkdirSync(join(staging, 'legacy-fresh'));

    const paths = workspacePaths(ws);
    const store = Store.open(paths.db);
    try {
      const registry = openWorkspaceRegistry(store, paths);
      assert.deepEqual(stagingEntries(ws).sort(), [live, 'legacy-fresh'].sort());
      assert.equal(registry.searchVersions({}).items.length, 0, 'the killed registration recorded nothing');
    } finally {
      store.close();
    }

    const again = await runCli(['models', 'register', 'big.bin', '--name', 'big', '--workspace', ws], { cwd: ws, timeoutMs: 120_000 });
    assert.equal(again.code, 0, again.stderr);
    assert.match(again.stdout, /^Registered big v1 /);
    assert.deepEqual(stagingEntries(ws).sort(), [live, 'legacy-fresh'].sort(), 'a finished registration leaves no staging behind');
  });
});
