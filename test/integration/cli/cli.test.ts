import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { LATEST_SCHEMA_VERSION, Store } from '../../../src/core/store';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, startRuntimeProcess } from '../../helpers/cli';
import { tempDir } from '../../helpers/temp';

describe('mlops CLI', () => {
  it('prints usage and exits 2 on an unknown command', async () => {
    const result = await runCli(['frobnicate']);
    assert.equal(result.code, 2);
    assert.match(result.stderr, /Unknown command "frobnicate"/);
    assert.match(result.stderr, /mlops runtime/);
  });

  it('prints its version', async () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as { version: string };
    assert.equal((await runCli(['--version'])).stdout.trim(), pkg.version);
  });

  it('init creates a git-ignored .mlops and an mlops.yaml, and changes nothing the second time', async () => {
    const ws = tempDir();
    const first = await runCli(['init', '--workspace', ws]);
    assert.equal(first.code, 0, first.stderr);
    assert.ok(existsSync(join(ws, 'mlops.yaml')));
    assert.equal(readFileSync(join(ws, '.mlops', '.gitignore'), 'utf8').trim().split('\n').pop(), '*');
    const yaml = readFileSync(join(ws, 'mlops.yaml'), 'utf8');
    const second = await runCli(['init', '--workspace', ws]);
    assert.match(second.stdout, /already a Local MLOps workspace/);
    assert.equal(readFileSync(join(ws, 'mlops.yaml'), 'utf8'), yaml);
  });

  it('status opens the store itself while no runtime runs', async () => {
    const ws = tempDir();
    await runCli(['init', '--workspace', ws]);
    const result = await runCli(['status', '--json'], { cwd: ws });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { runtime: unknown; store: { driver: string; schemaVersion: number } };
    assert.equal(report.runtime, null);
    assert.equal(report.store.schemaVersion, LATEST_SCHEMA_VERSION);
  });

  it('status goes through the runtime when it is up, and stop stops it', async () => {
    const ws = tempDir();
    const rt = await startRuntimeProcess(ws);
    const result = await runCli(['status', '--json', '--workspace', ws]);
    const report = JSON.parse(result.stdout) as { runtime: { pid: number } };
    assert.equal(report.runtime.pid, rt.info.pid);
    const stop = await runCli(['stop', '--workspace', ws]);
    assert.equal(stop.code, 0, stop.stderr);
    assert.equal(await rt.exited, 0);
    assert.equal(existsSync(join(ws, '.mlops', 'runtime.json')), false);
  });

  it('status reports mlops.yaml problems with their line', async () => {
    const ws = tempDir();
    await runCli(['init', '--workspace', ws]);
    writeFileSync(join(ws, 'mlops.yaml'), 'version: 1\ndata: [oops]\n');
    const result = await runCli(['status', '--workspace', ws]);
    assert.match(result.stdout, /config +mlops\.yaml:2: data must be a mapping/);
  });

  it('refuses a database from a newer version with a clear message and exit 1', async () => {
    const ws = tempDir();
    await runCli(['status', '--workspace', ws]);
    await runCli(['init', '--workspace', ws]);
    const store = Store.open(join(ws, '.mlops', 'mlops.db'));
    store.db.run('INSERT INTO schema_migrations VALUES (99, ?, 0)', ['future']);
    store.close();
    const result = await runCli(['status', '--workspace', ws]);
    assert.equal(result.code, 1);
    assert.match(result.stderr, /written by a newer Local MLOps \(schema 99/);
  });
});
